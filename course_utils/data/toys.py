"""Seeded toy problems: separable points, logic gates, moons, circles, spirals, noisy lines.

Every generator takes ``rng`` (a ``numpy.random.Generator``) as a required keyword, so the
same seed gives the same data on every machine. Inputs ``X`` are float64 of shape (N, D);
class labels ``y`` are int64 of shape (N,).
"""

from typing import NamedTuple

import numpy as np

from ..validate import (
    as_array,
    check_choice,
    check_int,
    check_nonnegative,
    check_positive,
    check_rng,
)

__all__ = [
    "GATES",
    "SeparableData",
    "linearly_separable",
    "logic_gate",
    "moons",
    "circles",
    "spirals",
    "linear_regression",
    "smooth_function",
    "function_samples",
]

GATES = ("and", "or", "nand", "nor", "xor")
_TRUTH = {  # outputs for the inputs (0, 0), (0, 1), (1, 0), (1, 1)
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xor": [0, 1, 1, 0],
}


class SeparableData(NamedTuple):
    """Linearly separable points and the unit normal ``w_true`` of their separating line."""

    X: np.ndarray
    y: np.ndarray
    w_true: np.ndarray


def _check_range(x_range, name):
    lo, hi = as_array(x_range, name, shape=(2,))
    if not lo < hi:
        raise ValueError(f"{name} must be (low, high) with low < high; got ({lo}, {hi})")
    return lo, hi


def _real(value, name):
    return float(as_array(value, name, shape=()))


def _class_sizes(N, C):
    """Split N examples into C classes as evenly as possible (sizes differ by at most 1)."""
    return [N // C + (k < N % C) for k in range(C)]


def _shuffled(X, y, rng):
    order = rng.permutation(len(y))
    return X[order], y[order]


def linearly_separable(N=100, margin=0.2, *, rng, radius=1.0):
    """Points in a disc, labelled by a random line through the origin, with a guaranteed margin.

    The points are uniform on the part of the disc ``||x|| <= radius`` that lies at distance
    ``>= margin`` from the line ``w_true . x = 0`` (sampled exactly, not by trial and error),
    so ``min_n y_n w_true . x_n >= margin``: the data for measuring Novikoff's bound.

    Parameters
    ----------
    N : int
        Number of examples, >= 1.
    margin : float
        Half-width of the empty band around the line, in (0, radius).
    rng : numpy.random.Generator
    radius : float
        Radius of the disc, > 0.

    Returns
    -------
    SeparableData
        A named tuple ``(X, y, w_true)``: ``X`` ndarray, shape (N, 2); ``y`` ndarray of int,
        shape (N,), in {-1, +1}, ``y = sign(w_true . x)``; ``w_true`` ndarray, shape (2,),
        unit norm (the separator has bias 0).
    """
    N = check_int(N, "N", 1)
    radius = check_positive(radius, "radius")
    margin = check_positive(margin, "margin")
    if margin >= radius:
        raise ValueError(f"margin must lie in (0, radius) = (0, {radius}); got {margin}")
    check_rng(rng)
    angle = rng.uniform(0.0, 2.0 * np.pi)
    w_true = np.array([np.cos(angle), np.sin(angle)])
    along = np.array([-w_true[1], w_true[0]])
    # Distance s from the line has density proportional to the chord sqrt(r^2 - s^2) on
    # [margin, radius]; sample it by rejection (acceptance >= 2/3), then a point on the chord.
    top, dist = np.sqrt(radius**2 - margin**2), np.empty(0)
    while dist.size < N:
        s = rng.uniform(margin, radius, size=2 * N)
        keep = rng.uniform(0.0, top, size=2 * N) <= np.sqrt(radius**2 - s**2)
        dist = np.concatenate([dist, s[keep]])
    dist = dist[:N]
    half_chord = np.sqrt(radius**2 - dist**2)
    t = rng.uniform(-half_chord, half_chord)
    y = rng.choice(np.array([-1, 1]), size=N)
    X = (y * dist)[:, None] * w_true + t[:, None] * along
    return SeparableData(X, y.astype(np.int64), w_true)


def logic_gate(name, signed=True):
    """Truth table of a two-input logic gate.

    Parameters
    ----------
    name : {"and", "or", "nand", "nor", "xor"}
    signed : bool
        Labels in {-1, +1} (for the perceptron) if True, else in {0, 1}.

    Returns
    -------
    X : ndarray, shape (4, 2)
        The inputs (0, 0), (0, 1), (1, 0), (1, 1).
    y : ndarray of int, shape (4,)
    """
    check_choice(name, "name", GATES)
    if not isinstance(signed, (bool, np.bool_)):
        raise TypeError(f"signed must be True or False; got {signed!r}")
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array(_TRUTH[name], dtype=np.int64)
    return X, (2 * y - 1 if signed else y)


def moons(N=200, noise=0.1, *, rng):
    """Two interleaving half circles (classes 0 and 1), with Gaussian noise of std ``noise``.

    Returns ``X`` ndarray, shape (N, 2) and ``y`` ndarray of int, shape (N,), rows in random
    order, class sizes differing by at most one. ``N`` >= 2, ``noise`` >= 0.
    """
    N, noise, rng = check_int(N, "N", 2), check_nonnegative(noise, "noise"), check_rng(rng)
    n0, n1 = _class_sizes(N, 2)
    t0, t1 = np.linspace(0.0, np.pi, n0), np.linspace(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + noise * rng.standard_normal((N, 2))
    return _shuffled(X, np.repeat(np.array([0, 1]), [n0, n1]), rng)


def circles(N=200, noise=0.05, factor=0.5, *, rng):
    """A unit circle (class 0) around a circle of radius ``factor`` (class 1), plus noise.

    Returns ``X`` ndarray, shape (N, 2) and ``y`` ndarray of int, shape (N,), rows in random
    order, class sizes differing by at most one. ``N`` >= 2, ``noise`` >= 0, ``factor`` in
    (0, 1).
    """
    N, noise, rng = check_int(N, "N", 2), check_nonnegative(noise, "noise"), check_rng(rng)
    factor = check_positive(factor, "factor")
    if factor >= 1:
        raise ValueError(f"factor must lie in (0, 1); got {factor}")
    sizes = _class_sizes(N, 2)
    parts = []
    for scale, n in zip((1.0, factor), sizes, strict=True):
        t = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
        parts.append(scale * np.column_stack([np.cos(t), np.sin(t)]))
    X = np.vstack(parts) + noise * rng.standard_normal((N, 2))
    return _shuffled(X, np.repeat(np.array([0, 1]), sizes), rng)


def spirals(N=200, n_classes=2, noise=0.1, *, rng):
    """Interleaved spiral arms, one per class: the classic CS231n toy problem.

    Arm k has radii evenly spaced in [0, 1] and angles evenly spaced over [4k, 4(k + 1)]
    radians, plus Gaussian noise of std ``noise`` (radians) on the angle.

    Returns ``X`` ndarray, shape (N, 2) and ``y`` ndarray of int, shape (N,), in
    0..n_classes-1, rows in random order, class sizes differing by at most one.
    ``n_classes`` >= 2, ``N`` >= n_classes, ``noise`` >= 0.
    """
    C = check_int(n_classes, "n_classes", 2)
    N, noise, rng = check_int(N, "N", C), check_nonnegative(noise, "noise"), check_rng(rng)
    sizes = _class_sizes(N, C)
    radius = np.concatenate([np.linspace(0.0, 1.0, n) for n in sizes])
    angle = np.concatenate([np.linspace(4.0 * k, 4.0 * (k + 1), n) for k, n in enumerate(sizes)])
    angle = angle + noise * rng.standard_normal(N)
    X = radius[:, None] * np.column_stack([np.sin(angle), np.cos(angle)])
    return _shuffled(X, np.repeat(np.arange(C), sizes), rng)


def linear_regression(N=100, slope=2.0, intercept=0.0, noise=0.5, *, rng, x_range=(-1, 1)):
    """Noisy samples of a line: ``y = slope * x + intercept + noise * e``, e ~ N(0, 1).

    ``x`` is uniform on ``x_range``. Returns ``X`` ndarray, shape (N, 1) and ``y`` ndarray,
    shape (N,), float64.
    """
    N, noise, rng = check_int(N, "N", 1), check_nonnegative(noise, "noise"), check_rng(rng)
    slope, intercept = _real(slope, "slope"), _real(intercept, "intercept")
    lo, hi = _check_range(x_range, "x_range")
    x = rng.uniform(lo, hi, size=N)
    return x[:, None], slope * x + intercept + noise * rng.standard_normal(N)


def smooth_function(x):
    """The course's fixed smooth 1-D target f(x) = sin(3x) + 0.3 x^2 (any shape in and out)."""
    x = as_array(x, "x")
    return np.sin(3.0 * x) + 0.3 * x**2


def function_samples(N=100, noise=0.05, *, rng, x_range=(-2, 2)):
    """Noisy samples ``y = smooth_function(x) + noise * e`` with x uniform on ``x_range``.

    Returns ``X`` ndarray, shape (N, 1) and ``y`` ndarray, shape (N,), float64.
    """
    N, noise, rng = check_int(N, "N", 1), check_nonnegative(noise, "noise"), check_rng(rng)
    lo, hi = _check_range(x_range, "x_range")
    x = rng.uniform(lo, hi, size=N)
    return x[:, None], smooth_function(x) + noise * rng.standard_normal(N)
