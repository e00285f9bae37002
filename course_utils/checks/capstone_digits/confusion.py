"""The check of ``confusion_matrix`` (notebook 11): compared with
:func:`course_utils.nn.evaluation.confusion_matrix`, with hints for swapped axes, normalized
rows and a matrix sized by the classes seen."""

import numpy as np

from ...nn import evaluation
from .._core import case_rng, check_function

__all__ = ["confusion_matrix"]


def _labels_cases():
    cases = []
    for seed, (N, C) in enumerate([(12, 3), (60, 10), (30, 5)]):
        r = case_rng(seed)
        y_true = r.integers(0, C, size=N)
        y_pred = np.where(r.random(N) < 0.6, y_true, r.integers(0, C, size=N))
        cases.append((y_true, y_pred, C))
    # class 0 is never the truth, class 3 never predicted, class 4 never seen at all
    y_true = np.array([1, 1, 2, 3, 3, 3, 2, 1], dtype=np.int64)
    y_pred = np.array([1, 0, 2, 2, 1, 2, 2, 1], dtype=np.int64)
    cases.append((y_true, y_pred, 5))
    return cases


def _row_normalized(y_true, y_pred, C):
    M = evaluation.confusion_matrix(y_true, y_pred, C).astype(float)
    return M / np.maximum(M.sum(axis=1, keepdims=True), 1)


def _only_seen(y_true, y_pred, C):
    return evaluation.confusion_matrix(y_true, y_pred, int(max(y_true.max(), y_pred.max())) + 1)


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
            (
                _only_seen,
                "make the matrix C x C, with a row and a column for every class, even one "
                "that never occurs in y_true or y_pred: np.zeros((C, C)).",
            ),
        ],
    )
