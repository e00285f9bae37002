"""A two-layer network with explicit forward and backward passes.

    Z1 = X W1 + b1        (N, H)
    A1 = g(Z1)            (N, H)
    y_hat = A1 W2 + b2    (N, C)     the scores

Parameters live in a dict ``{"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}`` and
gradients in a dict keyed ``dW1, db1, dW2, db2`` (dL/dW1, ...), so the optimizers of
:mod:`course_utils.optim.optimizers` run on a network exactly as on a 2-D surface.
Backpropagation as in Rumelhart, Hinton & Williams (1986).

This is the one implementation, and it is fast enough for every lesson: the (N, H) arrays are
written in place, and a training loop may hand every call the same ``work`` dict, in which
they are kept between calls (fresh large arrays cost page faults as well as copies), and
``check=False`` once it has validated its inputs (:func:`check_inputs`).
"""

import numpy as np

from ..validate import as_array, check_choice, check_int, check_nonnegative
from . import activations, losses, parameters

__all__ = [
    "init_params",
    "check_params",
    "check_inputs",
    "forward",
    "backward",
    "loss_and_grads",
    "loss_value",
    "predict",
]

_KEYS = ("W1", "b1", "W2", "b2")


def init_params(D, H, C, rng, init="xavier", scale=0.01):
    """Initial parameters of a two-layer network; biases start at zero.

    Parameters
    ----------
    D, H, C : int
        Input features, hidden units, outputs.
    rng : numpy.random.Generator
    init : {"zeros", "normal", "xavier", "he"}
        See :func:`course_utils.nn.parameters.init_weight` (which validates rng, init, scale).
    scale : float
        Standard deviation for ``init="normal"``.

    Returns
    -------
    dict with ``W1 (D, H)``, ``b1 (H,)``, ``W2 (H, C)``, ``b2 (C,)``
    """
    D, H, C = (check_int(v, n, minimum=1) for v, n in ((D, "D"), (H, "H"), (C, "C")))
    return {
        "W1": parameters.init_weight(D, H, rng, init, scale),
        "b1": np.zeros(H),
        "W2": parameters.init_weight(H, C, rng, init, scale),
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


def check_inputs(params, X, activation, y=None, loss="mse"):
    """Validate what :func:`forward` (and, with ``y``, :func:`loss_and_grads`) takes.

    Returns ``params, X`` (and ``y`` ready to use, as from
    :func:`course_utils.nn.losses.check_targets`, when ``y`` is given): pass them on with
    ``check=False`` to skip validating them again at every step of a loop.
    """
    params, (D, H, C) = check_params(params)
    X = as_array(X, "X", shape=("N", D))
    check_choice(activation, "activation", activations.TRAINABLE)
    if y is None:
        return params, X
    return params, X, losses.check_targets(y, len(X), C, loss)


def _buffer(work, key, shape):
    """An uninitialized float64 array of ``shape``, kept in ``work`` (a dict) between calls."""
    if work is None:
        return np.empty(shape)
    buf = work.get(key)
    if buf is None or buf.shape[1:] != shape[1:] or len(buf) < shape[0]:
        buf = work[key] = np.empty(shape)
    return buf[: shape[0]]


def forward(params, X, activation="tanh", check=True, work=None):
    """Forward pass.

    Parameters
    ----------
    params : dict
        ``W1 (D, H)``, ``b1 (H,)``, ``W2 (H, C)``, ``b2 (C,)``.
    X : ndarray, shape (N, D)
    activation : {"tanh", "sigmoid", "relu", "linear"}
    check : bool
        False trusts the inputs (as returned by :func:`check_inputs`).
    work : dict, optional
        Keeps the hidden layer's (N, H) array between calls; the next call with the same
        ``work`` overwrites it (and so the previous cache).

    Returns
    -------
    scores : ndarray, shape (N, C)
        y_hat.
    cache : tuple ``(X, A1, W2, activation)``
        What :func:`backward` needs.
    """
    if check:
        params, X = check_inputs(params, X, activation)
    A1 = np.matmul(X, params["W1"], out=_buffer(work, "A1", (len(X), params["W1"].shape[1])))
    A1 += params["b1"]  # Z1, then A1 = g(Z1) in place: one (N, H) array
    activations.forward(activation, A1, out=A1, check=False)
    scores = A1 @ params["W2"]
    scores += params["b2"]
    return scores, (X, A1, params["W2"], activation)


def backward(dscores, cache, work=None):
    """Backward pass: gradients of the loss with respect to every parameter.

    Parameters
    ----------
    dscores : ndarray, shape (N, C)
        dL/dy_hat.
    cache : tuple from :func:`forward`; not modified.
    work : dict, optional
        Keeps the two (N, H) arrays dL/dZ1 and g'(Z1) between calls.

    Returns
    -------
    dict with ``dW1 (D, H)``, ``db1 (H,)``, ``dW2 (H, C)``, ``db2 (C,)``
    """
    X, A1, W2, activation = cache
    dW2, db2 = A1.T @ dscores, dscores.sum(axis=0)
    dZ1 = np.matmul(dscores, W2.T, out=_buffer(work, "dZ1", A1.shape))  # dA1, then dZ1:
    activations.backward(activation, dZ1, A1, out=dZ1, work=_buffer(work, "slope", A1.shape))
    dW1, db1 = X.T @ dZ1, dZ1.sum(axis=0)  # no dX: the input is data
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def _data_loss(scores, y, loss):
    fn = losses.mse if loss == "mse" else losses.softmax_cross_entropy
    return fn(scores, y, check=False)


def _penalty(params, wd):
    return 0.5 * wd * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))


def loss_and_grads(
    params, X, y, activation="tanh", loss="mse", weight_decay=0.0, check=True, work=None
):
    """Loss on (X, y) and its gradients: :func:`forward`, the loss, :func:`backward`.

    ``"mse"``: (1/N) sum_n ||y_hat_n - y_n||^2 with y of shape (N, C) (or (N,) if C == 1).
    ``"cross_entropy"``: -(1/N) sum_n log softmax(y_hat_n)[y_n] with integer labels y (N,).
    ``weight_decay`` (L2) adds (wd / 2)(||W1||^2 + ||W2||^2) to the loss and wd W to dW
    (biases are not decayed).

    Parameters
    ----------
    params, X, activation
        As in :func:`forward`.
    y : ndarray, shape (N, C) or (N,)
    loss : {"mse", "cross_entropy"}
    weight_decay : float >= 0
    check : bool
        False trusts the inputs: ``params, X, y`` as returned by :func:`check_inputs`.
    work : dict, optional
        Pass the same dict at every call of a loop: the (N, H) arrays are kept in it.

    Returns
    -------
    loss : float
    grads : dict keyed dW1, db1, dW2, db2
    """
    if check:
        params, X, y = check_inputs(params, X, activation, y, loss)
        weight_decay = check_nonnegative(weight_decay, "weight_decay")
    scores, cache = forward(params, X, activation, check=False, work=work)
    value, dscores = _data_loss(scores, y, loss)
    grads = backward(dscores, cache, work=work)
    if weight_decay:
        value += _penalty(params, weight_decay)
        grads["dW1"] = grads["dW1"] + weight_decay * params["W1"]
        grads["dW2"] = grads["dW2"] + weight_decay * params["W2"]
    return float(value), grads


def loss_value(
    params, X, y, activation="tanh", loss="mse", weight_decay=0.0, check=True, work=None
):
    """The loss of :func:`loss_and_grads` alone (the same arguments): no backward pass."""
    if check:
        params, X, y = check_inputs(params, X, activation, y, loss)
        weight_decay = check_nonnegative(weight_decay, "weight_decay")
    value = _data_loss(forward(params, X, activation, check=False, work=work)[0], y, loss)[0]
    return float(value + _penalty(params, weight_decay)) if weight_decay else float(value)


def predict(params, X, activation="tanh"):
    """Predicted class labels argmax_c y_hat[n, c], shape (N,)."""
    scores, _ = forward(params, X, activation)
    return np.argmax(scores, axis=1)
