"""Checks for the exercises of notebook 09, learning-rate schedules.

- :func:`expected_loss`: the exact expected loss of SGD under a schedule on the noisy
  quadratic f = theta^2 / 2 (gradient theta + sigma xi), from the mean and variance
  recursions;
- :func:`warmup_cosine`: a linear warmup followed by cosine annealing to zero;
- :func:`budget_schedule`: an experiment, a schedule with which SGD on the noisy quadratic
  ends below a target expected loss within a budget of steps, from two starts.
"""

import numpy as np

from ..optim import schedules
from ._core import case_rng, check_experiment, check_function

__all__ = ["expected_loss", "warmup_cosine", "budget_schedule"]


# --- expected_loss --------------------------------------------------------------------------


def _expected_loss_reference(lr_t, theta0, sigma):
    return schedules.quadratic_expected_loss(lr_t, theta0, sigma)


def _recursion(lr_t, theta0, sigma, shrink_var, kick, halve=True, with_mean=True):
    """The recursion with one typical mistake: ``shrink_var(lr)`` multiplies the variance,
    ``kick(lr, sigma)`` is added to it."""
    mean, var, out = theta0, 0.0, [theta0**2 / 2 if halve else theta0**2]
    for lr in lr_t:
        mean, var = (1 - lr) * mean, shrink_var(lr) * var + kick(lr, sigma)
        total = (mean**2 if with_mean else 0.0) + var
        out.append(total / 2 if halve else total)
    return np.array(out)


def _mistake(**kwargs):
    options = {"shrink_var": lambda lr: (1 - lr) ** 2, "kick": lambda lr, s: (lr * s) ** 2}
    options.update(kwargs)
    return lambda lr_t, theta0, sigma: _recursion(lr_t, theta0, sigma, **options)


# The typical mistakes expected_loss recognises: (what the mistake computes, its hint).
EXPECTED_LOSS_MISTAKES = [
    (
        _mistake(shrink_var=lambda lr: 1 - lr),
        "the variance shrinks by (1 - lr_t)**2 per step: Var[(1 - lr) theta] = "
        "(1 - lr)**2 Var[theta].",
    ),
    (
        _mistake(kick=lambda lr, s: lr * s**2),
        "each step adds the noise lr_t * sigma * xi_t, whose variance is lr_t**2 * sigma**2 "
        "(the learning rate squared).",
    ),
    (
        _mistake(kick=lambda lr, s: lr**2 * s),
        "the noise sigma * xi_t has variance sigma**2, so a step adds lr_t**2 * sigma**2.",
    ),
    (
        _mistake(with_mean=False),
        "E[theta**2] = mean**2 + var: the part of the start that is left, mean_t**2, counts too.",
    ),
    (
        _mistake(halve=False),
        "f(theta) = theta**2 / 2: halve E[theta**2].",
    ),
]


def _expected_loss_cases():
    cases = []
    for seed, (T, lr_max) in enumerate([(1, 0.5), (12, 0.9), (40, 1.5)]):
        r = case_rng(90 + seed)
        lr_t = r.uniform(0.02, lr_max, size=T)
        cases.append((lr_t, float(r.uniform(-4.0, 4.0)), float(r.uniform(0.3, 2.0))))
    return cases


def expected_loss(fn):
    """Check ``fn(lr_t, theta0, sigma) -> (T + 1,)``, the exact E[f(theta_t)] of SGD on
    f = theta^2 / 2 with gradient theta + sigma xi, xi ~ N(0, 1), for t = 0 .. T."""

    def describe(args):
        lr_t, theta0, sigma = args
        return f"lr_t of shape ({len(lr_t)},), theta0={theta0:.3g}, sigma={sigma:.3g}"

    return check_function(
        "expected_loss",
        fn,
        _expected_loss_reference,
        _expected_loss_cases(),
        describe=describe,
        mistakes=EXPECTED_LOSS_MISTAKES,
    )


# --- warmup_cosine --------------------------------------------------------------------------


def _warmup_cosine_reference(lr0, n_warmup, T, t):
    schedule = schedules.warmup(schedules.cosine(lr0, T - n_warmup), n_warmup)
    return np.asarray(schedule(t), dtype=float)


def _ramp_from_zero(lr0, n_warmup, T, t):
    t = np.asarray(t, dtype=float)
    cos = 0.5 * lr0 * (1 + np.cos(np.pi * (t - n_warmup) / (T - n_warmup)))
    return np.where(t < n_warmup, lr0 * t / n_warmup, cos)


def _cosine_not_shifted(lr0, n_warmup, T, t):
    t = np.asarray(t, dtype=float)
    return np.where(t < n_warmup, lr0 * (t + 1) / n_warmup, 0.5 * lr0 * (1 + np.cos(np.pi * t / T)))


def _cosine_over_T(lr0, n_warmup, T, t):
    t = np.asarray(t, dtype=float)
    cos = 0.5 * lr0 * (1 + np.cos(np.pi * (t - n_warmup) / T))
    return np.where(t < n_warmup, lr0 * (t + 1) / n_warmup, cos)


def _ramp_one_step_too_long(lr0, n_warmup, T, t):
    t = np.asarray(t, dtype=float)
    cos = 0.5 * lr0 * (1 + np.cos(np.pi * (t - n_warmup) / (T - n_warmup)))
    return np.where(t <= n_warmup, lr0 * (t + 1) / n_warmup, cos)


def _no_half(lr0, n_warmup, T, t):
    t = np.asarray(t, dtype=float)
    cos = lr0 * (1 + np.cos(np.pi * (t - n_warmup) / (T - n_warmup)))
    return np.where(t < n_warmup, lr0 * (t + 1) / n_warmup, cos)


# The typical mistakes warmup_cosine recognises: (what the mistake computes, its hint).
WARMUP_MISTAKES = [
    (
        _ramp_from_zero,
        "with lr0 * t / n_warmup the first update has the rate 0 and does nothing; the ramp "
        "is lr0 * (t + 1) / n_warmup, which reaches lr0 at t = n_warmup - 1.",
    ),
    (
        _cosine_not_shifted,
        "the cosine starts where the warmup ends: measure its time from n_warmup, "
        "cos(pi * (t - n_warmup) / (T - n_warmup)).",
    ),
    (
        _cosine_over_T,
        "after the warmup, T - n_warmup steps are left: the cosine runs over T - n_warmup "
        "steps so that it reaches 0 at t = T.",
    ),
    (
        _ramp_one_step_too_long,
        "the ramp covers the steps t < n_warmup only: at t = n_warmup the cosine starts, at "
        "lr0 (with t <= n_warmup the ramp overshoots to lr0 * (n_warmup + 1) / n_warmup).",
    ),
    (
        _no_half,
        "cosine annealing is lr0 * (1 + cos(...)) / 2: it starts at lr0, not at 2 * lr0.",
    ),
]


def _warmup_cases():
    r = case_rng(95)
    T3 = int(r.integers(30, 60))
    return [
        (0.1, 10, 100, np.arange(101, dtype=np.int64)),
        (1.0, 1, 20, np.arange(21, dtype=np.int64)),
        (float(r.uniform(0.01, 1.0)), 5, T3, np.sort(r.integers(0, T3 + 1, size=12))),
    ]


def warmup_cosine(fn):
    """Check ``fn(lr0, n_warmup, T, t) -> lr_t``: lr0 (t + 1) / n_warmup for t < n_warmup,
    then lr0 (1 + cos(pi (t - n_warmup) / (T - n_warmup))) / 2 for n_warmup <= t <= T."""

    def describe(args):
        lr0, n_warmup, T, t = args
        return f"lr0={lr0:.3g}, n_warmup={n_warmup}, T={T}, t of shape {t.shape}"

    return check_function(
        "warmup_cosine",
        fn,
        _warmup_cosine_reference,
        _warmup_cases(),
        describe=describe,
        mistakes=WARMUP_MISTAKES,
    )


# --- budget_schedule: an experiment ---------------------------------------------------------

BUDGET_STEPS = 1000
BUDGET_TARGET = 1e-3
BUDGET_SIGMA = 1.0
BUDGET_START = 3.0


def budget_starts():
    """The notebook's start theta0 = 3 and one farther away, between 5 and 15 in size,
    drawn from the check's random stream (hidden tests see another one)."""
    r = case_rng(97)
    far = float(np.round(r.uniform(5.0, 15.0), 2)) * (1.0 if r.random() < 0.5 else -1.0)
    return [BUDGET_START, far]


def best_constant_loss(theta0=BUDGET_START, T=BUDGET_STEPS, sigma=BUDGET_SIGMA):
    """The lowest E[f(theta_T)] any constant rate reaches, and that rate (a fine grid).

    Closed form for a constant lr: E f = ((1 - lr)^(2T) theta0^2
    + lr sigma^2 (1 - (1 - lr)^(2T)) / (2 - lr)) / 2.
    """
    lr = np.geomspace(1e-4, 1.0, 4001)
    decay = (1 - lr) ** (2 * T)
    loss = 0.5 * (decay * theta0**2 + lr * sigma**2 * (1 - decay) / (2 - lr))
    i = int(np.argmin(loss))
    return float(loss[i]), float(lr[i])


def _rates(schedule, T):
    """The schedule's rates for t = 0 .. T-1, or a sentence saying what is wrong."""
    if not callable(schedule):
        return None, (
            "budget_schedule(T) should return a schedule, e.g. schedules.inverse_time(0.1, "
            f"k=0.1), or a function of the step t; got {type(schedule).__name__}."
        )
    t = np.arange(T, dtype=np.int64)
    try:
        lr_t = np.asarray(schedule(t), dtype=float)
        if lr_t.shape != (T,):
            lr_t = np.array([float(schedule(int(s))) for s in t])
    except Exception:  # a plain Python function of one int step
        lr_t = np.array([float(schedule(int(s))) for s in t])
    if not np.all(np.isfinite(lr_t)) or np.any(lr_t < 0):
        bad = int(np.flatnonzero(~(np.isfinite(lr_t) & (lr_t >= 0)))[0])
        return None, f"a learning rate must be a number >= 0; at t = {bad} it is {lr_t[bad]!r}."
    return lr_t, None


def _budget_hint(lr_t, start, noise):
    """Why the expected loss after the budget is too high, from its two parts."""
    lr_end = float(lr_t[-1])
    total = start[-1] + noise[-1]
    if not np.isfinite(total) or np.max(lr_t) >= 2.0 and total > 1.0:
        return (
            f"the rate reaches {np.max(lr_t):.3g}: above 2 / curvature = 2 a step overshoots "
            "the minimum by more than it started from, and the loss grows (notebook 04). "
            "Start lower."
        )
    if start[-1] >= noise[-1]:
        return (
            f"what is left of the start, {start[-1]:.3g}, is too much: the rates add up to "
            f"sum lr_t = {np.sum(lr_t):.3g}, too little travel to forget a start this far "
            "away. Start with a larger rate, or let it decay later or more slowly."
        )
    floor = lr_end * BUDGET_SIGMA**2 / (2 * (2 - lr_end))
    if noise[-1] < 1.5 * floor:
        return (
            f"the noise keeps E[f] at {noise[-1]:.3g}, the floor of the last rate "
            f"lr_T = {lr_end:.3g} (about lr_T sigma^2 / 4): the rate is still too large at "
            "the end. Let it decay further."
        )
    return (
        f"the noise part {noise[-1]:.3g} is frozen far above the floor of the last rate "
        f"({floor:.2g}): the rate fell too fast, and the noise picked up while it was large "
        "is never averaged away. Start lower, or let the rate decay more gradually."
    )


def _verify_budget(starts, T):
    best, _ = best_constant_loss(BUDGET_START, T, BUDGET_SIGMA)

    def verify(result):
        lr_t, problem = _rates(result, T)
        if problem:
            return problem, ""
        finals = []
        for theta0 in starts:
            start, noise = schedules.quadratic_expected_loss(lr_t, theta0, BUDGET_SIGMA, parts=True)
            final = start[-1] + noise[-1]
            if not (np.isfinite(final) and final < BUDGET_TARGET):
                reached = f"{final:.3g}" if np.isfinite(final) else "not finite (diverged)"
                return (
                    f"from theta0 = {theta0:g}, E[f] after {T} steps is {reached} (target "
                    f"below {BUDGET_TARGET:g}): {_budget_hint(lr_t, start, noise)}"
                ), ""
            finals.append(final)
        return None, (
            f"after {T} steps E[f] is {finals[0]:.2g} from theta0 = {starts[0]:g} and "
            f"{finals[1]:.2g} from theta0 = {starts[1]:g}, below {BUDGET_TARGET:g} (the best "
            f"constant rate ends at {best:.2g} from theta0 = {starts[0]:g}). Your rate went "
            f"from {lr_t[0]:.3g} to {lr_t[-1]:.3g}."
        )

    return verify


def budget_schedule(fn):
    """Check the experiment ``fn(T) -> schedule``: with the schedule's rates lr_0 ..
    lr_{T-1}, the exact E[f(theta_T)] of SGD on f = theta^2 / 2 with gradient noise
    N(0, 1) must be below 1e-3 after T = 1000 steps from theta0 = 3 and from a second
    start between 5 and 15 in size (hidden tests draw another)."""
    starts = budget_starts()
    verify = _verify_budget(starts, BUDGET_STEPS)
    return check_experiment("budget_schedule", fn, verify, (BUDGET_STEPS,))
