"""Checks for the exercises of notebook 01 (the perceptron).

Three exercises: the signed distance of inputs from a perceptron's line (the geometry of w as
the line's normal), one application of the learning rule written before the notebook shows
it, and an experiment: data and a separating line on which the perceptron needs at least k
mistakes. Labels are in {-1, +1}. The references come from :mod:`course_utils.nn.perceptron`,
and the typical mistakes (z taken for a distance, the bias put into the normal, a strict
``< 0`` test that never leaves zero weights, a sign error, a forgotten bias or learning
rate, data no line separates) are recognised and named with a one-sentence hint.
"""

import numpy as np

from ..nn import perceptron
from ._core import case_rng, check_experiment, check_function

__all__ = ["signed_distance", "perceptron_update", "slow_data"]


def _short(a):
    """An array or number rounded to 3 decimals, for messages."""
    return np.array2string(np.round(a, 3), separator=", ") if np.ndim(a) else f"{a:.3g}"


def _count(x):
    """A bound on a number of mistakes, for messages: 1,029 or 3.16e+12."""
    return f"{x:,.0f}" if x < 1e7 else f"{x:.3g}"


# --- the signed distance from the line ------------------------------------------------------


def _distance_reference(w, b, X):
    return (X @ w + b) / np.linalg.norm(w)


def _distance_cases():
    cases = []
    for seed, D, N in [(0, 2, 6), (1, 3, 5)]:
        r = case_rng(seed)
        w = r.uniform(1.0, 3.0, size=D) * r.choice([-1.0, 1.0], size=D)  # ||w|| well above 1
        cases.append((w, float(r.uniform(-2.0, 2.0)), r.standard_normal((N, D))))
    # w = (3, 4), ||w|| = 5: the inputs (1, 0.5) and (-1, 0) lie 0 and -1.6 from the line
    cases.append((np.array([3.0, 4.0]), -5.0, np.array([[1.0, 0.5], [-1.0, 0.0], [2.0, 1.0]])))
    return cases


def _distance_is_z(w, b, X):
    return X @ w + b


def _distance_squared_norm(w, b, X):
    return (X @ w + b) / (w @ w)


def _distance_augmented(w, b, X):
    return (X @ w + b) / np.linalg.norm(np.append(w, b))


def _distance_unsigned(w, b, X):
    return np.abs(_distance_reference(w, b, X))


def _distance_no_bias(w, b, X):
    return X @ w / np.linalg.norm(w)


def _distance_flipped(w, b, X):
    return -_distance_reference(w, b, X)


def signed_distance(fn):
    """Check ``fn(w, b, X) -> d``: the signed distance ``(w . x + b) / ||w||`` of every row of
    ``X (N, D)`` from the line ``w . x + b = 0``, positive on the side ``w`` points to."""
    return check_function(
        "signed_distance",
        fn,
        _distance_reference,
        _distance_cases(),
        describe=lambda a: f"w={_short(a[0])}, b={_short(a[1])}, X of shape {a[2].shape}",
        mistakes=[
            (
                _distance_is_z,
                "z = w . x + b is not a distance: doubling w and b doubles z but leaves the "
                "line where it is. Walking a distance t along the unit normal w / ||w|| "
                "changes z by t ||w||, so divide z by ||w||.",
            ),
            (
                _distance_squared_norm,
                "divide by ||w||, not ||w||^2: the unit normal is w / ||w||, and a step t "
                "along it changes z by t ||w||.",
            ),
            (
                _distance_augmented,
                "the bias is not part of the line's normal: divide by ||w|| (the length of "
                "w alone), not by ||(w, b)||.",
            ),
            (
                _distance_unsigned,
                "keep the sign: the distance is positive on the side w points to (where "
                "z > 0) and negative on the other.",
            ),
            (_distance_no_bias, "include the bias: z = w . x + b, and the line moves with b."),
            (
                _distance_flipped,
                "the sign is flipped: w points to the side where z > 0, and that side is "
                "the positive one.",
            ),
        ],
    )


# --- one update ------------------------------------------------------------------------------


def _update_cases():
    r = case_rng(3)
    w, x = r.standard_normal(2), r.standard_normal(2)
    y = -1 if w @ x > 0 else 1  # misclassified by (w, b = 0)
    return [
        (np.zeros(2), 0.0, np.array([0.5, -1.0]), 1, 1.0),  # zero weights: z = 0 is a mistake
        (w, 0.0, x, y, 0.5),  # a mistake
        (w, 0.0, x, -y, 0.5),  # correct: nothing changes
        (r.standard_normal(3), 0.3, r.standard_normal(3), -1, 2.0),
        (np.array([1.0, 1.0]), -1.0, np.array([1.0, 0.0]), -1, 0.1),  # on the boundary, y = -1
    ]


def _update_strict(w, b, x, y, lr):
    if y * (w @ x + b) < 0:
        return w + lr * y * x, b + lr * y, True
    return w.copy(), b, False


def _update_no_bias(w, b, x, y, lr):
    w_new, _, mistake = perceptron.update(w, b, x, y, lr)
    return w_new, b, mistake


def _update_always(w, b, x, y, lr):
    return w + lr * y * x, b + lr * y, bool(y * (w @ x + b) <= 0)


def _update_descends(w, b, x, y, lr):
    if y * (w @ x + b) <= 0:
        return w - lr * y * x, b - lr * y, True
    return w.copy(), b, False


def _update_no_lr(w, b, x, y, lr):
    return perceptron.update(w, b, x, y, 1.0)


def _update_no_label(w, b, x, y, lr):
    if y * (w @ x + b) <= 0:
        return w + lr * x, b + lr, True
    return w.copy(), b, False


def perceptron_update(fn):
    """Check ``fn(w, b, x, y, lr) -> (w_new, b_new, mistake)``: one application of the
    perceptron rule to one example ``x (D,)`` with label ``y`` in {-1, +1}."""
    return check_function(
        "perceptron_update",
        fn,
        perceptron.update,
        _update_cases(),
        describe=lambda a: (
            f"w={_short(a[0])}, b={_short(a[1])}, x={_short(a[2])}, y={a[3]}, lr={a[4]:g}"
        ),
        mistakes=[
            (
                _update_strict,
                "test y * (w . x + b) <= 0, not < 0: a point on the boundary is a mistake, "
                "otherwise zero weights never move.",
            ),
            (
                _update_descends,
                "the step goes the wrong way: to raise the score y (w . x + b), move along "
                "its gradient y (x, 1), not against it.",
            ),
            (_update_no_bias, "the bias learns too: b_new = b + lr * y after a mistake."),
            (
                _update_no_label,
                "the gradient of the score y (w . x + b) with respect to w is y x, not x: "
                "an example with y = -1 must push w away from itself.",
            ),
            (_update_no_lr, "scale the step by the learning rate lr."),
            (
                _update_always,
                "update only after a mistake; a correctly classified example leaves w and b "
                "unchanged.",
            ),
        ],
    )


# --- the experiment: data that force at least k mistakes --------------------------------------

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
