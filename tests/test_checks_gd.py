import numpy as np

from course_utils import checks


def _not_implemented(*args):
    raise NotImplementedError


def linreg_gradient(w, b, X, y):
    r = X @ w + b - y
    return 2 * X.T @ r / len(X), 2 * np.mean(r)


def max_stable_lr(H):
    return 2 / np.linalg.eigvalsh(H).max()


def early_stopping(val_losses, patience):
    best = 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < val_losses[best]:
            best = epoch
        elif epoch - best >= patience:
            return epoch, best
    return len(val_losses) - 1, best


CHECKS = (checks.linreg_gradient, checks.max_stable_lr, checks.early_stopping)


def test_reference_solutions_pass(capsys):
    assert checks.linreg_gradient(linreg_gradient).passed
    assert checks.max_stable_lr(max_stable_lr).passed
    assert checks.early_stopping(early_stopping).passed
    assert capsys.readouterr().out.count("Correct") == 3


def test_reference_solutions_pass_on_other_cases(capsys):
    with checks.other_cases(1):
        assert checks.linreg_gradient(linreg_gradient).passed
        assert checks.max_stable_lr(max_stable_lr).passed
        assert checks.early_stopping(early_stopping).passed
    capsys.readouterr()


def test_stubs_report_not_implemented(capsys):
    for check in CHECKS:
        result = check(_not_implemented)
        assert not result.passed
        assert "not implemented yet" in result.message and "Hint" not in result.message
    assert capsys.readouterr().out.count("not implemented yet") == 3


def test_linreg_gradient_mistakes_get_their_hint(capsys):
    def no_two(w, b, X, y):
        dw, db = linreg_gradient(w, b, X, y)
        return dw / 2, db / 2

    def flipped(w, b, X, y):
        dw, db = linreg_gradient(w, b, X, y)
        return -dw, -db

    def summed(w, b, X, y):
        r = X @ w + b - y
        return 2 * X.T @ r, 2 * np.sum(r)

    for fn, words in ((no_two, "factor 2"), (flipped, "sign"), (summed, "divide the sum by N")):
        result = checks.linreg_gradient(fn)
        assert not result.passed and words in result.message, result.message
        assert "N=5, D=1" in result.message
    capsys.readouterr()


def test_max_stable_lr_mistakes_get_their_hint(capsys):
    hints = {
        "fastest step": lambda H: 1 / np.linalg.eigvalsh(H).max(),
        "use the largest one": lambda H: 2 / np.linalg.eigvalsh(H).min(),
        "eigvalsh": lambda H: 2 / np.max(np.diag(H)),
    }
    for words, fn in hints.items():
        result = checks.max_stable_lr(fn)
        assert not result.passed and words in result.message, result.message
    capsys.readouterr()


def test_early_stopping_mistakes_get_their_hint(capsys):
    def global_best(val_losses, patience):
        return early_stopping(val_losses, patience)[0], int(np.argmin(val_losses))

    def one_late(val_losses, patience):
        return early_stopping(val_losses, patience + 1)

    def last(val_losses, patience):
        stop = early_stopping(val_losses, patience)[0]
        return stop, stop

    for fn, words in ((global_best, "do not exist"), (one_late, "(>=)"), (last, "so far")):
        result = checks.early_stopping(fn)
        assert not result.passed and words in result.message, result.message
        assert "patience=" in result.message
    capsys.readouterr()


def test_a_wrong_answer_without_a_known_mistake_still_explains_the_difference(capsys):
    result = checks.early_stopping(lambda val_losses, patience: (0, 0))
    assert not result.passed and "Hint" not in result.message
    assert "should be" in result.message
    capsys.readouterr()
