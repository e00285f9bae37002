"""Critical points: Hessians by finite differences of a gradient (of any function, or of a
two-layer network's training loss), their eigenvalues, the classification minimum / maximum /
saddle / degenerate, the index (fraction of negative eigenvalues, Dauphin et al. 2014), and
Newton's method on the gradient, which finds saddles as readily as minima.
"""

from typing import NamedTuple

import numpy as np

from ..nn import network, parameters
from ..validate import as_array, check_int, check_nonnegative, check_positive

__all__ = [
    "hessian",
    "network_hessian",
    "eigenvalues",
    "classify_critical_point",
    "index",
    "NewtonResult",
    "newton_critical_point",
]


def _call_grad(grad_fn, x):
    g = np.asarray(grad_fn(x), dtype=float)
    if g.shape != x.shape:
        raise ValueError(f"grad_fn must return shape {x.shape} like x; got {g.shape}")
    return g


def hessian(grad_fn, x, h=1e-5):
    """Hessian by centred differences of an analytic gradient, symmetrized.

    Column j is (g(x + h e_j) - g(x - h e_j)) / (2h); the result is (A + A^T) / 2 of that
    matrix A.

    Parameters
    ----------
    grad_fn : callable, ``grad_fn(x) -> (P,)``
    x : ndarray, shape (P,)
    h : float > 0

    Returns
    -------
    ndarray, shape (P, P)
    """
    if not callable(grad_fn):
        raise TypeError("grad_fn must be a function grad_fn(x) -> gradient of shape (P,)")
    x = as_array(x, "x", shape=("P",))
    h = check_positive(h, "h")
    hess = np.empty((x.size, x.size))
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        hess[:, j] = (_call_grad(grad_fn, x + e) - _call_grad(grad_fn, x - e)) / (2 * h)
    return (hess + hess.T) / 2


def network_hessian(
    params, X, y, activation="relu", loss="cross_entropy", weight_decay=0.0, h=None
):
    """Hessian of a two-layer network's training loss by centred differences of backprop.

    The P parameters are ordered as :func:`course_utils.nn.parameters.flatten` lists them
    (``W1, W2, b1, b2``). A ReLU network's loss has a kink wherever a pre-activation
    z = x . w_j + b_j crosses zero; a difference that steps across one measures the jump of
    the gradient, not the curvature. The default step therefore stays inside the current
    linear piece: moving one entry of W1 or b1 by h changes a pre-activation by at most
    h max(1, max |X|), so with m = min |X W1 + b1| the step h = min(1e-5, m / (2 max(1,
    max |X|))) crosses no kink (smooth activations use h = 1e-5).

    Parameters
    ----------
    params : dict with ``W1 (D, H)``, ``b1 (H,)``, ``W2 (H, C)``, ``b2 (C,)``
    X : ndarray, shape (N, D)
    y : targets, as for :func:`course_utils.nn.network.loss_and_grads`
    activation : {"tanh", "sigmoid", "relu"}
    loss : {"mse", "cross_entropy"}
    weight_decay : float >= 0
    h : float > 0, optional
        The finite-difference step; by default chosen as above.

    Returns
    -------
    ndarray, shape (P, P)

    Raises
    ------
    ValueError
        If a ReLU pre-activation is exactly 0: the loss has no Hessian there.
    """
    params, X, y = network.check_inputs(params, X, activation, y, loss)
    weight_decay = check_nonnegative(weight_decay, "weight_decay")
    if h is None:
        h = 1e-5
        if activation == "relu":
            margin = float(np.abs(X @ params["W1"] + params["b1"]).min())
            if margin == 0:
                raise ValueError("params puts a pre-activation X @ W1 + b1 exactly on a ReLU kink")
            h = min(h, 0.5 * margin / max(1.0, float(np.abs(X).max())))

    work = {}  # the network's (N, H) arrays, reused by the 2P gradient evaluations

    def grad_fn(theta):
        p = parameters.unflatten(theta, params)
        _, grads = network.loss_and_grads(
            p, X, y, activation, loss, weight_decay, check=False, work=work
        )
        return parameters.flatten({k: grads["d" + k] for k in params})

    return hessian(grad_fn, parameters.flatten(params), h=h)


def eigenvalues(hess):
    """Eigenvalues of a symmetric matrix ``hess (P, P)`` (a Hessian), ascending, shape (P,)."""
    hess = as_array(hess, "hess", shape=("P", "P"))
    if hess.shape[0] != hess.shape[1]:
        raise ValueError(f"hess must be square, shape (P, P); got shape {hess.shape}")
    scale = max(1.0, np.max(np.abs(hess), initial=0.0))
    if np.max(np.abs(hess - hess.T), initial=0.0) > 1e-8 * scale:
        raise ValueError("hess must be symmetric; symmetrize it with (hess + hess.T) / 2")
    return np.linalg.eigvalsh(hess)


def _check_eigs(eigs, tol):
    eigs = as_array(eigs, "eigs", shape=("P",))
    if eigs.size == 0:
        raise ValueError("eigs must hold at least one eigenvalue")
    return eigs, check_nonnegative(tol, "tol")


def classify_critical_point(eigs, tol=1e-8):
    """Type of a critical point from its Hessian's eigenvalues.

    ``"saddle"`` if some eigenvalue is > tol and another < -tol (mixed signs); otherwise
    ``"degenerate"`` if some |eigenvalue| <= tol (the second-order test is silent), else
    ``"minimum"`` (all > tol) or ``"maximum"`` (all < -tol).

    Parameters
    ----------
    eigs : ndarray, shape (P,)
    tol : float >= 0
    """
    eigs, tol = _check_eigs(eigs, tol)
    pos, neg = np.any(eigs > tol), np.any(eigs < -tol)
    if pos and neg:
        return "saddle"
    if np.any(np.abs(eigs) <= tol):
        return "degenerate"
    return "minimum" if pos else "maximum"


def index(eigs, tol=1e-8):
    """Index of a critical point: the fraction of eigenvalues < -tol (Dauphin et al. 2014).

    Parameters
    ----------
    eigs : ndarray, shape (P,)
    tol : float >= 0

    Returns
    -------
    float in [0, 1]: 0 at a minimum, 1 at a maximum.
    """
    eigs, tol = _check_eigs(eigs, tol)
    return float(np.mean(eigs < -tol))


class NewtonResult(NamedTuple):
    """Result of :func:`newton_critical_point`; unpacks as ``x, grad_norm, converged``."""

    x: np.ndarray
    grad_norm: float
    converged: bool


def newton_critical_point(grad_fn, x0, hess_fn=None, n_steps=50, tol=1e-10):
    """Newton's method on the gradient: x <- x - hess(x)^+ g(x) (pseudo-inverse).

    It looks for g(x) = 0 and is attracted to saddles as much as to minima, which is how
    Dauphin et al. (2014) located critical points of all indices. The step is the
    least-squares solution of hess(x) dx = -g, so a singular Hessian does not crash.

    Parameters
    ----------
    grad_fn : callable, ``grad_fn(x) -> (P,)``
    x0 : ndarray, shape (P,)
    hess_fn : callable, ``hess_fn(x) -> (P, P)``, optional
        Defaults to :func:`hessian` of ``grad_fn``.
    n_steps : int >= 0
        Maximum number of Newton steps.
    tol : float >= 0
        Converged when ||g(x)|| <= tol.

    Returns
    -------
    NewtonResult
        ``x (P,)``, the final ``grad_norm`` and whether it ``converged``.
    """
    if not callable(grad_fn) or (hess_fn is not None and not callable(hess_fn)):
        raise TypeError("grad_fn (and hess_fn if given) must be functions of x (P,)")
    x = as_array(x0, "x0", shape=("P",)).copy()
    n_steps = check_int(n_steps, "n_steps", 0)
    tol = check_nonnegative(tol, "tol")
    hess_fn = hess_fn or (lambda z: hessian(grad_fn, z))
    g = _call_grad(grad_fn, x)
    for _ in range(n_steps):
        if not np.linalg.norm(g) > tol:  # converged, or NaN
            break
        hess = np.asarray(hess_fn(x), dtype=float)
        if hess.shape != (x.size, x.size):
            raise ValueError(f"hess_fn must return shape {(x.size, x.size)}; got {hess.shape}")
        step = np.linalg.lstsq(hess, g, rcond=None)[0] if np.all(np.isfinite(hess)) else np.nan
        if not np.all(np.isfinite(x - step)):
            break
        x = x - step
        g = _call_grad(grad_fn, x)
    norm = float(np.linalg.norm(g))
    return NewtonResult(x, norm, bool(norm <= tol))
