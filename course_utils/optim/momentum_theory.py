"""Momentum on a quadratic, in closed form: iteration matrices, rates, stability, Polyak's optimum.

On f(theta) = 1/2 theta^T A theta, every eigenvector of A with eigenvalue lam evolves on its
own. Write e_t for the error theta_t - theta* along it and v_t for the momentum buffer along it.
Heavy ball (Polyak 1964; the form of PyTorch and of Goh 2017) with step lr and momentum beta,

    v_{t+1} = beta v_t + lam e_t,      e_{t+1} = e_t - lr v_{t+1},

is the linear map (v, e) -> R (v, e) with (Goh 2017, "Why Momentum Really Works")

    R = [[beta, lam], [-lr beta, 1 - lr lam]],
    characteristic polynomial  z^2 - (1 + beta - lr lam) z + beta.

Its spectral radius is the factor by which the error shrinks per step in the long run. The
roots multiply to beta; with h = lr lam they are real and positive for h < (1 - sqrt(beta))^2
(the error creeps to 0), complex of modulus sqrt(beta) between (1 - sqrt(beta))^2 and
(1 + sqrt(beta))^2 (it swings), and one is negative beyond (it zig-zags): :func:`regime`. The
iterates converge iff 0 <= beta < 1 and 0 < lr lam < 2 (1 + beta) for every eigenvalue. With
eigenvalues in [lam_min, lam_max] and kappa = lam_max / lam_min the best choice is (Polyak 1964)

    lr* = 4 / (sqrt(lam_max) + sqrt(lam_min))^2,
    beta* = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2,

with rate (sqrt(kappa) - 1) / (sqrt(kappa) + 1), against (kappa - 1) / (kappa + 1) for gradient
descent at its best step 2 / (lam_max + lam_min). PyTorch's Nesterov form (v <- beta v + g,
theta <- theta - lr (g + beta v)) has R = [[beta, lam], [-lr beta^2, 1 - lr lam (1 + beta)]],
polynomial z^2 - (1 + beta)(1 - lr lam) z + beta (1 - lr lam), and converges iff
0 < lr lam < 2 (1 + beta) / (1 + 2 beta).
"""

import numpy as np

from ..validate import as_array, check_choice, check_positive

__all__ = [
    "METHODS",
    "gd_optimal_lr",
    "gd_rate",
    "optimal_momentum",
    "heavy_ball_rate",
    "spectral_radius",
    "rate",
    "max_stable_lr",
    "regime",
    "REGIMES",
    "empirical_rate",
]

METHODS = ("gd", "momentum", "nesterov")
REGIMES = ("creeps", "swings", "zig-zags", "diverges")


def _lam_range(lam_min, lam_max):
    lam_min = check_positive(lam_min, "lam_min")
    lam_max = check_positive(lam_max, "lam_max")
    if lam_max < lam_min:
        raise ValueError(
            "lam_max must be >= lam_min (largest and smallest eigenvalue); "
            f"got lam_min={lam_min}, lam_max={lam_max}"
        )
    return lam_min, lam_max


def _kappa(kappa):
    kappa = check_positive(kappa, "kappa")
    if kappa < 1:
        raise ValueError(
            f"kappa must be >= 1 (it is the condition number lam_max / lam_min); got {kappa}"
        )
    return kappa


def gd_optimal_lr(lam_min, lam_max):
    """The step 2 / (lam_max + lam_min) that makes gradient descent fastest on eigenvalues in
    [lam_min, lam_max]."""
    lam_min, lam_max = _lam_range(lam_min, lam_max)
    return 2.0 / (lam_max + lam_min)


def gd_rate(kappa):
    """Gradient descent's rate (kappa - 1) / (kappa + 1) at its best step
    2 / (lam_max + lam_min)."""
    kappa = _kappa(kappa)
    return (kappa - 1.0) / (kappa + 1.0)


def optimal_momentum(lam_min, lam_max):
    """Polyak's (1964) optimal heavy-ball parameters for eigenvalues in [lam_min, lam_max].

    They make the swing band (1 - sqrt(beta))^2 < lr lam < (1 + sqrt(beta))^2 exactly
    [lr lam_min, lr lam_max], so that every eigen-direction shrinks by sqrt(beta) per step.

    Returns
    -------
    lr, beta : float
        lr = 4 / (sqrt(lam_max) + sqrt(lam_min))^2 and
        beta = ((sqrt(lam_max) - sqrt(lam_min)) / (sqrt(lam_max) + sqrt(lam_min)))^2,
        for the heavy-ball form v <- beta v + g, theta <- theta - lr v.
    """
    lam_min, lam_max = _lam_range(lam_min, lam_max)
    s_min, s_max = np.sqrt(lam_min), np.sqrt(lam_max)
    return float(4.0 / (s_max + s_min) ** 2), float(((s_max - s_min) / (s_max + s_min)) ** 2)


def heavy_ball_rate(kappa):
    """Heavy ball's rate (sqrt(kappa) - 1) / (sqrt(kappa) + 1) at Polyak's optimal lr and beta."""
    s = np.sqrt(_kappa(kappa))
    return float((s - 1.0) / (s + 1.0))


def spectral_radius(lr, beta, lam, method="momentum"):
    """Largest eigenvalue modulus of the iteration matrix R along ``lam``, vectorized.

    ``lr``, ``beta`` and ``lam`` broadcast against each other (e.g. a grid of lr and beta),
    so the result has their broadcast shape. Computed from the roots of the characteristic
    polynomial z^2 - a z + c (see the module docstring), not by an eigen-solver. Near a double
    root (e.g. at Polyak's optimum) it is accurate to about 1e-8, the square root of rounding.
    """
    check_choice(method, "method", METHODS)
    lr, beta, lam = (as_array(v, n) for v, n in ((lr, "lr"), (beta, "beta"), (lam, "lam")))
    if np.any(lr <= 0) or np.any(beta < 0) or np.any(beta >= 1):
        raise ValueError("lr must be > 0 and beta must lie in [0, 1)")
    h = lr * lam
    if method == "gd":
        return np.abs(1.0 - h) + 0.0 * beta
    if method == "momentum":
        a, c = 1.0 + beta - h, beta + 0.0 * h
    else:
        a, c = (1.0 + beta) * (1.0 - h), beta * (1.0 - h)
    root = np.sqrt((a * a - 4.0 * c).astype(complex))
    return np.maximum(np.abs((a + root) / 2.0), np.abs((a - root) / 2.0))


def rate(lr, beta, eigenvalues, method="momentum"):
    """Asymptotic convergence rate on a quadratic: the worst spectral radius over its eigenvalues.

    Parameters
    ----------
    lr, beta : float or ndarray (broadcast together, e.g. a grid of shape (n_beta, n_lr))
    eigenvalues : ndarray, shape (P,)
        The Hessian's eigenvalues.
    method : {"gd", "momentum", "nesterov"}

    Returns
    -------
    float or ndarray with the broadcast shape of lr and beta
        < 1: the error shrinks like rate^k; > 1: the iterates diverge.
    """
    eigenvalues = as_array(eigenvalues, "eigenvalues", shape=("P",))
    lr, beta = np.asarray(lr, float), np.asarray(beta, float)
    out = spectral_radius(lr[..., None], beta[..., None], eigenvalues, method).max(axis=-1)
    return float(out) if out.ndim == 0 else out


def max_stable_lr(beta, lam_max, method="momentum"):
    """The largest stable step for eigenvalues up to ``lam_max``, vectorized over ``beta``.

    Heavy ball: 2 (1 + beta) / lam_max; PyTorch's Nesterov form: 2 (1 + beta) / ((1 + 2 beta)
    lam_max); gradient descent (``beta`` ignored): 2 / lam_max.

    Parameters
    ----------
    beta : float or ndarray in [0, 1)
    lam_max : float > 0
        The largest eigenvalue of the Hessian.
    method : {"gd", "momentum", "nesterov"}

    Returns
    -------
    float or ndarray with the shape of ``beta``
    """
    check_choice(method, "method", METHODS)
    beta = as_array(beta, "beta")
    if np.any(beta < 0) or np.any(beta >= 1):
        raise ValueError("beta must lie in [0, 1)")
    lam_max = check_positive(lam_max, "lam_max")
    if method == "gd":
        out = 2.0 / lam_max + 0.0 * beta
    elif method == "nesterov":
        out = 2.0 * (1.0 + beta) / ((1.0 + 2.0 * beta) * lam_max)
    else:
        out = 2.0 * (1.0 + beta) / lam_max
    return float(out) if out.ndim == 0 else out


def regime(lr, beta, lam):
    """How heavy ball's error moves along an eigenvalue ``lam``, from the roots of
    z^2 - (1 + beta - lr lam) z + beta (the damping regimes of Goh 2017).

    With h = lr lam: "creeps" (real roots, the dominant one >= 0: the error shrinks without
    changing sign, as for 0 < h < (1 - sqrt(beta))^2), "swings" (complex roots of modulus
    sqrt(beta): it overshoots and oscillates, for (1 - sqrt(beta))^2 < h < (1 + sqrt(beta))^2),
    "zig-zags" (the dominant root is negative: it changes sign at every step), "diverges"
    (a root of modulus >= 1: h <= 0 or h >= 2 (1 + beta)). ``beta = 0`` is gradient descent.

    Parameters
    ----------
    lr : float or ndarray > 0
    beta : float or ndarray in [0, 1)
    lam : float or ndarray
        Broadcast together with ``lr`` and ``beta``.

    Returns
    -------
    str, or ndarray of str with the broadcast shape: one of :data:`REGIMES`.
    """
    rho = spectral_radius(lr, beta, lam)
    lr, beta, lam = (np.asarray(v, float) for v in (lr, beta, lam))
    a, c = 1.0 + beta - lr * lam, beta + 0.0 * lam
    disc = a * a - 4.0 * c
    dominant = (a + np.sign(a) * np.sqrt(np.abs(disc))) / 2.0  # the larger real root in modulus
    out = np.where(disc < 0, "swings", np.where(dominant < 0, "zig-zags", "creeps"))
    out = np.where(rho >= 1, "diverges", out)
    return str(out) if out.ndim == 0 else out


def empirical_rate(traj, x_star=None, tail=0.5, floor=1e-250):
    """Measured convergence rate of a trajectory: exp of the slope of log ||theta_t - theta*||.

    The slope is a least-squares fit over the last ``tail`` fraction of the steps whose error
    is finite and above ``floor`` times the first error (so underflow and a diverged, NaN
    tail are left out). For a linear iteration the error behaves like C k^m rate^k, so the
    measured rate tends to the spectral radius as the window grows.

    Parameters
    ----------
    traj : ndarray, shape (T + 1, P)
        Iterates, e.g. from :func:`course_utils.optim.optimizers.run`.
    x_star : ndarray, shape (P,), optional
        The minimizer (default: the origin).
    tail : float in (0, 1]
    floor : float > 0

    Returns
    -------
    float
        NaN if fewer than 3 usable steps.
    """
    traj = as_array(traj, "traj", shape=("T + 1", "P"), allow_nan=True)
    x_star = np.zeros(traj.shape[1]) if x_star is None else as_array(x_star, "x_star")
    if not 0 < tail <= 1:
        raise ValueError(f"tail must lie in (0, 1]; got {tail}")
    check_positive(floor, "floor")
    with np.errstate(over="ignore", invalid="ignore"):
        err = np.linalg.norm(traj - x_star, axis=1)
    ok = np.isfinite(err) & (err > floor * err[0])
    bad = np.flatnonzero(~ok)
    n = int(bad[0]) if bad.size else err.size  # usable prefix
    k = np.arange(n)[int(np.floor((1 - tail) * n)) :]
    if k.size < 3:
        return float("nan")
    slope = np.polyfit(k, np.log(err[k]), 1)[0]
    return float(np.exp(slope))
