import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.nn import gradcheck


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=1, max_size=6))
def test_numerical_gradient_of_known_function(values):
    x = np.array(values)
    f = lambda v: np.sum(np.sin(v) * v**2)  # noqa: E731
    exact = np.cos(x) * x**2 + 2 * x * np.sin(x)
    np.testing.assert_allclose(gradcheck.numerical_gradient(f, x), exact, atol=1e-8)


def test_input_is_not_modified_and_int_input_ok():
    x = np.array([1, 2, 3])
    g = gradcheck.numerical_gradient(lambda v: np.sum(v**2), x)
    np.testing.assert_allclose(g, [2, 4, 6], rtol=1e-9)
    np.testing.assert_array_equal(x, [1, 2, 3])


def test_rel_error_values():
    assert gradcheck.rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert gradcheck.rel_error(np.ones(2), -np.ones(2)) == pytest.approx(1.0)


def test_per_tensor_error_finds_a_wrong_bias_that_a_global_norm_hides():
    rng = np.random.default_rng(0)
    params = {"W": rng.standard_normal((30, 30)), "b": rng.standard_normal(1)}
    f = lambda p: 50 * np.sum(p["W"] ** 2) + np.sum(p["b"] ** 2)  # noqa: E731
    grads = {"dW": 100 * params["W"], "db": 2 * params["b"] * 1.5}  # db is 50% wrong
    errors = gradcheck.check_grads(f, params, grads)
    assert errors["dW"] < 1e-8 and errors["db"] > 0.1
    numeric = gradcheck.numerical_grads(f, params)
    flat = lambda g: np.concatenate([g["dW"].ravel(), g["db"].ravel()])  # noqa: E731
    assert gradcheck.rel_error(flat(grads), flat(numeric)) < 1e-3  # looks fine globally


def test_bad_input():
    with pytest.raises(ValueError, match="h"):
        gradcheck.numerical_gradient(np.sum, np.ones(2), h=0)
    with pytest.raises(ValueError, match="shape"):
        gradcheck.rel_error(np.ones(2), np.ones(3))
    with pytest.raises(TypeError, match="params"):
        gradcheck.numerical_grads(np.sum, [1, 2])
    with pytest.raises(ValueError, match="grads"):
        gradcheck.check_grads(lambda p: np.sum(p["W"]), {"W": np.ones(2)}, {"W": np.ones(2)})
