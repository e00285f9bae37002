"""Checks for the exercises of notebook 06 (saddle points and plateaus).

Classifying a critical point from its Hessian, the escape time of gradient descent from a
strict saddle, and an experiment: a learning rate and a momentum coefficient with which the
heavy ball leaves an ill-conditioned saddle within a budget of steps while staying stable
along its steep direction. The references come from the package
(:mod:`course_utils.geometry.critical`, :mod:`course_utils.geometry.landscapes`,
:mod:`course_utils.geometry.saddles`, :mod:`course_utils.optim.optimizers`), and the typical
mistakes are recognised and named with a one-sentence hint.
"""

import numpy as np

from ..geometry import critical, landscapes, saddles
from ..optim import optimizers
from ._core import case_rng, check_experiment, check_function

__all__ = ["classify_hessian", "escape_time", "momentum_escape_settings"]

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


# --- the escape time ----------------------------------------------------------------------


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


# --- the experiment: leave an ill-conditioned saddle fast, with momentum --------------------

CURVATURES = np.array([10.0, -0.5])  # lambda_max along x, lambda_min along y
DELTA = 1e-8  # the start's distance from the stable manifold y = 0
BUDGET = 60  # steps allowed until |y| reaches 1
_STABLE_STEPS = 1000


def _ill_grad(theta):
    """Gradient of f(x, y) = (10 x^2 - 0.5 y^2) / 2, the notebook's ill-conditioned saddle."""
    return CURVATURES * theta


def _gd_best():
    """Fewest steps of gradient descent from DELTA: its lr stays below 2 / lambda_max."""
    return int(np.ceil(saddles.linear_escape_time(DELTA, 2 / CURVATURES[0], CURVATURES[1])))


def _as_settings(result):
    """(lr, beta) as floats, or a sentence saying what is wrong with the result."""
    try:
        lr, beta = (float(v) for v in result)
    except (TypeError, ValueError):
        return None, "return a pair of numbers (lr, beta), for example: return 0.1, 0.5."
    if not (np.isfinite(lr) and lr > 0 and 0 <= beta < 1):
        return None, f"lr must be > 0 and beta in [0, 1); got lr = {lr:g}, beta = {beta:g}."
    return (lr, beta), None


def _verify_momentum(x0):
    lam_max, lam_min = CURVATURES

    def verify(result):
        settings, problem = _as_settings(result)
        if problem:
            return problem, ""
        lr, beta = settings
        limit = 2 * (1 + beta) / lam_max
        named = f"with lr = {lr:g} and beta = {beta:g}"
        on_manifold = optimizers.run(
            "momentum", _ill_grad, [x0, 0.0], _STABLE_STEPS, lr=lr, beta=beta
        )
        if not abs(on_manifold[-1, 0]) < x0:  # NaN (diverged) fails too
            return (
                f"{named} the heavy ball is unstable along x, the steep direction (curvature "
                f"{lam_max:g}): started on the stable manifold, it does not come back to the "
                f"saddle. It is stable only for lr < 2(1 + beta) / {lam_max:g} = {limit:.3g}."
            ), ""
        traj = optimizers.run("momentum", _ill_grad, [x0, DELTA], 4 * BUDGET, lr=lr, beta=beta)
        out = np.abs(traj[:, 1]) >= 1.0
        k = int(np.argmax(out)) if out.any() else None
        if k is not None and k <= BUDGET:
            return None, (
                f"{named}, |y| reached 1 after {k} steps from ({x0:g}, {DELTA:g}) (gradient "
                f"descent needs at least {_gd_best()}), and a run started on the stable "
                "manifold still converges to the saddle."
            )
        took = f"after {k} steps" if k is not None else f"not within {4 * BUDGET} steps"
        if beta == 0:
            hint = (
                "with beta = 0 the heavy ball is plain gradient descent, which needs at least "
                f"{_gd_best()} steps here because its lr must stay below 2 / {lam_max:g} = "
                f"{2 / lam_max:g}. Give it momentum (beta = 0.9, say)."
            )
        elif lr <= 2 / lam_max:
            hint = (
                f"your lr is within gradient descent's limit {2 / lam_max:g}, but the heavy ball "
                f"is stable up to lr < 2(1 + beta) / {lam_max:g} = {limit:.3g}: use that room."
            )
        else:
            z = saddles.momentum_growth(lr, beta, lam_min)
            hint = (
                f"|y| grows by z = {z:.3g} per step; raise beta (0.9 or more) and take lr "
                f"close to the stability limit 2(1 + beta) / {lam_max:g} = {limit:.3g}."
            )
        return f"|y| reached 1 {took}, over the budget of {BUDGET}: {hint}", ""

    return verify


def momentum_escape_settings(fn):
    """Check ``fn() -> (lr, beta)``: with these, the heavy ball on the saddle
    f(x, y) = (10 x^2 - 0.5 y^2) / 2 started at (x0, 1e-8) gets |y| to 1 within 60 steps,
    and a run started on the stable manifold (x0, 0) still converges to the saddle (stable
    along x). The check draws x0 between 0.5 and 2; along y it makes no difference."""
    x0 = round(float(case_rng(6).uniform(0.5, 2.0)), 3)
    return check_experiment("momentum_escape_settings", fn, _verify_momentum(x0))
