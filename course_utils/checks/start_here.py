"""Checks for the warm-up exercise of notebook 00 (start here): one step of gradient descent,
``gd_step``, the update at the heart of the course."""

from ._core import case_rng, check_function

__all__ = ["gd_step"]


def _gd_step_reference(x, grad, lr):
    return x - lr * grad


# The typical mistakes gd_step recognises: (what the mistake computes, its hint).
GD_STEP_MISTAKES = (
    (
        lambda x, grad, lr: x + lr * grad,
        "step against the gradient, downhill: x - lr * grad; adding lr * grad climbs the loss.",
    ),
    (
        lambda x, grad, lr: x - grad,
        "multiply the gradient by the learning rate before subtracting it: x - lr * grad.",
    ),
    (
        lambda x, grad, lr: x - grad / lr,
        "multiply the gradient by lr, do not divide by it: x - lr * grad.",
    ),
    (
        lambda x, grad, lr: -lr * grad,
        "return the next point x - lr * grad, not only the step -lr * grad.",
    ),
    (
        lambda x, grad, lr: x - lr,
        "the step is lr times the gradient: x - lr * grad, not x - lr.",
    ),
)


def gd_step(fn):
    """Check ``fn(x, grad, lr) -> x_new``: one step of gradient descent, x - lr * grad, for
    ``x`` and ``grad`` of shape (P,)."""
    cases = [
        (case_rng(s).standard_normal(3), case_rng(s + 9).standard_normal(3), lr)
        for s, lr in [(0, 0.1), (1, 0.5), (2, 1e-3)]
    ]
    return check_function("gd_step", fn, _gd_step_reference, cases, mistakes=GD_STEP_MISTAKES)
