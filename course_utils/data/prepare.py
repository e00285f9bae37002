"""Preparing data for training: a random train/test split and standardization."""

import numpy as np

from ..validate import as_array, check_int, check_positive, check_rng

__all__ = ["train_test_split", "standardize"]


def train_test_split(X, y, test_fraction=0.25, *, rng):
    """Split examples at random into a training and a test set.

    ``X`` ndarray, shape (N, D) (any array whose first axis indexes N >= 2 examples) and ``y``
    ndarray, shape (N,) or (N, C). The test set gets ``round(test_fraction * N)`` examples,
    at least 1 and at most N - 1; ``test_fraction`` in (0, 1).

    Returns
    -------
    X_train, X_test, y_train, y_test : new arrays; ``y`` keeps its dtype.
    """
    X = as_array(X, "X")
    as_array(y, "y", allow_nan=True)  # a numeric array: the original dtype is kept below
    y = np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError("X and y must have a first axis of N examples; got a scalar")
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of examples N; got {len(X)}, {len(y)}")
    N = check_int(len(X), "N (number of examples)", 2)
    test_fraction = check_positive(test_fraction, "test_fraction")
    if test_fraction >= 1:
        raise ValueError(f"test_fraction must lie in (0, 1); got {test_fraction}")
    order = check_rng(rng).permutation(N)
    n_test = min(max(round(test_fraction * N), 1), N - 1)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def standardize(X, mean=None, std=None):
    """Shift and scale each column to mean 0 and standard deviation 1.

    Pass the ``mean`` and ``std`` returned for the training set to scale a test set the
    same way. A column whose std is zero (to rounding) is only shifted, never divided by 0.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    mean, std : ndarray, shape (D,), optional
        Computed from ``X`` when omitted; ``std`` must be >= 0.

    Returns
    -------
    X_scaled : ndarray, shape (N, D)
    mean : ndarray, shape (D,)
    std : ndarray, shape (D,)
        The scale actually used (1 for constant columns), so ``X_scaled * std + mean == X``.
    """
    X = as_array(X, "X", shape=("N", "D"))
    if len(X) == 0:
        raise ValueError("X must hold at least one example (N >= 1)")
    D = X.shape[1]
    mean = X.mean(axis=0) if mean is None else as_array(mean, "mean", shape=(D,))
    std = X.std(axis=0) if std is None else as_array(std, "std", shape=(D,))
    if np.any(std < 0):
        raise ValueError("std must be >= 0 in every column")
    tiny = 10.0 * np.finfo(float).eps * np.maximum(np.abs(mean), 1.0)
    std = np.where(std <= tiny, 1.0, std)
    return (X - mean) / std, mean, std
