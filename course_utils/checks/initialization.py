"""Checks for the exercises of notebook 10 (initialization): ``layer_stds``, ``tanh_gain``
and ``init_weight``.

``tanh_gain`` is an experiment: the learner chooses the gain sigma_w sqrt(H) of a 20-layer tanh
network, and the check verifies a property of that choice on random networks drawn with
:func:`~course_utils.checks._core.case_rng` (hidden tests draw others): the activations of the
last layer keep at least half of the first layer's spread, and the weight gradients of the
first and last layers differ by less than a factor 10.

``init_weight`` is a *statistical* check: random draws can be right in many ways (``rng.normal``
or ``scale * rng.standard_normal``, ``rng.uniform`` or a rescaled ``rng.random``), so it does
not compare values one by one. It calls the learner's function with a fixed ``rng`` on large
matrices (at least 60,000 weights) and compares summaries of the draws with the same summaries
of :func:`course_utils.nn.parameters.init_weight`'s draws: the shape, the standard deviation,
the largest |w| (Xavier only: a uniform draw never exceeds its limit) and the share of weights
beyond one target standard deviation (0.317 for a normal distribution, 0.423 for a uniform
one). Tolerance: 3 % relative, far above the sampling noise (below 1 %) and far below the
typical mistakes (a missing factor 2 or 3 changes the std by 22 % or more).
"""

import numbers

import numpy as np

from ..nn import activations, deep, parameters
from ._core import case_rng, check_experiment, check_function

__all__ = ["init_weight", "layer_stds", "tanh_gain"]

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
            return parameters.init_weight(fan_in, fan_out, rng, init)
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
        _drawer(parameters.init_weight),
        cases,
        rtol=0.03,
        atol=1e-4,
        describe=lambda a: f"fan_in={a[0]}, fan_out={a[1]}, init={a[3]!r}",
        mistakes=[(_drawer(wrong), hint) for wrong, hint in _MISTAKES],
    )


def _layer_stds(Ws, X, activation):
    acts, _ = deep.forward(list(Ws), X, activation)
    return np.array([np.std(A) for A in acts])


def _pre_activation_stds(Ws, X, activation):
    A, out = X, []
    for W in Ws:
        Z = A @ W
        out.append(np.std(Z))
        A = activations.forward(activation, Z)
    return np.array(out)


def _mean_unit_stds(Ws, X, activation):
    acts, _ = deep.forward(list(Ws), X, activation)
    return np.array([np.std(A, axis=0).mean() for A in acts])


def layer_stds(fn):
    """Check ``fn(Ws, X, activation) -> (K,)``, the standard deviation of all N * H values of
    every layer's activations A_k = g(A_{k-1} W_k), A_0 = X (no biases), as in
    :func:`course_utils.nn.deep.forward`."""
    cases = []
    for seed, (N, D, H, K, activation) in enumerate(
        [(50, 4, 6, 3, "tanh"), (80, 5, 8, 5, "relu"), (60, 3, 10, 4, "sigmoid")]
    ):
        r = case_rng(seed)
        Ws = deep.init_weights(D, H, K, r, init="normal", scale=0.8)
        cases.append((tuple(Ws), r.standard_normal((N, D)), activation))
    return check_function(
        "layer_stds",
        fn,
        _layer_stds,
        cases,
        describe=lambda a: (
            f"N={a[1].shape[0]}, D={a[1].shape[1]}, K={len(a[0])}, activation={a[2]!r}"
        ),
        mistakes=[
            (
                _pre_activation_stds,
                "these are the std of the pre-activations Z_k = A_{k-1} W_k; apply the "
                "activation first and take the std of A_k = g(Z_k).",
            ),
            (
                _mean_unit_stds,
                "take the std of all N * H values of the layer, np.std(A), not the average of "
                "the per-unit stds np.std(A, axis=0).mean().",
            ),
        ],
    )


# --- tanh_gain (an experiment) ----------------------------------------------------------------

TANH_DEPTH, TANH_WIDTH, TANH_N = 20, 100, 200
TANH_KEEP = 0.5  # std(A_K) / std(A_1) must be at least this
TANH_GRAD_FACTOR = 10.0  # std(dW_1) / std(dW_K) must lie within [1/10, 10]


def tanh_spread(gain, seed):
    """(std(A_K) / std(A_1), std(dW_1) / std(dW_K)) of one random 20-layer tanh network of
    width 100 with weights N(0, (gain / sqrt(100))^2) on 200 standard normal inputs, drawn from
    ``case_rng(seed)``."""
    r = case_rng(seed)
    X = r.standard_normal((TANH_N, TANH_WIDTH))
    Ws = deep.init_weights(
        TANH_WIDTH, TANH_WIDTH, TANH_DEPTH, r, init="normal", scale=gain / np.sqrt(TANH_WIDTH)
    )
    stats = deep.layer_stats(Ws, X, "tanh", r)
    act, grad = stats["act_std"], stats["grad_std"]
    return float(act[-1] / act[0]), float(grad[0] / grad[-1])


def _verify_tanh_gain(seeds):
    def verify(gain):
        if isinstance(gain, (bool, np.bool_)) or not isinstance(gain, numbers.Real):
            return f"return the gain itself, one positive number such as 0.5; got {gain!r}.", ""
        gain = float(gain)
        if not (np.isfinite(gain) and gain > 0):
            return f"the gain sigma_w sqrt(H) must be a positive number; got {gain!r}.", ""
        for seed in seeds:
            kept, grad_ratio = tanh_spread(gain, seed)
            if not kept >= TANH_KEEP:
                return (
                    f"with gain {gain:g}, the activations of layer {TANH_DEPTH} keep only "
                    f"{kept:.2g} of layer 1's spread (target: at least {TANH_KEEP:g}). Near 0 "
                    "tanh is linear with slope 1, and away from 0 its slope is below 1, so each "
                    "layer multiplies the spread by a little less than the gain: a gain of 1 or "
                    "less lets it fade over 20 layers. Raise the gain.",
                    "",
                )
            if not 1 / TANH_GRAD_FACTOR <= grad_ratio <= TANH_GRAD_FACTOR:
                return (
                    f"with gain {gain:g}, the weight gradients of layer 1 are {grad_ratio:.2g} "
                    f"times those of layer {TANH_DEPTH} (target: within a factor "
                    f"{TANH_GRAD_FACTOR:g}). Large weights saturate the units, and the backward "
                    "signal is multiplied by gain x RMS of tanh'(Z) per layer, which exceeds 1: "
                    "the gradients grow towards the input. Lower the gain.",
                    "",
                )
        kept, grad_ratio = tanh_spread(gain, seeds[0])
        return None, (
            f"with gain {gain:g}, the activations of layer {TANH_DEPTH} keep {kept:.2f} of layer "
            f"1's spread and the weight gradients of layer 1 are {grad_ratio:.2g} times those "
            f"of layer {TANH_DEPTH} ({len(seeds)} random networks checked)."
        )

    return verify


def tanh_gain(fn):
    """Check the experiment ``fn() -> gain``: with weights N(0, (gain / sqrt(H))^2), a tanh
    network of 20 layers of width H = 100 keeps at least half of layer 1's activation spread
    in layer 20, and its weight gradients in layers 1 and 20 differ by less than a factor 10
    (standard deviations, measured by :func:`course_utils.nn.deep.layer_stats` on two random
    networks; hidden tests draw others)."""
    return check_experiment("tanh_gain", fn, _verify_tanh_gain((0, 1)))
