"""Checks for the gradient-descent exercises of notebook 04 (``gd_step`` lives in
:mod:`course_utils.checks.optim`)."""

import numpy as np

from .. import critical, losses
from ._core import case_rng as _rng
from ._core import check_function

__all__ = ["linreg_gradient", "max_stable_lr", "early_stopping"]


def _linreg_reference(w, b, X, y):
    """Gradient of the mean squared error (1/N) sum_n (x_n . w + b - y_n)^2, via losses.mse."""
    _, dy_hat = losses.mse((X @ w + b)[:, None], y)  # (N, 1): (2/N) (y_hat - y)
    return X.T @ dy_hat[:, 0], float(np.sum(dy_hat))


def linreg_gradient(fn):
    """Check ``fn(w, b, X, y) -> (dw, db)``: the gradient of the linear-regression loss
    (1/N) sum_n (x_n . w + b - y_n)^2 with ``w (D,)``, ``b`` a float, ``X (N, D)``, ``y (N,)``.
    """

    def mistake(scale):
        def wrong(w, b, X, y):
            dw, db = _linreg_reference(w, b, X, y)
            return scale * dw, scale * db

        return wrong

    def summed(w, b, X, y):
        dw, db = _linreg_reference(w, b, X, y)
        return len(X) * dw, len(X) * db

    cases = []
    for seed, (N, D) in enumerate([(5, 1), (20, 1), (12, 3)]):
        r = _rng(seed)
        X = r.uniform(-2, 3, (N, D))
        cases.append((r.standard_normal(D), float(r.standard_normal()), X, r.standard_normal(N)))
    return check_function(
        "linreg_gradient",
        fn,
        _linreg_reference,
        cases,
        describe=lambda a: f"N={a[2].shape[0]}, D={a[2].shape[1]}",
        mistakes=(
            (mistake(0.5), "the derivative of r^2 is 2 r: keep the factor 2."),
            (mistake(-1.0), "the sign is flipped: the residual is y_hat - y = X w + b - y."),
            (summed, "the loss is a mean over the N examples: divide the sum by N."),
        ),
    )


_HINT_ONE_OVER_L = "1/L is the fastest step, not the largest stable one: the limit is 2/L."
_HINT_SMALLEST = (
    "with the smallest eigenvalue the steepest direction diverges: use the largest one, L."
)
_HINT_DIAGONAL = (
    "the diagonal of H is its spectrum only when H is diagonal: take the eigenvalues "
    "(np.linalg.eigvalsh)."
)


def max_stable_lr(fn):
    """Check ``fn(H) -> float``: the largest learning rate for which gradient descent on a
    quadratic with Hessian ``H (P, P)`` (symmetric, positive definite) converges, 2 / L with
    L the largest eigenvalue of H."""

    def reference(H):
        return 2.0 / float(critical.eigenvalues(H)[-1])

    cases = [(np.array([[2.0]]),)]
    for seed, P in [(0, 2), (1, 2), (2, 4)]:
        Q, _ = np.linalg.qr(_rng(seed).standard_normal((P, P)))
        eigs = np.geomspace(0.5, 40.0, P)
        H = Q @ np.diag(eigs) @ Q.T
        cases.append(((H + H.T) / 2,))
    return check_function(
        "max_stable_lr",
        fn,
        reference,
        cases,
        describe=lambda a: f"H of shape {a[0].shape}",
        mistakes=(
            (lambda H: 1.0 / critical.eigenvalues(H)[-1], _HINT_ONE_OVER_L),
            (lambda H: 2.0 / critical.eigenvalues(H)[0], _HINT_SMALLEST),
            (lambda H: 2.0 / np.max(np.diag(H)), _HINT_DIAGONAL),
        ),
    )


_HINT_FUTURE = (
    "best_epoch must come from the epochs seen up to the stop, not from the whole curve: "
    "when you stop, the later epochs do not exist."
)
_HINT_ONE_LATE = "stop as soon as epoch - best_epoch reaches patience (>=): one epoch earlier."
_HINT_LAST = (
    "best_epoch is the epoch with the lowest validation loss so far, not the epoch you stop at."
)


def _describe_losses(args):
    values, patience = args
    if len(values) <= 12:
        return f"val_losses={np.round(values, 2).tolist()}, patience={patience}"
    return f"val_losses of shape ({len(values)},), patience={patience}"


def _early_stopping_reference(val_losses, patience):
    best_epoch = 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < val_losses[best_epoch]:
            best_epoch = epoch
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(val_losses) - 1, best_epoch


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

    curve = np.array([2.0, 1.0, 0.6, 0.5, 0.52, 0.55, 0.49, 0.6, 0.7, 0.8, 0.9, 0.3])
    r = _rng(0)
    noisy = 1.0 / (1.0 + np.arange(40)) + 0.004 * np.arange(40) + 0.02 * r.standard_normal(40)
    cases = [
        (curve, 2),
        (curve, 3),
        (noisy, 5),
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
        ),
    )
