import numpy as np
import pytest

from course_utils import checks
from course_utils.checks.backpropagation.weight_decay import WD_GRID, WD_SETTING
from course_utils.nn import losses, network


def _not_implemented(*args):
    raise NotImplementedError


def _backward_solution(dscores, X, params):
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.tanh(Z1)
    dA1 = dscores @ params["W2"].T
    dZ1 = dA1 * (1 - A1**2)
    return {
        "dW1": X.T @ dZ1,
        "db1": dZ1.sum(axis=0),
        "dW2": A1.T @ dscores,
        "db2": dscores.sum(axis=0),
    }


def _softmax_solution(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    N = len(y)
    loss = -np.mean(np.log(probs[np.arange(N), y]))
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1.0
    return loss, dscores / N


def _val_error(params, X, y):
    return 1 - losses.accuracy(network.forward(params, X)[0], y)


def _choose_solution(fit, X_train, y_train, X_val, y_val):
    candidates = [0.0, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]
    errors = [_val_error(fit(wd), X_val, y_val) for wd in candidates]
    return candidates[int(np.argmin(errors))]


def _choose_by_training_error(fit, X_train, y_train, X_val, y_val):
    candidates = [0.0, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]
    errors = [_val_error(fit(wd), X_train, y_train) for wd in candidates]
    return candidates[int(np.argmin(errors))]


def _not_a_choice(fit, X_train, y_train, X_val, y_val):
    return None  # the check answers at once, without training: to see what fn receives


def test_checks_are_exported():
    for name in ("backward_pass", "softmax_cross_entropy", "choose_weight_decay"):
        assert name in checks.__all__ and callable(getattr(checks, name))


@pytest.mark.parametrize(
    ("check", "solution"),
    [
        (checks.backward_pass, _backward_solution),
        (checks.softmax_cross_entropy, _softmax_solution),
        (checks.softmax_cross_entropy, losses.softmax_cross_entropy),
    ],
)
def test_reference_solutions_pass(check, solution, capsys):
    result = check(solution)
    assert result.passed
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize(
    "check", [checks.backward_pass, checks.softmax_cross_entropy, checks.choose_weight_decay]
)
def test_stubs_report_not_implemented(check, capsys):
    result = check(_not_implemented)
    assert not result.passed and "not implemented yet" in result.message
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "Hint" not in out


def test_the_backward_reference_is_the_package_network(inputs_seen):
    for dscores, X, params in inputs_seen(checks.backward_pass, _backward_solution):
        _, cache = network.forward(params, X)
        expected = network.backward(dscores, cache)
        got = _backward_solution(dscores, X, params)
        for k in expected:
            np.testing.assert_allclose(got[k], expected[k], rtol=1e-12, atol=1e-14)


def _backward_with(dscores, X, params, local="tanh", bias=np.sum, axis=0, w2_input="A1"):
    """The backward pass with a chosen (possibly wrong) tanh derivative, bias reduction, axis
    of that reduction, and input of the multiply gate W2 (A1, or by mistake Z1)."""
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.tanh(Z1)
    dA1 = dscores @ params["W2"].T
    derivative = {"tanh": 1 - A1**2, "none": 1.0, "of_z": 1 - Z1**2, "sigmoid": A1 * (1 - A1)}
    dZ1 = dA1 * derivative[local]
    return {
        "dW1": X.T @ dZ1,
        "db1": bias(dZ1, axis=axis),
        "dW2": (A1 if w2_input == "A1" else Z1).T @ dscores,
        "db2": bias(dscores, axis=axis),
    }


@pytest.mark.parametrize(
    ("mistake", "hint"),
    [
        ({"local": "none"}, "miss tanh's local derivative"),
        ({"local": "of_z"}, "not 1 - Z1**2"),
        ({"local": "sigmoid"}, "sigmoid's derivative"),
        ({"bias": np.mean}, "N times too small"),
        ({"axis": 1}, "axis 0 (the rows)"),
        ({"w2_input": "Z1"}, "not Z1"),
    ],
)
def test_typical_backward_mistakes_get_their_hint(mistake, hint, capsys):
    def wrong(dscores, X, params):
        return _backward_with(dscores, X, params, **mistake)

    result = checks.backward_pass(wrong)
    assert not result.passed and hint in result.message
    capsys.readouterr()


def test_a_wrong_transpose_is_reported_without_crashing(capsys):
    def no_transpose(dscores, X, params):
        grads = _backward_solution(dscores, X, params)
        return {**grads, "dW2": dscores.T @ np.tanh(X @ params["W1"] + params["b1"])}

    result = checks.backward_pass(no_transpose)
    assert not result.passed and "dW2" in result.message and "shape" in result.message
    capsys.readouterr()


def test_softmax_without_division_by_n_gets_a_hint(capsys):
    def no_mean(scores, y):
        loss, dscores = _softmax_solution(scores, y)
        return loss, dscores * len(y)

    result = checks.softmax_cross_entropy(no_mean)
    assert not result.passed and "N times too large" in result.message
    assert "Hint" in capsys.readouterr().out


def test_naive_softmax_overflow_is_explained_without_a_warning(capsys):
    def naive(scores, y):
        e = np.exp(scores)
        probs = e / e.sum(axis=1, keepdims=True)
        N = len(y)
        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1.0
        return -np.mean(np.log(probs[np.arange(N), y])), dscores / N

    result = checks.softmax_cross_entropy(naive)  # warnings are errors under pytest
    assert not result.passed and "maximum" in result.message
    capsys.readouterr()


def test_softmax_gradient_with_the_wrong_sign_fails_with_the_expected_value(capsys):
    def wrong_sign(scores, y):
        loss, dscores = _softmax_solution(scores, y)
        return loss, -dscores

    result = checks.softmax_cross_entropy(wrong_sign)
    assert not result.passed and "item 1" in result.message and "should be" in result.message
    assert "wrong sign" in result.message
    capsys.readouterr()


def _softmax_written_with(shift, axis=1, onehot=1.0, loss_scale=1.0):
    """A learner's softmax cross-entropy with one mistake: the shift, the axis of the sums,
    the one-hot subtracted, or the loss not averaged."""

    def fn(scores, y):
        shifted = shift(scores)
        probs = np.exp(shifted) / np.exp(shifted).sum(axis=axis, keepdims=True)
        N = len(y)
        loss = -np.mean(np.log(probs[np.arange(N), y]))
        dscores = probs.copy()
        dscores[np.arange(N), y] -= onehot
        return loss * loss_scale, dscores / N

    return fn


def _row_max(scores):
    return scores - scores.max(axis=1, keepdims=True)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (_softmax_written_with(lambda s: s - s.max()), "each row's own maximum"),
        (
            _softmax_written_with(lambda s: s - s.max(axis=0, keepdims=True), axis=0),
            "not over the examples",
        ),
        (_softmax_written_with(_row_max, onehot=0.0), "subtract the one-hot"),
        (_softmax_written_with(_row_max), None),
    ],
)
def test_typical_softmax_mistakes_get_their_hint(wrong, hint, capsys):
    result = checks.softmax_cross_entropy(wrong)
    if hint is None:  # the correct function written this way passes
        assert result.passed
    else:
        assert not result.passed and hint in result.message
    capsys.readouterr()


def test_a_summed_softmax_loss_gets_a_hint(capsys):
    def summed(scores, y):
        loss, dscores = _softmax_solution(scores, y)
        return loss * len(y), dscores

    result = checks.softmax_cross_entropy(summed)
    assert not result.passed and "loss is N times too large" in result.message
    capsys.readouterr()


def test_the_large_case_has_rows_far_above_and_far_below_zero(inputs_seen):
    for case_set in (0, 1, 2):
        with checks.other_cases(case_set):
            scores, _ = inputs_seen(checks.softmax_cross_entropy, _softmax_solution)[-1]
        row_max = scores.max(axis=1)
        assert row_max.max() > 700 and row_max.min() < -600


def test_weight_decay_chosen_on_validation_passes_on_every_case_set(capsys):
    for case_set in (0, 1, 2):
        with checks.other_cases(case_set):
            assert checks.choose_weight_decay(_choose_solution).passed
    assert capsys.readouterr().out.count("Correct") == 3


def test_the_weight_decay_experiment_is_not_trivial(inputs_seen):
    # on every case set some decay beats none on validation, so choosing matters
    for case_set in (0, 1, 2):
        with checks.other_cases(case_set):
            fit, _, _, X_val, y_val = inputs_seen(checks.choose_weight_decay, _not_a_choice)[0]
        errors = {wd: _val_error(fit(wd), X_val, y_val) for wd in WD_GRID}
        assert min(errors.values()) < errors[0.0] - 1 / len(y_val)


def test_choosing_by_training_error_gets_a_hint(capsys):
    result = checks.choose_weight_decay(_choose_by_training_error)
    assert not result.passed and "training errors" in result.message
    capsys.readouterr()


def test_choosing_by_validation_loss_passes(capsys):
    def by_validation_loss(fit, X_train, y_train, X_val, y_val):
        candidates = [0.0, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]
        val_loss = [
            losses.softmax_cross_entropy(network.forward(fit(wd), X_val)[0], y_val)[0]
            for wd in candidates
        ]
        return candidates[int(np.argmin(val_loss))]

    assert checks.choose_weight_decay(by_validation_loss).passed
    capsys.readouterr()


def test_no_decay_at_all_is_too_weak_and_the_hint_names_both_causes(capsys):
    result = checks.choose_weight_decay(lambda *args: 0.0)
    assert not result.passed
    assert "too weak" in result.message and "training errors" in result.message
    assert "stop too low" in result.message
    capsys.readouterr()


def test_too_strong_a_decay_gets_a_hint(capsys):
    result = checks.choose_weight_decay(lambda *args: 10.0)
    assert not result.passed and "too strong" in result.message
    capsys.readouterr()


@pytest.mark.parametrize("chosen", ["0.01", None, True, -0.1, float("nan"), [0.01]])
def test_a_choice_that_is_not_a_weight_decay_is_explained(chosen, capsys):
    result = checks.choose_weight_decay(lambda *args: chosen)
    assert not result.passed
    assert "number" in result.message or ">= 0" in result.message
    capsys.readouterr()


def test_fit_reuses_runs_and_returns_copies(inputs_seen):
    fit = inputs_seen(checks.choose_weight_decay, _not_a_choice)[0][0]
    first = fit(0.01)
    first["W1"][...] = 0.0  # the learner's changes must not reach the check's runs
    second = fit(0.01)
    assert not np.all(second["W1"] == 0.0)
    assert fit(np.float64(0.01))["W2"].shape == (WD_SETTING["H"], 2)
    with pytest.raises(TypeError, match="weight_decay must be a number"):
        fit("0.01")


def test_hidden_cases_use_other_inputs_and_still_accept_the_references(inputs_seen, capsys):
    shown = inputs_seen(checks.softmax_cross_entropy, _softmax_solution)
    shown_wd = inputs_seen(checks.choose_weight_decay, _not_a_choice)[0]
    with checks.other_cases(1):
        hidden = inputs_seen(checks.softmax_cross_entropy, _softmax_solution)
        hidden_wd = inputs_seen(checks.choose_weight_decay, _not_a_choice)[0]
        assert checks.softmax_cross_entropy(_softmax_solution).passed
        assert checks.backward_pass(_backward_solution).passed
    with checks.other_cases(2):
        assert checks.backward_pass(_backward_solution).passed
        assert checks.softmax_cross_entropy(_softmax_solution).passed
    assert not np.allclose(shown[1][0], hidden[1][0])
    assert not np.allclose(shown_wd[1], hidden_wd[1])
    capsys.readouterr()
