"""The check of ``lr_for_target`` (notebook 04, an experiment): a learning rate that reaches
a target loss within a step budget on linear regression, on raw inputs over two different
ranges (no single constant serves both) and on standardized inputs."""

import numpy as np

from .._core import case_rng as _rng
from .._core import check_experiment

__all__ = ["lr_for_target"]


START = (0.0, 5.0)  # (w_0, b_0), as in notebook 04
TOL = 1e-6  # target: L(w, b) - L* < TOL
N_STEPS = 160  # the step budget


X_HIGH = 4.0  # the raw inputs spread over (0, X_HIGH), as in notebook 04 (kappa about 28)
X_HIGH_NARROW = 1.5  # another range: its window of good learning rates does not overlap


def _regression_data(seed, high=X_HIGH):
    """x spread evenly over (0, high) and y = 2 x + noise, both of shape (N,)."""
    r = _rng(seed)
    N = 100
    x = r.permutation(high * (np.arange(N) + r.uniform(0.0, 1.0, N)) / N)
    return x, 2.0 * x + 0.5 * r.standard_normal(N)


def _quadratic(x, y):
    """Eigenvalues (ascending), start components along the eigenvectors, and L* of the
    mean-squared-error loss of y_hat = w x + b."""
    A = np.column_stack([x, np.ones_like(x)])
    best = np.linalg.lstsq(A, y, rcond=None)[0]
    lam, V = np.linalg.eigh(2.0 * A.T @ A / len(x))
    return lam, V.T @ (np.array(START) - best), float(np.mean((A @ best - y) ** 2))


def _steps_to_target(x, y, lr, n_steps):
    """Run gradient descent from START; return (steps, gap): the first t <= n_steps with
    L - L* < TOL (None if none) and the gap L - L* after the last step run."""
    _, _, best_loss = _quadratic(x, y)
    w, b = START
    with np.errstate(all="ignore"):
        for t in range(n_steps + 1):
            r = w * x + b - y
            gap = np.mean(r**2) - best_loss
            if gap < TOL:
                return t, gap
            w, b = w - lr * 2 * np.mean(r * x), b - lr * 2 * np.mean(r)
    return None, gap


def _window(x, y, n_steps):
    """The learning rates (lowest, highest) that reach the target within n_steps, from the
    closed form L_t - L* = sum_i lam_i c_i(0)^2 (1 - lr lam_i)^(2t) / 2 on a fine grid."""
    lam, c0, _ = _quadratic(x, y)
    lrs = np.linspace(0.0, 2.0 / lam[-1], 4001)[1:-1]
    t = np.arange(n_steps + 1)[:, None, None]
    gaps = np.sum(0.5 * lam * c0**2 * (1.0 - lrs[:, None] * lam) ** (2 * t), axis=-1)
    ok = lrs[np.any(gaps < TOL, axis=0)]
    return float(ok.min()), float(ok.max())


def _lr_problem(name, x, y, lr, n_steps):
    """None if ``lr`` reaches the target on (x, y) within n_steps, else a sentence and a hint."""
    try:
        lr = float(lr)
    except (TypeError, ValueError):
        return f"on the {name}, return one learning rate (a number); got {lr!r}.", None
    if not (np.isfinite(lr) and lr > 0):
        return f"on the {name}, the learning rate must be positive; got {lr!r}.", None
    steps, gap = _steps_to_target(x, y, lr, n_steps)
    if steps is not None:
        return None, steps
    lam, _, _ = _quadratic(x, y)
    where = f"on the {name} lr = {lr:.4g} does not reach L - L* < {TOL:g} in {n_steps} steps"
    if lr >= 2.0 / lam[-1]:
        return (
            f"{where}: it is at or above the stability limit 2/lambda_max = {2 / lam[-1]:.4g}, "
            "so the steep direction grows at every step (section 2).",
            None,
        )
    if lr < 2.0 / (lam[0] + lam[-1]):
        return (
            f"{where} (the loss is still {gap:.2g} above its minimum). It is too small for the "
            f"flat direction (lambda_min = {lam[0]:.3g}), which shrinks by only "
            f"1 - lr lambda_min = {1 - lr * lam[0]:.3f} per step: a larger lr speeds it up, as "
            f"long as the steep direction still converges (lr < {2 / lam[-1]:.4g}).",
            None,
        )
    return (
        f"{where}: it is so close to the stability limit 2/lambda_max = {2 / lam[-1]:.4g} that "
        f"the steep direction shrinks by only |1 - lr lambda_max| = {abs(1 - lr * lam[-1]):.3f} "
        "per step. Balance the two directions.",
        None,
    )


def lr_for_target(fn):
    """Check the experiment ``fn(x, y, n_steps) -> lr``.

    ``x (N,)``, ``y (N,)``: data for y_hat = w x + b with the mean squared error. The learning
    rate returned must take gradient descent from (w, b) = (0, 5) to within 1e-6 of the
    least-squares loss in at most ``n_steps`` steps. The check calls ``fn`` three times, with
    160 steps each: on raw inputs spread over (0, 4), on the same inputs standardized, and on
    raw inputs spread over (0, 1.5). The windows of good learning rates of the two raw data
    sets do not overlap, so a constant found by trial on one of them fails on the other.
    """
    x, y = _regression_data(0)
    xs = (x - x.mean()) / x.std()
    xn, yn = _regression_data(1, X_HIGH_NARROW)
    names = ("raw inputs", "standardized inputs", f"raw inputs over (0, {X_HIGH_NARROW:g})")

    def three(x, y, xs, xn, yn, n_steps):
        return fn(x, y, n_steps), fn(xs, y, n_steps), fn(xn, yn, n_steps)

    def verify(result):
        steps = []
        for name, lr, (inputs, targets) in zip(
            names, result, ((x, y), (xs, y), (xn, yn)), strict=True
        ):
            problem, taken = _lr_problem(name, inputs, targets, lr, N_STEPS)
            if problem is not None:
                if name == names[2] and _same_number(lr, result[0]):
                    problem += (
                        " Your function returned the same learning rate for both raw data "
                        "sets: compute it from x (the curvatures of this loss), or search for "
                        "it, instead of returning a constant."
                    )
                return problem, ""
            steps.append(taken)
        lam, _, _ = _quadratic(x, y)
        lam_n, _, _ = _quadratic(xn, yn)
        (lo, hi), (lo_s, hi_s) = _window(x, y, N_STEPS), _window(xs, y, N_STEPS)
        lo_n, hi_n = _window(xn, yn, N_STEPS)
        summary = (
            f"on raw x over (0, 4) (kappa = {lam[-1] / lam[0]:.0f}), lr = {float(result[0]):.4g} "
            f"reached the target in {steps[0]} of {N_STEPS} steps, and only learning rates from "
            f"{lo:.3g} to {hi:.3g} do; over (0, {X_HIGH_NARROW:g}) (kappa = "
            f"{lam_n[-1] / lam_n[0]:.0f}), lr = {float(result[2]):.4g} took {steps[2]} steps, "
            f"and only {lo_n:.3g} to {hi_n:.3g} work; on standardized x (kappa = 1), "
            f"lr = {float(result[1]):.4g} took {steps[1]} step{'s' if steps[1] != 1 else ''}, "
            f"and every lr from {lo_s:.2g} to {hi_s:.2g} does."
        )
        return None, summary

    return check_experiment(
        "lr_for_target", three if callable(fn) else fn, verify, (x, y, xs, xn, yn, N_STEPS)
    )


def _same_number(a, b):
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return False
