import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.nn import activations, gradcheck, losses, network


def _setup(D=3, H=4, C=2, N=5, seed=0):
    rng = np.random.default_rng(seed)
    params = network.init_params(D, H, C, rng=rng, init="normal", scale=0.5)
    params["b1"] = rng.standard_normal(H)
    params["b2"] = rng.standard_normal(C)
    X = rng.standard_normal((N, D))
    return rng, params, X


@pytest.mark.parametrize("activation", activations.TRAINABLE)
def test_backward_gradcheck_for_any_upstream_gradient(activation):
    _, params, X = _setup(seed=1)
    dscores = np.random.default_rng(1).standard_normal((5, 2))
    _, cache = network.forward(params, X, activation)
    grads = network.backward(dscores, cache)
    f = lambda p: np.sum(network.forward(p, X, activation)[0] * dscores)  # noqa: E731
    errors = gradcheck.check_grads(f, params, grads)
    assert max(errors.values()) < 1e-7, errors


def test_forward_and_backward_do_not_modify_their_inputs():
    _, params, X = _setup(seed=2)
    copies = {k: v.copy() for k, v in params.items()}
    X_copy = X.copy()
    scores, cache = network.forward(params, X, "tanh")
    cached = [np.copy(c) for c in cache[:3]]
    dscores = np.ones_like(scores)
    network.backward(dscores, cache)
    network.backward(dscores, cache)
    for k in params:
        np.testing.assert_array_equal(params[k], copies[k])
    np.testing.assert_array_equal(X, X_copy)
    for before, after in zip(cached, cache[:3], strict=True):
        np.testing.assert_array_equal(before, after)
    np.testing.assert_array_equal(dscores, 1.0)


@pytest.mark.parametrize("activation", activations.TRAINABLE)
@pytest.mark.parametrize("loss", losses.NAMES)
@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_loss_and_grads_gradcheck(activation, loss, weight_decay):
    rng, params, X = _setup()
    y = rng.integers(0, 2, size=5) if loss == "cross_entropy" else rng.standard_normal((5, 2))
    if activation == "relu":  # keep pre-activations away from the kink at 0
        params["b1"] = params["b1"] + np.sign(params["b1"]) * 0.5
    value, grads = network.loss_and_grads(params, X, y, activation, loss, weight_decay)
    f = lambda p: network.loss_and_grads(p, X, y, activation, loss, weight_decay)[0]  # noqa: E731
    errors = gradcheck.check_grads(f, params, grads)
    assert set(errors) == {"dW1", "db1", "dW2", "db2"}
    assert max(errors.values()) < 1e-7, errors
    assert value == pytest.approx(f(params))


def test_mse_definition_and_weight_decay_value():
    _, params, X = _setup()
    y = np.ones((5, 2))
    scores, _ = network.forward(params, X)
    expected = np.sum((scores - y) ** 2) / 5
    assert network.loss_and_grads(params, X, y)[0] == pytest.approx(expected)
    wd = 0.3
    reg = 0.5 * wd * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    assert network.loss_and_grads(params, X, y, weight_decay=wd)[0] == pytest.approx(expected + reg)


def test_forward_matches_formula_and_is_pure():
    _, params, X = _setup()
    before = {k: v.copy() for k, v in params.items()}
    scores, _ = network.forward(params, X, "tanh")
    np.testing.assert_allclose(
        scores, np.tanh(X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]
    )
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])
    assert network.predict(params, X).shape == (5,)


def test_init_schemes():
    rng = np.random.default_rng(0)
    p = network.init_params(400, 300, 10, rng=rng, init="xavier")
    limit = np.sqrt(6 / 700)
    assert np.abs(p["W1"]).max() <= limit and p["W1"].std() == pytest.approx(
        limit / np.sqrt(3), rel=0.02
    )
    p = network.init_params(400, 300, 10, rng=rng, init="he")
    assert p["W1"].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    p = network.init_params(400, 300, 10, rng=rng, init="normal", scale=0.01)
    assert p["W1"].std() == pytest.approx(0.01, rel=0.02)
    p = network.init_params(4, 3, 2, rng=rng, init="zeros")
    assert not any(np.any(v) for v in p.values())
    assert p["b1"].shape == (3,) and p["W2"].shape == (3, 2)


def test_zero_init_hidden_units_stay_identical():
    # symmetry: with identical hidden units, gradients are identical, so they never differ
    rng = np.random.default_rng(0)
    params = network.init_params(2, 3, 1, rng=rng, init="zeros")
    params["W2"] = np.full((3, 1), 0.5)
    X, y = rng.standard_normal((8, 2)), rng.standard_normal((8, 1))
    for _ in range(5):
        _, grads = network.loss_and_grads(params, X, y)
        params = {k: params[k] - 0.1 * grads["d" + k] for k in params}
    assert np.allclose(params["W1"], params["W1"][:, :1])


@settings(max_examples=25, deadline=None)
@given(N=st.integers(1, 6), D=st.integers(1, 4), H=st.integers(1, 5), C=st.integers(1, 4))
def test_shapes_property(N, D, H, C):
    rng = np.random.default_rng(N * 1000 + D * 100 + H * 10 + C)
    params = network.init_params(D, H, C, rng=rng)
    X = rng.standard_normal((N, D))
    scores, _ = network.forward(params, X)
    assert scores.shape == (N, C)
    _, grads = network.loss_and_grads(params, X, rng.integers(0, C, N), loss="cross_entropy")
    for k, v in params.items():
        assert grads["d" + k].shape == v.shape


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda p, X: network.forward(p, X[:, :2]), "X"),
        (lambda p, X: network.forward({k: v for k, v in p.items() if k != "b2"}, X), "b2"),
        (lambda p, X: network.forward({**p, "b1": np.ones(7)}, X), "b1"),
        (lambda p, X: network.forward({**p, "W2": np.ones((7, 2))}, X), "W2"),
        (lambda p, X: network.forward([1, 2], X), "params"),
        (lambda p, X: network.forward(p, np.full_like(X, np.nan)), "X"),
        (lambda p, X: network.forward(p, X, activation="softplus"), "activation"),
        (lambda p, X: network.loss_and_grads(p, X, np.ones((5, 2)), loss="hinge"), "loss"),
        (lambda p, X: network.loss_and_grads(p, X, np.ones((4, 2))), "y"),
        (lambda p, X: network.loss_and_grads(p, X, np.ones((5, 3))), "y"),
        (
            lambda p, X: network.loss_and_grads(
                p, X, np.array([0, 1, 2, 0, 1]), loss="cross_entropy"
            ),
            "y",
        ),
        (
            lambda p, X: network.loss_and_grads(
                p, X, np.array([0, 1, 0.5, 0, 1]), loss="cross_entropy"
            ),
            "y",
        ),
        (
            lambda p, X: network.loss_and_grads(p, X, np.ones((5, 2)), weight_decay=-1),
            "weight_decay",
        ),
        (lambda p, X: network.init_params(0, 2, 2, rng=np.random.default_rng()), "D"),
        (lambda p, X: network.init_params(2, 2.5, 2, rng=np.random.default_rng()), "H"),
        (lambda p, X: network.init_params(2, 2, 2, rng=0), "rng"),
        (
            lambda p, X: network.init_params(2, 2, 2, rng=np.random.default_rng(), init="lecun"),
            "init",
        ),
        (
            lambda p, X: network.init_params(
                2, 2, 2, rng=np.random.default_rng(), init="normal", scale=0
            ),
            "scale",
        ),
    ],
)
def test_bad_input(call, match):
    _, params, X = _setup()
    with pytest.raises((ValueError, TypeError), match=match):
        call(params, X)


@pytest.mark.parametrize("activation", activations.TRAINABLE)
@pytest.mark.parametrize("loss", losses.NAMES)
def test_loss_and_grads_equals_forward_loss_backward_exactly(activation, loss):
    """Also with the inputs trusted (check=False) and the work arrays reused across calls."""
    rng = np.random.default_rng(11)
    X = rng.standard_normal((40, 5))
    params = network.init_params(5, 7, 3, rng=rng)
    params["b1"] = rng.standard_normal(7)  # relu units on both sides of zero
    y = rng.integers(0, 3, 40) if loss == "cross_entropy" else rng.standard_normal((40, 3))
    scores, cache = network.forward(params, X, activation)
    fn = losses.mse if loss == "mse" else losses.softmax_cross_entropy
    value, dscores = fn(scores, y)
    expected = network.backward(dscores, cache)
    work = {}
    network.loss_and_grads(params, X[:7], y[:7], activation, loss, work=work)  # smaller arrays
    y_ready = network.check_inputs(params, X, activation, y, loss)[2]
    for got_value, got in [
        network.loss_and_grads(params, X, y, activation, loss),
        network.loss_and_grads(params, X, y_ready, activation, loss, check=False, work=work),
        network.loss_and_grads(params, X, y_ready, activation, loss, check=False, work=work),
    ]:
        assert got_value == value
        for k, v in expected.items():
            np.testing.assert_array_equal(got[k], v)


@pytest.mark.parametrize("activation", activations.TRAINABLE)
@pytest.mark.parametrize("loss", losses.NAMES)
@pytest.mark.parametrize("wd", [0.0, 0.1])
def test_loss_alone_equals_loss_of_loss_and_grads(activation, loss, wd):
    rng = np.random.default_rng(12)
    X = rng.standard_normal((30, 4))
    params = network.init_params(4, 6, 3, rng=rng)
    y = rng.integers(0, 3, 30) if loss == "cross_entropy" else rng.standard_normal((30, 3))
    expected, _ = network.loss_and_grads(params, X, y, activation, loss, weight_decay=wd)
    assert network.loss_value(params, X, y, activation, loss, wd) == expected
    y_ready = network.check_inputs(params, X, activation, y, loss)[2]
    work = {}
    for _ in range(2):
        got = network.loss_value(params, X, y_ready, activation, loss, wd, check=False, work=work)
        assert got == expected
