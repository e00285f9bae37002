"""Checks for the optimizer and network exercises (notebooks 03, 04, 07, 08, 09)."""

import numpy as np

from ..nn import network
from ..optim import optimizers, schedules
from ._core import case_rng as _rng
from ._core import check_function

__all__ = [
    "backward",
    "gd_step",
    "momentum_step",
    "adam_step",
    "ewa",
    "inverse_time",
]


def backward(fn, activation="tanh"):
    """Check ``fn(dscores, X, params) -> grads`` (dW1, db1, dW2, db2) for a two-layer net.

    The learner recomputes the forward pass inside, from ``X`` and ``params``.
    """

    def reference(dscores, X, W1, b1, W2, b2):
        params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
        _, cache = network.forward(params, X, activation)
        return network.backward(dscores, cache)

    def learner(dscores, X, W1, b1, W2, b2):
        return fn(dscores, X, {"W1": W1, "b1": b1, "W2": W2, "b2": b2})

    cases = []
    for seed, (N, D, H, C) in enumerate([(1, 2, 3, 1), (5, 3, 4, 2), (8, 4, 6, 3)]):
        r = _rng(seed)
        p = network.init_params(D, H, C, rng=r, init="normal", scale=0.7)
        cases.append(
            (
                r.standard_normal((N, C)),
                r.standard_normal((N, D)),
                p["W1"],
                r.standard_normal(H),
                p["W2"],
                r.standard_normal(C),
            )
        )
    return check_function(
        "backward",
        learner,
        reference,
        cases,
        describe=lambda a: f"N={a[1].shape[0]}, D={a[1].shape[1]}, H={a[2].shape[1]}",
    )


def gd_step(fn):
    """Check ``fn(x, grad, lr) -> x_new``."""
    cases = [
        (_rng(s).standard_normal(3), _rng(s + 9).standard_normal(3), lr)
        for s, lr in [(0, 0.1), (1, 0.5), (2, 1e-3)]
    ]
    return check_function("gd_step", fn, lambda x, g, lr: x - lr * g, cases)


def momentum_step(fn):
    """Check the heavy-ball step ``fn(x, v, grad, lr, beta) -> (x_new, v_new)``."""

    def reference(x, v, g, lr, beta):
        x_new, st = optimizers.step("momentum", x, g, {"t": 0, "v": v}, lr=lr, beta=beta)
        return x_new, st["v"]

    cases = [
        (r.standard_normal(2), r.standard_normal(2), r.standard_normal(2), lr, beta)
        for r, lr, beta in [(_rng(0), 0.1, 0.9), (_rng(1), 0.01, 0.0), (_rng(2), 0.5, 0.99)]
    ]
    return check_function("momentum_step", fn, reference, cases)


def adam_step(fn):
    """Check ``fn(x, m, v, grad, t, lr, beta1, beta2, eps) -> (x_new, m_new, v_new)`` with
    t the number of this update counted from 1 (Kingma & Ba 2015, Algorithm 1)."""

    def reference(x, m, v, g, t, lr, beta1, beta2, eps):
        state = {"t": t - 1, "m": m, "v": v}
        x_new, st = optimizers.step("adam", x, g, state, lr=lr, beta1=beta1, beta2=beta2, eps=eps)
        return x_new, st["m"], st["v"]

    cases = []
    for seed, t in [(0, 1), (1, 2), (2, 10)]:
        r = _rng(seed)
        cases.append(
            (
                r.standard_normal(3),
                0.1 * r.standard_normal(3),
                0.01 * r.random(3),
                r.standard_normal(3),
                t,
                0.01,
                0.9,
                0.999,
                1e-8,
            )
        )
    return check_function("adam_step", fn, reference, cases)


def ewa(fn):
    """Check ``fn(series, beta, bias_correction) -> (T,)`` exponentially weighted averages
    v_t = beta v_{t-1} + (1 - beta) x_t from v_0 = 0, divided by (1 - beta^t) when
    ``bias_correction``."""

    def reference(series, beta, bias_correction):
        out, v = np.empty_like(series), 0.0
        for t, value in enumerate(series, start=1):
            v = beta * v + (1 - beta) * value
            out[t - 1] = v / (1 - beta**t) if bias_correction else v
        return out

    cases = [
        (_rng(0).standard_normal(20) + 5, 0.9, False),
        (_rng(1).standard_normal(30) + 5, 0.9, True),
        (_rng(2).standard_normal(10), 0.5, True),
    ]
    return check_function("ewa", fn, reference, cases)


def inverse_time(fn):
    """Check ``fn(lr0, k, t) -> lr0 / (1 + k t)`` for arrays of steps t."""
    cases = [(0.1, 0.5, np.arange(10)), (1.0, 0.0, np.arange(5)), (0.3, 2.0, np.arange(0, 100, 7))]
    return check_function(
        "inverse_time", fn, lambda lr0, k, t: schedules.inverse_time(lr0, k)(t), cases
    )
