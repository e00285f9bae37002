"""Checks for the exercises of notebook 02 (two-layer networks).

References come from the package: the collapsed linear stack from evaluating the layers
(X W + b, one at a time) at 0 and at the unit vectors (so the check does not use the
formula it tests), the XOR truth table from :func:`course_utils.data.logic_gate`, the bump
from :func:`course_utils.nn.activations.sigmoid`, and the XOR training runs from
:func:`course_utils.nn.training.train`. Typical mistakes (a bias that skips the later weights,
a step switched on at the wrong place, an upside-down bump, a run that is only slow) are
recognised and named with a one-sentence hint.
"""

import numbers

import numpy as np

from .. import data
from ..nn import activations, network, training
from ._core import case_rng as _rng
from ._core import check_experiment, check_function

__all__ = ["collapse_linear", "xor_weights", "bump_params", "find_stuck_seed"]


# --- many linear layers are one -----------------------------------------------------------


def _collapse_cases():
    cases = []
    for seed, widths in [
        (4, (3, 4, 2)),
        (5, (2, 5, 3, 1)),
        (6, (3, 3, 3, 3, 2)),
        (7, (4, 2)),
    ]:
        r = _rng(seed)
        weights = [r.standard_normal((m, k)) for m, k in zip(widths[:-1], widths[1:], strict=True)]
        biases = [r.standard_normal(k) for k in widths[1:]]
        cases.append((weights, biases))
    return cases


def _stack(weights, biases, X):
    for W, b in zip(weights, biases, strict=True):
        X = X @ W + b  # no activation: a linear network
    return X


def _reference_collapse(weights, biases):
    """W and b read off the linear stack: b = f(0), row d of W = f(e_d) - f(0)."""
    D = np.shape(weights[0])[0]
    out = _stack(weights, biases, np.vstack([np.zeros(D), np.eye(D)]))  # 0, e_1, ..., e_D
    return out[1:] - out[0], out[0]


def _product(weights):
    W = weights[0]
    for Wk in weights[1:]:
        W = W @ Wk
    return W


def _last_bias_only(weights, biases):
    return _product(weights), biases[-1].copy()


def _first_and_last_bias(weights, biases):
    if len(weights) == 1:
        return weights[0].copy(), biases[0].copy()
    return _product(weights), biases[0] @ _product(weights[1:]) + biases[-1]


def _no_last_bias(weights, biases):
    W, b = _reference_collapse(weights, biases)
    return W, b - biases[-1]


def collapse_linear(fn):
    """Check ``fn(weights, biases) -> (W, b)``: the single affine layer X W + b equal to the
    stack of K linear layers ``weights[k] (D_k, D_{k+1})``, ``biases[k] (D_{k+1},)``, for
    every X; W of shape (D_0, D_K), b of shape (D_K,)."""
    return check_function(
        "collapse_linear",
        fn,
        _reference_collapse,
        _collapse_cases(),
        describe=lambda a: (
            f"K = {len(a[0])} layers of widths {[a[0][0].shape[0]] + [W.shape[1] for W in a[0]]}"
        ),
        mistakes=[
            (
                _last_bias_only,
                "the earlier biases reach the output too, through the later weights: for "
                "K = 2, b = b_1 W_2 + b_2.",
            ),
            (
                _first_and_last_bias,
                "with K >= 3 the middle biases count too: each b_k reaches the output as "
                "b_k W_{k+1} ... W_K. Apply the layers one at a time to (W, b).",
            ),
            (
                _no_last_bias,
                "the last layer's bias b_K is added after the last product: b = ... + b_K.",
            ),
        ],
    )


# --- XOR by hand ------------------------------------------------------------------------

_X_GATE, _XOR = data.logic_gate("xor", signed=False)


def _gate_output(params, x):
    """Output 0/1 at one input ``x (2,)`` of a network with step units (hidden and output)."""
    params, (D, H, C) = network.check_params(params)
    if D != 2 or C != 1:
        raise ValueError(
            f"W1 must have shape (2, H) and W2 shape (H, 1) (two inputs, one output); got "
            f"D = {D}, C = {C}"
        )
    a1 = activations.step(x @ params["W1"] + params["b1"])
    return int(activations.step(a1 @ params["W2"] + params["b2"])[0])


def _reference_xor(x):
    return int(_XOR[np.flatnonzero((_X_GATE == x).all(axis=1))[0]])


def _gate(name):
    X, table = data.logic_gate(name, signed=False)
    return lambda x: int(table[np.flatnonzero((X == x).all(axis=1))[0]])


def xor_weights(fn):
    """Check ``fn() -> params``: a dict ``W1 (2, H)``, ``b1 (H,)``, ``W2 (H, 1)``, ``b2 (1,)``
    whose network, with the step activation step(z) = 1 if z > 0 else 0 on the hidden units
    and on the output, outputs XOR on each of the inputs (0, 0), (0, 1), (1, 0), (1, 1)."""
    learner = (lambda x: _gate_output(fn(), x)) if callable(fn) else fn
    return check_function(
        "xor_weights",
        learner,
        _reference_xor,
        [(x,) for x in _X_GATE],
        describe=lambda a: f"x = ({a[0][0]:.0f}, {a[0][1]:.0f})",
        mistakes=[
            (
                _gate("or"),
                "your network computes OR: the output must also reject (1, 1). "
                "Which second line cuts (1, 1) off from (0, 1) and (1, 0)?",
            ),
            (
                _gate("and"),
                "your network computes AND: the output must also accept (0, 1) and (1, 0).",
            ),
            (_gate("nand"), "your network computes NAND: it must also reject (0, 0)."),
            (
                lambda x: 1 - _reference_xor(x),
                "your network computes XNOR, the opposite of XOR: flip the signs of W2 and b2.",
            ),
            (
                lambda x: 0,
                "every output is 0: with step units z = 0 counts as 0, so check that some "
                "output score is strictly positive (zero weights give 0 everywhere).",
            ),
            (
                lambda x: 1,
                "every output is 1: the output unit must reject (0, 0) and (1, 1); lower b2.",
            ),
        ],
    )


# --- a bump from two sigmoid units --------------------------------------------------------


def _points(a, b):
    """(7, 1) inputs where a bump from a to b is compared: far left, around a, the middle,
    around b, far right."""
    return np.array([a - 2.0, a - 0.05, a + 0.05, (a + b) / 2, b - 0.05, b + 0.05, b + 2.0])[
        :, None
    ]


def _bump_cases():
    cases = []
    for seed in (20, 21, 22, 23):
        r = _rng(seed)
        a = float(np.round(r.uniform(-2.0, 0.5), 2))
        b = float(np.round(a + r.uniform(0.5, 2.0), 2))
        height = float(np.round(r.choice([-1.0, 1.0]) * r.uniform(0.5, 2.0), 2))
        w = float(np.round(r.uniform(5.0, 40.0), 1))
        cases.append((a, b, height, w))
    return cases


def _bump(a, b, shift_a, shift_b, height, w, sign_b=-1.0):
    """height * (sigmoid(w x - shift_a) + sign_b * sigmoid(w x - shift_b)) at _points(a, b)."""
    x = _points(a, b)[:, 0]
    return height * (
        activations.sigmoid(w * x - shift_a) + sign_b * activations.sigmoid(w * x - shift_b)
    )


def _reference_bump(a, b, height, w):
    return _bump(a, b, w * a, w * b, height, w)


def _network_bump(fn):
    def output(a, b, height, w):
        params = fn(a, b, height, w)
        if isinstance(params, dict) and np.ndim(params.get("W1")) == 2 and len(params["W1"]) != 1:
            raise ValueError(
                f"W1 must have shape (1, H): one row per input (here one, x) and one column "
                f"per hidden unit; got shape {np.shape(params['W1'])}"
            )
        params, (D, H, C) = network.check_params(params)
        if D != 1 or C != 1:
            raise ValueError(
                f"W1 must have shape (1, H) and W2 shape (H, 1) (one input, one output); got "
                f"D = {D}, C = {C}"
            )
        return network.forward(params, _points(a, b), "sigmoid")[0][:, 0]

    return output


def bump_params(fn):
    """Check ``fn(a, b, height, w) -> params``: a dict ``W1 (1, H)``, ``b1 (H,)``,
    ``W2 (H, 1)``, ``b2 (1,)`` whose sigmoid network outputs
    height * (sigmoid(w (x - a)) - sigmoid(w (x - b))) at every x (compared at x = a - 2,
    a +/- 0.05, (a + b) / 2, b +/- 0.05, b + 2)."""
    learner = _network_bump(fn) if callable(fn) else fn
    return check_function(
        "bump_params",
        learner,
        _reference_bump,
        _bump_cases(),
        describe=lambda c: (
            f"a = {c[0]:g}, b = {c[1]:g}, height = {c[2]:g}, w = {c[3]:g}; outputs at x = "
            f"a - 2, a -/+ 0.05, (a + b) / 2, b -/+ 0.05, b + 2"
        ),
        mistakes=[
            (
                lambda a, b, height, w: _bump(a, b, a, b, height, w),
                "the unit sigmoid(w x + b1) switches where w x + b1 = 0, at x = -b1 / w; for "
                "a step at x = a the bias is b1 = -w a, not -a.",
            ),
            (
                lambda a, b, height, w: _bump(a, b, -w * a, -w * b, height, w),
                "sign of the bias: sigmoid(w x + b1) switches at x = -b1 / w, so a step at "
                "x = a needs b1 = -w a.",
            ),
            (
                lambda a, b, height, w: _bump(a, b, w * a, w * b, -height, w),
                "your bump points the wrong way: the unit that steps up at a gets +height, "
                "the one at b gets -height.",
            ),
            (
                lambda a, b, height, w: _bump(a, b, w * a, w * b, height, w, sign_b=1.0),
                "the second step must be subtracted: output weights (height, -height), so "
                "the output comes back down at b.",
            ),
        ],
    )


# --- a start from which XOR training gets stuck -------------------------------------------

XOR_RECIPE = {"H": 2, "lr": 0.2, "n_steps": 1000}  # section 5 of notebook 02
_X_XOR, _Y_XOR = data.logic_gate("xor")


def train_xor(seed, H=2):
    """Train the tanh network of notebook 02 on XOR (targets -1/+1, MSE, gradient descent
    with lr = 0.2 for 1000 steps) from ``network.init_params(2, H, 1,
    rng=np.random.default_rng(seed))``. Returns (final loss, number of right signs of 4)."""
    start = network.init_params(2, H, 1, rng=np.random.default_rng(seed))
    y = _Y_XOR.astype(float)
    params, history = training.train(
        start, _X_XOR, y, method="gd", n_epochs=XOR_RECIPE["n_steps"], lr=XOR_RECIPE["lr"]
    )
    right = int(np.sum(np.sign(network.forward(params, _X_XOR)[0][:, 0]) == y))
    return float(history["loss"][-1]), right


def _verify_stuck(seed, first_seed):
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        return f"return the seed itself, a whole number such as {first_seed}; got {seed!r}.", ""
    seed = int(seed)
    if seed < first_seed:
        return (
            f"search from first_seed = {first_seed} upwards; seed {seed} comes before it.",
            "",
        )
    loss, right = train_xor(seed)
    if right == 4:
        return (
            f"training from seed {seed} solves XOR: after 1000 steps all four signs are right "
            f"(loss {loss:.1e}). Train every candidate for the full 1000 steps with H = 2 and "
            "lr = 0.2, starting from network.init_params(2, 2, 1, "
            "rng=np.random.default_rng(seed)); a run that sits on a plateau for a few hundred "
            "steps can still escape. Call a run stuck when some sign is wrong at the end.",
            "",
        )
    if loss < 0.25:
        return (
            f"training from seed {seed} ends at loss {loss:.2f} with {right} of 4 signs right: "
            "still moving, not clearly stuck. Look for a run that ends above 0.25.",
            "",
        )
    summary = (
        f"from seed {seed} (the search started at {first_seed}), training with H = 2 ends at "
        f"loss {loss:.2f} after 1000 steps, with {right} of 4 signs right: stuck."
    )
    return None, summary


def _first_seed():
    """Where the search starts: a seed drawn with case_rng, moved on to the next one from which
    training solves XOR, so that returning first_seed untried does not pass."""
    seed = int(_rng(30).integers(20, 120))
    while train_xor(seed)[1] != 4:
        seed += 1
    return seed


def find_stuck_seed(fn):
    """Check the experiment ``fn(first_seed) -> seed``: a seed >= first_seed from which the
    XOR training of notebook 02 (H = 2, tanh, MSE, gradient descent with lr = 0.2 for 1000
    steps, start ``network.init_params(2, 2, 1, rng=np.random.default_rng(seed))``) ends
    with a wrong sign and a loss above 0.25. Hidden tests start the search elsewhere."""
    first_seed = _first_seed()
    return check_experiment(
        "find_stuck_seed", fn, lambda seed: _verify_stuck(seed, first_seed), (first_seed,)
    )
