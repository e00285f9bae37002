"""The check of ``lrs_for_scale`` (notebook 08, an experiment): learning rates for gradient
descent and Adam on a valley whose loss is multiplied by c."""

import numpy as np

from ...geometry import landscapes
from ...optim import optimizers
from .._core import case_rng, check_experiment

__all__ = ["lrs_for_scale"]


# The experiment: a valley whose loss is multiplied by c.
KAPPA, N_STEPS, TARGET = 20.0, 300, 1e-6
_GD_WINDOW = "0.03 to 0.09"  # lr * c that reach the target within N_STEPS (see the tests)


def _reaches(method, surface, c, lr):
    """Steps until f <= TARGET for ``method`` at ``lr`` on c * f (None if never), and whether
    the run blew up (diverged, or ended above its starting value)."""
    traj = optimizers.run(method, lambda x: c * surface.grad(x), surface.start, N_STEPS, lr=lr)
    with np.errstate(all="ignore"):
        f = surface.f(traj)
    hit = np.flatnonzero(f <= TARGET)
    unstable = optimizers.diverged_at(traj) is not None or not f[-1] <= f[0]
    return (int(hit[0]) if hit.size else None), unstable


def _scales():
    """Three loss scales: one below 0.1, one near 1, one above 10 (log-uniform)."""
    r = case_rng(7)
    return (10 ** r.uniform(-3, -1), 10 ** r.uniform(-0.3, 0.3), 10 ** r.uniform(1, 3))


def _listed(values):
    return ", ".join(f"{v:.3g}" for v in values)


def _lr_pair(pair):
    try:
        lr_gd, lr_adam = (float(v) for v in pair)
    except (TypeError, ValueError):
        return None
    if not (np.isfinite(lr_gd) and np.isfinite(lr_adam) and lr_gd > 0 and lr_adam > 0):
        return None
    return lr_gd, lr_adam


def _verify_scales(scales, results):
    surface = landscapes.quadratic(kappa=KAPPA)
    if len(results) != len(scales):
        return f"expected one pair of learning rates per scale; got {results!r}.", ""
    pairs = [_lr_pair(p) for p in results]
    if any(p is None for p in pairs):
        return (
            "lrs_for_scale(c) should return two learning rates > 0, (lr_gd, lr_adam); got "
            f"{results[[p is None for p in pairs].index(True)]!r}.",
            "",
        )
    gd_lrs = np.array([p[0] for p in pairs])
    adam_lrs = np.array([p[1] for p in pairs])
    products = gd_lrs * np.array(scales)
    for c, lr in zip(scales, gd_lrs, strict=True):
        steps, diverged = _reaches("gd", surface, c, lr)
        if steps is not None:
            continue
        upward = gd_lrs[-1] > gd_lrs[0]
        if diverged:
            problem = (
                f"gradient descent blew up on {c:.3g}·f with lr = {lr:.3g}. Its step is "
                f"lr·c·grad f, so lr·c = {lr * c:.3g} must stay below 2/lambda_max = "
                f"{2 / KAPPA:g}: divide the lr that works for c = 1 by c."
            )
        else:
            problem = (
                f"gradient descent did not reach f <= {TARGET:g} within {N_STEPS} steps on "
                f"{c:.3g}·f with lr = {lr:.3g}: lr·c = {lr * c:.3g}, and about {_GD_WINDOW} "
                f"works (too small crawls; too close to 2/lambda_max = {2 / KAPPA:g} zig-zags)."
            )
        if upward:
            problem += " Your GD lr grows with c; GD's step already grows with c, so its lr "
            problem += "must shrink like 1/c."
        elif not diverged and len(set(np.round(products, 12))) > 1:
            problem += " What must stay in that window is the product lr·c: divide the lr "
            problem += "that works for c = 1 by c."
        return problem, ""
    for c, lr in zip(scales, adam_lrs, strict=True):
        steps, _ = _reaches("adam", surface, c, lr)
        if steps is not None:
            continue
        if np.ptp(np.log10(adam_lrs)) > 0.5:
            problem = (
                f"Adam with lr = {lr:.3g} did not reach f <= {TARGET:g} within {N_STEPS} "
                f"steps on {c:.3g}·f. Your Adam lr changes with c ({_listed(adam_lrs)}), "
                "but Adam's step is about lr whatever the scale c: the lr that works for "
                "c = 1 works for every c."
            )
        else:
            problem = (
                f"Adam with lr = {lr:.3g} did not reach f <= {TARGET:g} within {N_STEPS} "
                f"steps on {c:.3g}·f. Each step is about lr long and the start is 1.8 from "
                "the minimum: try an lr between 0.03 and 1."
            )
        return problem, ""
    spread = np.ptp(np.log10(products))
    summary = (
        f"for c = {_listed(scales)}, gradient descent reached f <= {TARGET:g} within "
        f"{N_STEPS} steps with lr·c = {_listed(products)}"
        + (" (one product for every c)" if spread < 0.01 else "")
        + f", and Adam with lr = {_listed(adam_lrs)}."
    )
    return None, summary


def lrs_for_scale(fn):
    """Check the experiment ``fn(c) -> (lr_gd, lr_adam)``: learning rates with which gradient
    descent and Adam both reach f <= 1e-6 within 300 steps on c times the valley
    ``landscapes.quadratic(kappa=20)`` from its start, for three loss scales c drawn between
    1e-3 and 1e3 (one below 0.1, one near 1, one above 10)."""
    scales = _scales()
    if not callable(fn):
        return check_experiment("lrs_for_scale", fn, lambda r: (None, ""))

    def run_all(cs):
        return [fn(c) for c in cs]

    return check_experiment(
        "lrs_for_scale", run_all, lambda r: _verify_scales(scales, r), (scales,)
    )
