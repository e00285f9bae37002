import numpy as np
import pytest

from course_utils import checks, gradcheck, losses, network


def _not_implemented(*args):
    raise NotImplementedError


def _softmax_solution(scores, y):
    shifted = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    N = len(y)
    loss = -np.mean(np.log(probs[np.arange(N), y]))
    dscores = probs.copy()
    dscores[np.arange(N), y] -= 1.0
    return loss, dscores / N


def _numerical_solution(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = f(x)
        x[i] = old - h
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def _regularized_solution(params, X, y, weight_decay):
    loss, grads = network.loss_and_grads(params, X, y, "tanh", "cross_entropy")
    loss += 0.5 * weight_decay * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    grads = {
        **grads,
        "dW1": grads["dW1"] + weight_decay * params["W1"],
        "dW2": grads["dW2"] + weight_decay * params["W2"],
    }
    return loss, grads


def test_checks_are_exported():
    for name in ("softmax_cross_entropy", "numerical_gradient", "regularized_loss_and_grads"):
        assert name in checks.__all__ and callable(getattr(checks, name))


@pytest.mark.parametrize(
    ("check", "solution"),
    [
        (checks.softmax_cross_entropy, _softmax_solution),
        (checks.softmax_cross_entropy, losses.softmax_cross_entropy),
        (checks.numerical_gradient, _numerical_solution),
        (checks.numerical_gradient, gradcheck.numerical_gradient),
        (checks.regularized_loss_and_grads, _regularized_solution),
    ],
)
def test_reference_solutions_pass(check, solution, capsys):
    result = check(solution)
    assert result.passed
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize(
    "check",
    [checks.softmax_cross_entropy, checks.numerical_gradient, checks.regularized_loss_and_grads],
)
def test_stubs_report_not_implemented(check, capsys):
    result = check(_not_implemented)
    assert not result.passed and "not implemented yet" in result.message
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "Hint" not in out


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
    capsys.readouterr()


def test_forward_difference_gets_a_hint(capsys):
    def forward(f, x, h=1e-5):
        x = np.array(x, dtype=float)
        grad, f0 = np.zeros_like(x), f(x)
        for i in np.ndindex(x.shape):
            old = x[i]
            x[i] = old + h
            grad[i] = (f(x) - f0) / h
            x[i] = old
        return grad

    result = checks.numerical_gradient(forward)
    assert not result.passed and "forward difference" in result.message
    capsys.readouterr()


def test_dividing_by_h_instead_of_2h_gets_a_hint(capsys):
    result = checks.numerical_gradient(lambda f, x, h: 2 * _numerical_solution(f, x, h))
    assert not result.passed and "divide by 2h" in result.message
    capsys.readouterr()


def test_numerical_gradient_that_modifies_x_is_caught(capsys):
    def in_place(f, x, h=1e-5):
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            x[i] += h
            f_plus = f(x)
            x[i] -= 2 * h
            f_minus = f(x)
            x[i] += h  # rounding leaves x slightly changed
            grad[i] = (f_plus - f_minus) / (2 * h)
        return grad + 1.0  # and wrong, so the check must fail either way

    result = checks.numerical_gradient(in_place)
    assert not result.passed
    capsys.readouterr()


def test_regularized_loss_that_decays_biases_gets_a_hint(capsys):
    def with_biases(params, X, y, weight_decay):
        loss, grads = network.loss_and_grads(
            params, X, y, "tanh", "cross_entropy", weight_decay=weight_decay
        )
        loss += 0.5 * weight_decay * (np.sum(params["b1"] ** 2) + np.sum(params["b2"] ** 2))
        grads["db1"] = grads["db1"] + weight_decay * params["b1"]
        grads["db2"] = grads["db2"] + weight_decay * params["b2"]
        return loss, grads

    result = checks.regularized_loss_and_grads(with_biases)
    assert not result.passed and "biases are decayed" in result.message
    capsys.readouterr()


def test_regularized_loss_without_half_gets_a_hint(capsys):
    def no_half(params, X, y, weight_decay):
        loss, grads = _regularized_solution(params, X, y, weight_decay)
        extra = 0.5 * weight_decay * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
        return loss + extra, grads

    result = checks.regularized_loss_and_grads(no_half)
    assert not result.passed and "1/2" in result.message
    capsys.readouterr()


def test_regularized_loss_with_a_wrong_gradient_names_the_tensor(capsys):
    def wrong_dw2(params, X, y, weight_decay):
        loss, grads = _regularized_solution(params, X, y, weight_decay)
        return loss, {**grads, "dW2": grads["dW2"] + 2 * weight_decay * params["W2"]}

    result = checks.regularized_loss_and_grads(wrong_dw2)
    assert not result.passed and "dW2" in result.message
    capsys.readouterr()


def test_hidden_cases_use_other_inputs_and_still_accept_the_reference(capsys):
    from course_utils.checks import backprop

    shown = backprop._softmax_cases()
    with checks.other_cases(1):
        hidden = backprop._softmax_cases()
        assert checks.softmax_cross_entropy(_softmax_solution).passed
        assert checks.numerical_gradient(_numerical_solution).passed
        assert checks.regularized_loss_and_grads(_regularized_solution).passed
    assert not np.allclose(shown[1][0], hidden[1][0])
    capsys.readouterr()
