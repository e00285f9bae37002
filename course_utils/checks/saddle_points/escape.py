"""The check of ``escape_time`` (notebook 06): the escape time of gradient descent from a
strict saddle."""

import numpy as np

from ...geometry import saddles
from .._core import case_rng, check_function

__all__ = ["escape_time"]


def _escape_reference(delta, lr, lam_min, radius):
    return float(saddles.linear_escape_time(delta, lr, lam_min, radius))


def _escape_gradient_flow(delta, lr, lam_min, radius):
    return float(np.log(radius / delta) / (lr * abs(lam_min)))


def _escape_no_radius(delta, lr, lam_min, radius):
    return float(np.log(1 / delta) / np.log(1 + lr * abs(lam_min)))


def _escape_wrong_sign(delta, lr, lam_min, radius):
    return float(np.log(radius / delta) / np.log(1 + lr * lam_min))


def _escape_ceil(delta, lr, lam_min, radius):
    return float(np.ceil(_escape_reference(delta, lr, lam_min, radius)))


def _escape_cases():
    rng = case_rng(4)
    drawn = (
        float(10.0 ** -rng.uniform(2.0, 10.0)),
        round(float(rng.uniform(0.01, 0.3)), 3),
        -round(float(rng.uniform(0.1, 3.0)), 3),
        round(float(rng.uniform(0.5, 2.0)), 3),
    )
    return [
        (1e-6, 0.1, -2.0, 1.0),
        (1e-3, 0.05, -0.5, 1.0),
        (0.01, 0.2, -1.3, 0.5),
        (1e-10, 0.01, -3.0, 2.0),
        drawn,
    ]


def escape_time(fn):
    """Check ``fn(delta, lr, lam_min, radius) -> float``: the number of gradient-descent steps
    ln(radius / delta) / ln(1 + lr |lam_min|) that carry the unstable coordinate of a strict
    saddle from delta to radius (a real number, not rounded)."""
    return check_function(
        "escape_time",
        fn,
        _escape_reference,
        _escape_cases(),
        describe=lambda a: f"delta={a[0]:g}, lr={a[1]:g}, lam_min={a[2]:g}, radius={a[3]:g}",
        mistakes=[
            (
                _escape_gradient_flow,
                "ln(radius / delta) / (lr |lam_min|) is the small-lr limit (gradient flow); "
                "one GD step multiplies the coordinate by 1 + lr |lam_min|, so divide by "
                "ln(1 + lr |lam_min|).",
            ),
            (
                _escape_no_radius,
                "the coordinate must grow from delta to radius, a factor radius / delta, "
                "not 1 / delta.",
            ),
            (
                _escape_wrong_sign,
                "lam_min is negative: one step multiplies the coordinate by "
                "1 - lr lam_min = 1 + lr |lam_min| > 1.",
            ),
            (
                _escape_ceil,
                "return the real number T; the first whole step past it is ceil(T), "
                "which the notebook compares with the measurement.",
            ),
        ],
    )
