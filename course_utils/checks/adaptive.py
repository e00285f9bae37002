"""Checks for the adaptive-method exercises of notebook 08 (AdaGrad, RMSProp, Adam's moments).

Each check compares with :mod:`course_utils.optimizers` on random inputs, including small
gradients (around 1e-5), where putting ``eps`` inside the square root changes the step, and
names the usual mistake when the learner's answer matches it.
"""

import contextlib
import io

import numpy as np

from .. import optimizers
from ._core import CheckResult, check_function, compare
from ._core import case_rng as _rng

__all__ = ["adagrad_step", "rmsprop_step", "adam_moments"]


def _with_hints(name, fn, reference, cases, mistakes):
    """``check_function``, plus a hint when a failing answer matches a known mistake.

    ``mistakes`` is a list of ``(wrong_function, hint)``; the hint is added when the learner's
    function agrees with ``wrong_function`` on every case.
    """
    with contextlib.redirect_stdout(io.StringIO()):
        result = check_function(name, fn, reference, cases)
    if not result.passed and callable(fn) and "not implemented" not in result.message:
        for wrong, hint in mistakes:
            try:
                with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
                    same = all(
                        compare(fn(*_copy(args)), wrong(*_copy(args))) is None for args in cases
                    )
            except Exception:  # the learner's code may raise anything
                same = False
            if same:
                result = CheckResult(name, False, f"{result.message} Hint: {hint}")
                break
    print(result.message)
    return result


def _copy(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def _state_cases():
    """(x, s, grad) triples: ordinary gradients, then gradients around 1e-5."""
    cases = []
    for seed, (scale, s_scale) in enumerate([(1.0, 1.0), (1.0, 0.0), (1e-5, 1e-10)]):
        r = _rng(seed)
        cases.append((r.standard_normal(3), s_scale * r.random(3), scale * r.standard_normal(3)))
    return cases


def adagrad_step(fn):
    """Check ``fn(x, s, grad, lr, eps) -> (x_new, s_new)``: one AdaGrad step (Duchi, Hazan &
    Singer 2011), s <- s + grad^2, x <- x - lr grad / (sqrt(s) + eps)."""

    def reference(x, s, g, lr, eps):
        x_new, st = optimizers.step("adagrad", x, g, {"t": 0, "s": s}, lr=lr, eps=eps)
        return x_new, st["s"]

    def eps_inside(x, s, g, lr, eps):
        s = s + g * g
        return x - lr * g / np.sqrt(s + eps), s

    def forgets_history(x, s, g, lr, eps):
        return x - lr * g / (np.abs(g) + eps), g * g

    lrs = (0.1, 0.5, 0.01)
    cases = [(x, s, g, lr, 1e-8) for (x, s, g), lr in zip(_state_cases(), lrs, strict=True)]
    return _with_hints(
        "adagrad_step",
        fn,
        reference,
        cases,
        [
            (
                eps_inside,
                "eps belongs outside the square root: grad / (np.sqrt(s) + eps), "
                "as in Duchi, Hazan & Singer (2011).",
            ),
            (
                forgets_history,
                "AdaGrad adds grad**2 to the accumulated s (s + grad**2); it does not replace it.",
            ),
        ],
    )


def rmsprop_step(fn):
    """Check ``fn(x, s, grad, lr, beta, eps) -> (x_new, s_new)``: one RMSProp step (Hinton,
    lecture 6e, 2012), s <- beta s + (1 - beta) grad^2, x <- x - lr grad / (sqrt(s) + eps)."""

    def reference(x, s, g, lr, beta, eps):
        x_new, st = optimizers.step("rmsprop", x, g, {"t": 0, "s": s}, lr=lr, beta=beta, eps=eps)
        return x_new, st["s"]

    def eps_inside(x, s, g, lr, beta, eps):
        s = beta * s + (1 - beta) * g * g
        return x - lr * g / np.sqrt(s + eps), s

    def weights_swapped(x, s, g, lr, beta, eps):
        s = (1 - beta) * s + beta * g * g
        return x - lr * g / (np.sqrt(s) + eps), s

    cases = [
        (x, s, g, lr, beta, 1e-8)
        for (x, s, g), lr, beta in zip(
            _state_cases(), (0.01, 0.1, 0.001), (0.9, 0.99, 0.9), strict=True
        )
    ]
    return _with_hints(
        "rmsprop_step",
        fn,
        reference,
        cases,
        [
            (
                eps_inside,
                "eps belongs outside the square root: grad / (np.sqrt(s) + eps). With eps "
                "inside, small gradients get much smaller steps, so eps values do not transfer.",
            ),
            (
                weights_swapped,
                "the old average keeps the weight beta: s = beta * s + (1 - beta) * grad**2.",
            ),
        ],
    )


def adam_moments(fn):
    """Check ``fn(grads, beta1, beta2) -> (m_hat, v_hat)``: Adam's bias-corrected moment
    estimates after every step (Kingma & Ba 2015, Algorithm 1), for ``grads (T, P)``; both
    results have shape (T, P), row t - 1 holding m_t / (1 - beta1^t) and v_t / (1 - beta2^t)
    with t counted from 1 and m_0 = v_0 = 0."""

    def moments(grads, beta1, beta2, shift=0, correct=True):
        m, v = np.zeros(grads.shape[1]), np.zeros(grads.shape[1])
        m_hat, v_hat = np.empty_like(grads), np.empty_like(grads)
        for t, g in enumerate(grads, start=1):
            m = beta1 * m + (1 - beta1) * g
            v = beta2 * v + (1 - beta2) * g * g
            c1 = 1 - beta1 ** (t + shift) if correct else 1.0
            c2 = 1 - beta2 ** (t + shift) if correct else 1.0
            m_hat[t - 1], v_hat[t - 1] = m / c1, v / c2
        return m_hat, v_hat

    def reference(grads, beta1, beta2):
        # the package's Adam state after each step, corrected as in its update
        state = optimizers.init_state("adam", grads[0])
        m_hat, v_hat = np.empty_like(grads), np.empty_like(grads)
        for t, g in enumerate(grads, start=1):
            _, state = optimizers.step("adam", grads[0], g, state, beta1=beta1, beta2=beta2)
            m_hat[t - 1] = state["m"] / (1 - beta1**t)
            v_hat[t - 1] = state["v"] / (1 - beta2**t)
        return m_hat, v_hat

    cases = [
        (_rng(0).standard_normal((5, 2)), 0.9, 0.999),
        (_rng(1).standard_normal((20, 3)) + 1.0, 0.9, 0.99),
        (_rng(2).standard_normal((8, 1)), 0.5, 0.9),
    ]
    return _with_hints(
        "adam_moments",
        fn,
        reference,
        cases,
        [
            (
                lambda g, b1, b2: moments(g, b1, b2, correct=False),
                "divide m_t by (1 - beta1**t) and v_t by (1 - beta2**t): without the "
                "correction the estimates start near 0.",
            ),
            (
                lambda g, b1, b2: moments(g, b1, b2, shift=1),
                "count t from 1: the first row is divided by (1 - beta1**1), (1 - beta2**1).",
            ),
        ],
    )
