import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.nn import evaluation, losses


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


def _quadratic_score(lr, weight_decay):
    """Validation (accuracy, loss) that peaks at lr = 0.1 and ignores weight_decay."""
    x = np.log10(lr / 0.1)
    return 0.97 - 0.05 * x**2, 0.1 + x**2


def test_random_search_returns_the_best_trial_and_is_reproducible():
    ranges = {"lr": (1e-3, 1.0), "weight_decay": (1e-6, 1e-2)}
    tried = []

    def evaluate(**settings):
        tried.append(settings)
        return _quadratic_score(**settings)

    best = evaluation.random_search(evaluate, 50, ranges, np.random.default_rng(0))
    assert len(tried) == 50 and best in tried
    scores = [_quadratic_score(**s)[0] for s in tried]
    assert _quadratic_score(**best)[0] == max(scores)
    again = evaluation.random_search(_quadratic_score, 50, ranges, np.random.default_rng(0))
    assert again == best


def test_random_search_draws_log_uniformly_and_independently():
    tried = []

    def evaluate(lr, weight_decay):
        tried.append((lr, weight_decay))
        return 0.5, 1.0

    ranges = {"lr": (1e-4, 1.0), "weight_decay": (1e-6, 1e-2)}
    evaluation.random_search(evaluate, 4000, ranges, np.random.default_rng(1))
    logs = np.log10(tried)
    assert logs[:, 0].min() >= -4 and logs[:, 0].max() <= 0
    for column, (low, high) in zip(logs.T, ([-4, 0], [-6, -2]), strict=True):
        shares = np.histogram(column, bins=4, range=(low, high))[0] / len(column)
        np.testing.assert_allclose(shares, 0.25, atol=0.03)  # one quarter per decade
    assert abs(np.corrcoef(logs.T)[0, 1]) < 0.1


def test_random_search_never_chooses_a_diverged_trial():
    def evaluate(lr):
        return (np.nan, np.nan) if lr > 0.3 else (0.9, lr)

    best = evaluation.random_search(evaluate, 30, {"lr": (0.01, 10.0)}, np.random.default_rng(2))
    assert best["lr"] <= 0.3
    with pytest.raises(ValueError, match="diverged"):
        evaluation.random_search(
            lambda lr: (np.nan, np.nan), 3, {"lr": (1, 2)}, np.random.default_rng(0)
        )


@pytest.mark.parametrize(
    ("n_trials", "ranges", "message"),
    [
        (0, {"lr": (0.1, 1)}, "n_trials"),
        (3, {}, "ranges"),
        (3, {"lr": 0.1}, "pair"),
        (3, {"lr": (1.0, 0.1)}, "low < high"),
        (3, {"lr": (0.0, 1.0)}, "low"),
    ],
)
def test_random_search_rejects_bad_input(n_trials, ranges, message):
    with pytest.raises(ValueError, match=message):
        evaluation.random_search(_quadratic_score, n_trials, ranges, np.random.default_rng(0))


def test_random_search_needs_a_generator_and_a_function():
    with pytest.raises(TypeError, match="rng"):
        evaluation.random_search(_quadratic_score, 3, {"lr": (0.1, 1)}, 0)
    with pytest.raises(TypeError, match="evaluate"):
        evaluation.random_search(None, 3, {"lr": (0.1, 1)}, np.random.default_rng(0))
