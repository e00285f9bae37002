"""The check of ``nesterov_step`` (notebook 07): one step of PyTorch's form of Nesterov's
method."""

from ...optim import optimizers
from .._core import case_rng, check_function

__all__ = ["nesterov_step"]


def _nesterov_reference(x, v, g, lr, beta):
    x_new, st = optimizers.step("nesterov", x, g, {"t": 0, "v": v}, lr=lr, beta=beta)
    return x_new, st["v"]


# The typical mistakes nesterov_step recognises: (what the mistake computes, its hint).
NESTEROV_MISTAKES = (
    (
        lambda x, v, g, lr, beta: (x - lr * (beta * v + g), beta * v + g),
        "that is heavy ball's step theta - lr v_new. The stored look-ahead point moves by "
        "-beta u_t + (1 + beta) u_(t+1), not by u_(t+1): replace each u by -lr v in all "
        "three terms.",
    ),
    (
        lambda x, v, g, lr, beta: (x - lr * g, beta * v + g),
        "theta - lr grad is the ball's own next position theta_(t+1); PyTorch stores the "
        "look-ahead point theta_(t+1) + beta u_(t+1), so add beta u_(t+1) = -lr beta v_new.",
    ),
    (
        lambda x, v, g, lr, beta: (x - lr * (1 + beta) * (beta * v + g), beta * v + g),
        "the term -beta u_t = +lr beta v is missing: the look-ahead point moves by "
        "-beta u_t + (1 + beta) u_(t+1).",
    ),
    (
        lambda x, v, g, lr, beta: (x + lr * (g + beta * (beta * v + g)), beta * v + g),
        "step against the gradient: theta MINUS lr (grad + beta v_new).",
    ),
    (
        lambda x, v, g, lr, beta: (x - lr * (g + beta * (beta * v + g)), v),
        "return the updated buffer v_new = beta v + grad as the second item.",
    ),
)


def nesterov_step(fn):
    """Check PyTorch's Nesterov step ``fn(x, v, grad, lr, beta) -> (x_new, v_new)``:
    v_new = beta v + grad, x_new = x - lr (grad + beta v_new)."""
    cases = []
    for seed, lr, beta in [(20, 0.1, 0.9), (21, 0.01, 0.0), (22, 0.5, 0.99)]:
        r = case_rng(seed)
        P = int(r.integers(2, 5))
        cases.append((r.standard_normal(P), r.standard_normal(P), r.standard_normal(P), lr, beta))
    return check_function(
        "nesterov_step",
        fn,
        _nesterov_reference,
        cases,
        describe=lambda a: f"P={a[0].size}, lr={a[3]}, beta={a[4]}",
        mistakes=NESTEROV_MISTAKES,
    )
