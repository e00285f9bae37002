"""Checks for the momentum exercises of notebook 07 (``ewa`` and ``momentum_step`` live in
:mod:`course_utils.checks.optim`)."""

import numpy as np

from .. import momentum_theory, optimizers
from ._core import check_function

__all__ = ["optimal_momentum", "nesterov_step"]


def optimal_momentum(fn):
    """Check ``fn(mu, L) -> (lr, beta)``, Polyak's optimal heavy-ball parameters for a
    quadratic whose Hessian eigenvalues lie in [mu, L]."""
    cases = [(1.0, 10.0), (0.5, 50.0), (2.0, 2000.0), (3.0, 3.0)]
    return check_function(
        "optimal_momentum",
        fn,
        momentum_theory.optimal_momentum,
        cases,
        describe=lambda a: f"mu={a[0]:g}, L={a[1]:g}",
    )


def nesterov_step(fn):
    """Check PyTorch's Nesterov step ``fn(x, v, grad, lr, beta) -> (x_new, v_new)``:
    v_new = beta v + grad, x_new = x - lr (grad + beta v_new)."""

    def reference(x, v, g, lr, beta):
        x_new, st = optimizers.step("nesterov", x, g, {"t": 0, "v": v}, lr=lr, beta=beta)
        return x_new, st["v"]

    cases = []
    for seed, lr, beta in [(0, 0.1, 0.9), (1, 0.01, 0.0), (2, 0.5, 0.99)]:
        r = np.random.default_rng(seed)
        cases.append((r.standard_normal(2), r.standard_normal(2), r.standard_normal(2), lr, beta))
    return check_function("nesterov_step", fn, reference, cases)
