"""The check of ``collapse_linear`` (notebook 02): many linear layers are one."""

import numpy as np

from .._core import case_rng as _rng
from .._core import check_function

__all__ = ["collapse_linear"]


def _collapse_cases():
    cases = []
    for seed, widths in [
        (4, (3, 4, 2)),
        (5, (2, 5, 3, 1)),
        (6, (3, 3, 3, 3, 2)),
        (7, (4, 2)),
    ]:
        r = _rng(seed)
        weights = [r.standard_normal((m, k)) for m, k in zip(widths[:-1], widths[1:], strict=True)]
        biases = [r.standard_normal(k) for k in widths[1:]]
        cases.append((weights, biases))
    return cases


def _stack(weights, biases, X):
    for W, b in zip(weights, biases, strict=True):
        X = X @ W + b  # no activation: a linear network
    return X


def _reference_collapse(weights, biases):
    """W and b read off the linear stack: b = f(0), row d of W = f(e_d) - f(0)."""
    D = np.shape(weights[0])[0]
    out = _stack(weights, biases, np.vstack([np.zeros(D), np.eye(D)]))  # 0, e_1, ..., e_D
    return out[1:] - out[0], out[0]


def _product(weights):
    W = weights[0]
    for Wk in weights[1:]:
        W = W @ Wk
    return W


def _last_bias_only(weights, biases):
    return _product(weights), biases[-1].copy()


def _first_and_last_bias(weights, biases):
    if len(weights) == 1:
        return weights[0].copy(), biases[0].copy()
    return _product(weights), biases[0] @ _product(weights[1:]) + biases[-1]


def _no_last_bias(weights, biases):
    W, b = _reference_collapse(weights, biases)
    return W, b - biases[-1]


def collapse_linear(fn):
    """Check ``fn(weights, biases) -> (W, b)``: the single affine layer X W + b equal to the
    stack of K linear layers ``weights[k] (D_k, D_{k+1})``, ``biases[k] (D_{k+1},)``, for
    every X; W of shape (D_0, D_K), b of shape (D_K,)."""
    return check_function(
        "collapse_linear",
        fn,
        _reference_collapse,
        _collapse_cases(),
        describe=lambda a: (
            f"K = {len(a[0])} layers of widths {[a[0][0].shape[0]] + [W.shape[1] for W in a[0]]}"
        ),
        mistakes=[
            (
                _last_bias_only,
                "the earlier biases reach the output too, through the later weights: for "
                "K = 2, b = b_1 W_2 + b_2.",
            ),
            (
                _first_and_last_bias,
                "with K >= 3 the middle biases count too: each b_k reaches the output as "
                "b_k W_{k+1} ... W_K. Apply the layers one at a time to (W, b).",
            ),
            (
                _no_last_bias,
                "the last layer's bias b_K is added after the last product: b = ... + b_K.",
            ),
        ],
    )
