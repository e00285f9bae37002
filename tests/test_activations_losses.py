import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_utils.nn import activations, gradcheck, losses


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_derivatives_match_finite_differences(name):
    z = np.linspace(-4, 4, 41) + 0.013  # avoid the ReLU kink at exactly 0
    numeric = gradcheck.numerical_gradient(lambda v: np.sum(activations.forward(name, v)), z)
    assert gradcheck.rel_error(activations.derivative(name, z), numeric) < 1e-8


def test_step_values_and_derivative():
    np.testing.assert_array_equal(activations.step(np.array([-1.0, 0.0, 2.0])), [0, 0, 1])
    np.testing.assert_array_equal(activations.derivative("step", np.array([-1.0, 2.0])), [0, 0])


def test_sigmoid_is_stable_for_huge_inputs():
    z = np.array([-1e4, -800.0, 0.0, 800.0, 1e4])
    np.testing.assert_allclose(activations.sigmoid(z), [0, 0, 0.5, 1, 1])
    assert np.all(np.isfinite(activations.derivative("sigmoid", z)))


def test_activation_bad_name():
    with pytest.raises(ValueError, match="activation"):
        activations.forward("gelu", np.zeros(2))
    with pytest.raises(ValueError, match="activation"):
        activations.derivative("gelu", np.zeros(2))


@pytest.mark.parametrize("name", activations.NAMES)
def test_activation_backward_is_dA_times_derivative(name):
    rng = np.random.default_rng(0)
    Z, dA = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    A = activations.forward(name, Z)
    np.testing.assert_allclose(
        activations.backward(name, dA, A), dA * activations.derivative(name, Z), atol=1e-15
    )


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear"])
def test_activation_backward_gradcheck(name):
    rng = np.random.default_rng(1)
    Z, dA = rng.standard_normal((3, 4)) + 0.01, rng.standard_normal((3, 4))
    A = activations.forward(name, Z)
    numeric = gradcheck.numerical_gradient(lambda v: np.sum(activations.forward(name, v) * dA), Z)
    assert gradcheck.rel_error(activations.backward(name, dA, A), numeric) < 1e-8


@pytest.mark.parametrize("name", activations.NAMES)
def test_activation_forward_in_place_and_backward_do_not_modify_inputs(name):
    rng = np.random.default_rng(2)
    Z = rng.standard_normal((4, 3))
    A = activations.forward(name, Z)
    A_copy = A.copy()
    dA = np.ones_like(A)
    activations.backward(name, dA, A)
    np.testing.assert_array_equal(A, A_copy)
    np.testing.assert_array_equal(dA, 1.0)
    Z_work = Z.copy()
    assert activations.forward(name, Z_work, out=Z_work) is Z_work  # the layer in place
    np.testing.assert_array_equal(Z_work, A)


def test_mse_by_hand_and_gradient():
    y_hat, y = np.array([[1.0, 2.0], [0.0, 0.0]]), np.array([[0.0, 0.0], [1.0, 1.0]])
    value, grad = losses.mse(y_hat, y)
    assert value == pytest.approx((1 + 4 + 1 + 1) / 2)
    numeric = gradcheck.numerical_gradient(lambda v: losses.mse(v, y)[0], y_hat)
    assert gradcheck.rel_error(grad, numeric) < 1e-9
    assert losses.mse(np.ones((3, 1)), np.zeros(3))[0] == pytest.approx(1.0)


def test_cross_entropy_by_hand_and_gradient():
    scores, y = np.array([[0.0, 0.0], [np.log(3.0), 0.0]]), np.array([0, 0])
    value, grad = losses.softmax_cross_entropy(scores, y)
    assert value == pytest.approx(-(np.log(0.5) + np.log(0.75)) / 2)
    numeric = gradcheck.numerical_gradient(lambda v: losses.softmax_cross_entropy(v, y)[0], scores)
    assert gradcheck.rel_error(grad, numeric) < 1e-9
    np.testing.assert_allclose(grad, (losses.softmax(scores) - np.eye(2)[y]) / 2)


def test_cross_entropy_no_overflow_for_large_scores():
    scores = np.array([[1000.0, -1000.0, 0.0], [5000.0, 5000.0, 5000.0]])
    value, grad = losses.softmax_cross_entropy(scores, np.array([0, 2]))
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    assert value == pytest.approx(np.log(3) / 2)


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, (4, 3), elements=st.floats(-300, 300)))
def test_softmax_rows_sum_to_one_and_shift_invariance(scores):
    p = losses.softmax(scores)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(losses.softmax(scores + 7.0), p, atol=1e-12)


def test_accuracy():
    assert losses.accuracy(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 0])) == 0.5


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: losses.mse(np.ones(3), np.ones(3)), "y_hat"),
        (lambda: losses.mse(np.ones((3, 2)), np.ones((3, 1))), "y"),
        (lambda: losses.softmax_cross_entropy(np.ones((2, 3)), np.array([0, 3])), "y"),
        (lambda: losses.softmax_cross_entropy(np.ones((2, 3)), np.array([0])), "y"),
        (lambda: losses.softmax_cross_entropy(np.ones((2, 3)), np.array([-1, 0])), "y"),
        (lambda: losses.softmax(np.array([[np.nan, 1.0]])), "scores"),
        (lambda: losses.accuracy(np.ones((2, 2)), np.array([0, 5])), "y"),
        (lambda: losses.mse(np.array([["a"]]), np.ones((1, 1))), "y_hat"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
