"""The check of ``warmup_cosine`` (notebook 09): a linear warmup followed by cosine
annealing to zero."""

import numpy as np

from ...optim import schedules
from .._core import case_rng, check_function

__all__ = ["warmup_cosine"]


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
