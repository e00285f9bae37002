"""Measuring mini-batches: how noisy a mini-batch gradient is, and how long a batch takes.

The gradient of the mean loss over a mini-batch of B examples drawn without replacement from
N is an unbiased estimate of the full-batch gradient g. Its noise, the expected squared
distance to g, is (Cochran 1977, the finite-population correction)::

    E ||g_B - g||^2 = (sigma^2 / B) * (N - B) / (N - 1),
    sigma^2 = (1/N) sum_n ||g_n - g||^2     (the spread of per-example gradients g_n)

so its root shrinks like 1/sqrt(B) while B << N, and is exactly 0 at B = N.
:func:`gradient_noise` measures it, :func:`noise_theory` predicts it. :func:`timings` times a
computation at several sizes, round-robin, so that a slow drift of the machine (another
program, the CPU's clock) affects every size alike.
"""

import time

import numpy as np

from ..validate import as_array, check_int, check_nonnegative, check_rng
from . import parameters

__all__ = ["per_example_variance", "gradient_noise", "noise_theory", "timings"]


def _batch_sizes(batch_sizes, N):
    sizes = np.atleast_1d(as_array(batch_sizes, "batch_sizes", dtype=int))
    if sizes.ndim != 1 or sizes.size == 0:
        raise ValueError("batch_sizes must be a non-empty 1-D list of integers")
    if sizes.min() < 1 or sizes.max() > N:
        raise ValueError(f"every batch size must lie in 1..N = 1..{N}; got {sizes.tolist()}")
    return sizes


def _gradient(grad_fn, idx, P=None):
    g = grad_fn(idx)
    g = parameters.flatten(g) if isinstance(g, dict) else np.ravel(as_array(g, "grad_fn(idx)"))
    if P is not None and g.shape != (P,):
        raise ValueError(f"grad_fn must return P = {P} numbers for every batch; got {g.size}")
    return g


def per_example_variance(grad_fn, N):
    """sigma^2 = (1/N) sum_n ||g_n - g||^2, the spread of the N per-example gradients.

    Parameters
    ----------
    grad_fn : callable
        ``grad_fn(idx) -> (P,)`` (or a dict of arrays, flattened by
        :func:`course_utils.nn.parameters.flatten`): the gradient of the mean loss over
        the examples ``idx``, an int array of shape (B,).
    N : int
        Number of examples.

    Returns
    -------
    float
    """
    N = check_int(N, "N", 1)
    g = _gradient(grad_fn, np.arange(N))
    G = np.array([_gradient(grad_fn, np.array([n]), g.size) for n in range(N)])  # (N, P)
    return float(np.mean(np.sum((G - g) ** 2, axis=1)))


def gradient_noise(grad_fn, N, batch_sizes, n_batches, rng):
    """Measured noise of mini-batch gradients: sqrt(mean_k ||g_{B,k} - g||^2) for each B.

    Parameters
    ----------
    grad_fn : callable
        As in :func:`per_example_variance`.
    N : int
        Number of examples.
    batch_sizes : sequence of S ints in 1..N
    n_batches : int
        Mini-batches drawn (each without replacement) per batch size.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray, shape (S,)
        The root-mean-square distance of a mini-batch gradient from the full-batch one.
    """
    N = check_int(N, "N", 1)
    sizes = _batch_sizes(batch_sizes, N)
    n_batches = check_int(n_batches, "n_batches", 1)
    check_rng(rng)
    g = _gradient(grad_fn, np.arange(N))
    noise = np.empty(sizes.size)
    for i, B in enumerate(sizes):
        sq = [
            np.sum((_gradient(grad_fn, rng.choice(N, size=B, replace=False), g.size) - g) ** 2)
            for _ in range(n_batches)
        ]
        noise[i] = np.sqrt(np.mean(sq))
    return noise


def noise_theory(sigma2, N, batch_sizes):
    """Predicted noise sqrt(sigma^2 / B * (N - B) / (N - 1)) of a mini-batch gradient.

    Parameters
    ----------
    sigma2 : float >= 0
        From :func:`per_example_variance`.
    N : int >= 2
    batch_sizes : sequence of S ints in 1..N

    Returns
    -------
    ndarray, shape (S,)
    """
    sigma2 = check_nonnegative(sigma2, "sigma2")
    N = check_int(N, "N", 2)
    B = _batch_sizes(batch_sizes, N).astype(float)
    return np.sqrt(sigma2 / B * (N - B) / (N - 1))


def timings(make_call, sizes, repeats=30, warmup=2):
    """Wall-clock seconds of a computation at several sizes, measured round-robin.

    Parameters
    ----------
    make_call : callable
        ``make_call(size) -> call``, where ``call()`` runs the computation once at that size
        (prepare the data in ``make_call``, so it is not timed).
    sizes : sequence of S ints
    repeats : int
        Timed calls per size: one round calls every size once, and ``repeats`` rounds run.
    warmup : int
        Untimed calls per size first (caches, lazy initialization).

    Returns
    -------
    ndarray, shape (S, repeats)
        Seconds of every call; take the median over axis 1 (robust to interruptions).
    """
    sizes = np.atleast_1d(as_array(sizes, "sizes", dtype=int))
    if sizes.ndim != 1 or sizes.size == 0:
        raise ValueError("sizes must be a non-empty 1-D list of integers")
    repeats = check_int(repeats, "repeats", 1)
    warmup = check_int(warmup, "warmup", 0)
    if not callable(make_call):
        raise TypeError("make_call must be a function make_call(size) -> call()")
    calls = [make_call(int(s)) for s in sizes]
    for call in calls:
        for _ in range(warmup):
            call()
    times = np.empty((sizes.size, repeats))
    for r in range(repeats):
        for i, call in enumerate(calls):
            start = time.perf_counter()
            call()
            times[i, r] = time.perf_counter() - start
    return times
