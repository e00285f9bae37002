"""Checks for the exercises of notebook 07, exponentially weighted averages and momentum.

- :func:`valley_settings`: an experiment, an ``(lr, beta)`` with which heavy ball reaches
  f < 1e-6 within 100 steps on the valley f = (x^2 + 100 y^2) / 2;
- :func:`ewa_average`: an exponentially weighted average with optional bias correction;
- :func:`optimal_momentum`: Polyak's (1964) optimal heavy-ball parameters on a quadratic;
- :func:`nesterov_step`: one step of PyTorch's form of Nesterov's method.
"""

import numpy as np

from ..geometry import landscapes
from ..optim import momentum_theory, optimizers
from ._core import case_rng, check_experiment, check_function

__all__ = ["valley_settings", "ewa_average", "optimal_momentum", "nesterov_step"]


# --- valley_settings: an experiment -------------------------------------------------------

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


# --- ewa_average ----------------------------------------------------------------------------


def _ewa_reference(series, beta, bias_correction):
    out, v = np.empty(len(series)), 0.0
    for t, x_t in enumerate(series, start=1):
        v = beta * v + (1 - beta) * x_t
        out[t - 1] = v / (1 - beta**t) if bias_correction else v
    return out


def _ewa_mistake(step, correct=lambda v, beta, t, T: v / (1 - beta**t), start=lambda s: 0.0):
    """A wrong EWA: ``step(v, x, beta)`` the recursion, ``correct`` the bias correction."""

    def wrong(series, beta, bias_correction):
        out, v = np.empty(len(series)), start(series)
        with np.errstate(all="ignore"):
            for t, x_t in enumerate(series, start=1):
                v = step(v, x_t, beta)
                out[t - 1] = correct(v, beta, t, len(series)) if bias_correction else v
        return out

    return wrong


def _fed_back(series, beta, bias_correction):
    """The corrected value fed back into the recursion instead of the raw one."""
    out, v = np.empty(len(series)), 0.0
    for t, x_t in enumerate(series, start=1):
        v = beta * v + (1 - beta) * x_t
        if bias_correction:
            v = v / (1 - beta**t)
        out[t - 1] = v
    return out


def _ema(v, x, beta):
    return beta * v + (1 - beta) * x


# The typical mistakes ewa_average recognises: (what the mistake computes, its hint).
EWA_MISTAKES = (
    (
        lambda s, beta, bc: _ewa_reference(s, beta, False),
        "with bias_correction=True, divide each v_t by 1 - beta**t.",
    ),
    (
        _ewa_mistake(lambda v, x, beta: (1 - beta) * v + beta * x),
        "the weights are swapped: the old average keeps the weight beta, the new "
        "observation gets 1 - beta.",
    ),
    (
        _ewa_mistake(_ema, start=lambda s: s[0]),
        "start from v_0 = 0, not from the first observation (the bias correction then "
        "removes the pull towards 0).",
    ),
    (
        _ewa_mistake(_ema, correct=lambda v, beta, t, T: v / (1 - beta ** (t - 1))),
        "count t from 1: v_1 is divided by 1 - beta, not by 1 - beta**0 = 0.",
    ),
    (
        _ewa_mistake(_ema, correct=lambda v, beta, t, T: v / (1 - beta**T)),
        "divide each v_t by 1 - beta**t with its own t, not by the last one.",
    ),
    (
        _fed_back,
        "correct only what you return: the recursion keeps the raw v_t (feeding the "
        "corrected value back in makes it grow).",
    ),
)


def ewa_average(fn):
    """Check ``fn(series, beta, bias_correction) -> (T,)``: v_t = beta v_{t-1} + (1 - beta) x_t
    from v_0 = 0, divided by (1 - beta^t) (t from 1) when ``bias_correction``."""
    cases = []
    for seed, (T, beta, bc) in enumerate(
        [(20, 0.9, False), (30, 0.9, True), (12, 0.5, True), (40, 0.98, True)]
    ):
        r = case_rng(seed)
        cases.append((r.standard_normal(T) + r.uniform(2, 6), round(beta, 3), bc))
    return check_function(
        "ewa_average",
        fn,
        _ewa_reference,
        cases,
        describe=lambda a: f"a series of length {len(a[0])}, beta={a[1]}, bias_correction={a[2]}",
        mistakes=EWA_MISTAKES,
    )


# --- optimal_momentum -----------------------------------------------------------------------


def _optimal_mistake(change):
    def wrong(lam_min, lam_max):
        s_min, s_max = np.sqrt(lam_min), np.sqrt(lam_max)
        return change(s_min, s_max)

    return wrong


def _rate_of(s_min, s_max):
    return (s_max - s_min) / (s_max + s_min)


# The typical mistakes optimal_momentum recognises: (what the mistake computes, its hint).
OPTIMAL_MISTAKES = (
    (
        _optimal_mistake(lambda a, b: (4 / (a + b) ** 2, _rate_of(a, b))),
        "beta is the square of (sqrt(kappa) - 1) / (sqrt(kappa) + 1): that ratio is sqrt(beta), "
        "the rate, not beta.",
    ),
    (
        _optimal_mistake(lambda a, b: (2 / (a + b), _rate_of(a, b) ** 2)),
        "lr * lam_max = (1 + sqrt(beta))^2 gives lr = 4 / (sqrt(lam_max) + sqrt(lam_min))^2: "
        "the square is missing.",
    ),
    (
        _optimal_mistake(lambda a, b: (2 / (a * a + b * b), _rate_of(a, b) ** 2)),
        "2 / (lam_min + lam_max) is gradient descent's best lr; momentum's comes from "
        "lr * lam_max = (1 + sqrt(beta))^2.",
    ),
    (
        _optimal_mistake(lambda a, b: (4 / (a + b) ** 2, ((b * b - a * a) / (b * b + a * a)) ** 2)),
        "beta uses the square roots: sqrt(beta) = (sqrt(kappa) - 1) / (sqrt(kappa) + 1), "
        "with sqrt(kappa), not kappa.",
    ),
    (
        _optimal_mistake(lambda a, b: (_rate_of(a, b) ** 2, 4 / (a + b) ** 2)),
        "return (lr, beta) in this order.",
    ),
)


def optimal_momentum(fn):
    """Check ``fn(lam_min, lam_max) -> (lr, beta)``, Polyak's optimal heavy-ball parameters
    for a quadratic whose Hessian eigenvalues lie in [lam_min, lam_max]."""
    cases = []
    for seed in range(3):
        r = case_rng(10 + seed)
        lam_min = round(float(r.uniform(0.2, 3.0)), 3)
        cases.append((lam_min, round(lam_min * float(10 ** r.uniform(0.5, 3.5)), 3)))
    cases.append((2.0, 2.0))  # kappa = 1: no momentum needed, lr = 1 / lambda
    return check_function(
        "optimal_momentum",
        fn,
        momentum_theory.optimal_momentum,
        cases,
        describe=lambda a: f"lam_min={a[0]:g}, lam_max={a[1]:g}",
        mistakes=OPTIMAL_MISTAKES,
    )


# --- nesterov_step --------------------------------------------------------------------------


def _nesterov_reference(x, v, g, lr, beta):
    x_new, st = optimizers.step("nesterov", x, g, {"t": 0, "v": v}, lr=lr, beta=beta)
    return x_new, st["v"]


# The typical mistakes nesterov_step recognises: (what the mistake computes, its hint).
NESTEROV_MISTAKES = (
    (
        lambda x, v, g, lr, beta: (x - lr * (beta * v + g), beta * v + g),
        "that is heavy ball's step theta - lr v_new. The stored look-ahead point moves by "
        "-beta u_t + (1 + beta) u_(t+1), not by u_(t+1): replace each u by -lr v in all "
        "three terms.",
    ),
    (
        lambda x, v, g, lr, beta: (x - lr * g, beta * v + g),
        "theta - lr grad is the ball's own next position theta_(t+1); PyTorch stores the "
        "look-ahead point theta_(t+1) + beta u_(t+1), so add beta u_(t+1) = -lr beta v_new.",
    ),
    (
        lambda x, v, g, lr, beta: (x - lr * (1 + beta) * (beta * v + g), beta * v + g),
        "the term -beta u_t = +lr beta v is missing: the look-ahead point moves by "
        "-beta u_t + (1 + beta) u_(t+1).",
    ),
    (
        lambda x, v, g, lr, beta: (x + lr * (g + beta * (beta * v + g)), beta * v + g),
        "step against the gradient: theta MINUS lr (grad + beta v_new).",
    ),
    (
        lambda x, v, g, lr, beta: (x - lr * (g + beta * (beta * v + g)), v),
        "return the updated buffer v_new = beta v + grad as the second item.",
    ),
)


def nesterov_step(fn):
    """Check PyTorch's Nesterov step ``fn(x, v, grad, lr, beta) -> (x_new, v_new)``:
    v_new = beta v + grad, x_new = x - lr (grad + beta v_new)."""
    cases = []
    for seed, lr, beta in [(20, 0.1, 0.9), (21, 0.01, 0.0), (22, 0.5, 0.99)]:
        r = case_rng(seed)
        P = int(r.integers(2, 5))
        cases.append((r.standard_normal(P), r.standard_normal(P), r.standard_normal(P), lr, beta))
    return check_function(
        "nesterov_step",
        fn,
        _nesterov_reference,
        cases,
        describe=lambda a: f"P={a[0].size}, lr={a[3]}, beta={a[4]}",
        mistakes=NESTEROV_MISTAKES,
    )
