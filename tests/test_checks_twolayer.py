import numpy as np
import pytest

from course_utils import activations, checks


def _not_implemented(*args):
    raise NotImplementedError


def _forward_solution(X, W1, b1, W2, b2, g):
    return g(X @ W1 + b1) @ W2 + b2


def _collapse_solution(W1, b1, W2, b2):
    return W1 @ W2, b1 @ W2 + b2


def _xor_solution():
    # hidden units OR and NAND, output AND (step units)
    return {
        "W1": np.array([[1.0, -1.0], [1.0, -1.0]]),
        "b1": np.array([-0.5, 1.5]),
        "W2": np.array([[1.0], [1.0]]),
        "b2": np.array([-1.5]),
    }


def _xor_solution_three_units():
    # x1 AND NOT x2, x2 AND NOT x1, and an unused unit; output OR of the first two
    return {
        "W1": np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0]]),
        "b1": np.array([-0.5, -0.5, 0.0]),
        "W2": np.array([[1.0], [1.0], [5.0]]),
        "b2": np.array([-0.5]),
    }


def _derivative_solution(name, z):
    if name == "step":
        return np.zeros_like(z)
    if name == "sigmoid":
        s = 1 / (1 + np.exp(-z))
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.tanh(z) ** 2
    return (z > 0).astype(float)


def test_checks_are_exported():
    for name in ("two_layer_forward", "collapse_linear", "xor_weights", "activation_derivative"):
        assert name in checks.__all__ and callable(getattr(checks, name))


@pytest.mark.parametrize(
    ("check", "solution"),
    [
        (checks.two_layer_forward, _forward_solution),
        (checks.collapse_linear, _collapse_solution),
        (checks.xor_weights, _xor_solution),
        (checks.xor_weights, _xor_solution_three_units),
        (checks.activation_derivative, _derivative_solution),
        (checks.activation_derivative, activations.derivative),
    ],
)
def test_reference_solutions_pass(check, solution, capsys):
    result = check(solution)
    assert result.passed
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize(
    "check",
    [
        checks.two_layer_forward,
        checks.collapse_linear,
        checks.xor_weights,
        checks.activation_derivative,
    ],
)
def test_stubs_report_not_implemented(check, capsys):
    result = check(_not_implemented)
    assert not result.passed and "not implemented yet" in result.message
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "Hint" not in out


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda X, W1, b1, W2, b2, g: (X @ W1 + b1) @ W2 + b2, "A1 = g(Z1)"),
        (lambda X, W1, b1, W2, b2, g: g(g(X @ W1 + b1) @ W2 + b2), "not passed through g"),
        (lambda X, W1, b1, W2, b2, g: g(X @ W1) @ W2 + b2, "Z1 = X W1 + b1"),
        (lambda X, W1, b1, W2, b2, g: g(X @ W1 + b1) @ W2, "output bias"),
        (lambda X, W1, b1, W2, b2, g: (g(X @ W1) + b1) @ W2 + b2, "inside it"),
    ],
)
def test_typical_forward_mistakes_get_a_hint(wrong, hint, capsys):
    result = checks.two_layer_forward(wrong)
    assert not result.passed and "Hint" in result.message and hint in result.message
    assert "two_layer_forward(X of shape" in result.message
    assert hint in capsys.readouterr().out


def test_a_transposed_weight_matrix_is_reported(capsys):
    result = checks.two_layer_forward(lambda X, W1, b1, W2, b2, g: g(X @ W1.T + b1) @ W2 + b2)
    assert not result.passed and "raised ValueError" in result.message
    capsys.readouterr()


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda W1, b1, W2, b2: (W1 @ W2, b1 @ W2), "output bias b2"),
        (lambda W1, b1, W2, b2: (W1 @ W2, b2), "reaches the output through W2"),
    ],
)
def test_typical_collapse_mistakes_get_a_hint(wrong, hint, capsys):
    result = checks.collapse_linear(wrong)
    assert not result.passed and hint in result.message
    assert "item 1 of the result" in result.message
    assert hint in capsys.readouterr().out


def test_a_collapse_with_the_wrong_order_is_explained(capsys):
    result = checks.collapse_linear(lambda W1, b1, W2, b2: (W2.T @ W1.T, b1 @ W2 + b2))
    assert not result.passed and "shape" in result.message
    capsys.readouterr()


def _gate(W2_sign, b2):
    params = _xor_solution()
    return lambda: {**params, "W2": W2_sign * params["W2"], "b2": np.array([b2])}


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda: {**_xor_solution(), "W2": np.array([[1.0], [0.0]]), "b2": [-0.5]}, "computes OR"),
        (_gate(1.0, -0.5), "every output is 1"),  # output: OR of (OR, NAND)
        (_gate(-1.0, 1.5), "XNOR"),  # output: NAND of (OR, NAND)
        (lambda: {**_xor_solution(), "b2": np.array([-5.0])}, "every output is 0"),
        (
            lambda: {
                "W1": np.zeros((2, 2)),
                "b1": np.zeros(2),
                "W2": np.zeros((2, 1)),
                "b2": [0.0],
            },
            "every output is 0",
        ),
    ],
)
def test_typical_xor_mistakes_get_a_hint(wrong, hint, capsys):
    result = checks.xor_weights(wrong)
    assert not result.passed and hint in result.message
    assert "for xor_weights(x = (" in result.message
    assert hint in capsys.readouterr().out


@pytest.mark.parametrize(
    ("wrong", "expected"),
    [
        (lambda: {"W1": np.ones((2, 2)), "b1": np.zeros(2), "W2": np.ones((2, 1))}, "missing"),
        (
            lambda: {"W1": np.ones((3, 2)), "b1": np.zeros(2), "W2": np.ones((2, 1)), "b2": [0]},
            "D = 3",
        ),
        (
            lambda: {"W1": np.ones((2, 2)), "b1": np.zeros(2), "W2": np.ones((2, 2)), "b2": [0, 0]},
            "C = 2",
        ),
        (lambda: (np.ones((2, 2)), np.zeros(2)), "dict"),
    ],
)
def test_malformed_xor_weights_are_explained(wrong, expected, capsys):
    result = checks.xor_weights(wrong)
    assert not result.passed and expected in result.message
    capsys.readouterr()


def _derivative_with(name, wrong):
    def derivative(n, z):
        return wrong(z) if n == name else _derivative_solution(n, z)

    return derivative


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda name, z: activations.forward(name, z), "you returned g(z)"),
        (_derivative_with("sigmoid", lambda z: 1 / (1 + np.exp(-z))), "sigma(z) (1 - sigma(z))"),
        (_derivative_with("tanh", lambda z: 1 - z**2), "square tanh(z)"),
        (_derivative_with("relu", lambda z: (z >= 0).astype(float)), "z > 0"),
        (_derivative_with("step", np.ones_like), "flat on both sides"),
    ],
)
def test_typical_derivative_mistakes_get_a_hint(wrong, hint, capsys):
    result = checks.activation_derivative(wrong)
    assert not result.passed and "Hint" in result.message and hint in result.message
    assert "activation_derivative('" in result.message
    assert hint in capsys.readouterr().out


def test_an_unknown_derivative_mistake_is_still_explained(capsys):
    result = checks.activation_derivative(
        _derivative_with("sigmoid", lambda z: 0.25 * np.ones_like(z))
    )
    assert not result.passed and "Hint" not in result.message
    assert "'sigmoid'" in result.message
    capsys.readouterr()


def test_a_function_that_modifies_its_input_fails(capsys):
    def in_place(name, z):
        z *= 0.0
        return _derivative_solution(name, z)

    result = checks.activation_derivative(in_place)
    assert not result.passed and "modified its input" in result.message
    capsys.readouterr()


def test_other_case_sets_still_pass_the_reference(capsys):
    with checks.other_cases(1):
        assert checks.two_layer_forward(_forward_solution).passed
        assert checks.collapse_linear(_collapse_solution).passed
        assert checks.activation_derivative(_derivative_solution).passed
    capsys.readouterr()
