import re

import numpy as np
import pytest

from course_utils import checks


def _not_implemented(*args):
    raise NotImplementedError


def eigen_components(hess, lr, e0, n_steps):
    lam, V = np.linalg.eigh(hess)
    t = np.arange(n_steps + 1)[:, None]
    return (1 - lr * lam) ** t * (V.T @ e0)


def eigen_components_by_steps(hess, lr, e0, n_steps):
    # the same components from a loop of gradient steps on the error, projected
    _, V = np.linalg.eigh(hess)
    e, rows = np.array(e0, dtype=float), []
    for _ in range(n_steps + 1):
        rows.append(V.T @ e)
        e = e - lr * hess @ e
    return np.array(rows)


def _hessian(x):
    A = np.column_stack([x, np.ones_like(x)])
    return 2 * A.T @ A / len(x)


def lr_for_target(x, y, n_steps):
    lam = np.linalg.eigvalsh(_hessian(x))
    return 2 / (lam[0] + lam[-1])


def lr_for_target_by_search(x, y, n_steps):
    # an experiment: the largest learning rate of a grid that meets the budget
    A = np.column_stack([x, np.ones_like(x)])
    best = np.linalg.lstsq(A, y, rcond=None)[0]
    best_loss = np.mean((A @ best - y) ** 2)
    for lr in np.geomspace(0.01, 1.0, 200)[::-1]:
        w, b = 0.0, 5.0
        for _ in range(n_steps + 1):
            r = w * x + b - y
            gap = np.mean(r**2) - best_loss
            if gap < 1e-6:
                return lr
            if gap > 1e6:  # diverging: try a smaller rate
                break
            w, b = w - lr * 2 * np.mean(r * x), b - lr * 2 * np.mean(r)
    return 0.01


def early_stopping(val_losses, patience):
    best = 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < val_losses[best]:
            best = epoch
        elif epoch - best >= patience:
            return epoch, best
    return len(val_losses) - 1, best


CHECKS = (checks.eigen_components, checks.lr_for_target, checks.early_stopping)


def test_reference_solutions_pass(capsys):
    assert checks.eigen_components(eigen_components).passed
    assert checks.eigen_components(eigen_components_by_steps).passed
    assert checks.lr_for_target(lr_for_target).passed
    assert checks.lr_for_target(lr_for_target_by_search).passed
    assert checks.early_stopping(early_stopping).passed
    assert capsys.readouterr().out.count("Correct") == 5


@pytest.mark.parametrize("case_set", [1, 2])
def test_reference_solutions_pass_on_other_cases(case_set, capsys):
    with checks.other_cases(case_set):
        assert checks.eigen_components(eigen_components).passed
        assert checks.lr_for_target(lr_for_target).passed
        assert checks.lr_for_target(lr_for_target_by_search).passed
        assert checks.early_stopping(early_stopping).passed
    capsys.readouterr()


def test_stubs_report_not_implemented(capsys):
    for check in CHECKS:
        result = check(_not_implemented)
        assert not result.passed
        assert "not implemented yet" in result.message and "Hint" not in result.message
    assert capsys.readouterr().out.count("not implemented yet") == 3


def test_a_non_function_is_explained(capsys):
    for check in CHECKS:
        assert "should be a function" in check(3).message
    capsys.readouterr()


def test_eigenvectors_of_either_sign_are_accepted(capsys):
    def other_signs(hess, lr, e0, n_steps):
        c = eigen_components(hess, lr, e0, n_steps)
        return c * np.where(np.arange(c.shape[1]) % 2 == 0, -1.0, 1.0)

    assert checks.eigen_components(other_signs).passed
    capsys.readouterr()


def test_eigen_components_mistakes_get_their_hint(capsys):
    def made(change):
        def wrong(hess, lr, e0, n_steps):
            lam, V = np.linalg.eigh(hess)
            t = np.arange(n_steps + 1)[:, None]
            return change(lam, V, e0, t, lr)

        return wrong

    hints = {
        "project it": made(lambda lam, V, e0, t, lr: (1 - lr * lam) ** t * e0),
        "COLUMNS": made(lambda lam, V, e0, t, lr: (1 - lr * lam) ** t * (V @ e0)),
        "row 0 is the start": made(
            lambda lam, V, e0, t, lr: (1 - lr * lam) ** (t + 1) * (V.T @ e0)
        ),
        "not by exp": made(lambda lam, V, e0, t, lr: np.exp(-lr * lam * t) * (V.T @ e0)),
        "subtracts": made(lambda lam, V, e0, t, lr: (1 + lr * lam) ** t * (V.T @ e0)),
        "keep the signs": made(lambda lam, V, e0, t, lr: np.abs((1 - lr * lam) ** t * (V.T @ e0))),
        "increasing eigenvalue": made(
            lambda lam, V, e0, t, lr: ((1 - lr * lam) ** t * (V.T @ e0))[:, ::-1]
        ),
    }
    for words, fn in hints.items():
        result = checks.eigen_components(fn)
        assert not result.passed and words in result.message, result.message
        assert "hess with eigenvalues" in result.message
    capsys.readouterr()


def _scaled(factor):
    """lr = factor / lambda_max of the data given."""

    def fn(x, y, n_steps):
        return factor / np.linalg.eigvalsh(_hessian(x))[-1]

    return fn


@pytest.mark.parametrize(
    ("fn", "words"),
    [
        (_scaled(1.0), "too small for the flat direction"),
        (_scaled(1.995), "so close to the stability limit"),
        (_scaled(2.05), "at or above the stability limit"),
        (lambda x, y, n_steps: None, "one learning rate (a number)"),
        (lambda x, y, n_steps: -0.1, "must be positive"),
        (lambda x, y, n_steps: float("nan"), "must be positive"),
    ],
)
def test_lr_for_target_wrong_results_get_their_hint(fn, words, capsys):
    result = checks.lr_for_target(fn)
    assert not result.passed and words in result.message, result.message
    assert "raw inputs" in result.message
    capsys.readouterr()


def test_lr_for_target_fails_on_standardized_inputs_with_a_fixed_raw_rate(capsys):
    # on standardized inputs every stable rate but the smallest works; above their limit
    # 2 / lambda_max = 1 it diverges, and the message says on which inputs
    def raw_then_too_big(x, y, n_steps):
        return lr_for_target(x, y, n_steps) if np.mean(x) > 1 else 1.5

    result = checks.lr_for_target(raw_then_too_big)
    assert not result.passed and "standardized inputs" in result.message, result.message
    capsys.readouterr()


@pytest.mark.parametrize("constant", [0.12, 0.13, 0.155])
def test_lr_for_target_rejects_a_constant_found_by_trial(constant, capsys):
    # each of these passes on the raw inputs over (0, 4) and on standardized ones
    result = checks.lr_for_target(lambda x, y, n_steps: constant)
    assert not result.passed, result.message
    assert "raw inputs over (0, 1.5)" in result.message
    assert "instead of returning a constant" in result.message
    capsys.readouterr()


def _windows(message):
    """The windows of good learning rates the check's summary reports, in its order: raw
    inputs over (0, 4), over (0, 1.5), standardized."""
    found = re.findall(r"from ([0-9.e-]+) to ([0-9.e-]+)|only ([0-9.e-]+) to ([0-9.e-]+)", message)
    return [tuple(float(v) for v in pair if v) for pair in found]


@pytest.mark.parametrize("case_set", [0, 1, 2])
def test_lr_for_target_raw_windows_do_not_overlap(case_set, capsys):
    with checks.other_cases(case_set):
        message = checks.lr_for_target(lr_for_target).message
    wide, narrow, _ = _windows(message)
    assert wide[1] < 0.9 * narrow[0]
    capsys.readouterr()


def test_lr_for_target_summary_gives_both_windows(capsys):
    message = checks.lr_for_target(lr_for_target).message
    assert "reached the target in" in message and "every lr from" in message
    assert "over (0, 1.5)" in message
    capsys.readouterr()


def test_lr_for_target_window_matches_simulation(inputs_seen, capsys):
    x, y, n_steps = inputs_seen(checks.lr_for_target, lr_for_target)[0]  # raw, over (0, 4)
    (lo, hi), _, _ = _windows(checks.lr_for_target(lr_for_target).message)
    A = np.column_stack([x, np.ones_like(x)])
    best = np.linalg.lstsq(A, y, rcond=None)[0]
    best_loss = np.mean((A @ best - y) ** 2)

    def reaches(lr):  # gradient descent from (w, b) = (0, 5), by hand
        w, b = 0.0, 5.0
        for _ in range(n_steps + 1):
            r = w * x + b - y
            if np.mean(r**2) - best_loss < 1e-6:
                return True
            w, b = w - lr * 2 * np.mean(r * x), b - lr * 2 * np.mean(r)
        return False

    for lr, reached in (
        (0.98 * lo, False),
        (1.02 * lo, True),
        (0.99 * hi, True),
        (1.02 * hi, False),
    ):
        assert reaches(lr) == reached, lr
    capsys.readouterr()


def test_early_stopping_mistakes_get_their_hint(capsys):
    def global_best(val_losses, patience):
        return early_stopping(val_losses, patience)[0], int(np.argmin(val_losses))

    def one_late(val_losses, patience):
        return early_stopping(val_losses, patience + 1)

    def last(val_losses, patience):
        stop = early_stopping(val_losses, patience)[0]
        return stop, stop

    def ties_to_later(val_losses, patience):
        best = 0
        for epoch in range(1, len(val_losses)):
            if val_losses[epoch] <= val_losses[best]:
                best = epoch
            elif epoch - best >= patience:
                return epoch, best
        return len(val_losses) - 1, best

    cases = ((global_best, "do not exist"), (one_late, "(>="), (last, "so far"))
    for fn, words in (*cases, (ties_to_later, "strictly lower")):
        result = checks.early_stopping(fn)
        assert not result.passed and words in result.message, result.message
        assert "patience=" in result.message
    capsys.readouterr()


def test_a_wrong_answer_without_a_known_mistake_still_explains_the_difference(capsys):
    result = checks.early_stopping(lambda val_losses, patience: (0, 0))
    assert not result.passed and "Hint" not in result.message
    assert "should be" in result.message
    capsys.readouterr()
