import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import data
from course_utils.nn import perceptron


def test_predict_is_plus_one_only_strictly_above_the_boundary():
    X = np.array([[1.0, 0.0], [0.0, 0.0], [-1.0, 0.0]])
    np.testing.assert_array_equal(perceptron.predict([1.0, 0.0], 0.0, X), [1, -1, -1])
    np.testing.assert_array_equal(perceptron.predict([1.0, 0.0], 0.5, X), [1, 1, -1])


def test_update_by_hand():
    # Zero weights: y (w . x + b) = 0 <= 0 is a mistake, so w = lr y x, b = lr y.
    w, b, mistake = perceptron.update(np.zeros(2), 0.0, [2.0, -1.0], -1, lr=0.5)
    np.testing.assert_allclose(w, [-1.0, 0.5])
    assert b == -0.5 and mistake is True
    # Now -1 * (w . x + b) = -1 * (-2.5 - 0.5) = 3 > 0: correct, nothing changes.
    w2, b2, mistake2 = perceptron.update(w, b, [2.0, -1.0], -1, lr=0.5)
    np.testing.assert_allclose(w2, w)
    assert b2 == b and mistake2 is False and w2 is not w


def test_update_does_not_modify_its_inputs():
    w, x = np.array([1.0, 1.0]), np.array([-1.0, -1.0])
    perceptron.update(w, 0.0, x, 1)
    np.testing.assert_array_equal(w, [1.0, 1.0])
    np.testing.assert_array_equal(x, [-1.0, -1.0])


def test_fit_first_updates_on_and_by_hand():
    # Epoch 1: (0,0) y=-1: 0 <= 0, mistake -> w=(0,0), b=-1. (0,1), (1,0): z=-1, correct.
    # (1,1) y=+1: z=-1, mistake -> w=(1,1), b=0. Epoch 2: (0,0): z=0, mistake -> b=-1;
    # (0,1): z=0, mistake -> w=(1,0), b=-2; (1,0): z=-1, correct; (1,1): z=-1, mistake ->
    # w=(2,1), b=-1.
    X, y = data.logic_gate("and")
    result = perceptron.fit(X, y, lr=1.0, max_epochs=2)
    np.testing.assert_array_equal(
        result.history,
        [[0, 0, 0], [0, 0, -1], [1, 1, 0], [1, 1, -1], [1, 0, -2], [2, 1, -1]],
    )
    np.testing.assert_array_equal(result.history_index, [0, 3, 0, 1, 3])
    np.testing.assert_array_equal(result.mistakes_per_epoch, [2, 3])
    assert result.n_updates == 5 and result.converged is False
    np.testing.assert_array_equal(result.w, [2, 1])
    assert result.b == -1.0


@pytest.mark.parametrize("gate", ["and", "or", "nand", "nor"])
def test_separable_gates_converge(gate):
    X, y = data.logic_gate(gate)
    result = perceptron.fit(X, y, lr=1.0, max_epochs=100)
    assert result.converged and result.mistakes_per_epoch[-1] == 0
    np.testing.assert_array_equal(perceptron.predict(result.w, result.b, X), y)
    assert result.n_updates == result.mistakes_per_epoch.sum() == len(result.history) - 1


def test_xor_never_has_an_epoch_without_mistakes():
    X, y = data.logic_gate("xor")
    result = perceptron.fit(X, y, lr=1.0, max_epochs=200)
    assert not result.converged
    assert len(result.mistakes_per_epoch) == 200 and np.all(result.mistakes_per_epoch > 0)


def test_result_is_frozen_with_documented_shapes():
    X, y, _ = data.linearly_separable(30, 0.1, rng=np.random.default_rng(3))
    result = perceptron.fit(X, y)
    assert result.history.shape == (result.n_updates + 1, 3)
    assert result.history_index.shape == (result.n_updates,)
    assert result.mistakes_per_epoch.dtype == np.int64
    np.testing.assert_array_equal(result.history[-1], np.append(result.w, result.b))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.b = 1.0


def test_history_replays_the_rule():
    X, y, _ = data.linearly_separable(40, 0.05, rng=np.random.default_rng(4))
    result = perceptron.fit(X, y, lr=0.3, w0=[0.5, -0.2], b0=0.1)
    for k, n in enumerate(result.history_index):
        w, b = result.history[k, :2], result.history[k, 2]
        w_new, b_new, mistake = perceptron.update(w, b, X[n], y[n], lr=0.3)
        assert mistake
        np.testing.assert_allclose(np.append(w_new, b_new), result.history[k + 1], atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    N=st.integers(1, 60),
    margin=st.floats(0.05, 0.6),
    lr=st.floats(1e-3, 1e3),
)
def test_mistakes_never_exceed_novikoffs_bound(seed, N, margin, lr):
    X, y, w_true = data.linearly_separable(N, margin, rng=np.random.default_rng(seed))
    R, gamma, bound = perceptron.novikoff_bound(X, y, w_true)
    assert gamma >= margin * (1 - 1e-12) and R <= np.sqrt(2) * (1 + 1e-12)
    result = perceptron.fit(X, y, lr=lr, max_epochs=int(bound) + 2)
    assert result.converged
    assert result.n_updates <= bound


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 1000), lr=st.floats(1e-4, 1e4), gate=st.sampled_from(data.GATES))
def test_learning_rate_only_rescales_from_zero_weights(seed, lr, gate):
    datasets = [
        data.logic_gate(gate),
        data.linearly_separable(25, 0.05, rng=np.random.default_rng(seed))[:2],
    ]
    for X, y in datasets:
        ref = perceptron.fit(X, y, lr=1.0, max_epochs=30)
        res = perceptron.fit(X, y, lr=lr, max_epochs=30)
        np.testing.assert_array_equal(res.mistakes_per_epoch, ref.mistakes_per_epoch)
        np.testing.assert_array_equal(res.history_index, ref.history_index)
        np.testing.assert_allclose(res.history / lr, ref.history, rtol=1e-12, atol=1e-12)


def test_novikoff_bound_by_hand():
    # x' = (1, 1) and (-1, 1); u = (1, 0): R = sqrt(2), gamma = 1, bound = 2.
    R, gamma, bound = perceptron.novikoff_bound([[1.0], [-1.0]], [1, -1], [2.0], 0.0)
    np.testing.assert_allclose([R, gamma, bound], [np.sqrt(2), 1.0, 2.0])
    # With a bias: w = 1, b = -1 on x = 2 and x = 0: u = (1, -1)/sqrt(2), gamma = 1/sqrt(2).
    R, gamma, bound = perceptron.novikoff_bound([[2.0], [0.0]], [1, -1], [1.0], -1.0)
    np.testing.assert_allclose([R, gamma, bound], [np.sqrt(5), 1 / np.sqrt(2), 10.0])


def test_fit_does_not_modify_its_inputs():
    X, y = data.logic_gate("or")
    X_before, y_before, w0 = X.copy(), y.copy(), np.array([0.3, -0.3])
    perceptron.fit(X, y, w0=w0)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    np.testing.assert_array_equal(w0, [0.3, -0.3])


X2, y2 = data.logic_gate("and")


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: perceptron.fit(X2, [0, 0, 0, 1]), ValueError, r"y = 2 \* y - 1"),
        (lambda: perceptron.fit(X2, [-1, 0, 2, 1]), ValueError, "-1 or \\+1"),
        (lambda: perceptron.fit(X2, [-1, 1, 1]), ValueError, "same number"),
        (lambda: perceptron.fit(X2[:0], y2[:0]), ValueError, "N >= 1"),
        (lambda: perceptron.fit([[np.inf, 0.0]], [1]), ValueError, "X"),
        (lambda: perceptron.fit(X2[:, 0], y2), ValueError, r"X must have shape \(N, D\)"),
        (lambda: perceptron.fit(X2, y2, lr=0.0), ValueError, "lr"),
        (lambda: perceptron.fit(X2, y2, max_epochs=0), ValueError, "max_epochs"),
        (lambda: perceptron.fit(X2, y2, max_epochs=2.0), TypeError, "max_epochs"),
        (lambda: perceptron.fit(X2, y2, w0=[0.0]), ValueError, r"w must have shape \(2,\)"),
        (lambda: perceptron.fit(X2, y2, b0=[0.0, 1.0]), ValueError, "b"),
        (lambda: perceptron.predict([1.0], 0.0, X2), ValueError, "w"),
        (lambda: perceptron.update([0.0, 0.0], 0.0, [1.0, 1.0], 0), ValueError, "y"),
        (lambda: perceptron.update([0.0, 0.0], 0.0, [1.0, 1.0], 1, lr=-1), ValueError, "lr"),
        (lambda: perceptron.update([0.0, 0.0], 0.0, [[1.0, 1.0]], 1), ValueError, "x"),
        (lambda: perceptron.novikoff_bound(X2, y2, [0.0, 0.0], 0.0), ValueError, "w and b"),
        (lambda: perceptron.novikoff_bound(X2, y2, [1.0, 1.0], 0.0), ValueError, "separate"),
    ],
)
def test_bad_arguments_are_named(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
