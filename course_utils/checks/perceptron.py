"""Checks for the exercises of notebook 01 (the perceptron).

Each reference comes from :mod:`course_utils.perceptron`. Labels are in {-1, +1}. A few
typical mistakes (0/1 labels, ``np.sign`` on the boundary, a strict ``< 0`` test that never
leaves zero weights, a forgotten bias, a margin measured without the augmented 1) are
recognised and named with a one-sentence hint.
"""

import numpy as np

from .. import data, perceptron
from ._core import check_function

__all__ = ["perceptron_predict", "perceptron_update", "novikoff_bound"]


def _rng(seed):
    return np.random.default_rng(seed)


def _short(a):
    """An array or number rounded to 3 decimals, for messages."""
    return np.array2string(np.round(a, 3), separator=", ") if np.ndim(a) else f"{a:.3g}"


# --- predict ---------------------------------------------------------------------------


def _predict_cases():
    cases = []
    for seed, N in [(0, 5), (1, 8)]:
        r = _rng(seed)
        cases.append((r.standard_normal(2), float(r.standard_normal()), r.standard_normal((N, 2))))
    # Points exactly on the boundary z = 0 (the AND gate's inputs with w = (1, 1), b = -1):
    # the perceptron says -1 there.
    X_gate, _ = data.logic_gate("and")
    cases.append((np.array([1.0, 1.0]), -1.0, X_gate))
    cases.append((np.zeros(3), 0.0, _rng(2).standard_normal((4, 3))))
    return cases


def _zero_one(w, b, X):
    return (perceptron.predict(w, b, X) + 1) // 2


def _sign(w, b, X):
    return np.sign(X @ w + b)


def _greater_equal(w, b, X):
    return np.where(X @ w + b >= 0, 1, -1)


def perceptron_predict(fn):
    """Check ``fn(w, b, X) -> labels``: +1 where ``w . x + b > 0``, else -1, for every row
    of ``X (N, D)``; a point exactly on the boundary gets -1."""
    cases = _predict_cases()
    return check_function(
        "perceptron_predict",
        fn,
        perceptron.predict,
        cases,
        describe=lambda a: f"w={_short(a[0])}, b={_short(a[1])}, X of shape {a[2].shape}",
        mistakes=[
            (
                _zero_one,
                "your labels are 0/1; the perceptron's are -1/+1 (so that y * z > 0 means "
                "'correct').",
            ),
            (
                _sign,
                "np.sign gives 0 where w . x + b = 0; the perceptron must answer -1 or +1 "
                "there (the course uses -1: +1 only where z > 0).",
            ),
            (
                _greater_equal,
                "a point exactly on the boundary (z = 0) gets -1: use z > 0, not z >= 0.",
            ),
        ],
    )


# --- update ----------------------------------------------------------------------------


def _update_cases():
    r = _rng(3)
    w, x = r.standard_normal(2), r.standard_normal(2)
    y = -1 if w @ x > 0 else 1  # misclassified by (w, b = 0)
    return [
        (np.zeros(2), 0.0, np.array([0.5, -1.0]), 1, 1.0),  # zero weights: z = 0 is a mistake
        (w, 0.0, x, y, 0.5),  # a mistake
        (w, 0.0, x, -y, 0.5),  # correct: nothing changes
        (r.standard_normal(3), 0.3, r.standard_normal(3), -1, 2.0),
        (np.array([1.0, 1.0]), -1.0, np.array([1.0, 0.0]), -1, 0.1),  # on the boundary, y = -1
    ]


def _strict(w, b, x, y, lr):
    if y * (w @ x + b) < 0:
        return w + lr * y * x, b + lr * y, True
    return w.copy(), b, False


def _no_bias(w, b, x, y, lr):
    w_new, _, mistake = perceptron.update(w, b, x, y, lr)
    return w_new, b, mistake


def _always(w, b, x, y, lr):
    return w + lr * y * x, b + lr * y, bool(y * (w @ x + b) <= 0)


def perceptron_update(fn):
    """Check ``fn(w, b, x, y, lr) -> (w_new, b_new, mistake)``: one application of the
    perceptron rule to one example ``x (D,)`` with label ``y`` in {-1, +1}."""
    cases = _update_cases()
    return check_function(
        "perceptron_update",
        fn,
        perceptron.update,
        cases,
        describe=lambda a: (
            f"w={_short(a[0])}, b={_short(a[1])}, x={_short(a[2])}, y={a[3]}, lr={a[4]:g}"
        ),
        mistakes=[
            (
                _strict,
                "test y * (w . x + b) <= 0, not < 0: a point on the boundary is a mistake, "
                "otherwise zero weights never move.",
            ),
            (_no_bias, "the bias learns too: b_new = b + lr * y after a mistake."),
            (
                _always,
                "update only after a mistake; a correctly classified example leaves w and b "
                "unchanged.",
            ),
        ],
    )


# --- Novikoff's bound ------------------------------------------------------------------


def _novikoff_cases():
    cases = []
    for seed, margin, shift in [(4, 0.2, (0.0, 0.0)), (5, 0.05, (1.5, -0.5)), (6, 0.4, (0.3, 2))]:
        X, y, w_true = data.linearly_separable(20, margin, rng=_rng(seed))
        shift = np.asarray(shift, dtype=float)
        scale = 2.0 + seed  # a separator that is not a unit vector
        cases.append((X + shift, y, scale * w_true, float(-scale * w_true @ shift)))
    return cases


def _not_augmented(X, y, w, b):
    norm = np.linalg.norm(w)
    R = float(np.linalg.norm(X, axis=1).max())
    gamma = float((y * (X @ w + b)).min() / norm)
    return R, gamma, (R / gamma) ** 2


def _not_normalized(X, y, w, b):
    R, _, _ = perceptron.novikoff_bound(X, y, w, b)
    gamma = float((y * (X @ w + b)).min())
    return R, gamma, (R / gamma) ** 2


def _mean_margin(X, y, w, b):
    R, _, _ = perceptron.novikoff_bound(X, y, w, b)
    gamma = float((y * (X @ w + b)).mean() / np.linalg.norm(np.append(w, b)))
    return R, gamma, (R / gamma) ** 2


def novikoff_bound(fn):
    """Check ``fn(X, y, w, b) -> (R, gamma, bound)``: with augmented examples x' = (x, 1) and
    u = (w, b) / ||(w, b)||, R = max ||x'||, gamma = min y u . x' and bound = (R / gamma)^2."""
    cases = _novikoff_cases()
    return check_function(
        "novikoff_bound",
        fn,
        perceptron.novikoff_bound,
        cases,
        describe=lambda a: f"X of shape {a[0].shape}, w={_short(a[2])}, b={_short(a[3])}",
        mistakes=[
            (
                _not_augmented,
                "with a bias the theorem is about the augmented vectors x' = (x, 1) and "
                "u = (w, b): R = max ||(x, 1)|| and gamma divides by ||(w, b)||.",
            ),
            (
                _not_normalized,
                "gamma is a distance: divide y (w . x + b) by ||(w, b)|| (the bound must not "
                "change when w and b are scaled).",
            ),
            (_mean_margin, "gamma is the smallest margin over the examples (min), not the mean."),
        ],
    )
