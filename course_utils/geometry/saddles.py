"""Saddle points: how long gradient descent lingers near one.

- :func:`escape_step` reads off a trajectory (from :func:`course_utils.optim.optimizers.run`) the
  first step that leaves a ball around a critical point.
- :func:`escape_steps` runs plain gradient descent x <- x - lr grad f(x) on many starts at
  once and returns each one's escape step (fast enough for 10^5 steps).
- :func:`linear_escape_time` and :func:`momentum_growth` are the predictions of the
  linearized dynamics along the eigenvector of the most negative Hessian eigenvalue
  lam_min < 0: gradient descent multiplies that coordinate by (1 + lr |lam_min|) per step,
  the heavy ball by the largest root of z^2 - (1 + beta + lr |lam_min|) z + beta.

The census of a network's critical points is in :mod:`course_utils.geometry.census`.
"""

import numpy as np

from ..validate import as_array, check_beta, check_int, check_positive

__all__ = [
    "escape_step",
    "escape_steps",
    "linear_escape_time",
    "momentum_growth",
]


def _distance(points, center):
    return np.linalg.norm(points - center, axis=-1)


def escape_step(traj, radius=1.0, center=None):
    """The first step at which a trajectory is farther than ``radius`` from ``center``.

    Parameters
    ----------
    traj : ndarray, shape (T + 1, P)
        Iterates, row t after t steps (NaN rows, a diverged run, count as escaped).
    radius : float > 0
    center : ndarray, shape (P,), optional
        The critical point; the origin by default.

    Returns
    -------
    int or None
        None if the trajectory never leaves the ball.
    """
    traj = as_array(traj, "traj", shape=("T", "P"), allow_nan=True)
    radius = check_positive(radius, "radius")
    center = np.zeros(traj.shape[1]) if center is None else as_array(center, "center")
    if center.shape != (traj.shape[1],):
        raise ValueError(f"center must have shape ({traj.shape[1]},); got {center.shape}")
    with np.errstate(invalid="ignore"):
        out = ~(_distance(traj, center) <= radius)  # NaN counts as out
    return int(np.argmax(out)) if out.any() else None


def escape_steps(grad_fn, starts, lr, radius=1.0, max_steps=100_000, center=None):
    """Plain gradient descent from many starts at once; the step at which each leaves the ball.

    Every start follows x <- x - lr grad_fn(x) until ||x - center|| > radius.

    Parameters
    ----------
    grad_fn : callable
        ``grad_fn(X) -> (M, P)`` for points ``X (M, P)``, e.g. ``surface.grad`` of a
        :class:`course_utils.geometry.landscapes.Surface`. It may be stochastic (noisy
        gradients). It is called once per step with the points still inside the ball.
    starts : ndarray, shape (M, P)
    lr : float > 0
    radius : float > 0
    max_steps : int >= 1
    center : ndarray, shape (P,), optional
        The origin by default.

    Returns
    -------
    ndarray of int, shape (M,)
        Escape steps; -1 for a start still inside the ball after ``max_steps``.
    """
    if not callable(grad_fn):
        raise TypeError("grad_fn must be a function grad_fn(X) -> gradients of shape (M, P)")
    x = as_array(starts, "starts", shape=("M", "P"))
    lr, radius = check_positive(lr, "lr"), check_positive(radius, "radius")
    max_steps = check_int(max_steps, "max_steps", 1)
    center = np.zeros(x.shape[1]) if center is None else as_array(center, "center")
    steps = np.where(_distance(x, center) > radius, 0, -1)
    active = np.flatnonzero(steps < 0)
    xa = x[active] - center  # the active points, relative to the center
    r2 = radius * radius
    with np.errstate(all="ignore"):
        for t in range(1, max_steps + 1):
            if active.size == 0:
                break
            xa -= lr * np.asarray(grad_fn(xa + center), dtype=float)
            out = ~(np.einsum("ij,ij->i", xa, xa) <= r2)  # NaN counts as out
            if out.any():
                steps[active[out]] = t
                active, xa = active[~out], xa[~out]
    return steps


def _check_lam(lam_min):
    lam = as_array(lam_min, "lam_min")
    if np.any(lam >= 0):
        raise ValueError("lam_min must be < 0: the negative curvature that pushes GD away")
    return lam


def linear_escape_time(delta, lr, lam_min, radius=1.0):
    """Steps for gradient descent to carry the unstable coordinate from ``delta`` to ``radius``.

    Along the eigenvector of a Hessian eigenvalue lam_min < 0, one step multiplies the
    coordinate by (1 + lr |lam_min|), so it reaches ``radius`` after

        T = ln(radius / delta) / ln(1 + lr |lam_min|)

    steps (a real number: the first integer step past it is ``ceil(T)``). For
    f = x^2 - y^2, lam_min = -2.

    Parameters
    ----------
    delta : float or ndarray, > 0
        Initial distance from the stable manifold.
    lr : float > 0
    lam_min : float < 0
    radius : float > 0

    Returns
    -------
    float or ndarray like delta
    """
    delta = as_array(delta, "delta")
    if np.any(delta <= 0):
        raise ValueError("delta must be > 0")
    lr, radius = check_positive(lr, "lr"), check_positive(radius, "radius")
    lam = _check_lam(lam_min)
    return (np.log(radius / delta) / np.log1p(lr * np.abs(lam)))[()]


def momentum_growth(lr, beta, lam_min):
    """Growth factor per step of the heavy ball along a direction of curvature lam_min < 0.

    With g = lam_min * y, the heavy ball v <- beta v + g, y <- y - lr v gives
    y_{t+1} = (1 + beta + lr |lam_min|) y_t - beta y_{t-1}, whose solutions grow like z^t with
    z the largest root of z^2 - (1 + beta + lr |lam_min|) z + beta = 0. For beta = 0 it is
    plain gradient descent's 1 + lr |lam_min|.
    """
    lr, beta = check_positive(lr, "lr"), check_beta(beta, "beta")
    s = 1.0 + beta + lr * abs(float(_check_lam(lam_min)))
    return float((s + np.sqrt(s * s - 4 * beta)) / 2)
