import numpy as np
import pytest

from course_utils.nn import network, training
from course_utils.optim import optimizers


def _data(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((64, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    return rng, X, y


def test_minibatches_cover_every_example_once():
    batches = training.minibatches(10, 3, np.random.default_rng(0))
    assert [len(b) for b in batches] == [3, 3, 3, 1]
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(10))
    ordered = training.minibatches(5, 2, np.random.default_rng(0), shuffle=False)
    np.testing.assert_array_equal(np.concatenate(ordered), np.arange(5))


def test_full_batch_gd_equals_manual_loop():
    rng, X, y = _data()
    params = network.init_params(2, 5, 2, rng=rng)
    trained, history = training.train(params, X, y, "gd", n_epochs=3, loss="cross_entropy", lr=0.5)
    manual = params
    for _ in range(3):
        _, grads = network.loss_and_grads(manual, X, y, loss="cross_entropy")
        manual = {k: manual[k] - 0.5 * grads["d" + k] for k in manual}
    for k in params:
        np.testing.assert_allclose(trained[k], manual[k])
    assert history["loss"].shape == (4,) and history["batch_loss"].shape == (3,)
    assert history["loss"][-1] < history["loss"][0]
    # the loss after each epoch is the full training loss of the parameters then
    manual, after = params, []
    for _ in range(3):
        after.append(network.loss_value(manual, X, y, loss="cross_entropy"))
        _, grads = network.loss_and_grads(manual, X, y, loss="cross_entropy")
        manual = {k: manual[k] - 0.5 * grads["d" + k] for k in manual}
    after.append(network.loss_value(manual, X, y, loss="cross_entropy"))
    np.testing.assert_allclose(history["loss"], after, rtol=1e-12)
    np.testing.assert_allclose(history["batch_loss"], after[:3], rtol=1e-12)


def test_uneven_minibatches_equal_a_manual_loop_exactly():
    """train reuses the network's arrays across batches of 24, 24 and 16 and the full set."""
    rng, X, y = _data(2)
    params = network.init_params(2, 6, 2, rng=rng)
    trained, history = training.train(
        params,
        X,
        y,
        "gd",
        n_epochs=2,
        batch_size=24,
        rng=np.random.default_rng(5),
        activation="relu",
        loss="cross_entropy",
        X_val=X[:7],
        y_val=y[:7],
        lr=0.3,
    )
    manual, order_rng, batch_losses = params, np.random.default_rng(5), []
    for _ in range(2):
        for idx in training.minibatches(len(X), 24, order_rng):
            value, grads = network.loss_and_grads(manual, X[idx], y[idx], "relu", "cross_entropy")
            batch_losses.append(value)
            manual = {k: manual[k] - 0.3 * grads["d" + k] for k in manual}
    for k in params:
        np.testing.assert_array_equal(trained[k], manual[k])
    np.testing.assert_array_equal(history["batch_loss"], batch_losses)
    val = network.loss_value(manual, X[:7], y[:7], "relu", "cross_entropy")
    assert history["val_loss"][-1] == val


def test_minibatch_adam_learns_and_tracks_validation():
    rng, X, y = _data(1)
    params = network.init_params(2, 16, 2, rng=rng)
    _, history = training.train(
        params,
        X,
        y,
        "adam",
        n_epochs=40,
        batch_size=16,
        rng=rng,
        loss="cross_entropy",
        X_val=X[:10],
        y_val=y[:10],
        lr=0.02,
    )
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert history["val_loss"].shape == (41,) and len(history["batch_loss"]) == 160


def test_divergence_stops_with_nan_padding_and_no_warning():
    rng, X, _ = _data(2)
    y = rng.standard_normal((64, 1)) * 1e3
    params = network.init_params(2, 4, 1, rng=rng, init="he")
    _, history = training.train(params, X, y, "gd", n_epochs=50, activation="relu", lr=10.0)
    assert history["diverged"]
    assert np.isnan(history["loss"][-1]) and np.isfinite(history["loss"][0])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 8}, "rng"),
        ({"n_epochs": -1}, "n_epochs"),
        ({"method": "adamax"}, "method"),
        ({"lr": -1.0}, "lr"),
        ({"y": np.zeros(5, dtype=int)}, "X and y"),
    ],
)
def test_bad_input(kwargs, match):
    rng, X, y = _data()
    args = {
        "params": network.init_params(2, 3, 2, rng=rng),
        "X": X,
        "y": y,
        "loss": "cross_entropy",
        **kwargs,
    }
    with pytest.raises((ValueError, TypeError), match=match):
        training.train(**args)
    with pytest.raises(TypeError, match="rng"):
        training.minibatches(5, 2, rng=1)


def test_divergence_limit_is_shared():
    assert optimizers.DIVERGENCE_LIMIT == 1e100


def test_adamw_gets_decoupled_decay_others_get_l2():
    rng, X, y = _data(3)
    params = network.init_params(2, 4, 2, rng=rng)
    kw = {"n_epochs": 1, "loss": "cross_entropy", "lr": 0.01}
    decayed, hist = training.train(params, X, y, "adamw", weight_decay=0.5, **kw)
    plain, _ = training.train(params, X, y, "adamw", weight_decay=0.0, **kw)
    adam, _ = training.train(params, X, y, "adam", **kw)
    np.testing.assert_allclose(plain["W1"], adam["W1"])  # no hidden default decay
    np.testing.assert_allclose(decayed["W1"], plain["W1"] - 0.5 * params["W1"])
    assert hist["loss"][0] == network.loss_and_grads(params, X, y, loss="cross_entropy")[0]
    with pytest.raises(ValueError, match="unknown hyperparameter"):
        training.train(params, X, y, "adam", optimizer_weight_decay=1, **kw)


def test_a_loss_that_overflows_stops_training_before_the_parameters_do():
    rng, X, _ = _data(4)
    y = np.zeros((64, 1))
    params = network.init_params(2, 4, 1, rng=rng, init="he")
    params = {**params, "W1": params["W1"] * 1e90, "W2": params["W2"] * 1e90}  # < 1e100
    _, history = training.train(params, X, y, "gd", n_epochs=3, activation="relu", lr=1e-3)
    assert history["diverged"]
    assert np.isinf(history["batch_loss"][0]) and len(history["batch_loss"]) == 1


def test_early_stopping_stops_patience_epochs_after_the_best_so_far():
    curve = np.array([2.0, 1.0, 0.6, 0.5, 0.52, 0.55, 0.49, 0.6, 0.7, 0.8, 0.9, 0.3])
    # best 0.5 at epoch 3; 0.49 at epoch 6 is a new best; 3 epochs later (epoch 9) we stop,
    # before the 0.3 of epoch 11 exists
    assert training.early_stopping(curve, 3) == (9, 6)
    assert training.early_stopping(curve, 2) == (5, 3)
    assert training.early_stopping(np.linspace(2.0, 1.0, 8), 2) == (7, 7)  # never stops early
    assert training.early_stopping([1.0, 0.5, 0.7, 0.5, 0.8], 3) == (4, 1)  # ties: the earlier
    assert training.early_stopping([1.0], 1) == (0, 0)


def test_early_stopping_never_keeps_a_diverged_epoch():
    assert training.early_stopping([np.nan, 1.0, np.nan, np.nan], 2) == (3, 1)
    assert training.early_stopping([1.0, np.nan, np.nan], 2) == (2, 0)


@pytest.mark.parametrize(
    ("args", "match"),
    [(([], 2), "at least"), (([1.0, 0.5], 0), "patience"), ((np.ones((2, 2)), 1), "val_losses")],
)
def test_early_stopping_bad_input(args, match):
    with pytest.raises((ValueError, TypeError), match=match):
        training.early_stopping(*args)
