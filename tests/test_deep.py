import numpy as np
import pytest

from course_utils.nn import activations, deep, gradcheck


@pytest.mark.parametrize("activation", activations.TRAINABLE)
def test_backward_gradcheck(activation):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((4, 3))
    Ws = deep.init_weights(3, 5, 3, rng, init="xavier")
    dA = rng.standard_normal((4, 5))
    acts, caches = deep.forward(Ws, X, activation)
    dWs = deep.backward(dA, caches)
    for i in range(3):

        def f(W, i=i):
            return np.sum(deep.forward([*Ws[:i], W, *Ws[i + 1 :]], X, activation)[0][-1] * dA)

        assert gradcheck.rel_error(dWs[i], gradcheck.numerical_gradient(f, Ws[i])) < 1e-7


def test_linear_network_is_a_matrix_product():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((6, 4))
    Ws = deep.init_weights(4, 4, 3, rng)
    acts, _ = deep.forward(Ws, X, "linear")
    np.testing.assert_allclose(acts[-1], X @ Ws[0] @ Ws[1] @ Ws[2])


def test_small_init_vanishes_and_he_keeps_relu_scale():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((256, 100))
    small = deep.layer_stats(deep.init_weights(100, 100, 10, rng, "normal", 0.01), X, "tanh", rng)
    assert small["act_std"][-1] < 1e-8 < 1e-2 < small["act_std"][0]
    he = deep.layer_stats(deep.init_weights(100, 100, 10, rng, "he"), X, "relu", rng)
    assert 0.3 < he["act_std"][-1] / he["act_std"][0] < 3
    assert len(he["acts"]) == len(he["grads"]) == 10


def test_exploding_values_give_nan_stats_without_warning():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((8, 50))
    stats = deep.layer_stats(deep.init_weights(50, 50, 200, rng, "normal", 5.0), X, "linear", rng)
    assert np.isnan(stats["act_std"][-1])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda r: deep.init_weights(0, 3, 2, r), "D"),
        (lambda r: deep.init_weights(3, 3, 0, r), "K"),
        (lambda r: deep.init_weights(3, 3, 2, 1), "rng"),
        (lambda r: deep.init_weights(3, 3, 2, r, init="orthogonal"), "init"),
        (lambda r: deep.init_weights(3, 3, 2, r, init="normal", scale=-1), "scale"),
        (lambda r: deep.forward([], np.ones((2, 3)), "tanh"), "Ws"),
        (lambda r: deep.forward([np.ones((4, 3))], np.ones((2, 3)), "tanh"), "Ws"),
        (lambda r: deep.forward([np.ones((3, 3))], np.ones((2, 3)), "swish"), "activation"),
        (lambda r: deep.forward([np.ones((3, 3))], np.ones(3), "tanh"), "X"),
        (lambda r: deep.layer_stats([np.ones((3, 3))], np.ones((2, 3)), "tanh", 0), "rng"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call(np.random.default_rng(0))


def test_overflow_inside_the_network_is_nan_not_an_error():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((4, 20))
    Ws = deep.init_weights(20, 20, 100, rng, "normal", 1000.0)
    acts, caches = deep.forward(Ws, X, "relu")
    assert not np.all(np.isfinite(acts[-1]))
    dWs = deep.backward(np.ones_like(acts[-1]), caches)
    assert len(dWs) == 100
