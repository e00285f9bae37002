"""The check of ``expected_loss`` (notebook 09): the exact expected loss of SGD under a
schedule on the noisy quadratic, from the mean and variance recursions."""

import numpy as np

from ...optim import schedules
from .._core import case_rng, check_function

__all__ = ["expected_loss"]


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
