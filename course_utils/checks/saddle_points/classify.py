"""The check of ``classify_hessian`` (notebook 06): classify a critical point from its
Hessian."""

import numpy as np

from ...geometry import critical, landscapes
from .._core import case_rng, check_function

__all__ = ["classify_hessian"]


TOL = 1e-8  # eigenvalues with |lambda| <= TOL count as zero, as in critical.classify_critical_point


def _rotated(eigs, seed):
    """A symmetric matrix Q diag(eigs) Q^T with a random orthogonal Q (off-diagonal entries)."""
    eigs = np.asarray(eigs, dtype=float)
    Q, _ = np.linalg.qr(case_rng(seed).standard_normal((eigs.size, eigs.size)))
    hess = Q @ np.diag(eigs) @ Q.T
    return (hess + hess.T) / 2


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
    return f"hess = {(np.round(args[0], 3) + 0.0).tolist()}"


# --- classify a critical point ------------------------------------------------------------


def _classify_reference(hess):
    return critical.classify_critical_point(critical.eigenvalues(hess), TOL)


def _classify_maximum_as_saddle(hess):
    kind = _classify_reference(hess)
    return "saddle" if kind == "maximum" else kind


def _classify_not_min_is_saddle(hess):
    return "minimum" if _classify_reference(hess) == "minimum" else "saddle"


def _classify_from_diagonal(hess):
    return critical.classify_critical_point(np.diag(hess), TOL)


def _classify_ignores_zeros(hess):
    eigs = critical.eigenvalues(hess)
    if np.any(eigs > TOL) and np.any(eigs < -TOL):
        return "saddle"
    return "minimum" if np.all(eigs >= -TOL) else "maximum"


_NOT_A_SADDLE = (
    "a saddle is not every critical point that is not a minimum: all eigenvalues negative "
    "is a maximum, a zero eigenvalue without mixed signs is 'degenerate', and only mixed "
    "signs make a saddle."
)


def classify_hessian(fn):
    """Check ``fn(hess) -> str``: "minimum", "maximum", "saddle" or "degenerate" for a
    critical point with Hessian ``hess (P, P)``, as
    :func:`course_utils.geometry.critical.classify_critical_point` decides from the eigenvalues
    (|lambda| <= 1e-8 counts as zero)."""
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
