import numpy as np
import pytest

from course_utils.nn import activations, gradcheck, layers


@pytest.mark.parametrize("name", activations.NAMES)
def test_activation_backward_is_dA_times_derivative(name):
    rng = np.random.default_rng(0)
    Z, dA = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    A, cache = layers.activation_forward(Z, name)
    np.testing.assert_allclose(A, activations.forward(name, Z))
    np.testing.assert_allclose(
        layers.activation_backward(dA, cache), dA * activations.derivative(name, Z), atol=1e-15
    )


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_activation_backward_gradcheck(name):
    rng = np.random.default_rng(1)
    Z, dA = rng.standard_normal((3, 4)) + 0.01, rng.standard_normal((3, 4))
    _, cache = layers.activation_forward(Z, name)
    numeric = gradcheck.numerical_gradient(
        lambda v: np.sum(layers.activation_forward(v, name)[0] * dA), Z
    )
    assert gradcheck.rel_error(layers.activation_backward(dA, cache), numeric) < 1e-8


def test_layers_do_not_modify_inputs():
    rng = np.random.default_rng(2)
    X, W, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    copies = [X.copy(), W.copy(), b.copy()]
    Z, cache = layers.affine_forward(X, W, b)
    A, cache_g = layers.activation_forward(Z, "tanh")
    Z_copy, A_copy = Z.copy(), A.copy()
    dA = np.ones_like(A)
    layers.affine_backward(layers.activation_backward(dA, cache_g), cache)
    for original, copy in zip([X, W, b, Z, A], [*copies, Z_copy, A_copy], strict=True):
        np.testing.assert_array_equal(original, copy)
    np.testing.assert_array_equal(dA, 1.0)
