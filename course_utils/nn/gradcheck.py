"""Numerical gradients by centred finite differences, and the relative error per tensor.

The centred difference (f(x + h e_i) - f(x - h e_i)) / (2h) has truncation error O(h^2)
and rounding error O(eps_machine / h); in float64 with h = 1e-5 both are about 1e-10, so an
analytic gradient that is right agrees to a relative error of about 1e-7 or better.
"""

import numpy as np

from ..validate import as_array, check_positive

__all__ = ["numerical_gradient", "numerical_grads", "rel_error", "check_grads"]


def numerical_gradient(f, x, h=1e-5):
    """Centred finite-difference gradient of a scalar function.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``; called 2 * x.size times on perturbed float64 copies of ``x``.
    x : ndarray, any shape
        The point; it is not modified.
    h : float
        Step of the finite difference.

    Returns
    -------
    ndarray, same shape as x
    """
    x = as_array(x, "x").copy()  # float64 copy: the caller's array is never touched
    h = check_positive(h, "h")
    grad = np.empty_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        f_plus = float(f(x))
        flat[i] = old - h
        f_minus = float(f(x))
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_grads(f, params, h=1e-5):
    """Finite-difference gradients of ``f(params)`` for every tensor of a parameter dict.

    Parameters
    ----------
    f : callable
        ``f(params) -> float`` for a dict like ``{"W1": ..., "b1": ...}``.
    params : dict of str to ndarray
    h : float

    Returns
    -------
    dict
        Keyed ``"d" + name`` (``dW1``, ``db1``, ...), the course's naming of gradients.
    """
    if not isinstance(params, dict) or not params:
        raise TypeError("params must be a non-empty dict of arrays such as {'W1': ..., 'b1': ...}")
    work = {k: as_array(v, f"params[{k!r}]").copy() for k, v in params.items()}
    grads = {}
    for name in work:
        original = work[name]

        def f_single(value, name=name):
            return f({**work, name: value})

        grads["d" + name] = numerical_gradient(f_single, original, h)
    return grads


def rel_error(a, b):
    """Relative error ||a - b|| / (||a|| + ||b||) of two arrays (0 when both are zero).

    Parameters
    ----------
    a, b : ndarray, same shape

    Returns
    -------
    float
    """
    a, b = as_array(a, "a"), as_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape; got {a.shape} and {b.shape}")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def check_grads(f, params, grads, h=1e-5):
    """Relative error per tensor between analytic ``grads`` and finite differences.

    Parameters
    ----------
    f : callable
        ``f(params) -> float``.
    params : dict of str to ndarray
    grads : dict
        Analytic gradients keyed ``"d" + name`` for every name of ``params``.
    h : float

    Returns
    -------
    dict of str to float
        ``{"dW1": 3e-10, ...}``: look at every tensor, not only a global norm, because a
        wrong small tensor (a bias) hardly moves the norm of all gradients together.
    """
    numeric = numerical_grads(f, params, h)
    missing = sorted(set(numeric) - set(grads))
    if missing:
        raise ValueError(f"grads is missing {missing}; expected keys {sorted(numeric)}")
    return {k: rel_error(grads[k], numeric[k]) for k in numeric}
