"""The check of ``rosenbrock_hess`` (notebook 05): the Hessian of Rosenbrock's function."""

import numpy as np

from ...geometry import landscapes
from .._core import case_rng as _rng
from .._core import check_function

__all__ = ["rosenbrock_hess"]


def _rosenbrock_reference(x, y, a, b):
    return landscapes.rosenbrock(a, b).hess(np.array([x, y]))


def _hess_from(fxx, fxy, fyy, fyx=None):
    """A Rosenbrock "Hessian" built from entry formulas, for the mistakes below."""

    def wrong(x, y, a, b):
        lower = fxy(x, y, a, b) if fyx is None else fyx(x, y, a, b)
        return np.array([[fxx(x, y, a, b), fxy(x, y, a, b)], [lower, fyy(x, y, a, b)]])

    return wrong


def _fxx(x, y, a, b):
    return 2 - 4 * b * (y - x * x) + 8 * b * x * x


def _fxy(x, y, a, b):
    return -4 * b * x


def _fyy(x, y, a, b):
    return 2 * b


_ROSENBROCK_MISTAKES = [
    (
        _hess_from(lambda x, y, a, b: 2 + 8 * b * x * x, _fxy, _fyy),
        "d2f/dx2: differentiate -4 b x (y - x^2) with the product rule; besides "
        "+8 b x^2 it gives -4 b (y - x^2), which you dropped.",
    ),
    (
        _hess_from(lambda x, y, a, b: 2 - 4 * b * (y - x * x), _fxy, _fyy),
        "d2f/dx2: differentiate -4 b x (y - x^2) with the product rule; the inner "
        "derivative of (y - x^2) is -2x, which adds +8 b x^2.",
    ),
    (
        _hess_from(_fxx, lambda x, y, a, b: 4 * b * x, _fyy),
        "check the sign of the mixed derivative: d/dy of -4 b x (y - x^2) is -4 b x.",
    ),
    (
        _hess_from(_fxx, _fxy, lambda x, y, a, b: b),
        "d2f/dy2: the derivative of b (y - x^2)^2 with respect to y is 2 b (y - x^2), "
        "so the second derivative is 2 b.",
    ),
    (
        _hess_from(_fxx, _fxy, _fyy, fyx=lambda x, y, a, b: 0.0),
        "the Hessian is symmetric: the mixed derivative goes in both off-diagonal entries.",
    ),
    (
        _hess_from(lambda x, y, a, b: 2 + 12 * b * x * x, _fxy, _fyy),
        "d2f/dx2 depends on y too: -4 b x (y - x^2) differentiated in x gives -4 b y + 12 b x^2.",
    ),
]


def rosenbrock_hess(fn):
    """Check ``fn(x, y, a, b) -> ndarray (2, 2)``: the Hessian of
    f(x, y) = (a - x)^2 + b (y - x^2)^2 at the point (x, y)."""
    x, y = _rng(0).uniform(-2.0, 2.0, size=2)
    cases = [
        (1.0, 1.0, 1.0, 100.0),
        (round(float(x), 2), round(float(y), 2), 1.0, 100.0),
        (-1.2, 1.0, 1.0, 100.0),
        (0.5, 2.0, 2.0, 10.0),
        (-0.7, 2.2, 0.5, 3.0),
    ]
    return check_function(
        "rosenbrock_hess",
        fn,
        _rosenbrock_reference,
        cases,
        describe=lambda c: f"x={c[0]}, y={c[1]}, a={c[2]}, b={c[3]}",
        mistakes=_ROSENBROCK_MISTAKES,
    )
