"""Checks for the exercises of notebook 08 (adaptive methods): one RMSProp step, one Adam
step, and an experiment on the gradient scale.

The step checks compare with :mod:`course_utils.optim.optimizers` on random inputs, including
gradients around 1e-5, where putting ``eps`` inside the square root changes the step, and
name the usual mistake when the learner's answer matches it.
"""

import numpy as np

from ..geometry import landscapes
from ..optim import optimizers
from ._core import case_rng, check_experiment, check_function

__all__ = ["rmsprop_step", "adam_update", "lrs_for_scale"]


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


# The experiment: a valley whose loss is multiplied by c.
KAPPA, N_STEPS, TARGET = 20.0, 300, 1e-6
_GD_WINDOW = "0.03 to 0.09"  # lr * c that reach the target within N_STEPS (see the tests)


def _reaches(method, surface, c, lr):
    """Steps until f <= TARGET for ``method`` at ``lr`` on c * f (None if never), and whether
    the run blew up (diverged, or ended above its starting value)."""
    traj = optimizers.run(method, lambda x: c * surface.grad(x), surface.start, N_STEPS, lr=lr)
    with np.errstate(all="ignore"):
        f = surface.f(traj)
    hit = np.flatnonzero(f <= TARGET)
    unstable = optimizers.diverged_at(traj) is not None or not f[-1] <= f[0]
    return (int(hit[0]) if hit.size else None), unstable


def _scales():
    """Three loss scales: one below 0.1, one near 1, one above 10 (log-uniform)."""
    r = case_rng(7)
    return (10 ** r.uniform(-3, -1), 10 ** r.uniform(-0.3, 0.3), 10 ** r.uniform(1, 3))


def _listed(values):
    return ", ".join(f"{v:.3g}" for v in values)


def _lr_pair(pair):
    try:
        lr_gd, lr_adam = (float(v) for v in pair)
    except (TypeError, ValueError):
        return None
    if not (np.isfinite(lr_gd) and np.isfinite(lr_adam) and lr_gd > 0 and lr_adam > 0):
        return None
    return lr_gd, lr_adam


def _verify_scales(scales, results):
    surface = landscapes.quadratic(kappa=KAPPA)
    if len(results) != len(scales):
        return f"expected one pair of learning rates per scale; got {results!r}.", ""
    pairs = [_lr_pair(p) for p in results]
    if any(p is None for p in pairs):
        return (
            "lrs_for_scale(c) should return two learning rates > 0, (lr_gd, lr_adam); got "
            f"{results[[p is None for p in pairs].index(True)]!r}.",
            "",
        )
    gd_lrs = np.array([p[0] for p in pairs])
    adam_lrs = np.array([p[1] for p in pairs])
    products = gd_lrs * np.array(scales)
    for c, lr in zip(scales, gd_lrs, strict=True):
        steps, diverged = _reaches("gd", surface, c, lr)
        if steps is not None:
            continue
        upward = gd_lrs[-1] > gd_lrs[0]
        if diverged:
            problem = (
                f"gradient descent blew up on {c:.3g}·f with lr = {lr:.3g}. Its step is "
                f"lr·c·grad f, so lr·c = {lr * c:.3g} must stay below 2/lambda_max = "
                f"{2 / KAPPA:g}: divide the lr that works for c = 1 by c."
            )
        else:
            problem = (
                f"gradient descent did not reach f <= {TARGET:g} within {N_STEPS} steps on "
                f"{c:.3g}·f with lr = {lr:.3g}: lr·c = {lr * c:.3g}, and about {_GD_WINDOW} "
                f"works (too small crawls; too close to 2/lambda_max = {2 / KAPPA:g} zig-zags)."
            )
        if upward:
            problem += " Your GD lr grows with c; GD's step already grows with c, so its lr "
            problem += "must shrink like 1/c."
        elif not diverged and len(set(np.round(products, 12))) > 1:
            problem += " What must stay in that window is the product lr·c: divide the lr "
            problem += "that works for c = 1 by c."
        return problem, ""
    for c, lr in zip(scales, adam_lrs, strict=True):
        steps, _ = _reaches("adam", surface, c, lr)
        if steps is not None:
            continue
        if np.ptp(np.log10(adam_lrs)) > 0.5:
            problem = (
                f"Adam with lr = {lr:.3g} did not reach f <= {TARGET:g} within {N_STEPS} "
                f"steps on {c:.3g}·f. Your Adam lr changes with c ({_listed(adam_lrs)}), "
                "but Adam's step is about lr whatever the scale c: the lr that works for "
                "c = 1 works for every c."
            )
        else:
            problem = (
                f"Adam with lr = {lr:.3g} did not reach f <= {TARGET:g} within {N_STEPS} "
                f"steps on {c:.3g}·f. Each step is about lr long and the start is 1.8 from "
                "the minimum: try an lr between 0.03 and 1."
            )
        return problem, ""
    spread = np.ptp(np.log10(products))
    summary = (
        f"for c = {_listed(scales)}, gradient descent reached f <= {TARGET:g} within "
        f"{N_STEPS} steps with lr·c = {_listed(products)}"
        + (" (one product for every c)" if spread < 0.01 else "")
        + f", and Adam with lr = {_listed(adam_lrs)}."
    )
    return None, summary


def lrs_for_scale(fn):
    """Check the experiment ``fn(c) -> (lr_gd, lr_adam)``: learning rates with which gradient
    descent and Adam both reach f <= 1e-6 within 300 steps on c times the valley
    ``landscapes.quadratic(kappa=20)`` from its start, for three loss scales c drawn between
    1e-3 and 1e3 (one below 0.1, one near 1, one above 10)."""
    scales = _scales()
    if not callable(fn):
        return check_experiment("lrs_for_scale", fn, lambda r: (None, ""))

    def run_all(cs):
        return [fn(c) for c in cs]

    return check_experiment(
        "lrs_for_scale", run_all, lambda r: _verify_scales(scales, r), (scales,)
    )
