"""The check of ``valley_settings`` (notebook 07, an experiment): an ``(lr, beta)`` with
which heavy ball reaches f < 1e-6 within 100 steps on the valley f = (x^2 + 100 y^2) / 2."""

import numpy as np

from ...geometry import landscapes
from ...optim import momentum_theory, optimizers
from .._core import case_rng, check_experiment

__all__ = ["valley_settings"]


VALLEY_KAPPA = 100.0  # lambda_min = 1 along x, lambda_max = 100 along y
VALLEY_STEPS = 100
VALLEY_TARGET = 1e-6


def valley_starts():
    """The valley, the notebook's start (-1.5, 1) and a second start at the same height f,
    in a direction drawn from the check's random stream (hidden tests see another one)."""
    surface = landscapes.quadratic(VALLEY_KAPPA)
    start = np.array(surface.start, dtype=float)
    phi = case_rng(70).uniform(0.0, 2.0 * np.pi)
    direction = np.array([np.cos(phi), np.sin(phi)])
    other = direction * np.sqrt(surface.f(start) / surface.f(direction))
    return surface, [start, np.round(other, 3)]


def _as_settings(result):
    """(lr, beta) as floats, or a sentence saying what is wrong with the result."""
    try:
        lr, beta = (float(v) for v in result)
    except (TypeError, ValueError):
        return None, "return a pair of numbers (lr, beta), for example: return 0.01, 0.5."
    if not (np.isfinite(lr) and lr > 0 and np.isfinite(beta) and 0 <= beta < 1):
        return None, f"lr must be > 0 and beta in [0, 1); got lr = {lr:g}, beta = {beta:g}."
    return (lr, beta), None


def _valley_hint(lr, beta):
    """Why (lr, beta) is too slow on the valley, from the roots along each eigen-direction."""
    lam = np.array([1.0, VALLEY_KAPPA])
    edge = momentum_theory.max_stable_lr(beta, VALLEY_KAPPA)
    if momentum_theory.rate(lr, beta, lam) >= 1 - 1e-9:
        return (
            f"lr = {lr:.3g} is at or beyond the stability edge 2(1 + beta)/lambda_max = "
            f"{edge:.3g} for beta = {beta:g}: the run diverges. Lower lr."
        )
    floor, across = (float(momentum_theory.spectral_radius(lr, beta, x)) for x in lam)
    kind_floor, kind_across = momentum_theory.regime(lr, beta, lam)
    slow = []
    if kind_across == "zig-zags":
        slow.append(f"across the valley it zig-zags, shrinking by {across:.3f} per step")
    if kind_floor == "creeps":
        slow.append(f"along the floor it creeps, shrinking by {floor:.4f} per step")
    if beta < 0.5 and slow:
        return (
            f"beta = {beta:g} is too small: {'; '.join(slow)}. With little memory, an lr "
            "large enough for the floor makes the iterate zig-zag across the valley, as for "
            "gradient descent. Raise beta (and keep lr below the edge 2(1 + beta)/lambda_max)."
        )
    if "swings" in (kind_floor, kind_across) and np.isclose(max(floor, across), np.sqrt(beta)):
        return (
            f"beta = {beta:g} is too large: the swings shrink by only sqrt(beta) = "
            f"{np.sqrt(beta):.3f} per step, too slow for {VALLEY_STEPS} steps. Lower beta."
        )
    if kind_across == "zig-zags" and across >= floor:
        return (
            f"lr = {lr:.3g} is close to the stability edge {edge:.3g}: across the valley the "
            f"iterate zig-zags and shrinks by only {across:.3f} per step. Lower lr a little."
        )
    if kind_floor == "creeps" and floor >= across:
        return (
            f"along the floor of the valley the error creeps, shrinking by only {floor:.4f} per "
            f"step: the effective step lr/(1 - beta) = {lr / (1 - beta):.3g} is too small. "
            "Raise lr."
        )
    return (
        f"the error shrinks by {max(floor, across):.3f} per step; the fastest pairs reach "
        "about 0.82. Move towards a larger lr and a beta between 0.5 and 0.85."
    )


def _verify_valley(surface, starts):
    def verify(result):
        settings, problem = _as_settings(result)
        if problem:
            return problem, ""
        lr, beta = settings
        ends = []
        for x0 in starts:
            traj = optimizers.run("momentum", surface.grad, x0, VALLEY_STEPS, lr=lr, beta=beta)
            ends.append(float(surface.f(traj[-1])))
        named = f"with lr = {lr:g} and beta = {beta:g}"
        rho = momentum_theory.rate(lr, beta, [1.0, VALLEY_KAPPA])
        if all(np.isfinite(f) and f < VALLEY_TARGET for f in ends):
            return None, (
                f"{named}, f after {VALLEY_STEPS} steps is {max(ends):.1e} or less from both "
                f"starts; the error shrinks by {rho:.3f} per step (gradient descent at its "
                f"best lr: {momentum_theory.gd_rate(VALLEY_KAPPA):.3f}). Section 4 explains why."
            )
        k = next(i for i, f in enumerate(ends) if not (np.isfinite(f) and f < VALLEY_TARGET))
        where = "(-1.5, 1)" if k == 0 else f"({starts[k][0]:g}, {starts[k][1]:g})"
        reached = f"f = {ends[k]:.1e}" if np.isfinite(ends[k]) else "no finite f"
        return (
            f"{named}, heavy ball started at {where} has {reached} after {VALLEY_STEPS} steps "
            f"(target below {VALLEY_TARGET:g}): {_valley_hint(lr, beta)}"
        ), ""

    return verify


def valley_settings(fn):
    """Check ``fn() -> (lr, beta)``: with these, heavy ball on f = (x^2 + 100 y^2) / 2 reaches
    f < 1e-6 after 100 steps, from (-1.5, 1) and from a second start at the same height drawn
    by the check (hidden tests draw another). A failure names the regime that is too slow."""
    surface, starts = valley_starts()
    return check_experiment("valley_settings", fn, _verify_valley(surface, starts))
