"""The check of ``optimal_momentum`` (notebook 07): Polyak's (1964) optimal heavy-ball
parameters on a quadratic."""

import numpy as np

from ...optim import momentum_theory
from .._core import case_rng, check_function

__all__ = ["optimal_momentum"]


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
