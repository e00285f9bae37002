"""Loss functions with their gradients with respect to the network's output.

Each returns ``(loss, dy_hat)``: the scalar loss averaged over the N examples and its
gradient with respect to the scores ``y_hat`` (same shape as ``y_hat``), ready to flow into
the backward pass.
"""

import numpy as np

from ..validate import as_array, check_class_labels

__all__ = ["mse", "softmax", "log_softmax", "softmax_cross_entropy", "accuracy"]


def _as_2d_targets(y, N, C):
    """Return regression targets as shape (N, C), accepting (N,) when C == 1."""
    if y.ndim == 1 and C == 1:
        y = y[:, None]
    if y.shape != (N, C):
        raise ValueError(f"y must have shape (N, C) = ({N}, {C}) like y_hat; got {y.shape}")
    return y


def mse(y_hat, y):
    """Mean squared error (1/N) sum_n ||y_hat_n - y_n||^2 and its gradient.

    Parameters
    ----------
    y_hat : ndarray, shape (N, C)
        Network outputs.
    y : ndarray, shape (N, C) or (N,) when C == 1
        Targets.

    Returns
    -------
    loss : float
    dy_hat : ndarray, shape (N, C)
        (2/N) (y_hat - y).
    """
    y_hat = as_array(y_hat, "y_hat", shape=("N", "C"))
    return _mse(y_hat, _as_2d_targets(as_array(y, "y"), *y_hat.shape))


def _mse(y_hat, y):
    """:func:`mse` for validated inputs, y of shape (N, C)."""
    N = y_hat.shape[0]
    diff = y_hat - y
    return float(np.sum(diff**2) / N), 2.0 * diff / N


def log_softmax(scores):
    """Row-wise log softmax, stable for any scores (the row maximum is subtracted first).

    Parameters
    ----------
    scores : ndarray, shape (N, C)

    Returns
    -------
    ndarray, shape (N, C)
    """
    scores = as_array(scores, "scores", shape=("N", "C"))
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


def softmax(scores):
    """Row-wise softmax probabilities, shape (N, C); each row sums to 1."""
    return np.exp(log_softmax(scores))


def softmax_cross_entropy(scores, y):
    """Cross-entropy of softmax probabilities with integer labels, and its gradient.

    loss = -(1/N) sum_n log softmax(scores_n)[y_n]; the gradient is the famously simple
    (probs - onehot(y)) / N.

    Parameters
    ----------
    scores : ndarray, shape (N, C)
    y : ndarray of int, shape (N,)
        Labels in 0..C-1.

    Returns
    -------
    loss : float
    dscores : ndarray, shape (N, C)
    """
    scores = as_array(scores, "scores", shape=("N", "C"))
    return _softmax_cross_entropy(scores, check_class_labels(y, *scores.shape))


def _softmax_cross_entropy(scores, y):
    """:func:`softmax_cross_entropy` for validated inputs (finite scores, labels in range)."""
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
