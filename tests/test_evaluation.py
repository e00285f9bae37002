import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import evaluation, losses


def test_confusion_matrix_by_hand():
    y_true = np.array([0, 0, 1, 2, 2, 2])
    y_pred = np.array([0, 1, 1, 2, 0, 2])
    M = evaluation.confusion_matrix(y_true, y_pred, 3)
    expected = np.array([[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    np.testing.assert_array_equal(M, expected)
    assert M.dtype == np.int64


def test_confusion_matrix_keeps_classes_that_never_occur():
    M = evaluation.confusion_matrix(np.array([1, 1]), np.array([1, 2]), 4)
    assert M.shape == (4, 4)
    assert M[0].sum() == 0 and M[:, 3].sum() == 0 and M[1, 2] == 1


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 10), st.integers(1, 60), st.integers(0, 2**32 - 1))
def test_confusion_matrix_laws(C, N, seed):
    rng = np.random.default_rng(seed)
    scores = rng.standard_normal((N, C))
    y_true = rng.integers(0, C, size=N)
    M = evaluation.confusion_matrix(y_true, np.argmax(scores, axis=1), C)
    assert M.sum() == N
    np.testing.assert_array_equal(M.sum(axis=1), np.bincount(y_true, minlength=C))
    np.testing.assert_allclose(np.trace(M) / N, losses.accuracy(scores, y_true))


def test_confusion_matrix_does_not_modify_its_inputs():
    y_true, y_pred = np.array([0, 1, 1]), np.array([1, 1, 0])
    evaluation.confusion_matrix(y_true, y_pred, 2)
    np.testing.assert_array_equal(y_true, [0, 1, 1])
    np.testing.assert_array_equal(y_pred, [1, 1, 0])


@pytest.mark.parametrize(
    ("y_true", "y_pred", "C", "message"),
    [
        ([0, 1], [0, 2], 2, "labels in 0..1"),
        ([0, 1], [0, 1, 1], 2, "shape"),
        ([0, 1.5], [0, 1], 2, "whole numbers"),
        ([0, 1], [0, 1], 0, "C"),
    ],
)
def test_confusion_matrix_rejects_bad_input(y_true, y_pred, C, message):
    with pytest.raises(ValueError, match=message):
        evaluation.confusion_matrix(y_true, y_pred, C)


def test_select_best_takes_the_highest_accuracy():
    assert evaluation.select_best([0.8, 0.95, 0.9], [0.1, 0.5, 0.2]) == 1


def test_select_best_breaks_ties_with_the_loss_and_then_takes_the_first():
    assert evaluation.select_best([0.9, 0.97, 0.97, 0.97], [0.1, 0.3, 0.2, 0.25]) == 2
    assert evaluation.select_best([0.97, 0.97], [0.2, 0.2]) == 0


def test_select_best_never_chooses_a_diverged_run():
    acc = np.array([np.nan, 0.5, 0.6])
    loss = np.array([np.nan, 1.0, np.nan])
    assert evaluation.select_best(acc, loss) == 1
    with pytest.raises(ValueError, match="diverged"):
        evaluation.select_best([np.nan, np.nan], [np.nan, 1.0])


def test_select_best_checks_shapes():
    with pytest.raises(ValueError, match="val_loss"):
        evaluation.select_best([0.5, 0.6], [0.1])
