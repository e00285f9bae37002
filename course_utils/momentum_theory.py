"""Momentum on a quadratic, in closed form: iteration matrices, rates, stability, Polyak's optimum.

On f(x) = 1/2 x^T A x, every eigenvector of A with eigenvalue lam evolves on its own. Heavy
ball (Polyak 1964; the form of PyTorch and of Goh 2017) with step lr and momentum beta,

    v_{k+1} = beta v_k + lam x_k,      x_{k+1} = x_k - lr v_{k+1},

is the linear map (v, x) -> R (v, x) with (Goh 2017, "Why Momentum Really Works")

    R = [[beta, lam], [-lr beta, 1 - lr lam]],
    characteristic polynomial  z^2 - (1 + beta - lr lam) z + beta.

Its spectral radius is the factor by which the error shrinks per step in the long run. The
iterates converge iff 0 <= beta < 1 and 0 < lr lam < 2 (1 + beta) for every eigenvalue. With
eigenvalues in [mu, L] and kappa = L / mu the best choice is (Polyak 1964)

    lr* = 4 / (sqrt(L) + sqrt(mu))^2,   beta* = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2,

with rate (sqrt(kappa) - 1) / (sqrt(kappa) + 1), against (kappa - 1) / (kappa + 1) for gradient
descent at its best step 2 / (L + mu). PyTorch's Nesterov form (v <- beta v + g,
x <- x - lr (g + beta v)) has R = [[beta, lam], [-lr beta^2, 1 - lr lam (1 + beta)]] and
polynomial z^2 - (1 + beta)(1 - lr lam) z + beta (1 - lr lam).
"""

import numpy as np

from ._validate import as_array, check_beta, check_choice, check_positive

__all__ = [
    "METHODS",
    "gd_optimal_lr",
    "gd_rate",
    "optimal_momentum",
    "heavy_ball_rate",
    "iteration_matrix",
    "spectral_radius",
    "rate",
    "is_stable",
    "max_stable_lr",
    "empirical_rate",
]

METHODS = ("gd", "momentum", "nesterov")


def _mu_L(mu, L):
    mu, L = check_positive(mu, "mu"), check_positive(L, "L")
    if L < mu:
        raise ValueError(f"L must be >= mu (largest and smallest eigenvalue); got mu={mu}, L={L}")
    return mu, L


def _kappa(kappa):
    kappa = check_positive(kappa, "kappa")
    if kappa < 1:
        raise ValueError(f"kappa must be >= 1 (it is the condition number L / mu); got {kappa}")
    return kappa


def gd_optimal_lr(mu, L):
    """The step 2 / (L + mu) that makes gradient descent fastest on eigenvalues in [mu, L]."""
    mu, L = _mu_L(mu, L)
    return 2.0 / (L + mu)


def gd_rate(kappa):
    """Gradient descent's rate (kappa - 1) / (kappa + 1) at its best step 2 / (L + mu)."""
    kappa = _kappa(kappa)
    return (kappa - 1.0) / (kappa + 1.0)


def optimal_momentum(mu, L):
    """Polyak's (1964) optimal heavy-ball parameters for eigenvalues in [mu, L].

    Returns
    -------
    lr, beta : float
        lr = 4 / (sqrt(L) + sqrt(mu))^2 and beta = ((sqrt(L) - sqrt(mu)) / (sqrt(L) + sqrt(mu)))^2,
        for the heavy-ball form v <- beta v + g, x <- x - lr v.
    """
    mu, L = _mu_L(mu, L)
    s_mu, s_L = np.sqrt(mu), np.sqrt(L)
    return float(4.0 / (s_L + s_mu) ** 2), float(((s_L - s_mu) / (s_L + s_mu)) ** 2)


def heavy_ball_rate(kappa):
    """Heavy ball's rate (sqrt(kappa) - 1) / (sqrt(kappa) + 1) at Polyak's optimal lr and beta."""
    s = np.sqrt(_kappa(kappa))
    return float((s - 1.0) / (s + 1.0))


def _method_beta(method, beta):
    check_choice(method, "method", METHODS)
    return 0.0 if method == "gd" else beta


def iteration_matrix(lr, beta, lam, method="momentum"):
    """The 2x2 matrix R with (v_{k+1}, x_{k+1}) = R (v_k, x_k) along an eigenvalue ``lam``.

    Parameters
    ----------
    lr : float > 0
    beta : float in [0, 1) (ignored for ``"gd"``)
    lam : float, an eigenvalue of the Hessian (may be <= 0)
    method : {"gd", "momentum", "nesterov"}
        Gradient descent, heavy ball (v <- beta v + g; x <- x - lr v) or PyTorch's
        Nesterov form (v <- beta v + g; x <- x - lr (g + beta v)).

    Returns
    -------
    ndarray, shape (2, 2)
    """
    lr = check_positive(lr, "lr")
    beta = _method_beta(method, check_beta(beta, "beta"))
    lam = float(as_array(lam, "lam", shape=()))
    if method == "nesterov":
        return np.array([[beta, lam], [-lr * beta**2, 1.0 - lr * lam * (1.0 + beta)]])
    return np.array([[beta, lam], [-lr * beta, 1.0 - lr * lam]])


def spectral_radius(lr, beta, lam, method="momentum"):
    """Largest eigenvalue modulus of :func:`iteration_matrix`, vectorized.

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


def is_stable(lr, beta, lam):
    """Whether heavy ball converges along eigenvalue ``lam``: 0 <= beta < 1 and
    0 < lr lam < 2 (1 + beta). Vectorized over broadcastable ``lr``, ``beta``, ``lam``."""
    lr, beta, lam = (np.asarray(v, float) for v in (lr, beta, lam))
    h = lr * lam
    return (beta >= 0) & (beta < 1) & (h > 0) & (h < 2.0 * (1.0 + beta))


def max_stable_lr(beta, L):
    """The largest stable heavy-ball step 2 (1 + beta) / L (gradient descent: beta = 0, 2 / L)."""
    beta = as_array(beta, "beta")
    if np.any(beta < 0) or np.any(beta >= 1):
        raise ValueError("beta must lie in [0, 1)")
    out = 2.0 * (1.0 + beta) / check_positive(L, "L")
    return float(out) if out.ndim == 0 else out


def empirical_rate(traj, x_star=None, tail=0.5, floor=1e-250):
    """Measured convergence rate of a trajectory: exp of the slope of log ||x_k - x*||.

    The slope is a least-squares fit over the last ``tail`` fraction of the steps whose error
    is finite and above ``floor`` times the first error (so underflow and a diverged, NaN
    tail are left out). For a linear iteration the error behaves like C k^m rate^k, so the
    measured rate tends to the spectral radius as the window grows.

    Parameters
    ----------
    traj : ndarray, shape (T + 1, P)
        Iterates, e.g. from :func:`course_utils.optimizers.run`.
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
