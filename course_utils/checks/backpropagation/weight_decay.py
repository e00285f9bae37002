"""The check of ``choose_weight_decay`` (notebook 03, an experiment): a weight decay chosen
on a validation set."""

import functools
import numbers

import numpy as np

from ... import data
from ...nn import losses, network
from .._core import case_rng as _rng
from .._core import case_set, check_experiment

__all__ = ["choose_weight_decay"]


WD_GRID = (0.0, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)  # the candidates the check compares with
WD_SETTING = {"N_train": 30, "N_val": 200, "noise": 0.3, "H": 100, "lr": 0.5, "n_steps": 1000}


def _weight_decay_case():
    """Noisy moons with balanced classes: 30 training and 200 validation points, both
    standardized with the training set's statistics, and the initial parameters of an
    H = 100 tanh network (He initialization)."""
    s = WD_SETTING
    r = _rng(0)
    X_train, y_train = data.moons(N=s["N_train"], noise=s["noise"], rng=r)
    X_val, y_val = data.moons(N=s["N_val"], noise=s["noise"], rng=r)
    X_train, mean, std = data.standardize(X_train)
    X_val = data.standardize(X_val, mean, std)[0]
    params0 = network.init_params(2, s["H"], 2, rng=r, init="he")
    return params0, X_train, y_train, X_val, y_val


def _make_fit(params0, X_train, y_train):
    """``fit(weight_decay) -> params``: full-batch gradient descent from ``params0``, with
    every result kept, so the check re-uses the learner's runs instead of repeating them."""
    done = {}

    def fit(weight_decay):
        if isinstance(weight_decay, bool) or not isinstance(weight_decay, numbers.Real):
            raise TypeError(f"weight_decay must be a number; got {weight_decay!r}")
        key = float(weight_decay)
        if key not in done:
            params = params0
            with np.errstate(all="ignore"):  # a decay so strong that training diverges
                for _ in range(WD_SETTING["n_steps"]):
                    _, grads = network.loss_and_grads(
                        params, X_train, y_train, "tanh", "cross_entropy", key
                    )
                    params = {k: v - WD_SETTING["lr"] * grads["d" + k] for k, v in params.items()}
                    if not all(np.all(np.isfinite(v)) for v in params.values()):
                        break
            done[key] = params
        return {k: v.copy() for k, v in done[key].items()}

    return fit


def _error(params, X, y):
    """The error rate; a network whose training diverged counts as wrong everywhere."""
    with np.errstate(all="ignore"):
        scores = _hidden_scores(params, X)
    if not np.all(np.isfinite(scores)):
        return 1.0
    return 1.0 - losses.accuracy(scores, y)


def _hidden_scores(params, X):
    return np.tanh(X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]


def _verify_weight_decay(chosen, fit, X_train, y_train, X_val, y_val):
    if isinstance(chosen, (bool, np.bool_)) or not isinstance(chosen, numbers.Real):
        return f"return one number, the weight_decay you chose; got {chosen!r}.", ""
    chosen = float(chosen)
    if not (np.isfinite(chosen) and chosen >= 0):
        return f"a weight_decay must be a finite number >= 0; got {chosen!r}.", ""
    val = {wd: _error(fit(wd), X_val, y_val) for wd in WD_GRID}
    best = min(WD_GRID, key=lambda wd: (val[wd], wd))
    mine = _error(fit(chosen), X_val, y_val)
    tol = 1.0 / len(y_val) + 1e-12  # one validation example
    grid = ", ".join(f"{wd:g}" for wd in WD_GRID)
    if mine <= val[best] + tol:
        return None, (
            "your weight decay has the lowest validation error of the candidates "
            f"{grid} (to within one validation example)."
        )
    problem = (
        f"weight_decay = {chosen:g} has validation error {mine:.3f}, but weight_decay = "
        f"{best:g} reaches {val[best]:.3f}. "
    )
    if chosen < best:
        train = _error(fit(chosen), X_train, y_train)
        return problem + (
            f"Your choice is too weak; it fits the training set well (training error "
            f"{train:.3f}). Did you compare training errors? They almost always prefer the "
            "weakest decay, because fitting the training set is what training does; compare "
            "errors on X_val, y_val. If you did, your candidates stop too low: spread them "
            f"over several orders of magnitude, such as {grid}."
        ), ""
    return problem + (
        "Your choice is too strong: it flattens the network until it underfits. Did you "
        "take the largest validation error instead of the smallest? Try candidates spread "
        f"over several orders of magnitude, such as {grid}."
    ), ""


@functools.lru_cache(maxsize=4)
def _experiment(cases):
    """``(fit, X_train, y_train, X_val, y_val)`` of a case set, kept between calls: a learner
    who runs the check again after a fix does not wait for the same networks to train again."""
    params0, X_train, y_train, X_val, y_val = _weight_decay_case()
    return _make_fit(params0, X_train, y_train), X_train, y_train, X_val, y_val


def choose_weight_decay(fn):
    """Check the experiment ``fn(fit, X_train, y_train, X_val, y_val) -> weight_decay``.

    ``fit(weight_decay) -> params`` trains an H = 100 tanh network with full-batch gradient
    descent (lr = 0.5, 1,000 steps, softmax cross-entropy) on 30 noisy moons, always from the
    same initial parameters. The choice passes when its validation error (200 points) is
    within one example of the best of the candidates ``WD_GRID``: a property of the result,
    so any procedure that compares validation errors over a wide enough range passes.
    """
    fit, X_train, y_train, X_val, y_val = _experiment(case_set())
    return check_experiment(
        "choose_weight_decay",
        fn,
        lambda chosen: _verify_weight_decay(chosen, fit, X_train, y_train, X_val, y_val),
        (fit, X_train, y_train, X_val, y_val),
    )
