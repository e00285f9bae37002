import numpy as np
import pytest

from course_utils.nn import parameters

D, H, C = 2, 3, 1


def make_params(seed=1, scale=0.5):
    rng = np.random.default_rng(seed)
    return {
        "W1": scale * rng.standard_normal((D, H)),
        "b1": scale * rng.standard_normal(H),
        "W2": scale * rng.standard_normal((H, C)),
        "b2": scale * rng.standard_normal(C),
    }


def test_flatten_unflatten_roundtrip_and_sorted_order():
    params = make_params()
    vec = parameters.flatten(params)
    assert vec.shape == (D * H + H + H * C + C,)
    np.testing.assert_array_equal(vec[: D * H], params["W1"].ravel())  # W1, W2, b1, b2
    np.testing.assert_array_equal(vec[D * H : D * H + H * C], params["W2"].ravel())
    back = parameters.unflatten(vec, params)
    assert list(back) == list(params)
    for k in params:
        np.testing.assert_array_equal(back[k], params[k])
    reordered = {k: params[k] for k in ("b2", "W2", "b1", "W1")}
    np.testing.assert_array_equal(parameters.flatten(reordered), vec)
    back[next(iter(back))][...] = 7.0
    assert not np.any(vec == 7.0)


def test_unchecked_flatten_and_unflatten_give_the_same_numbers_and_views():
    params = make_params()
    vec = parameters.flatten(params)
    np.testing.assert_array_equal(parameters.flatten(params, check=False), vec)
    back = parameters.unflatten(vec, params, check=False)
    assert list(back) == list(params)
    for k in params:
        np.testing.assert_array_equal(back[k], params[k])
        assert np.shares_memory(back[k], vec)  # views, for a loop that only reads them


def test_flatten_concatenates_gradients_in_sorted_key_order():
    grads = {"dW1": np.arange(6.0).reshape(2, 3), "db1": np.array([7.0, 8.0])}
    np.testing.assert_array_equal(parameters.flatten(grads), [0, 1, 2, 3, 4, 5, 7, 8])


def test_errors_for_bad_arguments():
    p = make_params()
    with pytest.raises(TypeError, match="params"):
        parameters.flatten([1.0, 2.0])
    with pytest.raises(TypeError, match="non-empty"):
        parameters.flatten({})
    with pytest.raises(ValueError, match=r"params\['W1'\]"):
        parameters.flatten({**p, "W1": np.array([np.nan])})
    with pytest.raises(TypeError, match="like"):
        parameters.unflatten(np.zeros(3), None)
    with pytest.raises(ValueError, match="vec"):
        parameters.unflatten(np.zeros(3), p)


def test_init_weight_schemes_and_validation():
    rng = np.random.default_rng(0)
    W = parameters.init_weight(400, 300, rng, "xavier")
    assert W.shape == (400, 300) and np.abs(W).max() <= np.sqrt(6 / 700)
    assert parameters.init_weight(400, 300, rng, "he").std() == pytest.approx(
        np.sqrt(2 / 400), rel=0.02
    )
    assert not np.any(parameters.init_weight(3, 2, rng, "zeros"))
    for call, match in [
        (lambda: parameters.init_weight(0, 2, rng), "fan_in"),
        (lambda: parameters.init_weight(2, 2, 0), "rng"),
        (lambda: parameters.init_weight(2, 2, rng, "lecun"), "init"),
        (lambda: parameters.init_weight(2, 2, rng, "normal", scale=0), "scale"),
    ]:
        with pytest.raises((ValueError, TypeError), match=match):
            call()
