"""Loss functions with their gradients with respect to the network's output.

Each returns ``(loss, dy_hat)``: the scalar loss averaged over the N examples and its
gradient with respect to the scores ``y_hat`` (same shape as ``y_hat``), ready to flow into
the backward pass.
"""

import numpy as np

from ..validate import as_array, check_choice, check_class_labels

__all__ = [
    "NAMES",
    "check_targets",
    "mse",
    "softmax",
    "softmax_cross_entropy",
    "accuracy",
]

NAMES = ("mse", "cross_entropy")  # the losses a network is trained on: mse, softmax_cross_entropy


def check_targets(y, N, C, loss):
    """Validate targets for ``loss`` and return them ready to use.

    Parameters
    ----------
    y : ndarray
        For ``"mse"``, shape (N, C) floats ((N,) is accepted when C == 1); for
        ``"cross_entropy"``, shape (N,) integer labels in 0..C-1.
    N, C : int
        Examples and outputs.
    loss : {"mse", "cross_entropy"}

    Returns
    -------
    ndarray, shape (N, C) for "mse", (N,) int for "cross_entropy"
    """
    check_choice(loss, "loss", NAMES)
    if np.ndim(y) == 0 or len(y) != N:
        raise ValueError(f"y must have one row per example (N = {N}); got shape {np.shape(y)}")
    if loss == "cross_entropy":
        return check_class_labels(y, N, C)
    y = as_array(y, "y")
    if y.ndim == 1 and C == 1:
        y = y[:, None]
    if y.shape != (N, C):
        raise ValueError(f"y must have shape (N, C) = ({N}, {C}) like y_hat; got {y.shape}")
    return y


def mse(y_hat, y, check=True):
    """Mean squared error (1/N) sum_n ||y_hat_n - y_n||^2 and its gradient.

    Parameters
    ----------
    y_hat : ndarray, shape (N, C)
        Network outputs.
    y : ndarray, shape (N, C) or (N,) when C == 1
        Targets.
    check : bool
        False trusts the inputs: y_hat finite, y of shape (N, C) (as from
        :func:`check_targets`).

    Returns
    -------
    loss : float
    dy_hat : ndarray, shape (N, C)
        (2/N) (y_hat - y).
    """
    if check:
        y_hat = as_array(y_hat, "y_hat", shape=("N", "C"))
        y = check_targets(y, *y_hat.shape, "mse")
    N = y_hat.shape[0]
    diff = y_hat - y
    return float(np.sum(diff**2) / N), 2.0 * diff / N


def softmax(scores):
    """Row-wise softmax probabilities, shape (N, C); each row sums to 1.

    Stable for any scores: the row maximum is subtracted before exponentiating.
    """
    scores = as_array(scores, "scores", shape=("N", "C"))
    shifted = scores - scores.max(axis=1, keepdims=True)
    return np.exp(shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True)))


def softmax_cross_entropy(scores, y, check=True):
    """Cross-entropy of softmax probabilities with integer labels, and its gradient.

    loss = -(1/N) sum_n log softmax(scores_n)[y_n]; the gradient is the famously simple
    (probs - onehot(y)) / N.

    Parameters
    ----------
    scores : ndarray, shape (N, C)
    y : ndarray of int, shape (N,)
        Labels in 0..C-1.
    check : bool
        False trusts the inputs (finite scores, labels in range, as from
        :func:`check_targets`).

    Returns
    -------
    loss : float
    dscores : ndarray, shape (N, C)
    """
    if check:
        scores = as_array(scores, "scores", shape=("N", "C"))
        y = check_class_labels(y, *scores.shape)
    N, rows = len(y), np.arange(len(y))
    logp = scores - scores.max(axis=1, keepdims=True)  # shifted scores, then log-probabilities
    dscores = np.exp(logp)
    logp -= np.log(np.sum(dscores, axis=1, keepdims=True))
    loss = -float(np.mean(logp[rows, y]))
    np.exp(logp, out=dscores)  # the probabilities (two (N, C) arrays in all, reused)
    dscores[rows, y] -= 1.0
    dscores /= N
    return loss, dscores


def accuracy(scores, y):
    """Fraction of rows whose largest score is at the true label.

    Parameters
    ----------
    scores : ndarray, shape (N, C)
    y : ndarray of int, shape (N,)
    """
    scores = as_array(scores, "scores", shape=("N", "C"))
    y = check_class_labels(y, *scores.shape)
    return float(np.mean(np.argmax(scores, axis=1) == y))
