"""Checks for the exercises of notebook 05 (loss landscapes).

The Hessian of Rosenbrock's function, filter normalization of a random direction (Li et al.
2018), and an experiment: rescale a ReLU network so that it computes the same function with a
much larger largest Hessian eigenvalue (Dinh et al. 2017). The references come from the
package (:mod:`course_utils.geometry.landscapes`, :mod:`course_utils.geometry.netlandscape`,
:mod:`course_utils.geometry.critical`), and the typical mistakes are recognised and named with a
one-sentence hint.
"""

import numpy as np

from .. import data
from ..geometry import critical, landscapes, netlandscape
from ..nn import network
from ._core import case_rng as _rng
from ._core import check_experiment, check_function

__all__ = ["rosenbrock_hess", "filter_normalize", "sharpen"]


# --- the Hessian of Rosenbrock's function -------------------------------------------------


def _rosenbrock_reference(x, y, a, b):
    return landscapes.rosenbrock(a, b).hess(np.array([x, y]))


def _hess_from(fxx, fxy, fyy, fyx=None):
    """A Rosenbrock "Hessian" built from entry formulas, for the mistakes below."""

    def wrong(x, y, a, b):
        lower = fxy(x, y, a, b) if fyx is None else fyx(x, y, a, b)
        return np.array([[fxx(x, y, a, b), fxy(x, y, a, b)], [lower, fyy(x, y, a, b)]])

    return wrong


def _fxx(x, y, a, b):
    return 2 - 4 * b * (y - x * x) + 8 * b * x * x


def _fxy(x, y, a, b):
    return -4 * b * x


def _fyy(x, y, a, b):
    return 2 * b


_ROSENBROCK_MISTAKES = [
    (
        _hess_from(lambda x, y, a, b: 2 + 8 * b * x * x, _fxy, _fyy),
        "d2f/dx2: differentiate -4 b x (y - x^2) with the product rule; besides "
        "+8 b x^2 it gives -4 b (y - x^2), which you dropped.",
    ),
    (
        _hess_from(lambda x, y, a, b: 2 - 4 * b * (y - x * x), _fxy, _fyy),
        "d2f/dx2: differentiate -4 b x (y - x^2) with the product rule; the inner "
        "derivative of (y - x^2) is -2x, which adds +8 b x^2.",
    ),
    (
        _hess_from(_fxx, lambda x, y, a, b: 4 * b * x, _fyy),
        "check the sign of the mixed derivative: d/dy of -4 b x (y - x^2) is -4 b x.",
    ),
    (
        _hess_from(_fxx, _fxy, lambda x, y, a, b: b),
        "d2f/dy2: the derivative of b (y - x^2)^2 with respect to y is 2 b (y - x^2), "
        "so the second derivative is 2 b.",
    ),
    (
        _hess_from(_fxx, _fxy, _fyy, fyx=lambda x, y, a, b: 0.0),
        "the Hessian is symmetric: the mixed derivative goes in both off-diagonal entries.",
    ),
    (
        _hess_from(lambda x, y, a, b: 2 + 12 * b * x * x, _fxy, _fyy),
        "d2f/dx2 depends on y too: -4 b x (y - x^2) differentiated in x gives -4 b y + 12 b x^2.",
    ),
]


def rosenbrock_hess(fn):
    """Check ``fn(x, y, a, b) -> ndarray (2, 2)``: the Hessian of
    f(x, y) = (a - x)^2 + b (y - x^2)^2 at the point (x, y)."""
    x, y = _rng(0).uniform(-2.0, 2.0, size=2)
    cases = [
        (1.0, 1.0, 1.0, 100.0),
        (round(float(x), 2), round(float(y), 2), 1.0, 100.0),
        (-1.2, 1.0, 1.0, 100.0),
        (0.5, 2.0, 2.0, 10.0),
        (-0.7, 2.2, 0.5, 3.0),
    ]
    return check_function(
        "rosenbrock_hess",
        fn,
        _rosenbrock_reference,
        cases,
        describe=lambda c: f"x={c[0]}, y={c[1]}, a={c[2]}, b={c[3]}",
        mistakes=_ROSENBROCK_MISTAKES,
    )


# --- filter normalization ---------------------------------------------------------------


def _filter_cases():
    cases = []
    for seed, (D, H, C) in enumerate([(2, 5, 3), (4, 3, 2), (3, 8, 1)]):
        r = _rng(seed)
        p = network.init_params(D, H, C, rng=r, init="normal", scale=0.5 + seed)
        p["b1"], p["b2"] = r.standard_normal(H), r.standard_normal(C)
        cases.append((int(r.integers(2**31)), p["W1"], p["b1"], p["W2"], p["b2"]))
    return cases


def _params(W1, b1, W2, b2):
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _raw_direction(seed, params):
    return netlandscape.random_direction(params, np.random.default_rng(seed), normalization="none")


def _filter_reference(seed, W1, b1, W2, b2):
    params = _params(W1, b1, W2, b2)
    return netlandscape.random_direction(
        params, np.random.default_rng(seed), normalization="filter"
    )


def _filter_learner(fn):
    """Hand ``fn`` the raw direction drawn with the case's seed, and the parameters."""

    def learner(seed, W1, b1, W2, b2):
        params = _params(W1, b1, W2, b2)
        d = _raw_direction(seed, params)
        d_copy = {k: v.copy() for k, v in d.items()}
        p_copy = {k: v.copy() for k, v in params.items()}
        out = fn(d_copy, p_copy)
        for name, given, original in (("d", d_copy, d), ("params", p_copy, params)):
            if any(not np.array_equal(given[k], original[k]) for k in original):
                raise ValueError(
                    f"filter_normalize modified its input {name}; build a new dict instead"
                )
        return out

    learner.__name__ = getattr(fn, "__name__", "filter_normalize")
    return learner


def _scaled(d, params, axis, zero_biases=True):
    """d[k] rescaled to the norm of params[k] along ``axis`` (None: the whole tensor)."""
    out = {}
    for k, v in d.items():
        if v.ndim == 1 and zero_biases:
            out[k] = np.zeros_like(v)
            continue
        ax = None if v.ndim == 1 else axis
        w = params[k]
        out[k] = (
            v
            * np.sqrt(np.sum(w * w, axis=ax, keepdims=True))
            / np.sqrt(np.sum(v * v, axis=ax, keepdims=True))
        )
    return out


def _wrong_filter(axis, zero_biases=True, raw_biases=False):
    def wrong(seed, W1, b1, W2, b2):
        params = _params(W1, b1, W2, b2)
        d = _raw_direction(seed, params)
        out = _scaled(d, params, axis, zero_biases=zero_biases)
        if raw_biases:
            out = {k: (d[k] if d[k].ndim == 1 else v) for k, v in out.items()}
        return out

    return wrong


def _wrong_unit_columns(seed, W1, b1, W2, b2):
    params = _params(W1, b1, W2, b2)
    d = _raw_direction(seed, params)
    return {
        k: np.zeros_like(v) if v.ndim == 1 else v / np.linalg.norm(v, axis=0) for k, v in d.items()
    }


_BIAS_HINT = (
    "the weights are right but not the biases: as in Li et al.'s examples, the direction of "
    "every 1-D tensor (a bias) is set to zero."
)
_FILTER_MISTAKES = [
    (
        _wrong_filter(axis=None),
        "you scaled each whole matrix to ||W|| (layer normalization); filter "
        "normalization rescales every column d[:, j] separately to ||W[:, j]||.",
    ),
    (
        _wrong_filter(axis=1),
        "you normalized the rows; a filter is a column W[:, j], the weights into "
        "hidden unit j (sum over axis 0).",
    ),
    (
        _wrong_unit_columns,
        "every column now has norm 1; multiply it by the norm of the same column of the "
        "weights, ||W[:, j]||.",
    ),
    (_wrong_filter(axis=0, raw_biases=True), _BIAS_HINT),
    (_wrong_filter(axis=0, zero_biases=False), _BIAS_HINT),
]


def filter_normalize(fn):
    """Check ``fn(d, params) -> dict``: filter normalization of a raw direction ``d`` (a dict
    like ``params``), as in Li et al. (2018). Every column j of a weight matrix is rescaled so
    that ||d[k][:, j]|| = ||params[k][:, j]||, and every 1-D tensor (a bias) becomes zero.

    The raw direction is the one :func:`~course_utils.geometry.netlandscape.random_direction`
    draws with ``normalization="none"``, and the reference is the same call with ``"filter"``.
    """
    return check_function(
        "filter_normalize",
        _filter_learner(fn) if callable(fn) else fn,
        _filter_reference,
        _filter_cases(),
        describe=lambda c: (
            f"a raw direction d for a network with D={c[1].shape[0]}, H={c[1].shape[1]}, "
            f"C={c[3].shape[1]}"
        ),
        mistakes=_FILTER_MISTAKES,
    )


# --- the experiment: same function, sharper minimum (Dinh et al. 2017) ---------------------

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
