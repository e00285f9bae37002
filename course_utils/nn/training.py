"""Mini-batch iteration, a training loop for the two-layer network, and early stopping.

Notebook 03 writes its training loop out in full; later notebooks, which are about *how*
the optimizer moves rather than the loop, call :func:`train`. It uses the same pure
pieces: :func:`course_utils.nn.network.loss_and_grads` and
:func:`course_utils.optim.optimizers.step`,
with the arguments validated once, before the loop, rather than at every step.
"""

import numpy as np

from ..optim import optimizers
from ..validate import (
    as_array,
    check_int,
    check_nonnegative,
    check_rng,
    check_same_length,
)
from . import losses, network

__all__ = ["minibatches", "train", "early_stopping"]


def minibatches(N, batch_size, rng, shuffle=True):
    """Index arrays covering 0..N-1 once (one epoch), in batches of ``batch_size``.

    Parameters
    ----------
    N : int
        Number of examples.
    batch_size : int
        1 gives SGD, N gives full-batch GD; the last batch may be smaller.
    rng : numpy.random.Generator
        Used to shuffle the order when ``shuffle``.

    Returns
    -------
    list of ndarray of int
    """
    N = check_int(N, "N", 1)
    batch_size = check_int(batch_size, "batch_size", 1)
    check_rng(rng)
    order = rng.permutation(N) if shuffle else np.arange(N)
    return [order[i : i + batch_size] for i in range(0, N, batch_size)]


def train(
    params,
    X,
    y,
    method="gd",
    n_epochs=10,
    batch_size=None,
    rng=None,
    activation="tanh",
    loss="mse",
    weight_decay=0.0,
    X_val=None,
    y_val=None,
    **hp,
):
    """Train a two-layer network with any optimizer of :mod:`course_utils.optim.optimizers`.

    Parameters
    ----------
    params : dict
        Initial ``W1 (D, H)``, ``b1 (H,)``, ``W2 (H, C)``, ``b2 (C,)``; not modified.
    X : ndarray, shape (N, D)
    y : ndarray, shape (N, C) for ``"mse"`` or (N,) int labels for ``"cross_entropy"``
    method : str
        An optimizer name; ``**hp`` are its hyperparameters (lr, beta, ...).
    n_epochs : int
    batch_size : int or None
        None means the full batch (GD).
    rng : numpy.random.Generator
        Shuffles the mini-batches; required when batch_size < N.
    activation, loss
        As in :func:`course_utils.nn.network.loss_and_grads`.
    weight_decay : float
        For every method but ``"adamw"``, an L2 penalty (wd / 2)(||W1||^2 + ||W2||^2) in the
        loss, as in :func:`course_utils.nn.network.loss_and_grads`. For ``"adamw"``, AdamW's
        decoupled decay (Loshchilov & Hutter 2019), applied by the optimizer and not added
        to the loss.
    X_val, y_val : optional held-out data, evaluated after every epoch.

    Returns
    -------
    params : dict
        The trained parameters.
    history : dict
        ``"loss"`` (n_epochs + 1,) full training loss before training and after every epoch,
        ``"val_loss"`` likewise (if X_val given), ``"batch_loss"`` (n_updates,) the loss of
        every mini-batch, ``"diverged"`` bool. After divergence the remaining entries are NaN.
    """
    X = as_array(X, "X", shape=("N", "D"))
    check_same_length(X, y, "X", "y")
    n_epochs = check_int(n_epochs, "n_epochs", 0)
    batch_size = len(X) if batch_size is None else check_int(batch_size, "batch_size", 1)
    if batch_size < len(X) and rng is None:
        raise TypeError("rng must be given (np.random.default_rng(SEED)) to shuffle mini-batches")
    rng = rng if rng is not None else np.random.default_rng(0)

    params, X, y = network.check_inputs(params, X, activation, y, loss)
    (D, _), C = params["W1"].shape, params["W2"].shape[1]
    if X_val is not None:
        X_val = as_array(X_val, "X_val", shape=("N_val", D))
        y_val = losses.check_targets(y_val, len(X_val), C, loss)
    wd = check_nonnegative(weight_decay, "weight_decay")
    if method == "adamw":
        hp, wd = {**hp, "weight_decay": wd}, 0.0
    hp = optimizers.check_hyperparameters(method, hp)  # checked once: the loop trusts it
    state = optimizers.init_state(method, params)

    work = {}  # the network's (N, H) arrays, reused from one step to the next

    def full_loss(p, Xs, ys):
        return network.loss_value(p, Xs, ys, activation, loss, wd, check=False, work=work)

    # Full batch: the loss of each step is the training loss after the epoch before, so it is
    # recorded as such instead of being computed twice.
    full = batch_size >= len(X)
    with np.errstate(all="ignore"):  # an overflow is reported as divergence, not as a warning
        history = {"loss": [], "batch_loss": [], "diverged": False}
        if not full:
            history["loss"].append(full_loss(params, X, y))
        if X_val is not None:
            history["val_loss"] = [full_loss(params, X_val, y_val)]
        for _ in range(n_epochs):
            for idx in [None] if full else minibatches(len(X), batch_size, rng):
                Xb, yb = (X, y) if full else (X[idx], y[idx])
                value, grads = network.loss_and_grads(
                    params, Xb, yb, activation, loss, wd, check=False, work=work
                )
                history["batch_loss"].append(value)
                if full:
                    history["loss"].append(value)
                if not np.isfinite(value):
                    history["diverged"] = True
                    break
                new_params, state = optimizers.step_unchecked(method, params, grads, state, hp)
                if not all(
                    np.all(np.abs(v) < optimizers.DIVERGENCE_LIMIT) for v in new_params.values()
                ):
                    history["diverged"] = True
                    break
                params = new_params
            if history["diverged"]:
                break
            if not full:
                history["loss"].append(full_loss(params, X, y))
            if X_val is not None:
                history["val_loss"].append(full_loss(params, X_val, y_val))
        if full and not history["diverged"]:
            history["loss"].append(full_loss(params, X, y))
    return params, _pad(history, n_epochs)


def _pad(history, n_epochs):
    out = {"diverged": history["diverged"], "batch_loss": np.asarray(history["batch_loss"], float)}
    for key in ("loss", "val_loss"):
        if key in history:
            values = np.full(n_epochs + 1, np.nan)
            values[: len(history[key])] = history[key]
            out[key] = values
    return out


def early_stopping(val_losses, patience):
    """The patience rule of early stopping (Prechelt 1998), read epoch by epoch.

    Training stops at the first epoch that comes ``patience`` epochs after the best epoch so
    far (the lowest validation loss; the earliest one on ties), or at the last epoch if that
    never happens. The parameters to keep are those of the best epoch seen up to the stop:
    the later losses do not exist yet when training stops.

    Parameters
    ----------
    val_losses : ndarray, shape (E + 1,)
        Validation loss before training (index 0) and after each of E epochs; a NaN (a
        diverged run) never counts as a new best.
    patience : int >= 1
        Epochs without a new best before stopping.

    Returns
    -------
    stop_epoch, best_epoch : int
    """
    val_losses = as_array(val_losses, "val_losses", shape=("E + 1",), allow_nan=True)
    if val_losses.size == 0:
        raise ValueError("val_losses must hold at least the loss before training (E + 1 >= 1)")
    patience = check_int(patience, "patience", 1)
    values = np.where(np.isnan(val_losses), np.inf, val_losses)
    best_epoch = 0
    for epoch in range(1, len(values)):
        if values[epoch] < values[best_epoch]:
            best_epoch = epoch
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(values) - 1, best_epoch
