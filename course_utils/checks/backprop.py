"""Checks for the exercises of notebook 03 (backpropagation and training).

The backward pass itself is checked by :func:`course_utils.checks.backward`; this module adds
the softmax cross-entropy gradient, the centred finite-difference gradient and the
L2-regularized loss. Each reference comes from the package, and a few typical mistakes are
recognised and named with a one-sentence hint.
"""

import numpy as np

from .. import gradcheck, losses, network
from ._core import case_rng as _rng
from ._core import check_function

__all__ = ["softmax_cross_entropy", "numerical_gradient", "regularized_loss_and_grads"]


# --- softmax cross-entropy -------------------------------------------------------------


def _softmax_cases():
    cases = []
    for seed, (N, C, scale, shift) in enumerate(
        [(1, 3, 1.0, 0.0), (6, 4, 2.0, 0.0), (5, 3, 50.0, 800.0)]
    ):
        r = _rng(seed)
        cases.append((shift + scale * r.standard_normal((N, C)), r.integers(0, C, size=N)))
    return cases


def _probs_minus_onehot(scores, y):
    """The gradient of the *sum* over examples: the mistake of forgetting the 1/N."""
    loss, dscores = losses.softmax_cross_entropy(scores, y)
    return loss, dscores * len(y)


def _naive_softmax(scores, y):
    """exp(scores) / sum without subtracting the row maximum: overflows for large scores."""
    e = np.exp(scores)
    p = e / e.sum(axis=1, keepdims=True)
    N = len(y)
    grad = p.copy()
    grad[np.arange(N), y] -= 1.0
    return -float(np.mean(np.log(p[np.arange(N), y]))), grad / N


def softmax_cross_entropy(fn):
    """Check ``fn(scores, y) -> (loss, dscores)``: the mean cross-entropy of the softmax of
    ``scores (N, C)`` with integer labels ``y (N,)``, and its gradient (probs - onehot) / N.

    One case has scores around 800, where exp overflows unless the row maximum is
    subtracted first (the softmax does not change when a constant is added to a row).
    """
    cases = _softmax_cases()
    return check_function(
        "softmax_cross_entropy",
        fn,
        losses.softmax_cross_entropy,
        cases,
        describe=lambda a: f"scores of shape {a[0].shape} (largest {np.max(a[0]):.4g}), y={a[1]}",
        mistakes=[
            (
                _probs_minus_onehot,
                "your dscores is N times too large: the loss is a mean over "
                "the N examples, so its gradient carries a factor 1/N.",
            ),
            (
                _naive_softmax,
                "exp(800) overflows to inf and inf / inf is NaN: subtract each "
                "row's maximum from the scores before exponentiating (the softmax "
                "does not change).",
            ),
        ],
    )


# --- centred finite differences --------------------------------------------------------


def _sin_square(x):
    return float(np.sum(np.sin(x) * x**2))


_sin_square.__name__ = "sum(sin(x) * x**2)"


def _make_least_squares():
    r = _rng(1)
    A, B = r.standard_normal((5, 3)), r.standard_normal((5, 2))

    def least_squares(W):
        return float(np.sum((A @ W - B) ** 2))

    least_squares.__name__ = "||A x - B||^2"
    return least_squares


def _make_network_loss():
    r = _rng(2)
    params = network.init_params(3, 4, 3, rng=r)
    X, y = r.standard_normal((6, 3)), r.integers(0, 3, size=6)

    def network_loss(W2):
        return network.loss_and_grads({**params, "W2": W2}, X, y, "tanh", "cross_entropy")[0]

    network_loss.__name__ = "the cross-entropy of a network as a function of W2"
    return network_loss, params["W2"]


def _numerical_cases():
    network_loss, W2 = _make_network_loss()
    return [
        (_sin_square, _rng(0).standard_normal(5), 1e-5),
        (_make_least_squares(), _rng(3).standard_normal((3, 2)), 1e-5),
        (network_loss, W2, 1e-4),
    ]


def _forward_difference(f, x, h):
    x = np.array(x, dtype=float)
    grad, f0 = np.empty_like(x), f(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (f(x) - f0) / h
        x[i] = old
    return grad


def _no_half(f, x, h):
    return 2.0 * gradcheck.numerical_gradient(f, x, h)


def numerical_gradient(fn):
    """Check ``fn(f, x, h) -> grad``: the centred difference (f(x + h e_i) - f(x - h e_i)) / 2h
    for every entry i of ``x`` (any shape), without modifying ``x``."""
    cases = _numerical_cases()
    return check_function(
        "numerical_gradient",
        fn,
        gradcheck.numerical_gradient,
        cases,
        rtol=1e-6,
        atol=1e-9,
        describe=lambda a: f"f={a[0].__name__}, x of shape {a[1].shape}, h={a[2]}",
        mistakes=[
            (
                _forward_difference,
                "this is the forward difference (f(x + h) - f(x)) / h, whose "
                "error shrinks only like h; evaluate f at x + h and x - h and "
                "divide by 2h.",
            ),
            (
                _no_half,
                "your gradient is twice too large: the two points x + h and x - h are "
                "2h apart, so divide by 2h, not h.",
            ),
        ],
    )


# --- L2-regularized loss ---------------------------------------------------------------


def _regularized_cases():
    cases = []
    for seed, (N, D, H, C, wd) in enumerate(
        [(4, 2, 3, 2, 0.1), (7, 3, 5, 3, 0.01), (5, 2, 4, 3, 0.0)]
    ):
        r = _rng(seed)
        p = network.init_params(D, H, C, rng=r, init="normal", scale=0.8)
        p["b1"], p["b2"] = r.standard_normal(H), r.standard_normal(C)
        cases.append((p, r.standard_normal((N, D)), r.integers(0, C, size=N), wd))
    return cases


def _reference_regularized(params, X, y, weight_decay):
    return network.loss_and_grads(params, X, y, "tanh", "cross_entropy", weight_decay)


def _decays_biases(params, X, y, weight_decay):
    loss, grads = _reference_regularized(params, X, y, weight_decay)
    extra = 0.5 * weight_decay * (np.sum(params["b1"] ** 2) + np.sum(params["b2"] ** 2))
    return loss + extra, {
        **grads,
        "db1": grads["db1"] + weight_decay * params["b1"],
        "db2": grads["db2"] + weight_decay * params["b2"],
    }


def _no_half_penalty(params, X, y, weight_decay):
    loss, grads = network.loss_and_grads(params, X, y, "tanh", "cross_entropy")
    penalty = weight_decay * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    return loss + penalty, {
        **grads,
        "dW1": grads["dW1"] + weight_decay * params["W1"],
        "dW2": grads["dW2"] + weight_decay * params["W2"],
    }


def regularized_loss_and_grads(fn):
    """Check ``fn(params, X, y, weight_decay) -> (loss, grads)``: softmax cross-entropy of a
    tanh two-layer network plus (weight_decay / 2)(||W1||^2 + ||W2||^2), and its gradients
    (weights decayed, biases not)."""

    def reference(W1, b1, W2, b2, X, y, wd):
        return _reference_regularized({"W1": W1, "b1": b1, "W2": W2, "b2": b2}, X, y, wd)

    def unpack(f):
        def g(W1, b1, W2, b2, X, y, wd):
            return f({"W1": W1, "b1": b1, "W2": W2, "b2": b2}, X, y, wd)

        return g

    cases = [(p["W1"], p["b1"], p["W2"], p["b2"], X, y, wd) for p, X, y, wd in _regularized_cases()]
    return check_function(
        "regularized_loss_and_grads",
        unpack(fn),
        reference,
        cases,
        describe=lambda a: (
            f"N={a[4].shape[0]}, D={a[0].shape[0]}, H={a[0].shape[1]}, weight_decay={a[6]}"
        ),
        mistakes=[
            (
                unpack(_decays_biases),
                "the biases are decayed too; the penalty covers W1 and W2 "
                "only (a bias shifts a unit, it does not make the function "
                "steeper).",
            ),
            (
                unpack(_no_half_penalty),
                "the penalty lacks its factor 1/2: with "
                "(wd / 2) ||W||^2 the gradient is exactly wd W.",
            ),
        ],
    )
