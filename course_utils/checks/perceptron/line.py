"""The checks of ``signed_distance`` and ``perceptron_update`` (notebook 01): the signed
distance of inputs from a perceptron's line, and one application of the learning rule."""

import numpy as np

from ...nn import perceptron
from .._core import case_rng, check_function

__all__ = ["signed_distance", "perceptron_update"]


def _short(a):
    """An array or number rounded to 3 decimals, for messages."""
    return np.array2string(np.round(a, 3), separator=", ") if np.ndim(a) else f"{a:.3g}"


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
