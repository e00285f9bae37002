"""The checks of ``rmsprop_step`` and ``adam_update`` (notebook 08): one step of each,
compared with :mod:`course_utils.optim.optimizers`."""

import numpy as np

from ...optim import optimizers
from .._core import case_rng, check_function

__all__ = ["rmsprop_step", "adam_update"]


def _step_cases(n_state):
    """(x, grad, *state) tuples of shape (3,): ordinary gradients, a zero state (the first
    step), and gradients around 1e-5 with matching small states."""
    cases = []
    for seed, (scale, state_scale) in enumerate([(1.0, 1.0), (1.0, 0.0), (1e-5, 1e-5)]):
        r = case_rng(seed)
        x, g = r.standard_normal(3), scale * r.standard_normal(3)
        state = [state_scale * r.standard_normal(3) for _ in range(n_state - 1)]
        state.append(state_scale**2 * r.random(3))  # the squared-gradient average is >= 0
        cases.append((x, g, *state))
    return cases


def _describe(args):
    """The arguments of a failing case, small gradients (1e-5) included, to 3 digits."""

    def fmt(a):
        if isinstance(a, np.ndarray):
            return np.array2string(
                a, separator=", ", formatter={"float_kind": lambda v: f"{v:.3g}"}
            )
        return f"{a:g}" if isinstance(a, float) else repr(a)

    return ", ".join(fmt(a) for a in args)


def rmsprop_step(fn):
    """Check ``fn(x, grad, s, lr, beta, eps) -> (x_new, s_new)``: one RMSProp step (Hinton,
    lecture 6e, 2012), s <- beta s + (1 - beta) grad^2, x <- x - lr grad / (sqrt(s) + eps)."""

    def reference(x, g, s, lr, beta, eps):
        x_new, st = optimizers.step("rmsprop", x, g, {"t": 0, "s": s}, lr=lr, beta=beta, eps=eps)
        return x_new, st["s"]

    def eps_inside(x, g, s, lr, beta, eps):
        s = beta * s + (1 - beta) * g * g
        return x - lr * g / np.sqrt(s + eps), s

    def weights_swapped(x, g, s, lr, beta, eps):
        s = (1 - beta) * s + beta * g * g
        return x - lr * g / (np.sqrt(s) + eps), s

    def adagrad_sum(x, g, s, lr, beta, eps):
        s = s + g * g
        return x - lr * g / (np.sqrt(s) + eps), s

    def no_root(x, g, s, lr, beta, eps):
        s = beta * s + (1 - beta) * g * g
        return x - lr * g / (s + eps), s

    cases = [
        (x, g, s, lr, beta, 1e-8)
        for (x, g, s), lr, beta in zip(
            _step_cases(1), (0.01, 0.1, 0.001), (0.9, 0.99, 0.9), strict=True
        )
    ]
    return check_function(
        "rmsprop_step",
        fn,
        reference,
        cases,
        describe=_describe,
        mistakes=[
            (
                eps_inside,
                "eps belongs outside the square root: grad / (np.sqrt(s_new) + eps). With eps "
                "inside, small gradients get much smaller steps.",
            ),
            (
                weights_swapped,
                "the old average keeps the weight beta: s_new = beta * s + (1 - beta) * grad**2.",
            ),
            (
                adagrad_sum,
                "that is AdaGrad's sum s + grad**2; RMSProp forgets: beta * s + (1 - beta) * "
                "grad**2.",
            ),
            (no_root, "divide by the square root of s_new (plus eps), not by s_new itself."),
        ],
    )


def _adam(x, g, m, s, t, lr, beta1, beta2, eps, *, shift=1, correct=True, inside=False,
          eps_hat=False, store_hat=False, t_out=1, swap=False):  # fmt: skip
    """Adam's step with the usual mistakes switchable (defaults: Algorithm 1)."""
    w1, w2 = (1 - beta1, 1 - beta2) if swap else (beta1, beta2)  # weight of the old average
    m_new = w1 * m + (1 - w1) * g
    s_new = w2 * s + (1 - w2) * g * g
    c1 = 1 - beta1 ** (t + shift) if correct else 1.0
    c2 = 1 - beta2 ** (t + shift) if correct else 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        m_hat, s_hat = m_new / c1, s_new / c2
        if eps_hat:  # the paper's cheaper form with its epsilon-hat, given the value of eps
            x_new = x - lr * np.sqrt(c2) / c1 * m_new / (np.sqrt(s_new) + eps)
        elif inside:
            x_new = x - lr * m_hat / np.sqrt(s_hat + eps)
        else:
            x_new = x - lr * m_hat / (np.sqrt(s_hat) + eps)
    if store_hat:
        m_new, s_new = m_hat, s_hat
    return x_new, m_new, s_new, t + t_out


def adam_update(fn):
    """Check ``fn(x, grad, m, s, t, lr, beta1, beta2, eps) -> (x_new, m_new, s_new, t_new)``:
    one Adam step (Kingma & Ba 2015, Algorithm 1), where ``t`` is the number of steps taken
    before this one (0 at the start) and Algorithm 1 first increments it, t_new = t + 1; the
    bias corrections divide by 1 - beta1**t_new and 1 - beta2**t_new, and eps is added to
    sqrt(s_hat), outside the square root."""

    def reference(x, g, m, s, t, lr, beta1, beta2, eps):
        state = {"t": t, "m": m, "v": s}
        x_new, st = optimizers.step("adam", x, g, state, lr=lr, beta1=beta1, beta2=beta2, eps=eps)
        return x_new, st["m"], st["v"], st["t"]

    def variant(**kw):
        return lambda *args: _adam(*args, **kw)

    steps = (4, 0, 2)
    cases = [
        (x, g, m, s, t, lr, b1, b2, 1e-8)
        for (x, g, m, s), t, lr, (b1, b2) in zip(
            _step_cases(2), steps, (0.01, 0.01, 0.1), ((0.9, 0.999), (0.9, 0.99), (0.8, 0.999)),
            strict=True,
        )
    ]  # fmt: skip
    return check_function(
        "adam_update",
        fn,
        reference,
        cases,
        describe=_describe,
        mistakes=[
            (
                variant(correct=False),
                "divide m_new by (1 - beta1**t_new) and s_new by (1 - beta2**t_new): without "
                "the bias correction the first steps are lr * 0.1 / sqrt(0.001) = 3.16 lr long.",
            ),
            (
                variant(shift=0),
                "Algorithm 1 increments t first: t_new = t + 1, and the corrections use t_new. "
                "With the old t the first step divides by 1 - beta**0 = 0.",
            ),
            (
                variant(shift=2),
                "the corrections use t_new = t + 1 once, not t + 2.",
            ),
            (
                variant(t_out=0),
                "return the incremented step count t_new = t + 1, so that the next call "
                "corrects with the right power.",
            ),
            (
                variant(inside=True),
                "eps belongs outside the square root: m_hat / (np.sqrt(s_hat) + eps), as in "
                "Algorithm 1. Inside the root, small gradients get much smaller steps.",
            ),
            (
                variant(eps_hat=True),
                "that adds eps before the bias correction (the paper's epsilon-hat form, which "
                "TensorFlow uses): Algorithm 1 adds eps to sqrt(s_hat), after correcting.",
            ),
            (
                variant(store_hat=True),
                "return the uncorrected averages m_new and s_new: the corrected m_hat and s_hat "
                "are only used for this step.",
            ),
            (
                variant(swap=True),
                "the old average keeps the weight beta: m_new = beta1 * m + (1 - beta1) * grad.",
            ),
        ],
    )
