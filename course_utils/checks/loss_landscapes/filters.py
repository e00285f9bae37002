"""The check of ``filter_normalize`` (notebook 05): filter normalization of a random
direction (Li et al. 2018)."""

import numpy as np

from ...geometry import netlandscape
from ...nn import network
from .._core import case_rng as _rng
from .._core import check_function

__all__ = ["filter_normalize"]


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
