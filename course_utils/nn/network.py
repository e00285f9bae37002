"""A two-layer network with explicit forward and backward passes.

    Z1 = X W1 + b1        (N, H)
    A1 = g(Z1)            (N, H)
    y_hat = A1 W2 + b2    (N, C)     the scores

Parameters live in a dict ``{"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}`` and
gradients in a dict keyed ``dW1, db1, dW2, db2`` (dL/dW1, ...), so the optimizers of
:mod:`course_utils.optim.optimizers` run on a network exactly as on a 2-D surface.
Backpropagation as in Rumelhart, Hinton & Williams (1986).
"""

import numpy as np

from ..validate import (
    as_array,
    check_choice,
    check_class_labels,
    check_int,
    check_nonnegative,
    check_positive,
    check_rng,
)
from . import activations, layers, losses

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "LOSSES",
    "init_params",
    "forward",
    "backward",
    "loss_and_grads",
    "predict",
    "check_params",
    "check_targets",
]

ACTIVATIONS = ("tanh", "sigmoid", "relu")
INITS = ("zeros", "normal", "xavier", "he")
LOSSES = ("mse", "cross_entropy")
_KEYS = ("W1", "b1", "W2", "b2")


def init_weight(fan_in, fan_out, rng, init="xavier", scale=0.01):
    """One weight matrix (fan_in, fan_out) drawn by the named scheme.

    - ``"zeros"``: all zero (shows the symmetry problem).
    - ``"normal"``: N(0, scale^2).
    - ``"xavier"``: Glorot & Bengio (2010), eq. 16, uniform on
      [-sqrt(6 / (fan_in + fan_out)), +sqrt(6 / (fan_in + fan_out))].
    - ``"he"``: He et al. (2015), N(0, 2 / fan_in), derived for ReLU.
    """
    if init == "zeros":
        return np.zeros((fan_in, fan_out))
    if init == "normal":
        return scale * rng.standard_normal((fan_in, fan_out))
    if init == "xavier":
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=(fan_in, fan_out))
    return np.sqrt(2.0 / fan_in) * rng.standard_normal((fan_in, fan_out))


def init_params(D, H, C, rng, init="xavier", scale=0.01):
    """Initial parameters of a two-layer network; biases start at zero.

    Parameters
    ----------
    D, H, C : int
        Input features, hidden units, outputs.
    rng : numpy.random.Generator
    init : {"zeros", "normal", "xavier", "he"}
    scale : float
        Standard deviation for ``init="normal"``.

    Returns
    -------
    dict with ``W1 (D, H)``, ``b1 (H,)``, ``W2 (H, C)``, ``b2 (C,)``
    """
    D, H, C = (check_int(v, n, minimum=1) for v, n in ((D, "D"), (H, "H"), (C, "C")))
    check_rng(rng)
    check_choice(init, "init", INITS)
    scale = check_positive(scale, "scale")
    return {
        "W1": init_weight(D, H, rng, init, scale),
        "b1": np.zeros(H),
        "W2": init_weight(H, C, rng, init, scale),
        "b2": np.zeros(C),
    }


def check_params(params):
    """Validate a parameter dict; return it as float64 arrays and the sizes (D, H, C)."""
    if not isinstance(params, dict):
        raise TypeError("params must be a dict with keys 'W1', 'b1', 'W2', 'b2'")
    missing = [k for k in _KEYS if k not in params]
    if missing:
        raise ValueError(f"params is missing {missing}; expected keys W1, b1, W2, b2")
    W1 = as_array(params["W1"], "params['W1']", shape=("D", "H"))
    D, H = W1.shape
    W2 = as_array(params["W2"], "params['W2']", shape=(H, "C"))
    C = W2.shape[1]
    b1 = as_array(params["b1"], "params['b1']", shape=(H,))
    b2 = as_array(params["b2"], "params['b2']", shape=(C,))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, (D, H, C)


def _check_inputs(params, X, activation):
    params, (D, H, C) = check_params(params)
    X = as_array(X, "X", shape=("N", D))
    check_choice(activation, "activation", ACTIVATIONS)
    return params, X


def _forward(params, X, activation):
    Z1, cache1 = layers.affine_forward(X, params["W1"], params["b1"])
    A1, cache_g = layers.activation_forward(Z1, activation)
    scores, cache2 = layers.affine_forward(A1, params["W2"], params["b2"])
    return scores, (cache1, cache_g, cache2)


def forward(params, X, activation="tanh"):
    """Forward pass.

    Parameters
    ----------
    params : dict
        ``W1 (D, H)``, ``b1 (H,)``, ``W2 (H, C)``, ``b2 (C,)``.
    X : ndarray, shape (N, D)
    activation : {"tanh", "sigmoid", "relu"}

    Returns
    -------
    scores : ndarray, shape (N, C)
        y_hat.
    cache : tuple
        What :func:`backward` needs.
    """
    params, X = _check_inputs(params, X, activation)
    return _forward(params, X, activation)


def backward(dscores, cache):
    """Backward pass: gradients of the loss with respect to every parameter.

    Parameters
    ----------
    dscores : ndarray, shape (N, C)
        dL/dy_hat.
    cache : tuple from :func:`forward`.

    Returns
    -------
    dict with ``dW1 (D, H)``, ``db1 (H,)``, ``dW2 (H, C)``, ``db2 (C,)``
    """
    cache1, cache_g, cache2 = cache
    dA1, dW2, db2 = layers.affine_backward(dscores, cache2)
    dZ1 = layers.activation_backward(dA1, cache_g)
    _, dW1, db1 = layers.affine_backward(dZ1, cache1, input_grad=False)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def loss_and_grads(params, X, y, activation="tanh", loss="mse", weight_decay=0.0):
    """Loss on (X, y) and its gradients.

    ``"mse"``: (1/N) sum_n ||y_hat_n - y_n||^2 with y of shape (N, C) (or (N,) if C == 1).
    ``"cross_entropy"``: -(1/N) sum_n log softmax(y_hat_n)[y_n] with integer labels y (N,).
    ``weight_decay`` (L2) adds (wd / 2)(||W1||^2 + ||W2||^2) to the loss and wd W to dW
    (biases are not decayed).

    Returns
    -------
    loss : float
    grads : dict keyed dW1, db1, dW2, db2
    """
    params, X = _check_inputs(params, X, activation)
    y = check_targets(y, len(X), params["W2"].shape[1], loss)
    wd = check_nonnegative(weight_decay, "weight_decay")
    return _loss_and_grads(params, X, y, activation, loss, wd)


def check_targets(y, N, C, loss):
    """Validate targets for ``loss``: (N, C) floats for "mse" ((N,) allowed when C == 1),
    (N,) integer labels in 0..C-1 for "cross_entropy". Returns them ready to use."""
    check_choice(loss, "loss", LOSSES)
    if np.ndim(y) == 0 or len(y) != N:
        raise ValueError(f"y must have one row per example of X (N = {N}); got shape {np.shape(y)}")
    if loss == "mse":
        return losses._as_2d_targets(as_array(y, "y"), N, C)
    return check_class_labels(y, N, C)


def _hidden_and_scores(params, X, activation):
    """A1 and the scores of :func:`forward`, the same arithmetic, with Z1 overwritten by A1."""
    A1 = X @ params["W1"]
    A1 += params["b1"]
    if activation == "tanh":
        np.tanh(A1, out=A1)
    elif activation == "relu":
        np.maximum(A1, 0.0, out=A1)
    else:
        A1[...] = activations.sigmoid(A1)
    scores = A1 @ params["W2"]
    scores += params["b2"]
    return A1, scores


def _data_loss(scores, y, loss):
    return losses._mse(scores, y) if loss == "mse" else losses._softmax_cross_entropy(scores, y)


def _penalty(params, wd):
    return 0.5 * wd * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))


def _loss(params, X, y, activation, loss, wd):
    """The loss of :func:`loss_and_grads` alone (validated inputs): no backward pass."""
    value = _data_loss(_hidden_and_scores(params, X, activation)[1], y, loss)[0]
    return float(value + _penalty(params, wd)) if wd else float(value)


def _loss_and_grads(params, X, y, activation, loss, wd):
    """:func:`loss_and_grads` for inputs already validated (see :func:`check_targets`).

    The same arithmetic as :func:`forward`, the loss and :func:`backward`, in the same order
    (so the same numbers), but the hidden layer's arrays are reused in place: nobody else
    sees them here, and fresh large arrays cost page faults as well as copies. Z1 becomes A1,
    A1 becomes g'(Z1) once dW2 is known, and dA1 becomes dZ1: two (N, H) arrays, not four.
    """
    A1, scores = _hidden_and_scores(params, X, activation)
    value, dscores = _data_loss(scores, y, loss)
    dW2, db2 = A1.T @ dscores, dscores.sum(axis=0)
    dZ1 = dscores @ params["W2"].T  # dA1, turned into dZ1 = dA1 * g'(Z1) in place
    if activation == "tanh":  # g' = 1 - A1^2, as in layers.activation_backward
        np.multiply(A1, A1, out=A1)
        np.subtract(1.0, A1, out=A1)
        dZ1 *= A1
    elif activation == "relu":  # g' = [Z1 > 0] = [A1 > 0]
        np.copyto(dZ1, 0.0, where=~(A1 > 0))
    else:  # g' = (1 - A1) A1
        dZ1 *= (1.0 - A1) * A1
    dW1, db1 = X.T @ dZ1, dZ1.sum(axis=0)
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    if wd:
        value += _penalty(params, wd)
        grads["dW1"] = grads["dW1"] + wd * params["W1"]
        grads["dW2"] = grads["dW2"] + wd * params["W2"]
    return float(value), grads


def predict(params, X, activation="tanh"):
    """Predicted class labels argmax_c y_hat[n, c], shape (N,)."""
    scores, _ = forward(params, X, activation)
    return np.argmax(scores, axis=1)
