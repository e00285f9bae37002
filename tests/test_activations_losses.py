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
