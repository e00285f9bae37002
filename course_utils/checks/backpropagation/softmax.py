"""The check of ``softmax_cross_entropy`` (notebook 03): the loss and its gradient."""

import numpy as np

from ...nn import losses
from .._core import case_rng as _rng
from .._core import check_function

__all__ = ["softmax_cross_entropy"]


def _softmax_cases():
    """Three cases; in the last, scores around +800 and -800 in alternate rows, so that exp
    overflows unless each row's own maximum is subtracted (one maximum for the whole array
    would leave the rows near -800 with exp(-1600) = 0 everywhere)."""
    cases = []
    for seed, (N, C, scale, shift) in enumerate(
        [(1, 3, 1.0, 0.0), (6, 4, 2.0, 0.0), (5, 3, 50.0, 800.0)]
    ):
        r = _rng(seed)
        signs = np.where(np.arange(N) % 2 == 0, 1.0, -1.0)[:, None] if shift else 1.0
        scores = signs * shift + scale * r.standard_normal((N, C))
        cases.append((scores, r.integers(0, C, size=N)))
    return cases


def _probs_minus_onehot(scores, y):
    """The gradient of the *sum* over examples: the mistake of forgetting the 1/N."""
    loss, dscores = losses.softmax_cross_entropy(scores, y)
    return loss, dscores * len(y)


def _softmax_from(shifted, y, axis=1, onehot=1.0):
    """Mean cross-entropy and dscores from already shifted scores, normalized along ``axis``,
    with ``onehot`` times the one-hot subtracted (the mistakes vary these)."""
    e = np.exp(shifted)
    p = e / e.sum(axis=axis, keepdims=True)
    N = len(y)
    grad = p.copy()
    grad[np.arange(N), y] -= onehot
    return -float(np.mean(np.log(p[np.arange(N), y]))), grad / N


def _naive_softmax(scores, y):
    """exp(scores) / sum without subtracting the row maximum: overflows for large scores."""
    return _softmax_from(scores, y)


def _global_max_softmax(scores, y):
    """One maximum for the whole array: rows far below it underflow to exp(...) = 0."""
    return _softmax_from(scores - scores.max(), y)


def _softmax_wrong_axis(scores, y):
    """Normalized over the examples (axis 0) instead of the classes."""
    return _softmax_from(scores - scores.max(axis=0, keepdims=True), y, axis=0)


def _softmax_no_onehot(scores, y):
    """probs / N: the one-hot forgotten."""
    return _softmax_from(scores - scores.max(axis=1, keepdims=True), y, onehot=0.0)


def _softmax_wrong_sign(scores, y):
    loss, dscores = losses.softmax_cross_entropy(scores, y)
    return loss, -dscores


def _softmax_summed_loss(scores, y):
    loss, dscores = losses.softmax_cross_entropy(scores, y)
    return loss * len(y), dscores


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
            (
                _global_max_softmax,
                "subtract each row's own maximum (axis=1, keepdims=True), not one maximum "
                "of the whole array: in a row far below it every exp(...) underflows to 0, "
                "and 0 / 0 is NaN.",
            ),
            (
                _softmax_wrong_axis,
                "normalize over the classes of each example (axis=1), not over the "
                "examples (axis 0): each row of probs must sum to 1.",
            ),
            (
                _softmax_no_onehot,
                "subtract the one-hot: the true class's entry of dscores is (p_y - 1) / N, "
                "the others p_c / N.",
            ),
            (
                _softmax_wrong_sign,
                "dscores has the wrong sign: it is the gradient of the loss, (probs - "
                "onehot) / N, which is negative at the true class (raising its score "
                "lowers the loss).",
            ),
            (
                _softmax_summed_loss,
                "the loss is N times too large: return the mean over the examples, not the sum.",
            ),
        ],
    )
