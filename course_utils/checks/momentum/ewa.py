"""The check of ``ewa_average`` (notebook 07): an exponentially weighted average with
optional bias correction."""

import numpy as np

from .._core import case_rng, check_function

__all__ = ["ewa_average"]


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
