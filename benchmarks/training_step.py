"""1-2. A two-layer network's training step (forward, backward, Adam) in float64.

Achieved GFLOP/s counts the five matrix products of a step (forward X W1 and A1 W2; backward
A1^T dS, dS W2^T and X^T dZ1: 4 N D H + 6 N H C flops) and is compared with the same five
products timed alone, alternately with the step, so the ratio says how close the whole step
gets to the machine's own matrix-multiply speed at these shapes. The per-example loop shows
what vectorization buys.
"""

import numpy as np

from course_utils.nn import network
from course_utils.optim import optimizers

from . import median_time, row

D, C = 64, 10


def _problem(N, H, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D))
    y = rng.integers(0, C, N)
    return X, y, network.init_params(D, H, C, rng=rng)


def flops_per_step(N, H):
    """Matrix-product flops of one forward + backward pass (dX is not needed)."""
    return 4 * N * D * H + 6 * N * H * C


def _grads_fn(N, H):
    """loss_and_grads as :func:`course_utils.nn.training.train` calls it: the inputs checked
    once, the network's (N, H) arrays kept in one ``work`` dict from call to call."""
    X, y, params = _problem(N, H)
    params, X, y = network.check_inputs(params, X, "tanh", y, "cross_entropy")
    work = {}

    def grads():
        return network.loss_and_grads(params, X, y, "tanh", "cross_entropy", check=False, work=work)

    return grads, params


def _step_fn(N, H):
    """One training step: loss_and_grads + one Adam update."""
    grads_fn, params = _grads_fn(N, H)
    state = optimizers.init_state("adam", params)

    def one_step():
        _, grads = grads_fn()
        optimizers.step("adam", params, grads, state, lr=1e-3)

    return one_step


def _torch_fn(N, H):
    """The same loss and gradients by PyTorch's autograd (float64, CPU), or None without torch.
    Torch is not a dependency of the course: ``pip install torch`` in a scratch environment
    with the course installed, and run ``python -m benchmarks training`` there."""
    try:
        import torch
    except ImportError:
        return None
    X, y, params = _problem(N, H)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    P = {k: torch.from_numpy(v.copy()).requires_grad_() for k, v in params.items()}

    def grads():
        for v in P.values():
            v.grad = None
        scores = torch.tanh(Xt @ P["W1"] + P["b1"]) @ P["W2"] + P["b2"]
        loss = torch.nn.functional.cross_entropy(scores, yt)
        loss.backward()
        return float(loss.detach()), {"d" + k: v.grad for k, v in P.items()}

    return grads


def torch_comparison(N, H, repeats=15):
    """Best-of-``repeats`` seconds of our loss_and_grads and of torch's, timed alternately
    (a change in the machine's load affects both alike); None without torch."""
    ours, theirs = _grads_fn(N, H)[0], _torch_fn(N, H)
    if theirs is None:
        return None
    for _ in range(3):  # warm-up: torch's first backward passes set up its engine
        ours(), theirs()
    times = [(median_time(ours, 1, 0), median_time(theirs, 1, 0)) for _ in range(repeats)]
    return tuple(float(np.min(t)) for t in zip(*times, strict=True))


def _products_fn(N, H):
    """The step's five matrix products alone, at the same shapes."""
    X, _, p = _problem(N, H)
    A = np.tanh(X @ p["W1"])
    dS = A @ p["W2"]

    def products():
        X @ p["W1"], A @ p["W2"], A.T @ dS, dS @ p["W2"].T, X.T @ A

    return products


def step_time(N, H, repeats):
    """Median seconds of loss_and_grads + one Adam update."""
    return median_time(_step_fn(N, H), repeats)


def step_and_matmul_times(N, H, repeats):
    """Median seconds of a step and of its five products alone, timed alternately, so that
    a change in the machine's load affects both alike."""
    step, products = _step_fn(N, H), _products_fn(N, H)
    step(), products()
    times = [(median_time(step, 1, 0), median_time(products, 1, 0)) for _ in range(repeats)]
    return tuple(float(np.median(t)) for t in zip(*times, strict=True))


def loop_step_time(N, H, repeats):
    """Median seconds of the same gradient computed one example at a time."""
    X, y, p = _problem(N, H)
    W1, b1, W2, b2 = p["W1"], p["b1"], p["W2"], p["b2"]

    def per_example():
        grads = [np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2), np.zeros_like(b2)]
        for n in range(N):
            a1 = np.tanh(X[n] @ W1 + b1)
            s = a1 @ W2 + b2
            prob = np.exp(s - s.max())
            prob /= prob.sum()
            prob[y[n]] -= 1.0
            ds = prob / N
            dz1 = (W2 @ ds) * (1.0 - a1 * a1)
            grads[0] += np.outer(X[n], dz1)
            grads[1] += dz1
            grads[2] += np.outer(a1, ds)
            grads[3] += ds
        return grads

    return median_time(per_example, repeats, warmup=0)


def run(quick=False):
    rows = []
    sizes = [(64, 64)] if quick else [(N, H) for N in (64, 1024, 8192) for H in (64, 256)]
    for N, H in sizes:
        repeats = 1 if quick else (50 if N <= 1024 else 25)
        t_step, t_mm = step_and_matmul_times(N, H, repeats)
        gflops = flops_per_step(N, H) / t_step / 1e9
        ratio = t_mm / t_step
        target, met = ("ratio >= 0.5", ratio >= 0.5) if N == 8192 else ("", None)
        size = f"N={N} D={D} H={H} C={C}"
        rows.append(row("train step (tanh, CE, Adam)", size, t_step * 1e3, "ms"))
        rows.append(row("  achieved GFLOP/s", size, gflops, "GFLOP/s"))
        rows.append(row("  ratio to matmul GFLOP/s", size, ratio, "x", target, met))
    for N, H in [(64, 64)] if quick else [(1024, 64)]:
        t_vec = step_time(N, H, 1 if quick else 20)
        t_loop = loop_step_time(N, H, 1 if quick else 3)
        rows.append(
            row(
                "per-example loop / vectorized",
                f"N={N} H={H}",
                t_loop / t_vec,
                "x",
                "> 1 (vectorization pays)",
                t_loop > t_vec,
            )
        )
    for N, H in [(64, 64)] if quick else [(64, 64), (1024, 256), (8192, 256)]:
        repeats = 1 if quick else 15
        times = torch_comparison(N, H, repeats)
        if times is not None:
            ours, theirs = times
            size = f"N={N} D={D} H={H} C={C}"
            rows.append(row(f"loss_and_grads, best of {repeats}", size, ours * 1e3, "ms"))
            rows.append(row(f"  PyTorch autograd, best of {repeats}", size, theirs * 1e3, "ms"))
            rows.append(row("  ours / PyTorch", size, ours / theirs, "x", "<= 1", ours <= theirs))
    return rows
