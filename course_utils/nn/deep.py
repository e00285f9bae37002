"""A deep multilayer perceptron for watching activations and gradients across depth.

    A_0 = X,   Z_k = A_{k-1} W_k,   A_k = g(Z_k)    for k = 1..K   (no biases)

With g the identity this is y_hat = X W_1 W_2 ... W_K, the product of matrices whose scale
decides whether signals vanish or explode with depth. :func:`layer_stats` runs one forward
pass and one backward pass of a fixed upstream gradient and returns every layer's
activations and weight gradients, for the per-layer histograms of the initialization lesson
(Glorot & Bengio 2010; He et al. 2015).
"""

import numpy as np

from ..validate import as_array, check_choice, check_int, check_rng
from . import activations, parameters

__all__ = ["init_weights", "forward", "backward", "layer_stats"]


def init_weights(D, H, K, rng, init="xavier", scale=0.01):
    """Weights of K layers of width H on D inputs.

    Parameters
    ----------
    D, H, K : int
        Input features, width of every layer, depth.
    rng : numpy.random.Generator
    init : {"zeros", "normal", "xavier", "he"}
        As in :func:`course_utils.nn.parameters.init_weight`; ``"normal"`` uses ``scale``.
    scale : float
        Standard deviation for ``init="normal"``.

    Returns
    -------
    list of K ndarrays: the first (D, H), the others (H, H)
    """
    D, H, K = (check_int(v, n, 1) for v, n in ((D, "D"), (H, "H"), (K, "K")))
    return [parameters.init_weight(D if i == 0 else H, H, rng, init, scale) for i in range(K)]


def _check(Ws, X, activation):
    if not isinstance(Ws, (list, tuple)) or not Ws:
        raise TypeError("Ws must be a non-empty list of weight matrices")
    X = as_array(X, "X", shape=("N", "D"))
    Ws = [as_array(W, f"Ws[{i}]", shape=("fan_in", "H")) for i, W in enumerate(Ws)]
    width = X.shape[1]
    for i, W in enumerate(Ws):
        if W.shape[0] != width:
            raise ValueError(
                f"Ws[{i}] must have {width} rows to follow the previous layer; got {W.shape}"
            )
        width = W.shape[1]
    check_choice(activation, "activation", activations.TRAINABLE)
    return Ws, X


def _forward(Ws, X, activation):
    acts, caches = [], []
    A_prev = X
    with np.errstate(over="ignore", invalid="ignore"):
        for W in Ws:
            A = A_prev @ W  # Z_k, then A_k = g(Z_k) in place
            activations.forward(activation, A, out=A, check=False)
            acts.append(A)
            caches.append((A_prev, W, A, activation))
            A_prev = A
    return acts, caches


def forward(Ws, X, activation="tanh"):
    """Forward pass through all layers.

    Parameters
    ----------
    Ws : list of K ndarrays, (D, H) then (H, H)
    X : ndarray, shape (N, D)
    activation : {"linear", "tanh", "sigmoid", "relu"}

    Returns
    -------
    acts : list of K ndarrays, shape (N, H)
        A_1 .. A_K.
    caches : list, for :func:`backward`
    """
    Ws, X = _check(Ws, X, activation)
    return _forward(Ws, X, activation)


def backward(dA_K, caches):
    """Backward pass from dL/dA_K.

    Parameters
    ----------
    dA_K : ndarray, shape (N, H)
    caches : from :func:`forward`

    Returns
    -------
    dWs : list of K ndarrays, the shapes of Ws
        dL/dW_k for every layer k = 1..K.
    """
    dWs = [None] * len(caches)
    dA = dA_K
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(len(caches) - 1, -1, -1):
            A_prev, W, A, activation = caches[i]
            dZ = activations.backward(activation, dA, A)  # dA * g'(Z_k), from A_k
            dWs[i] = A_prev.T @ dZ
            if i > 0:  # no dX: the input is data
                dA = dZ @ W.T
    return dWs


def layer_stats(Ws, X, activation, rng):
    """Activations and weight gradients of every layer for one random upstream gradient.

    The upstream gradient dL/dA_K is standard normal divided by N (as for a squared-error
    loss against random targets), so only the network decides how it grows or shrinks.

    Parameters
    ----------
    Ws : list of K ndarrays, (D, H) then (H, H)
    X : ndarray, shape (N, D)
    activation : {"linear", "tanh", "sigmoid", "relu"}
    rng : numpy.random.Generator
        Draws the upstream gradient.

    Returns
    -------
    dict with
        ``acts``: list of K arrays (N, H);
        ``grads``: list of K arrays, dL/dW_k;
        ``act_std``, ``grad_std``: arrays (K,) of their standard deviations (NaN where the
        values overflowed).
    """
    Ws, X = _check(Ws, X, activation)
    check_rng(rng)
    acts, caches = _forward(Ws, X, activation)
    dA_K = rng.standard_normal(acts[-1].shape) / X.shape[0]
    grads = backward(dA_K, caches)
    with np.errstate(over="ignore", invalid="ignore"):
        act_std = np.array([np.std(a) for a in acts])
        grad_std = np.array([np.std(g) for g in grads])
    return {
        "acts": acts,
        "grads": grads,
        "act_std": np.where(np.isfinite(act_std), act_std, np.nan),
        "grad_std": np.where(np.isfinite(grad_std), grad_std, np.nan),
    }
