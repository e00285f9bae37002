"""Activation functions g(z) and their derivatives g'(z), elementwise.

Rosenblatt's step, the logistic sigmoid, tanh and the rectified linear unit (ReLU). Every
function takes an array of any shape and returns an array of the same shape; none warns for
large |z| (the sigmoid is computed in a form that cannot overflow).
"""

import numpy as np

from ..validate import as_array, check_choice

__all__ = ["NAMES", "step", "sigmoid", "tanh", "relu", "forward", "derivative"]

NAMES = ("step", "sigmoid", "tanh", "relu")


def step(z):
    """Heaviside step: 1 where z > 0, else 0. Its derivative is 0 wherever it exists."""
    return (np.asarray(z) > 0).astype(float)


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


def _step_grad(z):
    return np.zeros_like(z, dtype=float)


def _sigmoid_grad(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def _tanh_grad(z):
    return 1.0 - np.tanh(z) ** 2


def _relu_grad(z):
    # ReLU is not differentiable at 0; we use the subgradient 0 there, as most libraries do.
    return (z > 0).astype(float)


_FORWARD = {"step": step, "sigmoid": sigmoid, "tanh": tanh, "relu": relu}
_DERIVATIVE = {"step": _step_grad, "sigmoid": _sigmoid_grad, "tanh": _tanh_grad, "relu": _relu_grad}


def forward(name, z):
    """Apply the activation ``name`` elementwise.

    Parameters
    ----------
    name : {"step", "sigmoid", "tanh", "relu"}
    z : ndarray, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as z
    """
    check_choice(name, "activation", NAMES)
    return _FORWARD[name](as_array(z, "z"))


def derivative(name, z):
    """Derivative g'(z) of the activation ``name``, elementwise (same shape as ``z``)."""
    check_choice(name, "activation", NAMES)
    return _DERIVATIVE[name](as_array(z, "z"))
