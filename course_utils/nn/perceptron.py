"""Rosenblatt's perceptron: prediction, the learning rule, training, and Novikoff's bound.

Labels are in {-1, +1}. The neuron computes z = w . x + b and predicts +1 where z > 0.
On a mistake, y (w . x + b) <= 0, the rule moves the boundary towards the example:
w <- w + lr y x, b <- b + lr y (Rosenblatt 1958). On linearly separable data it stops after
at most (R / gamma)^2 mistakes (Novikoff 1962).
"""

from dataclasses import dataclass

import numpy as np

from ..validate import as_array, check_int, check_positive, check_same_length

__all__ = [
    "PerceptronResult",
    "predict",
    "update",
    "fit",
    "novikoff_bound",
    "check_data",
    "check_weights",
]


@dataclass(frozen=True)
class PerceptronResult:
    """What :func:`fit` returns.

    Attributes
    ----------
    w : ndarray, shape (D,)
        Final weights.
    b : float
        Final bias.
    mistakes_per_epoch : ndarray of intp, shape (n_epochs,)
        Mistakes (= updates) made in each pass over the data.
    n_updates : int
        Total number of updates, ``mistakes_per_epoch.sum()``.
    converged : bool
        Whether the last epoch made no mistake (every example correctly classified).
    history : ndarray, shape (n_updates + 1, D + 1)
        Row k is ``(w, b)`` after update k; row 0 is the starting point.
    history_index : ndarray of intp, shape (n_updates,)
        Index n of the example that caused each update.

    The counts and indices are of NumPy's index type ``intp`` (int64 on 64-bit machines,
    int32 in WebAssembly), so ``np.repeat`` and ``np.bincount`` take them everywhere.
    """

    w: np.ndarray
    b: float
    mistakes_per_epoch: np.ndarray
    n_updates: int
    converged: bool
    history: np.ndarray
    history_index: np.ndarray


def _check_signed_labels(y, N):
    y = as_array(y, "y", shape=(N,), dtype=np.int64)
    if not np.all((y == -1) | (y == 1)):
        hint = " (0/1 labels: convert them with y = 2 * y - 1)" if np.all(y >= 0) else ""
        raise ValueError(f"y must hold labels -1 or +1 only{hint}; got values {np.unique(y)}")
    return y


def check_data(X, y):
    """Checked data of a perceptron: ``(X (N, D), y (N,))``, N >= 1, labels -1 or +1."""
    X = as_array(X, "X", shape=("N", "D"))
    y = _check_signed_labels(y, "N")
    check_same_length(X, y, "X", "y")
    if len(X) == 0:
        raise ValueError("X must hold at least one example (N >= 1)")
    return X, y


def check_weights(w, b, D):
    """Checked weights of a perceptron on D inputs: ``(w (D,), b as a float)``."""
    w = as_array(w, "w", shape=(D,))
    b = float(as_array(b, "b", shape=()))
    return w, b


def predict(w, b, X):
    """Perceptron output: +1 where w . x + b > 0, else -1.

    Parameters
    ----------
    w : ndarray, shape (D,)
    b : float
    X : ndarray, shape (N, D)

    Returns
    -------
    ndarray of int, shape (N,)
    """
    X = as_array(X, "X", shape=("N", "D"))
    w, b = check_weights(w, b, X.shape[1])
    return np.where(X @ w + b > 0, 1, -1)


def update(w, b, x, y, lr=1.0):
    """One application of the perceptron rule to one example.

    Parameters
    ----------
    w : ndarray, shape (D,)
    b : float
    x : ndarray, shape (D,)
        The example.
    y : {-1, +1}
        Its label.
    lr : float
        Learning rate, > 0.

    Returns
    -------
    w_new : ndarray, shape (D,)
        ``w + lr * y * x`` after a mistake, else a copy of ``w``.
    b_new : float
        ``b + lr * y`` after a mistake, else ``b``.
    mistake : bool
        Whether ``y * (w . x + b) <= 0`` (with zero weights every example is a mistake).
    """
    x = as_array(x, "x", shape=("D",))
    w, b = check_weights(w, b, x.size)
    y = int(_check_signed_labels([y], 1)[0])
    lr = check_positive(lr, "lr")
    if y * (w @ x + b) <= 0:
        return w + lr * y * x, b + lr * y, True
    return w.copy(), b, False


def fit(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0):
    """Train a perceptron: visit the examples in order, epoch after epoch.

    Stops after the first epoch without a mistake, or after ``max_epochs`` epochs.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
        Labels in {-1, +1}.
    lr : float
        Learning rate, > 0. From zero weights it only rescales w and b: the boundary and
        the mistakes are the same for every lr.
    max_epochs : int
        At least 1.
    w0 : ndarray, shape (D,), optional
        Starting weights (zeros if omitted).
    b0 : float
        Starting bias.

    Returns
    -------
    PerceptronResult
    """
    X, y = check_data(X, y)
    lr, max_epochs = check_positive(lr, "lr"), check_int(max_epochs, "max_epochs", 1)
    w0 = np.zeros(X.shape[1]) if w0 is None else w0
    w0, b0 = check_weights(w0, b0, X.shape[1])
    # The rule keeps (w, b) = (w0, b0) + lr * (s, s_b), with (s, s_b) the sum of y (x, 1) over
    # the mistakes so far. Testing y * (z0 + lr * (s . x + s_b)) <= 0 is the same test as
    # y * (w . x + b) <= 0, written so that from zero weights no decision depends on lr, even
    # when w . x + b is exactly 0 (as on the logic gates) and rounding would otherwise decide.
    z0 = X @ w0 + b0
    s, s_b = np.zeros(X.shape[1]), 0.0
    history, index, mistakes = [np.append(w0, b0)], [], []
    for _ in range(max_epochs):
        count = 0
        for n in range(len(X)):
            if y[n] * (z0[n] + lr * (X[n] @ s + s_b)) <= 0:
                s, s_b = s + y[n] * X[n], s_b + y[n]
                history.append(np.append(w0 + lr * s, b0 + lr * s_b))
                index.append(n)
                count += 1
        mistakes.append(count)
        if count == 0:
            break
    w, b = history[-1][:-1], history[-1][-1]
    return PerceptronResult(
        w=w,
        b=float(b),
        mistakes_per_epoch=np.array(mistakes, dtype=np.intp),
        n_updates=len(index),
        converged=mistakes[-1] == 0,
        history=np.array(history),
        history_index=np.array(index, dtype=np.intp),
    )


def novikoff_bound(X, y, w, b=0.0):
    """Novikoff's (1962) bound (R / gamma)^2 on the perceptron's number of mistakes.

    With augmented examples x' = (x, 1) and the unit vector u = (w, b) / ||(w, b)||,
    R = max_n ||x'_n|| and gamma = min_n y_n u . x'_n. If gamma > 0, the perceptron started
    from zero weights makes at most (R / gamma)^2 updates, for any learning rate.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray of int, shape (N,)
        Labels in {-1, +1}.
    w : ndarray, shape (D,)
    b : float
        A separating hyperplane (need not have unit norm).

    Returns
    -------
    R, gamma, bound : float

    Raises
    ------
    ValueError
        If (w, b) does not separate the data with a positive margin.
    """
    X, y = check_data(X, y)
    w, b = check_weights(w, b, X.shape[1])
    u = np.append(w, b)
    norm = np.linalg.norm(u)
    if norm == 0:
        raise ValueError("w and b must not both be zero: they define no hyperplane")
    X_aug = np.column_stack([X, np.ones(len(X))])
    R = float(np.linalg.norm(X_aug, axis=1).max())
    gamma = float((y * (X_aug @ u)).min() / norm)
    if gamma <= 0:
        raise ValueError(
            f"w, b do not separate the data: min y (w . x + b) / ||(w, b)|| = {gamma:.3g} <= 0"
        )
    return R, gamma, (R / gamma) ** 2
