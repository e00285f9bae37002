import numpy as np
import pytest

from course_utils import checks, perceptron


def _not_implemented(*args):
    raise NotImplementedError


def _predict_solution(w, b, X):
    return np.where(X @ w + b > 0, 1, -1)


def _update_solution(w, b, x, y, lr):
    if y * (w @ x + b) <= 0:
        return w + lr * y * x, b + lr * y, True
    return w.copy(), b, False


def _novikoff_solution(X, y, w, b):
    X_aug = np.column_stack([X, np.ones(len(X))])
    u = np.append(w, b)
    R = np.linalg.norm(X_aug, axis=1).max()
    gamma = np.min(y * (X_aug @ u)) / np.linalg.norm(u)
    return R, gamma, (R / gamma) ** 2


def test_checks_are_exported():
    for name in ("perceptron_predict", "perceptron_update", "novikoff_bound"):
        assert name in checks.__all__ and callable(getattr(checks, name))


@pytest.mark.parametrize(
    ("check", "solution"),
    [
        (checks.perceptron_predict, _predict_solution),
        (checks.perceptron_predict, perceptron.predict),
        (checks.perceptron_update, _update_solution),
        (checks.perceptron_update, perceptron.update),
        (checks.novikoff_bound, _novikoff_solution),
        (checks.novikoff_bound, perceptron.novikoff_bound),
    ],
)
def test_reference_solutions_pass(check, solution, capsys):
    result = check(solution)
    assert result.passed
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize(
    "check", [checks.perceptron_predict, checks.perceptron_update, checks.novikoff_bound]
)
def test_stubs_report_not_implemented(check, capsys):
    result = check(_not_implemented)
    assert not result.passed and "not implemented yet" in result.message
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "Hint" not in out


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda w, b, X: np.where(X @ w + b > 0, 1, 0), "0/1"),
        (lambda w, b, X: np.sign(X @ w + b), "np.sign"),
        (lambda w, b, X: np.where(X @ w + b >= 0, 1, -1), "z > 0, not z >= 0"),
    ],
)
def test_typical_predict_mistakes_get_a_hint(wrong, hint, capsys):
    result = checks.perceptron_predict(wrong)
    assert not result.passed and "Hint" in result.message and hint in result.message
    assert "perceptron_predict(w=" in result.message
    assert hint in capsys.readouterr().out


def _strict(w, b, x, y, lr):
    if y * (w @ x + b) < 0:
        return w + lr * y * x, b + lr * y, True
    return w.copy(), b, False


def _no_bias(w, b, x, y, lr):
    w_new, _, mistake = _update_solution(w, b, x, y, lr)
    return w_new, b, mistake


def _always(w, b, x, y, lr):
    return w + lr * y * x, b + lr * y, bool(y * (w @ x + b) <= 0)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [(_strict, "<= 0, not < 0"), (_no_bias, "b + lr * y"), (_always, "only after a mistake")],
)
def test_typical_update_mistakes_get_a_hint(wrong, hint, capsys):
    result = checks.perceptron_update(wrong)
    assert not result.passed and hint in result.message
    assert hint in capsys.readouterr().out


def _not_augmented(X, y, w, b):
    R = np.linalg.norm(X, axis=1).max()
    gamma = np.min(y * (X @ w + b)) / np.linalg.norm(w)
    return R, gamma, (R / gamma) ** 2


def _not_normalized(X, y, w, b):
    R, _, _ = _novikoff_solution(X, y, w, b)
    gamma = np.min(y * (X @ w + b))
    return R, gamma, (R / gamma) ** 2


def _mean(X, y, w, b):
    R, _, _ = _novikoff_solution(X, y, w, b)
    gamma = np.mean(y * (X @ w + b)) / np.linalg.norm(np.append(w, b))
    return R, gamma, (R / gamma) ** 2


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [(_not_augmented, "x' = (x, 1)"), (_not_normalized, "divide"), (_mean, "(min)")],
)
def test_typical_bound_mistakes_get_a_hint(wrong, hint, capsys):
    result = checks.novikoff_bound(wrong)
    assert not result.passed and hint in result.message
    assert "novikoff_bound(X of shape" in result.message
    assert hint in capsys.readouterr().out


def test_an_unknown_mistake_is_still_explained(capsys):
    def halved(X, y, w, b):
        R, gamma, bound = _novikoff_solution(X, y, w, b)
        return R, gamma, bound / 2

    result = checks.novikoff_bound(halved)
    assert not result.passed and "Hint" not in result.message
    assert "item 2" in result.message
    capsys.readouterr()


def test_a_function_that_modifies_its_input_fails(capsys):
    def in_place(w, b, x, y, lr):
        if y * (w @ x + b) <= 0:
            w += lr * y * x
            return w, b + lr * y, True
        return w, b, False

    result = checks.perceptron_update(in_place)
    assert not result.passed and "modified its input" in result.message
    capsys.readouterr()
