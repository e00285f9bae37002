"""The check of ``budget_schedule`` (notebook 09, an experiment): a schedule with which SGD
on the noisy quadratic ends below a target expected loss within a budget of steps."""

import numpy as np

from ...optim import schedules
from .._core import case_rng, check_experiment

__all__ = ["budget_schedule"]


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
