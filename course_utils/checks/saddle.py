"""Checks for the exercises of notebook 06 (saddle points and plateaus).

Classifying a critical point from its Hessian, the Hessian of the monkey saddle, the escape
time of gradient descent from a strict saddle, and the index of a critical point. Every
reference comes from the package (:mod:`course_utils.critical`,
:mod:`course_utils.landscapes`, :mod:`course_utils.saddles`), and the typical mistakes are
recognised and named with a one-sentence hint.
"""

import numpy as np

from .. import critical, landscapes, saddles
from ._core import case_rng, check_function

__all__ = ["classify_hessian", "monkey_saddle_hessian", "escape_time", "hessian_index"]

TOL = 1e-8  # eigenvalues with |lambda| <= TOL count as zero, as in critical.classify_critical_point


def _rotated(eigs, seed):
    """A symmetric matrix Q diag(eigs) Q^T with a random orthogonal Q (off-diagonal entries)."""
    eigs = np.asarray(eigs, dtype=float)
    Q, _ = np.linalg.qr(case_rng(seed).standard_normal((eigs.size, eigs.size)))
    H = Q @ np.diag(eigs) @ Q.T
    return (H + H.T) / 2


def _hessian_cases():
    """Hessians of every type, some with positive diagonals that hide a negative eigenvalue."""
    c = np.cos(np.pi / 4)
    R = np.array([[c, -c], [c, c]])
    hidden = R @ np.diag([3.0, -1.0]) @ R.T  # diagonal (1, 1), yet a saddle
    origin = np.zeros(2)
    return [
        (landscapes.bowl().hess(origin),),
        (-landscapes.bowl().hess(origin),),
        (landscapes.saddle().hess(origin),),
        (landscapes.monkey_saddle().hess(origin),),
        (landscapes.monkey_saddle().hess(np.array([1.0, 0.5])),),
        (landscapes.rosenbrock().hess(np.array([1.0, 1.0])),),
        ((hidden + hidden.T) / 2,),
        (np.diag([2.0, 0.0]),),
        (np.diag([-1.0, 0.0, -3.0]),),
        (_rotated([-2.0, -0.5, -1.0], 1),),
        (_rotated([4.0, 1.0, -0.2, 2.0], 2),),
        (_rotated([0.3, 1.5, 2.0, 0.7, 5.0], 3),),
    ]


def _describe_hessian(args):
    return f"H = {(np.round(args[0], 3) + 0.0).tolist()}"


# --- classify a critical point ------------------------------------------------------------


def _classify_reference(H):
    return critical.classify_critical_point(critical.eigenvalues(H), TOL)


def _classify_maximum_as_saddle(H):
    kind = _classify_reference(H)
    return "saddle" if kind == "maximum" else kind


def _classify_not_min_is_saddle(H):
    return "minimum" if _classify_reference(H) == "minimum" else "saddle"


def _classify_from_diagonal(H):
    return critical.classify_critical_point(np.diag(H), TOL)


def _classify_ignores_zeros(H):
    eigs = critical.eigenvalues(H)
    if np.any(eigs > TOL) and np.any(eigs < -TOL):
        return "saddle"
    return "minimum" if np.all(eigs >= -TOL) else "maximum"


_NOT_A_SADDLE = (
    "a saddle is not every critical point that is not a minimum: all eigenvalues negative "
    "is a maximum, a zero eigenvalue without mixed signs is 'degenerate', and only mixed "
    "signs make a saddle."
)


def classify_hessian(fn):
    """Check ``fn(H) -> str``: "minimum", "maximum", "saddle" or "degenerate" for a critical
    point with Hessian ``H (P, P)``, as :func:`course_utils.critical.classify_critical_point`
    decides from the eigenvalues (|lambda| <= 1e-8 counts as zero)."""
    return check_function(
        "classify_hessian",
        fn,
        _classify_reference,
        _hessian_cases(),
        describe=_describe_hessian,
        mistakes=[
            (_classify_maximum_as_saddle, _NOT_A_SADDLE),
            (_classify_not_min_is_saddle, _NOT_A_SADDLE),
            (
                _classify_from_diagonal,
                "the diagonal entries are curvatures along the axes only; with off-diagonal "
                "entries the signs that decide are those of the eigenvalues "
                "(np.linalg.eigvalsh).",
            ),
            (
                _classify_ignores_zeros,
                "when some eigenvalue is zero (|lambda| <= tol) and the others do not have "
                "mixed signs, the second-order test is silent: return 'degenerate'.",
            ),
        ],
    )


# --- the monkey saddle's Hessian ----------------------------------------------------------


def _monkey_reference(x, y):
    return landscapes.monkey_saddle().hess(np.array([x, y]))


def _monkey_wrong_cross_sign(x, y):
    return np.array([[6 * x, 6 * y], [6 * y, -6 * x]])


def _monkey_wrong_yy(x, y):
    return np.array([[6 * x, -6 * y], [-6 * y, -6 * y]])


def monkey_saddle_hessian(fn):
    """Check ``fn(x, y) -> ndarray (2, 2)``: the Hessian of f(x, y) = x^3 - 3 x y^2."""
    x, y = case_rng(0).uniform(-2.0, 2.0, size=2)
    cases = [(1.0, 0.5), (-0.3, 2.0), (0.0, 0.0), (round(float(x), 3), round(float(y), 3))]
    return check_function(
        "monkey_saddle_hessian",
        fn,
        _monkey_reference,
        cases,
        describe=lambda a: f"x={a[0]}, y={a[1]}",
        mistakes=[
            (
                _monkey_wrong_cross_sign,
                "df/dx = 3x^2 - 3y^2, so d2f/dxdy = d(3x^2 - 3y^2)/dy = -6y (mind the sign).",
            ),
            (
                _monkey_wrong_yy,
                "df/dy = -6xy, so d2f/dy2 = -6x: differentiate with respect to y, keep x fixed.",
            ),
        ],
    )


# --- the escape time ----------------------------------------------------------------------


def _escape_reference(eps, lr, lam_min, radius):
    return float(saddles.linear_escape_time(eps, lr, lam_min, radius))


def _escape_gradient_flow(eps, lr, lam_min, radius):
    return float(np.log(radius / eps) / (lr * abs(lam_min)))


def _escape_no_radius(eps, lr, lam_min, radius):
    return float(np.log(1 / eps) / np.log(1 + lr * abs(lam_min)))


def _escape_wrong_sign(eps, lr, lam_min, radius):
    return float(np.log(radius / eps) / np.log(1 + lr * lam_min))


def _escape_ceil(eps, lr, lam_min, radius):
    return float(np.ceil(_escape_reference(eps, lr, lam_min, radius)))


def escape_time(fn):
    """Check ``fn(eps, lr, lam_min, radius) -> float``: the number of gradient-descent steps
    ln(radius / eps) / ln(1 + lr |lam_min|) that carry the unstable coordinate of a strict
    saddle from eps to radius (a real number, not rounded)."""
    cases = [
        (1e-6, 0.1, -2.0, 1.0),
        (1e-3, 0.05, -0.5, 1.0),
        (0.01, 0.2, -1.3, 0.5),
        (1e-10, 0.01, -3.0, 2.0),
    ]
    return check_function(
        "escape_time",
        fn,
        _escape_reference,
        cases,
        describe=lambda a: f"eps={a[0]:g}, lr={a[1]:g}, lam_min={a[2]:g}, radius={a[3]:g}",
        mistakes=[
            (
                _escape_gradient_flow,
                "ln(radius / eps) / (lr |lam_min|) is the small-lr limit (gradient flow); "
                "one GD step multiplies the coordinate by 1 + lr |lam_min|, so divide by "
                "ln(1 + lr |lam_min|).",
            ),
            (
                _escape_no_radius,
                "the coordinate must grow from eps to radius, a factor radius / eps, not 1 / eps.",
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


# --- the index ----------------------------------------------------------------------------


def _index_reference(H):
    return critical.index(critical.eigenvalues(H), TOL)


def hessian_index(fn):
    """Check ``fn(H) -> float``: the index of a critical point with Hessian ``H (P, P)``, the
    fraction of its eigenvalues that are negative (< -1e-8), as in Dauphin et al. (2014)."""
    cases = _hessian_cases()
    return check_function(
        "hessian_index",
        fn,
        _index_reference,
        cases,
        describe=_describe_hessian,
        mistakes=[
            (
                lambda H: float(np.sum(critical.eigenvalues(H) < -TOL)),
                "you counted the negative eigenvalues; the index is their fraction, "
                "count / P, a number in [0, 1].",
            ),
            (
                lambda H: float(np.mean(critical.eigenvalues(H) > TOL)),
                "that is the fraction of positive eigenvalues; the index counts the "
                "negative ones (0 at a minimum, 1 at a maximum).",
            ),
            (
                lambda H: float(np.mean(np.diag(H) < -TOL)),
                "use the eigenvalues (np.linalg.eigvalsh), not the diagonal entries: "
                "off-diagonal entries can hide a negative curvature.",
            ),
        ],
    )
