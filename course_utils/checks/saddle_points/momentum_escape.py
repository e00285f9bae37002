"""The check of ``momentum_escape_settings`` (notebook 06, an experiment): leave an
ill-conditioned saddle fast with momentum, staying stable along its steep direction."""

import numpy as np

from ...geometry import saddles
from ...optim import optimizers
from .._core import case_rng, check_experiment

__all__ = ["momentum_escape_settings"]


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
