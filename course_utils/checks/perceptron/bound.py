"""The check of ``slow_data`` (notebook 01, an experiment): data and a separating line on
which the perceptron needs at least k mistakes (Novikoff's bound)."""

import numpy as np

from ...nn import perceptron
from .._core import case_rng, check_experiment

__all__ = ["slow_data"]


def _count(x):
    """A bound on a number of mistakes, for messages: 1,029 or 3.16e+12."""
    return f"{x:,.0f}" if x < 1e7 else f"{x:.3g}"


MAX_EXAMPLES = 20  # the experiment allows at most this many examples
MAX_EPOCHS = 5000  # and the perceptron at most this many epochs to finish


def _as_data(result):
    """``(X, y, w, b)`` from the learner's result, or a sentence saying what is wrong."""
    if not isinstance(result, (tuple, list)) or len(result) != 4:
        return None, "slow_data should return a tuple (X, y, w, b)."
    X, y, w, b = (np.asarray(v) for v in result)
    if X.ndim != 2 or not 1 <= X.shape[0] <= MAX_EXAMPLES or X.shape[1] < 1:
        return None, (
            f"X should have shape (N, D) with 1 <= N <= {MAX_EXAMPLES}; got shape {X.shape}."
        )
    N, D = X.shape
    if y.shape != (N,):
        return None, f"y should have shape ({N},), one label per row of X; got shape {y.shape}."
    if w.shape != (D,) or b.shape != ():
        return None, f"w should have shape ({D},) and b be a number; got {w.shape} and {b.shape}."
    numbers = [np.issubdtype(v.dtype, np.number) for v in (X, y, w, b)]
    if not all(numbers) or not all(np.all(np.isfinite(v)) for v in (X, y, w, b)):
        return None, "X, y, w and b should hold finite numbers."
    if not np.all((y == -1) | (y == 1)):
        hint = " (0/1 labels: convert them with y = 2 * y - 1)" if np.all(y >= 0) else ""
        return None, f"y must hold labels -1 and +1 only{hint}; got {np.unique(y)}."
    return (X.astype(float), y.astype(np.int64), w.astype(float), float(b)), None


def _verify_slow_data(k):
    def verify(result):
        data, problem = _as_data(result)
        if problem:
            return problem, ""
        X, y, w, b = data
        scores = y * (X @ w + b)
        if not np.any(w):
            return "w must not be zero: w = 0 defines no line.", ""
        if np.min(scores) <= 0:
            n = int(np.argmin(scores))
            return (
                f"your line does not separate the data: example {n} has "
                f"y (w . x + b) = {scores[n]:.3g} <= 0. Every example needs "
                "y (w . x + b) > 0; if no line can do that (two equal inputs with different "
                "labels, or XOR), the perceptron never stops.",
                "",
            )
        R, gamma, bound = perceptron.novikoff_bound(X, y, w, b)
        fit = perceptron.fit(X, y, max_epochs=MAX_EPOCHS)
        if not fit.converged:
            return (
                f"the perceptron was still making mistakes after {MAX_EPOCHS} epochs "
                f"({fit.n_updates} mistakes). Your line separates the data, so Novikoff's "
                f"theorem promises it stops within (R / gamma)^2 = {_count(bound)} mistakes, but "
                "that is more than this check can run: make the margin a little wider.",
                "",
            )
        if fit.n_updates < k:
            if bound < k:
                return (
                    f"the perceptron needed only {fit.n_updates} mistakes, fewer than "
                    f"k = {k}, and it could not need more: with your line, Novikoff's bound is "
                    f"(R / gamma)^2 = ({R:.3g} / {gamma:.3g})^2 = {_count(bound)} < k. Make gamma "
                    "much smaller than R: put examples of the two classes very close to each "
                    "other, on either side of the line.",
                    "",
                )
            return (
                f"the perceptron needed only {fit.n_updates} mistakes, fewer than k = {k}. "
                f"Novikoff's bound with your line ({_count(bound)}) would allow k, but it is a "
                "worst case, and it holds for every separating line at once: a line with a "
                "wider margin than yours gives a smaller bound, perhaps below k. Make every "
                "separating line pass close to the data: put two inputs of opposite classes "
                "very close together.",
                "",
            )
        return None, (
            f"the perceptron made {fit.n_updates} mistakes (at least k = {k}) on your "
            f"{len(X)} examples before it separated them; Novikoff's bound with your line is "
            f"{_count(bound)}, so it used {fit.n_updates / bound:.0%} of it."
        )

    return verify


def slow_data(fn):
    """Check ``fn(k) -> (X, y, w, b)``: at most 20 examples ``X (N, D)`` with labels ``y`` in
    {-1, +1}, and a line ``(w, b)`` that separates them, on which the perceptron started from
    zero weights (lr = 1, examples in order) makes at least ``k`` mistakes before it stops.
    The check draws k between 150 and 300."""
    k = int(case_rng(7).integers(150, 301))
    return check_experiment("slow_data", fn, _verify_slow_data(k), (k,))
