import numpy as np
import pytest

from course_utils import checks
from course_utils.optim import optimizers


def _not_implemented(*args):
    raise NotImplementedError


# Reference solutions, written the way a learner would -------------------------------------


def _classify(hess, tol=1e-8):
    eigs = np.linalg.eigvalsh(hess)
    if np.any(eigs > tol) and np.any(eigs < -tol):
        return "saddle"
    if np.any(np.abs(eigs) <= tol):
        return "degenerate"
    return "minimum" if np.all(eigs > tol) else "maximum"


def _escape(delta, lr, lam_min, radius=1.0):
    return np.log(radius / delta) / np.log(1 + lr * abs(lam_min))


def _settings():
    return 0.35, 0.9


SOLUTIONS = [
    (checks.classify_hessian, _classify),
    (checks.escape_time, _escape),
    (checks.momentum_escape_settings, _settings),
]


def test_checks_are_exported():
    for name in ("classify_hessian", "escape_time", "momentum_escape_settings"):
        assert name in checks.__all__ and callable(getattr(checks, name))


@pytest.mark.parametrize(("check", "solution"), SOLUTIONS)
def test_reference_solutions_pass(check, solution, capsys):
    result = check(solution)
    assert result.passed, result.message
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("case_set", [1, 2])
def test_reference_solutions_pass_on_other_cases(case_set, capsys):
    with checks.other_cases(case_set):
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
        lambda hess: "minimum" if np.all(np.linalg.eigvalsh(hess) > 1e-8) else "saddle",
        lambda hess: "saddle" if _classify(hess) == "maximum" else _classify(hess),
    ],
)
def test_calling_every_non_minimum_a_saddle_gets_the_misconception_hint(wrong, capsys):
    result = checks.classify_hessian(wrong)
    assert not result.passed and "maximum" in result.message and "Hint" in result.message
    capsys.readouterr()


def test_classifying_from_the_diagonal_gets_a_hint(capsys):
    def diagonal(hess):
        d = np.diag(hess)
        if np.any(d > 1e-8) and np.any(d < -1e-8):
            return "saddle"
        if np.any(np.abs(d) <= 1e-8):
            return "degenerate"
        return "minimum" if np.all(d > 0) else "maximum"

    result = checks.classify_hessian(diagonal)
    assert not result.passed and "eigenvalues" in result.message and "Hint" in result.message
    capsys.readouterr()


def test_ignoring_zero_eigenvalues_gets_a_hint(capsys):
    def no_degenerate(hess):
        eigs = np.linalg.eigvalsh(hess)
        if np.any(eigs > 1e-8) and np.any(eigs < -1e-8):
            return "saddle"
        return "minimum" if np.all(eigs >= -1e-8) else "maximum"

    result = checks.classify_hessian(no_degenerate)
    assert not result.passed and "degenerate" in result.message and "Hint" in result.message
    capsys.readouterr()


# Escape time ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (lambda d, lr, lam, r: np.log(r / d) / (lr * abs(lam)), "gradient flow"),
        (lambda d, lr, lam, r: np.log(1 / d) / np.log(1 + lr * abs(lam)), "radius / delta"),
        (lambda d, lr, lam, r: np.log(r / d) / np.log(1 + lr * lam), "negative"),
        (lambda d, lr, lam, r: np.ceil(_escape(d, lr, lam, r)), "ceil"),
    ],
)
def test_escape_time_mistakes_get_hints(wrong, words, capsys):
    result = checks.escape_time(wrong)
    assert not result.passed and words in result.message and "Hint" in result.message
    capsys.readouterr()


def test_escape_time_cases_differ_between_case_sets(inputs_seen):
    seen = [inputs_seen(checks.escape_time, _escape)[-1]]
    for case_set in (1, 2):
        with checks.other_cases(case_set):
            seen.append(inputs_seen(checks.escape_time, _escape)[-1])
    assert len(set(seen)) == 3


# The momentum experiment ------------------------------------------------------------------


def test_the_experiment_measures_what_it_says(capsys):
    # Escape measured by hand: the first step with |y| >= 1 from (1, 1e-8), within 60.
    from course_utils.checks.saddle_points import momentum_escape as saddle

    def grad(theta):  # f(x, y) = (10 x^2 - 0.5 y^2) / 2
        return np.array([10.0, -0.5]) * theta

    traj = optimizers.run("momentum", grad, [1.0, 1e-8], 200, lr=0.35, beta=0.9)
    k = int(np.argmax(np.abs(traj[:, 1]) >= 1))
    assert k <= saddle.BUDGET
    assert f"after {k} steps" in checks.momentum_escape_settings(_settings).message
    # Gradient descent at its best (lr just below 2 / 10) cannot: about 194 steps.
    gd = optimizers.run("gd", grad, [1.0, 1e-8], 400, lr=0.1999)
    assert int(np.argmax(np.abs(gd[:, 1]) >= 1)) >= 194
    plain = checks.momentum_escape_settings(lambda: (0.19, 0.0)).message
    assert "needs at least 194 steps" in plain
    capsys.readouterr()


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ((0.19, 0.0), "plain gradient descent"),
        ((0.19, 0.9), "use that room"),
        ((0.21, 0.5), "raise beta"),
        ((0.5, 0.9), "unstable along x"),
        ((5.0, 0.0), "unstable along x"),
        ((0.1, 1.0), "beta in [0, 1)"),
        ((-0.1, 0.5), "lr must be > 0"),
        (0.3, "pair of numbers"),
        ((0.3, 0.9, 1.0), "pair of numbers"),
    ],
)
def test_typical_wrong_settings_get_a_specific_problem(settings, words, capsys):
    result = checks.momentum_escape_settings(lambda: settings)
    assert not result.passed and words in result.message, result.message
    capsys.readouterr()


def test_settings_that_pass_hold_on_every_case_set(capsys):
    for case_set in (0, 1, 2):
        with checks.other_cases(case_set):
            assert checks.momentum_escape_settings(lambda: (0.3, 0.9)).passed
            assert not checks.momentum_escape_settings(lambda: (0.3, 0.8)).passed
    capsys.readouterr()
