import numpy as np
import pytest

from course_utils import checks


def _not_implemented(*args):
    raise NotImplementedError


# Reference solutions, written the way a learner would -------------------------------------


def _classify(H, tol=1e-8):
    eigs = np.linalg.eigvalsh(H)
    if np.any(eigs > tol) and np.any(eigs < -tol):
        return "saddle"
    if np.any(np.abs(eigs) <= tol):
        return "degenerate"
    return "minimum" if np.all(eigs > tol) else "maximum"


def _monkey(x, y):
    return np.array([[6 * x, -6 * y], [-6 * y, -6 * x]])


def _escape(eps, lr, lam_min, radius=1.0):
    return np.log(radius / eps) / np.log(1 + lr * abs(lam_min))


def _index(H, tol=1e-8):
    return float(np.mean(np.linalg.eigvalsh(H) < -tol))


SOLUTIONS = [
    (checks.classify_hessian, _classify),
    (checks.monkey_saddle_hessian, _monkey),
    (checks.escape_time, _escape),
    (checks.hessian_index, _index),
]


def test_checks_are_exported():
    for name in ("classify_hessian", "monkey_saddle_hessian", "escape_time", "hessian_index"):
        assert name in checks.__all__ and callable(getattr(checks, name))


@pytest.mark.parametrize(("check", "solution"), SOLUTIONS)
def test_reference_solutions_pass(check, solution, capsys):
    result = check(solution)
    assert result.passed, result.message
    assert "Correct" in capsys.readouterr().out


def test_reference_solutions_pass_on_other_cases(capsys):
    with checks.other_cases(1):
        for check, solution in SOLUTIONS:
            assert check(solution).passed
    capsys.readouterr()


@pytest.mark.parametrize("check", [c for c, _ in SOLUTIONS])
def test_stubs_report_not_implemented(check, capsys):
    result = check(_not_implemented)
    assert not result.passed and "not implemented yet" in result.message
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "Hint" not in out


# Classification ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wrong",
    [
        lambda H: "minimum" if np.all(np.linalg.eigvalsh(H) > 1e-8) else "saddle",
        lambda H: "saddle" if _classify(H) == "maximum" else _classify(H),
    ],
)
def test_calling_every_non_minimum_a_saddle_gets_the_misconception_hint(wrong, capsys):
    result = checks.classify_hessian(wrong)
    assert not result.passed and "maximum" in result.message and "Hint" in result.message
    capsys.readouterr()


def test_classifying_from_the_diagonal_gets_a_hint(capsys):
    def diagonal(H):
        d = np.diag(H)
        if np.any(d > 1e-8) and np.any(d < -1e-8):
            return "saddle"
        if np.any(np.abs(d) <= 1e-8):
            return "degenerate"
        return "minimum" if np.all(d > 0) else "maximum"

    result = checks.classify_hessian(diagonal)
    assert not result.passed and "eigenvalues" in result.message and "Hint" in result.message
    capsys.readouterr()


def test_ignoring_zero_eigenvalues_gets_a_hint(capsys):
    def no_degenerate(H):
        eigs = np.linalg.eigvalsh(H)
        if np.any(eigs > 1e-8) and np.any(eigs < -1e-8):
            return "saddle"
        return "minimum" if np.all(eigs >= -1e-8) else "maximum"

    result = checks.classify_hessian(no_degenerate)
    assert not result.passed and "degenerate" in result.message and "Hint" in result.message
    capsys.readouterr()


# Monkey saddle ----------------------------------------------------------------------------


def test_monkey_saddle_sign_of_the_cross_term_gets_a_hint(capsys):
    result = checks.monkey_saddle_hessian(lambda x, y: np.array([[6 * x, 6 * y], [6 * y, -6 * x]]))
    assert not result.passed and "-6y" in result.message
    capsys.readouterr()


def test_monkey_saddle_returning_the_gradient_fails_on_shape(capsys):
    result = checks.monkey_saddle_hessian(lambda x, y: np.array([3 * x**2 - 3 * y**2, -6 * x * y]))
    assert not result.passed and "shape" in result.message
    capsys.readouterr()


# Escape time ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (lambda e, lr, lam, r: np.log(r / e) / (lr * abs(lam)), "gradient flow"),
        (lambda e, lr, lam, r: np.log(1 / e) / np.log(1 + lr * abs(lam)), "radius / eps"),
        (lambda e, lr, lam, r: np.log(r / e) / np.log(1 + lr * lam), "negative"),
        (lambda e, lr, lam, r: np.ceil(_escape(e, lr, lam, r)), "ceil"),
    ],
)
def test_escape_time_mistakes_get_hints(wrong, words, capsys):
    result = checks.escape_time(wrong)
    assert not result.passed and words in result.message and "Hint" in result.message
    capsys.readouterr()


# Index ------------------------------------------------------------------------------------


def test_index_as_a_count_gets_a_hint(capsys):
    result = checks.hessian_index(lambda H: int(np.sum(np.linalg.eigvalsh(H) < -1e-8)))
    assert not result.passed and "fraction" in result.message and "Hint" in result.message
    capsys.readouterr()


def test_index_of_positive_eigenvalues_gets_a_hint(capsys):
    result = checks.hessian_index(lambda H: float(np.mean(np.linalg.eigvalsh(H) > 1e-8)))
    assert not result.passed and "positive" in result.message
    capsys.readouterr()
