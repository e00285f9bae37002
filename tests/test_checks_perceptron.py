import numpy as np
import pytest

from course_utils import checks, data
from course_utils.checks.perceptron.bound import MAX_EPOCHS
from course_utils.nn import perceptron


def _not_implemented(*args):
    raise NotImplementedError


def _distance_solution(w, b, X):
    return (X @ w + b) / np.linalg.norm(w)


def _update_solution(w, b, x, y, lr):
    if y * (w @ x + b) <= 0:
        return w + lr * y * x, b + lr * y, True
    return w.copy(), b, False


def _slow_data_solution(k):
    delta = 1.0
    while True:
        X = np.array([[0.0, 0.0], [0.0, delta]])
        y = np.array([1, -1])
        if perceptron.fit(X, y, max_epochs=10_000).n_updates >= k:
            return X, y, np.array([0.0, -1.0]), delta / 2
        delta /= 2


def test_checks_are_exported():
    for name in ("signed_distance", "perceptron_update", "slow_data"):
        assert name in checks.__all__ and callable(getattr(checks, name))


SOLUTIONS = [
    (checks.signed_distance, _distance_solution),
    (checks.perceptron_update, _update_solution),
    (checks.perceptron_update, perceptron.update),
    (checks.slow_data, _slow_data_solution),
]


@pytest.mark.parametrize(("check", "solution"), SOLUTIONS)
def test_reference_solutions_pass(check, solution, capsys):
    result = check(solution)
    assert result.passed
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("case_set", [1, 2])
@pytest.mark.parametrize(("check", "solution"), SOLUTIONS)
def test_reference_solutions_pass_the_hidden_cases(check, solution, case_set, capsys):
    with checks.other_cases(case_set):
        assert check(solution).passed
    capsys.readouterr()


def test_hidden_cases_use_other_inputs(inputs_seen):
    first = inputs_seen(checks.signed_distance, _distance_solution)
    with checks.other_cases(1):
        other = inputs_seen(checks.signed_distance, _distance_solution)
    assert not np.allclose(first[0][2], other[0][2])


@pytest.mark.parametrize(
    "check", [checks.signed_distance, checks.perceptron_update, checks.slow_data]
)
def test_stubs_report_not_implemented(check, capsys):
    result = check(_not_implemented)
    assert not result.passed and "not implemented yet" in result.message
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "Hint" not in out


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda w, b, X: X @ w + b, "not a distance"),
        (lambda w, b, X: (X @ w + b) / (w @ w), "not ||w||^2"),
        (lambda w, b, X: (X @ w + b) / np.linalg.norm(np.append(w, b)), "not by ||(w, b)||"),
        (lambda w, b, X: np.abs(X @ w + b) / np.linalg.norm(w), "keep the sign"),
        (lambda w, b, X: X @ w / np.linalg.norm(w), "include the bias"),
        (lambda w, b, X: -(X @ w + b) / np.linalg.norm(w), "sign is flipped"),
    ],
)
def test_typical_distance_mistakes_get_a_hint(wrong, hint, capsys):
    result = checks.signed_distance(wrong)
    assert not result.passed and "Hint" in result.message and hint in result.message
    assert "signed_distance(w=" in result.message
    assert hint in capsys.readouterr().out


def test_the_distance_check_has_a_case_with_a_point_on_the_line(inputs_seen):
    w, b, X = inputs_seen(checks.signed_distance, _distance_solution)[-1]
    assert np.linalg.norm(w) == 5 and np.any(X @ w + b == 0)


def _strict(w, b, x, y, lr):
    if y * (w @ x + b) < 0:
        return w + lr * y * x, b + lr * y, True
    return w.copy(), b, False


def _no_bias(w, b, x, y, lr):
    w_new, _, mistake = _update_solution(w, b, x, y, lr)
    return w_new, b, mistake


def _always(w, b, x, y, lr):
    return w + lr * y * x, b + lr * y, bool(y * (w @ x + b) <= 0)


def _descends(w, b, x, y, lr):
    if y * (w @ x + b) <= 0:
        return w - lr * y * x, b - lr * y, True
    return w.copy(), b, False


def _no_lr(w, b, x, y, lr):
    return _update_solution(w, b, x, y, 1.0)


def _no_label(w, b, x, y, lr):
    if y * (w @ x + b) <= 0:
        return w + lr * x, b + lr, True
    return w.copy(), b, False


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (_strict, "<= 0, not < 0"),
        (_descends, "wrong way"),
        (_no_bias, "b + lr * y"),
        (_no_label, "is y x, not x"),
        (_no_lr, "learning rate"),
        (_always, "only after a mistake"),
    ],
)
def test_typical_update_mistakes_get_a_hint(wrong, hint, capsys):
    result = checks.perceptron_update(wrong)
    assert not result.passed and hint in result.message
    assert hint in capsys.readouterr().out


def test_the_strict_test_fails_on_zero_weights_as_instructors_md_shows(capsys):
    result = checks.perceptron_update(_strict)
    assert result.message.startswith(
        "Not yet: for perceptron_update(w=[0., 0.], b=0, x=[ 0.5, -1. ], y=1, lr=1), item 0"
    )
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


# --- the experiment -------------------------------------------------------------------------

K = int(checks.case_rng(7).integers(150, 301))


def _xor(k):
    X, y = data.logic_gate("xor")
    return X, y, np.array([1.0, 1.0]), -0.5


def _wide_margin(k):
    X, y, w_true = data.linearly_separable(20, margin=0.3, rng=np.random.default_rng(0))
    return X, y, w_true, 0.0


def _wide_margin_thin_line(k):
    # the data have a wide margin, but the line offered passes close to an example
    X, y, w_true = data.linearly_separable(20, margin=0.3, rng=np.random.default_rng(0))
    n = int(np.argmin(y * (X @ w_true)))
    return X, y, w_true, -float(X[n] @ w_true) + y[n] * 1e-4


def _too_thin(k):
    return np.array([[0.0, 0.0], [0.0, 1e-4]]), np.array([1, -1]), np.array([0.0, -1.0]), 5e-5


def _zero_one_labels(k):
    X, y, w, b = _slow_data_solution(k)
    return X, (y + 1) // 2, w, b


@pytest.mark.parametrize(
    ("learner", "message"),
    [
        (_xor, "does not separate the data"),
        (_too_thin, f"after {MAX_EPOCHS} epochs"),
        (_wide_margin, "could not need more"),
        (_wide_margin_thin_line, "holds for every separating line at once"),
        (_zero_one_labels, "y = 2 * y - 1"),
        (lambda k: _slow_data_solution(k)[:2], "tuple (X, y, w, b)"),
        (lambda k: (np.zeros((21, 2)), np.ones(21), np.ones(2), 0.0), "N <= 20"),
        (lambda k: (np.zeros((2, 2)), np.ones(3), np.ones(2), 0.0), "one label per row"),
        (lambda k: (np.zeros((2, 2)), np.ones(2), np.ones(3), 0.0), "w should have shape (2,)"),
        (lambda k: (np.full((2, 2), np.nan), np.ones(2), np.ones(2), 0.0), "finite numbers"),
        (lambda k: (np.ones((2, 2)), np.array([1, -1]), np.zeros(2), 1.0), "w must not be zero"),
        (lambda k: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_typical_slow_data_mistakes_are_explained(learner, message, capsys):
    result = checks.slow_data(learner)
    assert not result.passed and message in result.message, result.message
    assert message in capsys.readouterr().out


def test_slow_data_reports_the_mistakes_and_the_bound(capsys):
    result = checks.slow_data(_slow_data_solution)
    X, y, w, b = _slow_data_solution(K)
    mistakes = perceptron.fit(X, y, max_epochs=10_000).n_updates
    bound = perceptron.novikoff_bound(X, y, w, b)[2]
    assert mistakes >= K and mistakes <= bound
    assert f"made {mistakes} mistakes (at least k = {K})" in result.message
    assert f"{mistakes / bound:.0%}" in result.message
    capsys.readouterr()


def test_the_two_point_construction_counts_exactly():
    # from zero weights, (0, 0) -> +1 and (0, delta) -> -1 with delta = 2^-m cost
    # 2 / delta^2 + 3 mistakes; every number is exact in binary, so every machine counts the same
    for m in range(1, 5):
        delta = 0.5**m
        X, y = np.array([[0.0, 0.0], [0.0, delta]]), np.array([1, -1])
        fit = perceptron.fit(X, y, max_epochs=1000)
        assert fit.converged and fit.n_updates == 2 * 4**m + 3
