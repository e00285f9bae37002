"""Checks for the exercises of notebook 10 (capstone: handwritten digits).

Every reference comes from the package: :func:`course_utils.losses.accuracy`,
:func:`course_utils.evaluation.confusion_matrix`, :func:`course_utils.data.standardize` and
:func:`course_utils.evaluation.select_best`.
"""

import numpy as np

from .. import data, evaluation, losses
from ._core import case_rng, check_function

__all__ = ["accuracy", "confusion_matrix", "standardize_split", "select_best"]


def _scores_cases():
    cases = []
    for seed, (N, C) in enumerate([(6, 3), (40, 10), (25, 4)]):
        r = case_rng(seed)
        cases.append((r.standard_normal((N, C)), r.integers(0, C, size=N)))
    return cases


def accuracy(fn):
    """Check ``fn(scores, y) -> float``: the fraction of rows of ``scores (N, C)`` whose
    largest score is at the true label ``y (N,)``."""
    return check_function(
        "accuracy",
        fn,
        losses.accuracy,
        _scores_cases(),
        describe=lambda a: f"scores of shape {a[0].shape}, y of shape {a[1].shape}",
        mistakes=[
            (
                lambda s, y: float(np.sum(np.argmax(s, axis=1) == y)),
                "that is the number of correct rows; divide by N for a fraction.",
            ),
            (
                lambda s, y: float(np.mean(np.argmin(s, axis=1) == y)),
                "the predicted class has the largest score: np.argmax, not np.argmin.",
            ),
            (
                lambda s, y: 1.0 - losses.accuracy(s, y),
                "that is the error rate; accuracy is the share of correct rows.",
            ),
        ],
    )


def _labels_cases():
    cases = []
    for seed, (N, C) in enumerate([(12, 3), (60, 10), (30, 5)]):
        r = case_rng(seed)
        y_true = r.integers(0, C, size=N)
        y_pred = np.where(r.random(N) < 0.6, y_true, r.integers(0, C, size=N))
        cases.append((y_true, y_pred, C))
    # class 0 is never the truth, class 3 never predicted, class 4 never seen at all
    y_true = np.array([1, 1, 2, 3, 3, 3, 2, 1])
    y_pred = np.array([1, 0, 2, 2, 1, 2, 2, 1])
    cases.append((y_true, y_pred, 5))
    return cases


def _row_normalized(y_true, y_pred, C):
    M = evaluation.confusion_matrix(y_true, y_pred, C).astype(float)
    return M / np.maximum(M.sum(axis=1, keepdims=True), 1)


def confusion_matrix(fn):
    """Check ``fn(y_true, y_pred, C) -> M (C, C)`` with ``M[i, j]`` the number of examples
    of true class i predicted as j (rows: truth, columns: prediction)."""
    return check_function(
        "confusion_matrix",
        fn,
        evaluation.confusion_matrix,
        _labels_cases(),
        describe=lambda a: (
            f"y_true={a[0].tolist()}, y_pred={a[1].tolist()}, C={a[2]}"
            if len(a[0]) <= 12
            else f"N={len(a[0])}, C={a[2]}"
        ),
        mistakes=[
            (
                lambda t, p, C: evaluation.confusion_matrix(p, t, C),
                "rows and columns are swapped: the row is the true class, the column the "
                "predicted one, M[y_true[n], y_pred[n]] += 1.",
            ),
            (
                _row_normalized,
                "the matrix holds counts (whole numbers); do not divide the rows by their sums.",
            ),
        ],
    )


def _standardize_reference(X_train, X_other):
    A, mean, std = data.standardize(X_train)
    return A, data.standardize(X_other, mean, std)[0]


def _own_statistics(X_train, X_other):
    return data.standardize(X_train)[0], data.standardize(X_other)[0]


def _pooled_statistics(X_train, X_other):
    _, mean, std = data.standardize(np.vstack([X_train, X_other]))
    return data.standardize(X_train, mean, std)[0], data.standardize(X_other, mean, std)[0]


def _sample_std(X_train, X_other):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
    std = np.where(std == 0, 1.0, std)
    return (X_train - mean) / std, (X_other - mean) / std


def _no_guard(X_train, X_other):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_other - mean) / std


def standardize_split(fn):
    """Check ``fn(X_train, X_other) -> (X_train_scaled, X_other_scaled)``: both scaled with
    the mean and standard deviation of the *training* columns; a column that is constant in
    the training set (std 0) is only shifted, as in :func:`course_utils.data.standardize`."""
    cases = []
    for seed, (N, M, D) in enumerate([(8, 4, 2), (30, 10, 5), (20, 6, 4)]):
        r = case_rng(seed)
        shift, scale = r.uniform(-3, 3, D), r.uniform(0.5, 4, D)
        X_train = shift + scale * r.standard_normal((N, D))
        X_other = shift + 1.5 + scale * r.standard_normal((M, D))
        if seed == 2:  # a pixel that is blank in every training image, as in the digits
            X_train[:, 0] = 0.0
        cases.append((X_train, X_other))
    return check_function(
        "standardize_split",
        fn,
        _standardize_reference,
        cases,
        describe=lambda a: f"X_train of shape {a[0].shape}, X_other of shape {a[1].shape}",
        mistakes=[
            (
                _own_statistics,
                "X_other was scaled with its own mean and std; use the training set's, so "
                "that every set goes through the same transformation and nothing is learned "
                "from the held-out data.",
            ),
            (
                _pooled_statistics,
                "the statistics come from both sets together; compute them on X_train only.",
            ),
            (
                _sample_std,
                "use the standard deviation of the training columns as np.std computes it "
                "(ddof=0, dividing by N), as data.standardize does.",
            ),
            (
                _no_guard,
                "a column that is constant in the training set has std 0: divide it by 1 "
                "instead (only shift it), or it turns into NaN and inf.",
            ),
        ],
    )


_TIE_HINT = (
    "on a tie in accuracy the lower validation loss decides; np.argmax takes the first of "
    "the tied settings."
)
_NAN_HINT = "A diverged run (NaN) must never be chosen, and np.argmax returns a NaN's index."
_LOSS_HINT = "the criterion is validation accuracy; the loss only breaks ties."


def select_best(fn):
    """Check ``fn(val_accuracy, val_loss) -> int``: the index with the highest validation
    accuracy, ties broken by the lowest validation loss, NaN (diverged) never chosen."""
    cases = [
        (np.array([0.82, 0.95, 0.97, 0.91]), np.array([0.6, 0.2, 0.12, 0.3])),
        (np.array([0.93, 0.97, 0.97, 0.96]), np.array([0.25, 0.14, 0.09, 0.11])),
        (np.array([0.5, 0.9, np.nan, 0.9, 0.1]), np.array([1.4, 0.3, np.nan, 0.28, 80.0])),
    ]
    r = case_rng(0)
    acc = np.round(r.uniform(0.9, 0.98, 8), 2)
    cases.append((acc, r.uniform(0.05, 0.5, 8)))
    return check_function(
        "select_best",
        fn,
        evaluation.select_best,
        cases,
        describe=lambda a: f"val_accuracy={a[0].tolist()}, val_loss={np.round(a[1], 3).tolist()}",
        mistakes=[
            (lambda acc, loss: int(np.nanargmax(acc)), _TIE_HINT),
            (lambda acc, loss: int(np.argmax(acc)), _TIE_HINT + " " + _NAN_HINT),
            (lambda acc, loss: int(np.nanargmin(loss)), _LOSS_HINT),
            (lambda acc, loss: int(np.argmin(loss)), _LOSS_HINT),
        ],
    )
