"""Measuring a trained classifier and choosing among training runs.

Small tools for the capstone (notebook 11), where a network is tuned on a validation set
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
- :func:`random_search` tunes several hyperparameters at once (Bergstra & Bengio 2012): every
  trial draws each one independently and log-uniformly from its range, and the best trial
  by :func:`select_best` wins.
"""

import numpy as np

from ..validate import as_array, check_class_labels, check_int, check_positive, check_rng

__all__ = ["confusion_matrix", "random_search", "select_best"]


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
    y_true = check_class_labels(y_true, "N", C)
    y_pred = check_class_labels(y_pred, len(y_true), C)
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


def _check_ranges(ranges):
    if not isinstance(ranges, dict) or not ranges:
        raise ValueError("ranges must be a dict {name: (low, high)} with at least one entry")
    checked = {}
    for name, bounds in ranges.items():
        try:
            low, high = bounds
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"ranges[{name!r}] must be a pair (low, high); got {bounds!r}"
            ) from exc
        low = check_positive(low, f"ranges[{name!r}] low")
        high = check_positive(high, f"ranges[{name!r}] high")
        if not low < high:
            raise ValueError(f"ranges[{name!r}] needs low < high; got ({low}, {high})")
        checked[name] = (low, high)
    return checked


def random_search(evaluate, n_trials, ranges, rng):
    """Random search over hyperparameters on log scales (Bergstra & Bengio 2012).

    Every trial draws each hyperparameter independently and log-uniformly from its range,
    ``10 ** rng.uniform(log10(low), log10(high))``, and calls ``evaluate`` with them; the
    trial with the highest validation accuracy wins, ties going to the lower validation loss
    and diverged trials (NaN) never chosen, as in :func:`select_best`.

    Parameters
    ----------
    evaluate : callable
        ``evaluate(**settings) -> (val_accuracy, val_loss)``, NaN for a run that diverged.
    n_trials : int >= 1
    ranges : dict
        ``{name: (low, high)}`` with ``0 < low < high``, for example
        ``{"lr": (0.02, 0.5), "weight_decay": (1e-6, 1e-2)}``.
    rng : numpy.random.Generator

    Returns
    -------
    dict
        The settings of the best trial, ``{name: value}``.

    Raises
    ------
    ValueError
        If every trial diverged.
    """
    if not callable(evaluate):
        raise TypeError("evaluate must be a function evaluate(**settings) -> (accuracy, loss)")
    n_trials = check_int(n_trials, "n_trials", 1)
    ranges = _check_ranges(ranges)
    check_rng(rng)
    trials, accuracies, val_losses = [], [], []
    for _ in range(n_trials):
        settings = {
            name: float(10 ** rng.uniform(np.log10(low), np.log10(high)))
            for name, (low, high) in ranges.items()
        }
        acc, loss = evaluate(**settings)
        trials.append(settings)
        accuracies.append(acc)
        val_losses.append(loss)
    return trials[select_best(np.array(accuracies, float), np.array(val_losses, float))]
