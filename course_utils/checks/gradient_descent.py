"""Checks for the gradient-descent exercises of notebook 04 (``gd_step``, the warm-up of
notebook 00, lives in :mod:`course_utils.checks.start_here`).

- :func:`eigen_components`: the error of gradient descent on a quadratic, split along the
  eigenvectors of its Hessian, in closed form (Goh 2017, "Why Momentum Really Works");
- :func:`lr_for_target`: an experiment, a learning rate that reaches a target loss within a
  step budget on linear regression: on raw inputs over two different ranges (no single
  constant serves both) and on standardized inputs;
- :func:`early_stopping`: the patience rule (Prechelt 1998).
"""

import numpy as np

from ..nn import training
from ._core import case_rng as _rng
from ._core import check_experiment, check_function

__all__ = ["eigen_components", "lr_for_target", "early_stopping"]


# --- eigen_components -----------------------------------------------------------------------


def _components_reference(hess, lr, e0, n_steps):
    """c[t, i] = (1 - lr lam_i)^t (q_i . e0), eigenvalues ascending (shape (n_steps + 1, P))."""
    lam, V = np.linalg.eigh(hess)
    t = np.arange(n_steps + 1)[:, None]
    return (1.0 - lr * lam) ** t * (V.T @ e0)


def _aligned(fn):
    """``fn`` with each column's sign matched to the reference's at t = 0.

    An eigenvector is defined only up to its sign, so q_i and -q_i give components of
    opposite signs; both answers are right.
    """

    def run(hess, lr, e0, n_steps):
        got = fn(hess, lr, e0, n_steps)
        ref = _components_reference(hess, lr, e0, n_steps)
        try:
            arr = np.array(got, dtype=float)
        except (TypeError, ValueError):
            return got
        if arr.shape == ref.shape:
            arr[:, np.sign(arr[0]) * np.sign(ref[0]) < 0] *= -1.0
        return arr

    return run


def _components_mistake(change):
    """A wrong version of the reference: ``change(lam, V, e0, t) -> c``."""

    def wrong(hess, lr, e0, n_steps):
        lam, V = np.linalg.eigh(hess)
        return change(lam, V, e0, np.arange(n_steps + 1)[:, None], lr)

    return wrong


_COMPONENT_MISTAKES = (
    (
        _components_mistake(lambda lam, V, e0, t, lr: (1 - lr * lam) ** t * e0),
        "e0 is given in the parameters' coordinates: first project it on the eigenvectors, "
        "c_i(0) = q_i . e0 (V.T @ e0).",
    ),
    (
        _components_mistake(lambda lam, V, e0, t, lr: (1 - lr * lam) ** t * (V @ e0)),
        "np.linalg.eigh returns the eigenvectors as the COLUMNS of V: the components are "
        "V.T @ e0, not V @ e0.",
    ),
    (
        _components_mistake(lambda lam, V, e0, t, lr: (1 - lr * lam) ** (t + 1) * (V.T @ e0)),
        "row t holds the components after t steps, so row 0 is the start itself: "
        "use t = 0, 1, ..., n_steps.",
    ),
    (
        _components_mistake(lambda lam, V, e0, t, lr: np.exp(-lr * lam * t) * (V.T @ e0)),
        "one step multiplies a component by exactly 1 - lr lambda_i, not by exp(-lr lambda_i).",
    ),
    (
        _components_mistake(lambda lam, V, e0, t, lr: (1 + lr * lam) ** t * (V.T @ e0)),
        "gradient descent subtracts lr times the gradient: the factor is 1 - lr lambda_i.",
    ),
    (
        _components_mistake(lambda lam, V, e0, t, lr: np.abs((1 - lr * lam) ** t * (V.T @ e0))),
        "keep the signs: when 1 - lr lambda_i < 0, the component changes sign at every step "
        "(the oscillating regime of section 2).",
    ),
    (
        _components_mistake(lambda lam, V, e0, t, lr: ((1 - lr * lam) ** t * (V.T @ e0))[:, ::-1]),
        "order the columns by increasing eigenvalue, as np.linalg.eigh does.",
    ),
)


def _rotation_hessian(r, eigenvalues):
    """A symmetric (P, P) matrix with the given eigenvalues and random eigenvectors."""
    P = len(eigenvalues)
    Q, _ = np.linalg.qr(r.standard_normal((P, P)))
    hess = Q @ np.diag(eigenvalues) @ Q.T
    return (hess + hess.T) / 2


def eigen_components(fn):
    """Check ``fn(hess, lr, e0, n_steps) -> c`` of shape (n_steps + 1, P).

    On a quadratic with Hessian ``hess (P, P)`` (symmetric, distinct eigenvalues), the error
    e_t = theta_t - theta* of gradient descent has, along the i-th eigenvector q_i (eigenvalues
    in increasing order), the component c[t, i] = (1 - lr lambda_i)^t (q_i . e0).
    """
    cases = []
    for seed, (eigs, lr, n_steps) in enumerate(
        [((0.5, 3.0), 0.5, 5), ((0.2, 1.0, 4.0), 0.3, 8), ((1.0, 10.0), 0.21, 6)]
    ):
        r = _rng(seed)
        e0 = r.standard_normal(len(eigs))
        cases.append((_rotation_hessian(r, np.array(eigs)), lr, e0, n_steps))
    return check_function(
        "eigen_components",
        _aligned(fn) if callable(fn) else fn,
        _components_reference,
        cases,
        describe=lambda a: (
            f"hess with eigenvalues {np.round(np.linalg.eigvalsh(a[0]), 3).tolist()}, "
            f"lr={a[1]}, n_steps={a[3]}"
        ),
        mistakes=tuple((_aligned(wrong), hint) for wrong, hint in _COMPONENT_MISTAKES),
    )


# --- lr_for_target (an experiment) ---------------------------------------------------------

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


# --- early_stopping ------------------------------------------------------------------------

_HINT_FUTURE = (
    "best_epoch must come from the epochs seen up to the stop, not from the whole curve: "
    "when you stop, the later epochs do not exist."
)
_HINT_ONE_LATE = "stop as soon as epoch - best_epoch reaches patience (>=): one epoch earlier."
_HINT_LAST = (
    "best_epoch is the epoch with the lowest validation loss so far, not the epoch you stop at."
)
_HINT_TIES = (
    "on a tie the earlier epoch stays the best: only a strictly lower loss (<) is a new best."
)


def _describe_losses(args):
    values, patience = args
    if len(values) <= 12:
        return f"val_losses={np.round(values, 2).tolist()}, patience={patience}"
    return f"val_losses of shape ({len(values)},), patience={patience}"


def _early_stopping_reference(val_losses, patience):
    return training.early_stopping(val_losses, patience)


def early_stopping(fn):
    """Check ``fn(val_losses, patience) -> (stop_epoch, best_epoch)``.

    ``val_losses (E + 1,)`` holds the validation loss before training (epoch 0) and after
    each epoch. Reading it in order, training stops at the first epoch that is ``patience``
    epochs after the best (lowest, earliest on ties) epoch so far, or at the last epoch if
    that never happens; ``best_epoch`` is the best epoch seen up to the stop, whose
    parameters are the ones to keep.
    """

    def global_best(val_losses, patience):
        stop, _ = _early_stopping_reference(val_losses, patience)
        return stop, int(np.argmin(val_losses))

    def one_late(val_losses, patience):
        return _early_stopping_reference(val_losses, patience + 1)

    def last_epoch(val_losses, patience):
        stop, _ = _early_stopping_reference(val_losses, patience)
        return stop, stop

    def ties_to_later(val_losses, patience):
        best = 0
        for epoch in range(1, len(val_losses)):
            if val_losses[epoch] <= val_losses[best]:
                best = epoch
            elif epoch - best >= patience:
                return epoch, best
        return len(val_losses) - 1, best

    curve = np.array([2.0, 1.0, 0.6, 0.5, 0.52, 0.55, 0.49, 0.6, 0.7, 0.8, 0.9, 0.3])
    tied = np.array([1.0, 0.5, 0.7, 0.5, 0.8, 0.9, 0.95, 0.5, 0.99])
    r = _rng(0)
    noisy = 1.0 / (1.0 + np.arange(40)) + 0.004 * np.arange(40) + 0.02 * r.standard_normal(40)
    cases = [
        (curve, 2),
        (curve, 3),
        (noisy, 5),
        (tied, 3),
        (np.linspace(2.0, 1.0, 8), 2),  # never stops early
    ]
    return check_function(
        "early_stopping",
        fn,
        _early_stopping_reference,
        cases,
        describe=_describe_losses,
        mistakes=(
            (global_best, _HINT_FUTURE),
            (one_late, _HINT_ONE_LATE),
            (last_epoch, _HINT_LAST),
            (ties_to_later, _HINT_TIES),
        ),
    )
