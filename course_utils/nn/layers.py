"""Layers as pure forward/backward pairs (cs231n style).

Every ``*_forward`` returns ``(out, cache)`` and every ``*_backward(dout, cache)`` returns the
gradients, so each piece can be gradient-checked on its own. Nothing modifies its inputs.
These are internal building blocks of :mod:`course_utils.nn.network` and
:mod:`course_utils.nn.deep`; they trust their callers (validation happens there).
"""

import numpy as np

from . import activations

__all__ = ["affine_forward", "affine_backward", "activation_forward", "activation_backward"]


def affine_forward(X, W, b):
    """Z = X W + b.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    W : ndarray, shape (D, H)
    b : ndarray, shape (H,) or None (no bias)

    Returns
    -------
    Z : ndarray, shape (N, H)
    cache : tuple (X, W)
    """
    Z = X @ W
    if b is not None:
        Z += b  # in place on the fresh product: one large array allocated, not two
    return Z, (X, W)


def affine_backward(dZ, cache, input_grad=True):
    """Gradients of Z = X W + b.

    Parameters
    ----------
    dZ : ndarray, shape (N, H)
        Upstream gradient dL/dZ.
    cache : tuple (X, W) from :func:`affine_forward`.
    input_grad : bool
        False skips dX (returned as None): the first layer's input is the data, and its
        gradient would cost as much as the forward product for nothing.

    Returns
    -------
    dX : ndarray, shape (N, D), or None    dZ W^T
    dW : ndarray, shape (D, H)             X^T dZ
    db : ndarray, shape (H,)               sum of dZ over the N examples
    """
    X, W = cache
    return (dZ @ W.T if input_grad else None), X.T @ dZ, dZ.sum(axis=0)


def activation_forward(Z, activation):
    """A = g(Z) elementwise; returns ``(A, cache)`` with cache ``(Z, A, activation)``."""
    A = activations._FORWARD[activation](Z)  # unchecked: layers trust their callers
    return A, (Z, A, activation)


def activation_backward(dA, cache):
    """dZ = dA * g'(Z), elementwise (same shape as dA).

    The derivative is written with the cached output A where that is cheaper:
    tanh' = 1 - A^2, sigmoid' = A (1 - A); ReLU' = [Z > 0]. One array is allocated and
    the rest is done in place on it (large temporaries cost more than the arithmetic).
    """
    Z, A, activation = cache
    if activation == "tanh":
        dZ = np.multiply(A, A)
        np.subtract(1.0, dZ, out=dZ)
    elif activation == "sigmoid":
        dZ = np.subtract(1.0, A)
        dZ *= A
    elif activation == "relu":
        return np.where(Z > 0, dA, 0.0)
    else:
        return activations._DERIVATIVE[activation](Z) * dA
    dZ *= dA
    return dZ
