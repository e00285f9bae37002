"""The check of ``sharpen`` (notebook 05, an experiment): the same function with a sharper
minimum (Dinh et al. 2017)."""

import numpy as np

from ... import data
from ...geometry import critical
from ...nn import network
from .._core import case_rng as _rng
from .._core import check_experiment

__all__ = ["sharpen"]


_KEYS = ("W1", "b1", "W2", "b2")


def _lambda_max(params, X, y):
    return float(critical.eigenvalues(critical.network_hessian(params, X, y))[-1])


def _scores(params, X):
    return network.forward(params, X, "relu")[0]


def _sharpen_case():
    """A small ReLU network trained briefly on two moons, and the factor to reach."""
    r = _rng(5)
    X, y = data.moons(60, noise=0.2, rng=r)
    params = network.init_params(2, 8, 2, rng=r, init="he")
    for _ in range(300):
        _, grads = network.loss_and_grads(params, X, y, "relu", "cross_entropy")
        params = {k: params[k] - 0.5 * grads["d" + k] for k in params}
    factor = float(r.choice([10.0, 20.0, 50.0]))
    return params, X, y, factor


def _function_changed(out, params, change):
    """Why the learner's parameters compute another function: the typical mistakes."""

    def ratio(k):
        return float(np.sum(out[k] * params[k]) / np.sum(params[k] * params[k]))

    r1, rb, r2 = ratio("W1"), ratio("b1"), ratio("W2")
    if not np.allclose(out["b2"], params["b2"]):
        hint = "Leave b2 alone: the rescaling acts on the hidden units only."
    elif r1 < 0:
        hint = "The factor c must be positive: relu(-z) is not -relu(z)."
    elif not np.isclose(r1, 1.0) and np.isclose(rb, 1.0):
        hint = "Scale b1 with W1: relu(c (x w + b)) = c relu(x w + b) needs the bias inside."
    elif not np.isclose(r1, 1.0) and np.isclose(r1, r2):
        hint = "You multiplied W2 by c as well; divide it by c so that the two factors cancel."
    else:
        hint = "Multiply W1 and b1 by one c > 0 and divide W2 by the same c."
    return f"the network computes a different function (a score changed by {change:.2g}). {hint}"


def _sharpen_verify(params, X, y, factor):
    X_more = np.vstack([X, _rng(6).uniform(-2.0, 3.0, size=(40, 2))])
    s0 = _scores(params, X_more)
    lam0 = _lambda_max(params, X, y)

    def verify(out):
        if not isinstance(out, dict) or set(out) != set(_KEYS):
            return f"sharpen should return a dict with the keys {list(_KEYS)}; got {out!r:.80}.", ""
        for k in _KEYS:
            if np.shape(out[k]) != params[k].shape:
                shape = np.shape(out[k])
                return f"out[{k!r}] should have shape {params[k].shape}; got {shape}.", ""
        out = {k: np.asarray(out[k], dtype=float) for k in _KEYS}
        change = float(np.max(np.abs(_scores(out, X_more) - s0)) / max(1.0, np.max(np.abs(s0))))
        if not change <= 1e-8:
            return _function_changed(out, params, change), ""
        lam = _lambda_max(out, X, y)
        if not lam >= factor * lam0:
            return (
                f"the function is the same, but lambda_max grew only from {lam0:.3g} to {lam:.3g}, "
                f"a factor {lam / lam0:.3g}; the target is a factor {factor:g}. Move c further "
                "from 1 (either way: c > 1 sharpens the directions of W2, c < 1 those of W1)."
            ), ""
        return None, (
            "sharpen returned the same function (every score unchanged) with a largest Hessian "
            f"eigenvalue at least {factor:g} times the original one."
        )

    return verify


def sharpen(fn):
    """Check the experiment ``fn(params, X, y, factor) -> params``: parameters of a two-layer
    ReLU network that compute exactly the same function as ``params`` (every score unchanged,
    on the data and off it) while the largest eigenvalue of the training loss's Hessian is at
    least ``factor`` times larger (Dinh et al. 2017). Any correct rescaling passes."""
    params, X, y, factor = _sharpen_case()
    given = {k: v.copy() for k, v in params.items()}

    def run(p, X, y, factor):
        out = fn(p, X, y, factor)
        if any(not np.array_equal(given[k], params[k]) for k in params):
            raise ValueError("sharpen modified its input params; build a new dict instead")
        return out

    learner = run if callable(fn) else fn
    return check_experiment(
        "sharpen", learner, _sharpen_verify(params, X, y, factor), (given, X, y, factor)
    )
