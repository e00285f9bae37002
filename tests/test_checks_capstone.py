import numpy as np
import pytest

from course_utils import checks, data


def _not_implemented(*args):
    raise NotImplementedError


def accuracy(scores, y):
    return float(np.mean(np.argmax(scores, axis=1) == y))


def confusion_matrix(y_true, y_pred, C):
    M = np.zeros((C, C), dtype=int)
    for t, p in zip(y_true, y_pred, strict=True):
        M[t, p] += 1
    return M


def standardize_split(X_train, X_other):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X_train - mean) / std, (X_other - mean) / std


def select_best(val_accuracy, val_loss):
    best = None
    for i, (acc, loss) in enumerate(zip(val_accuracy, val_loss, strict=True)):
        if np.isnan(acc) or np.isnan(loss):
            continue
        if best is None or (acc, -loss) > (val_accuracy[best], -val_loss[best]):
            best = i
    return best


SOLUTIONS = [
    (checks.accuracy, accuracy),
    (checks.confusion_matrix, confusion_matrix),
    (checks.standardize_split, standardize_split),
    (checks.select_best, select_best),
]


def test_checks_are_exported():
    for name in ("accuracy", "confusion_matrix", "standardize_split", "select_best"):
        assert name in checks.__all__ and callable(getattr(checks, name))


@pytest.mark.parametrize(("check", "solution"), SOLUTIONS)
def test_reference_solutions_pass(check, solution, capsys):
    assert check(solution).passed
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize(("check", "solution"), SOLUTIONS)
def test_reference_solutions_pass_on_other_cases(check, solution, capsys):
    with checks.other_cases(1):
        assert check(solution).passed
    capsys.readouterr()


@pytest.mark.parametrize("check", [c for c, _ in SOLUTIONS])
def test_stubs_report_not_implemented(check, capsys):
    result = check(_not_implemented)
    assert not result.passed
    assert "not implemented yet" in result.message and "Hint" not in result.message
    assert "not implemented yet" in capsys.readouterr().out


def _hint(result):
    assert not result.passed
    return result.message.split("Hint: ", 1)[1]


def test_accuracy_mistakes_get_their_hint(capsys):
    count = _hint(checks.accuracy(lambda s, y: int(np.sum(np.argmax(s, axis=1) == y))))
    assert "divide by N" in count
    assert "argmax" in _hint(checks.accuracy(lambda s, y: np.mean(np.argmin(s, axis=1) == y)))
    assert "error rate" in _hint(checks.accuracy(lambda s, y: 1 - accuracy(s, y)))
    wrong_axis = checks.accuracy(lambda s, y: np.mean(np.argmax(s, axis=0) == y[0]))
    assert not wrong_axis.passed and "Not yet" in wrong_axis.message
    capsys.readouterr()


def test_confusion_matrix_mistakes_get_their_hint(capsys):
    swapped = _hint(checks.confusion_matrix(lambda t, p, C: confusion_matrix(p, t, C)))
    assert "swapped" in swapped

    def normalized(t, p, C):
        M = confusion_matrix(t, p, C).astype(float)
        return M / np.maximum(M.sum(axis=1, keepdims=True), 1)

    assert "counts" in _hint(checks.confusion_matrix(normalized))

    def only_seen_classes(t, p, C):
        return confusion_matrix(t, p, max(t.max(), p.max()) + 1)

    result = checks.confusion_matrix(only_seen_classes)
    assert not result.passed and "shape (5, 5)" in result.message
    capsys.readouterr()


def test_standardize_split_mistakes_get_their_hint(capsys):
    def own(X_train, X_other):
        return data.standardize(X_train)[0], data.standardize(X_other)[0]

    assert "training set's" in _hint(checks.standardize_split(own))

    def pooled(X_train, X_other):
        _, m, s = data.standardize(np.vstack([X_train, X_other]))
        return data.standardize(X_train, m, s)[0], data.standardize(X_other, m, s)[0]

    assert "X_train only" in _hint(checks.standardize_split(pooled))

    def no_guard(X_train, X_other):
        m, s = X_train.mean(axis=0), X_train.std(axis=0)
        return (X_train - m) / s, (X_other - m) / s

    assert "constant" in _hint(checks.standardize_split(no_guard))

    def in_place(X_train, X_other):
        X_train -= X_train.mean(axis=0)
        return standardize_split(X_train, X_other)

    assert "modified its input" in checks.standardize_split(in_place).message
    capsys.readouterr()


def test_select_best_mistakes_get_their_hint(capsys):
    assert "tie" in _hint(checks.select_best(lambda a, loss: int(np.nanargmax(a))))
    plain = _hint(checks.select_best(lambda a, loss: int(np.argmax(a))))
    assert "tie" in plain and "NaN" in plain
    assert "only breaks ties" in _hint(checks.select_best(lambda a, loss: int(np.nanargmin(loss))))
    capsys.readouterr()
