"""Checks for the initialization exercises of notebook 09 (``inverse_time`` lives in
:mod:`course_utils.checks.optim`).

``init_weight`` is a *statistical* check: random draws can be right in many ways (``rng.normal``
or ``scale * rng.standard_normal``, ``rng.uniform`` or a rescaled ``rng.random``), so it does
not compare values one by one. It calls the learner's function with a fixed ``rng`` on large
matrices (at least 60,000 weights) and compares summaries of the draws with the same summaries
of :func:`course_utils.network.init_weight`'s draws: the shape, the standard deviation, the
largest |w| (Xavier only: a uniform draw never exceeds its limit) and the share of weights
beyond one target standard deviation (0.317 for a normal distribution, 0.423 for a uniform
one). Tolerance: 3 % relative, far above the sampling noise (below 1 %) and far below the
typical mistakes (a missing factor 2 or 3 changes the std by 22 % or more).
"""

import numpy as np

from .. import activations, deep, network
from ._core import case_rng, check_function

__all__ = ["init_weight", "layer_stds"]

_INITS = ("xavier", "he")


def _target_std(fan_in, fan_out, init):
    if init == "xavier":
        return np.sqrt(2.0 / (fan_in + fan_out))
    return np.sqrt(2.0 / fan_in)


def _summary(W, fan_in, fan_out, init):
    """What the check compares: shape, std, (largest |w|), share beyond one target std."""
    W = np.asarray(W, dtype=float)
    keys = ["std of W", "largest |w|", "share of |w| > target std"]
    if init != "xavier":
        keys.remove("largest |w|")
    if W.shape != (fan_in, fan_out):  # reported first; the statistics are left out
        return {"shape of W": str(W.shape), **dict.fromkeys(keys, np.nan)}
    target = _target_std(fan_in, fan_out, init)
    values = [np.std(W), np.max(np.abs(W)), np.mean(np.abs(W) > target)]
    if init != "xavier":
        del values[1]
    return {"shape of W": str(W.shape), **{k: float(v) for k, v in zip(keys, values, strict=True)}}


def _drawer(draw):
    """A summary function (fan_in, fan_out, seed, init) -> dict for a draw(fan_in, fan_out,
    rng, init) -> W."""

    def summarize(fan_in, fan_out, seed, init):
        return _summary(draw(fan_in, fan_out, case_rng(seed), init), fan_in, fan_out, init)

    return summarize


def _mistake(xavier=None, he=None):
    """A draw that is right except for the given branch."""

    def draw(fan_in, fan_out, rng, init):
        wrong = xavier if init == "xavier" else he
        if wrong is None:
            return network.init_weight(fan_in, fan_out, rng, init)
        return wrong(fan_in, fan_out, rng)

    return draw


def _uniform(limit):
    return lambda fi, fo, rng: rng.uniform(-limit(fi, fo), limit(fi, fo), size=(fi, fo))


def _normal(std):
    return lambda fi, fo, rng: std(fi, fo) * rng.standard_normal((fi, fo))


_MISTAKES = [
    (
        _mistake(xavier=_uniform(lambda fi, fo: np.sqrt(3.0 / fi))),
        "Glorot's limit uses both fans: sqrt(6 / (fan_in + fan_out)), not sqrt(3 / fan_in).",
    ),
    (
        _mistake(xavier=_uniform(lambda fi, fo: np.sqrt(2.0 / (fi + fo)))),
        "sqrt(2 / (fan_in + fan_out)) is the standard deviation, not the limit: a uniform "
        "distribution on [-a, a] has variance a**2 / 3, so a = sqrt(6 / (fan_in + fan_out)).",
    ),
    (
        _mistake(xavier=_normal(lambda fi, fo: np.sqrt(2.0 / (fi + fo)))),
        "Glorot & Bengio's eq. 16 draws from a uniform distribution on [-limit, limit], "
        "not from a normal one.",
    ),
    (
        _mistake(he=_normal(lambda fi, fo: 2.0 / fi)),
        "2 / fan_in is He's variance; the standard deviation is its square root.",
    ),
    (
        _mistake(he=_normal(lambda fi, fo: np.sqrt(1.0 / fi))),
        "He's variance is 2 / fan_in: the factor 2 makes up for ReLU setting half of the "
        "units to zero.",
    ),
    (
        _mistake(he=_normal(lambda fi, fo: np.sqrt(2.0 / fo))),
        "He et al. scale by fan_in, the number of inputs each unit sums over.",
    ),
    (
        _mistake(he=_uniform(lambda fi, fo: np.sqrt(6.0 / fi))),
        "He's initialization draws from a normal distribution N(0, 2 / fan_in).",
    ),
]


def init_weight(fn):
    """Check ``fn(fan_in, fan_out, rng, init) -> W (fan_in, fan_out)`` for ``init`` in
    ``{"xavier", "he"}``: Glorot & Bengio (2010, eq. 16) uniform on
    [-sqrt(6 / (fan_in + fan_out)), +sqrt(6 / (fan_in + fan_out))], and He et al. (2015)
    normal N(0, 2 / fan_in). Statistical: see the module docstring."""
    cases = [
        (400, 150, 0, "xavier"),
        (150, 400, 1, "xavier"),
        (400, 150, 2, "he"),
        (150, 400, 3, "he"),
    ]
    return check_function(
        "init_weight",
        _drawer(fn) if callable(fn) else fn,
        _drawer(network.init_weight),
        cases,
        rtol=0.03,
        atol=1e-4,
        describe=lambda a: f"fan_in={a[0]}, fan_out={a[1]}, init={a[3]!r}",
        mistakes=[(_drawer(wrong), hint) for wrong, hint in _MISTAKES],
    )


def _layer_stds(X, Ws, activation):
    acts, _ = deep.forward(X, list(Ws), activation)
    return np.array([np.std(A) for A in acts])


def _pre_activation_stds(X, Ws, activation):
    A, out = X, []
    for W in Ws:
        Z = A @ W
        out.append(np.std(Z))
        A = activations.forward(activation, Z)
    return np.array(out)


def _mean_unit_stds(X, Ws, activation):
    acts, _ = deep.forward(X, list(Ws), activation)
    return np.array([np.std(A, axis=0).mean() for A in acts])


def layer_stds(fn):
    """Check ``fn(X, Ws, activation) -> (L,)``, the standard deviation of all N * H values of
    every layer's activations A_l = g(A_{l-1} W_l), A_0 = X (no biases), as in
    :func:`course_utils.deep.forward`."""
    cases = []
    for seed, (N, D, H, L, activation) in enumerate(
        [(50, 4, 6, 3, "tanh"), (80, 5, 8, 5, "relu"), (60, 3, 10, 4, "sigmoid")]
    ):
        r = case_rng(seed)
        Ws = deep.init_weights(D, H, L, r, init="normal", scale=0.8)
        cases.append((r.standard_normal((N, D)), tuple(Ws), activation))
    return check_function(
        "layer_stds",
        fn,
        _layer_stds,
        cases,
        describe=lambda a: (
            f"N={a[0].shape[0]}, D={a[0].shape[1]}, L={len(a[1])}, activation={a[2]!r}"
        ),
        mistakes=[
            (
                _pre_activation_stds,
                "these are the std of the pre-activations Z_l = A_{l-1} W_l; apply the "
                "activation first and take the std of A_l = g(Z_l).",
            ),
            (
                _mean_unit_stds,
                "take the std of all N * H values of the layer, np.std(A), not the average of "
                "the per-unit stds np.std(A, axis=0).mean().",
            ),
        ],
    )
