"""Measuring a trained classifier and choosing among training runs.

Two small tools for the capstone (notebook 10), where a network is tuned on a validation set
and then measured once on a test set:

- :func:`confusion_matrix` counts, for every true class, how often each class was predicted:
  ``M[i, j]`` is the number of examples of class ``i`` predicted as ``j``. The diagonal holds
  the correct answers; ``M.sum()`` is the number of examples, ``np.trace(M) / M.sum()`` the
  accuracy, and ``M[i, i] / M[i].sum()`` the share of class ``i`` that was recognized (its
  recall).
- :func:`select_best` is the tuning rule of the course: among several settings (learning
  rates, weight decays), the one with the highest validation accuracy; ties, which are common
  on a small validation set, go to the lower validation loss; runs that diverged (NaN) are
  never chosen.
"""

import numpy as np

from ._validate import as_array, check_int
from .losses import _check_labels

__all__ = ["confusion_matrix", "select_best"]


def confusion_matrix(y_true, y_pred, C):
    """Counts of (true class, predicted class) pairs.

    Parameters
    ----------
    y_true : ndarray of int, shape (N,)
        True labels in 0..C-1.
    y_pred : ndarray of int, shape (N,)
        Predicted labels in 0..C-1.
    C : int
        Number of classes, >= 1. Every class gets a row and a column, even one that never
        occurs.

    Returns
    -------
    M : ndarray of int, shape (C, C)
        ``M[i, j]`` = number of examples of true class ``i`` predicted as class ``j``
        (rows: truth, columns: prediction).
    """
    C = check_int(C, "C", 1)
    y_true = _check_labels(y_true, "N", C)
    y_pred = _check_labels(y_pred, len(y_true), C)
    M = np.zeros((C, C), dtype=np.int64)
    np.add.at(M, (y_true, y_pred), 1)
    return M


def select_best(val_accuracy, val_loss):
    """Index of the best setting: highest validation accuracy, then lowest validation loss.

    Parameters
    ----------
    val_accuracy : ndarray, shape (M,)
        Validation accuracy of each of M settings; NaN marks a run that diverged.
    val_loss : ndarray, shape (M,)
        Validation loss of each setting, used only to break ties in accuracy; NaN marks a
        run that diverged.

    Returns
    -------
    int
        The index of the chosen setting; the first one if several tie on both numbers.

    Raises
    ------
    ValueError
        If every run diverged.
    """
    acc = as_array(val_accuracy, "val_accuracy", shape=("M",), allow_nan=True)
    loss = as_array(val_loss, "val_loss", shape=(len(acc),), allow_nan=True)
    ok = np.isfinite(acc) & np.isfinite(loss)
    if not ok.any():
        raise ValueError("every run diverged (all NaN): there is no setting to choose")
    candidates = np.flatnonzero(ok & (acc == acc[ok].max()))
    return int(candidates[np.argmin(loss[candidates])])
