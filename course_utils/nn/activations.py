"""Activation functions g(z), their derivatives g'(z), and their backward pass: one registry.

Rosenblatt's step, the identity (a linear layer), the logistic sigmoid, tanh and the rectified
linear unit (ReLU). Every function takes an array of any shape and returns an array of the
same shape; none warns for large |z| (the sigmoid is computed in a form that cannot overflow).

Each derivative is written once, in terms of the output a = g(z), which is what a backward
pass keeps: tanh' = 1 - a^2, sigmoid' = a (1 - a), relu' = [a > 0], step' = 0, linear' = 1.
"""

import numpy as np

from ..validate import as_array, check_choice

__all__ = [
    "NAMES",
    "TRAINABLE",
    "step",
    "linear",
    "sigmoid",
    "tanh",
    "relu",
    "forward",
    "derivative",
    "backward",
]


def step(z):
    """Heaviside step: 1 where z > 0, else 0. Its derivative is 0 wherever it exists."""
    return (np.asarray(z) > 0).astype(float)


def linear(z):
    """The identity: a layer without activation."""
    return np.array(z, dtype=float)


def sigmoid(z):
    """Logistic sigmoid 1 / (1 + exp(-z)), evaluated without overflow for any z."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def tanh(z):
    """Hyperbolic tangent."""
    return np.tanh(z)


def relu(z):
    """Rectified linear unit max(0, z)."""
    return np.maximum(z, 0.0)


# g'(z) from a = g(z), written into ``out`` (an array of a's shape, possibly a itself).
def _step_slope(a, out):
    out[...] = 0.0
    return out


def _linear_slope(a, out):
    out[...] = 1.0
    return out


def _sigmoid_slope(a, out):
    np.subtract(1.0, a, out=out)
    out *= a
    return out


def _tanh_slope(a, out):
    np.multiply(a, a, out=out)
    return np.subtract(1.0, out, out=out)


def _relu_slope(a, out):
    # ReLU is not differentiable at 0; we use the subgradient 0 there, as most libraries do.
    return np.greater(a, 0.0, out=out)


# name -> (g, g' from the output a = g(z)); the one list of activations of the package
_REGISTRY = {
    "step": (step, _step_slope),
    "linear": (linear, _linear_slope),
    "sigmoid": (sigmoid, _sigmoid_slope),
    "tanh": (tanh, _tanh_slope),
    "relu": (relu, _relu_slope),
}
NAMES = tuple(_REGISTRY)
TRAINABLE = ("linear", "sigmoid", "tanh", "relu")  # step's slope is 0: no gradient to follow


def forward(name, z, out=None, check=True):
    """Apply the activation ``name`` elementwise.

    Parameters
    ----------
    name : {"step", "linear", "sigmoid", "tanh", "relu"}
    z : ndarray, any shape
        Pre-activations.
    out : ndarray, shape of z, optional
        Where to write the result (it may be z itself: the layer then works in place).
    check : bool
        False skips validating ``name`` and ``z`` (callers that validated them already).

    Returns
    -------
    ndarray, same shape as z
    """
    if check:
        check_choice(name, "activation", NAMES)
        z = as_array(z, "z")
    if name == "tanh" and out is not None:
        return np.tanh(z, out=out)
    if name == "relu" and out is not None:
        return np.maximum(z, 0.0, out=out)
    a = _REGISTRY[name][0](z)
    if out is None:
        return a
    out[...] = a
    return out


def derivative(name, z):
    """Derivative g'(z) of the activation ``name``, elementwise (same shape as ``z``)."""
    check_choice(name, "activation", NAMES)
    a = forward(name, as_array(z, "z"), check=False)
    return _REGISTRY[name][1](a, np.empty_like(a))


def backward(name, dA, A, out=None, work=None):
    """Backward pass of the activation layer A = g(Z): dZ = dA * g'(Z), elementwise.

    Validation is the caller's (a network checks its inputs once, at its boundary).

    Parameters
    ----------
    name : {"step", "linear", "sigmoid", "tanh", "relu"}
    dA : ndarray
        Upstream gradient dL/dA.
    A : ndarray, shape of dA
        The layer's output g(Z), from which g'(Z) is computed; not modified.
    out : ndarray, shape of dA, optional
        Where to write dZ (it may be dA itself).
    work : ndarray, shape of dA, optional
        Scratch space for g'(Z); by default a fresh array.

    Returns
    -------
    dZ : ndarray, shape of dA
    """
    slope = _REGISTRY[name][1](A, np.empty_like(A) if work is None else work)
    return np.multiply(dA, slope, out=out)
