"""Checks for the exercises of notebook 02 (two-layer networks).

References come from the package: the forward pass from :func:`course_utils.network.forward`,
the collapsed linear network from evaluating two affine layers of :mod:`course_utils.layers`
(at 0 and at the unit vectors, so the check does not use the formula it tests), the XOR
truth table from :func:`course_utils.data.logic_gate`, and the derivatives from
:func:`course_utils.activations.derivative`. Typical mistakes (a forgotten bias or
activation, an activation on the output, sigma instead of sigma', 1 - z^2 for tanh') are
recognised and named with a one-sentence hint.
"""

import numpy as np

from .. import activations, data, layers, network
from ._core import case_rng as _rng
from ._core import check_function

__all__ = ["two_layer_forward", "collapse_linear", "xor_weights", "activation_derivative"]


# --- the forward pass ------------------------------------------------------------------


def _forward_cases():
    cases = []
    for seed, (N, D, H, C), g in [
        (0, (5, 3, 4, 2), activations.tanh),
        (1, (1, 2, 3, 1), activations.relu),
        (2, (7, 4, 6, 3), activations.sigmoid),
        (3, (6, 2, 5, 1), activations.tanh),
    ]:
        r = _rng(seed)
        cases.append(
            (
                r.standard_normal((N, D)),
                r.standard_normal((D, H)),
                r.standard_normal(H),
                r.standard_normal((H, C)),
                r.standard_normal(C),
                g,
            )
        )
    return cases


def _reference_forward(X, W1, b1, W2, b2, g):
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return network.forward(params, X, g.__name__)[0]


def _no_activation(X, W1, b1, W2, b2, g):
    return (X @ W1 + b1) @ W2 + b2


def _activation_on_output(X, W1, b1, W2, b2, g):
    return g(g(X @ W1 + b1) @ W2 + b2)


def _no_b1(X, W1, b1, W2, b2, g):
    return g(X @ W1) @ W2 + b2


def _no_b2(X, W1, b1, W2, b2, g):
    return g(X @ W1 + b1) @ W2


def _bias_after_g(X, W1, b1, W2, b2, g):
    return (g(X @ W1) + b1) @ W2 + b2


def two_layer_forward(fn):
    """Check ``fn(X, W1, b1, W2, b2, g) -> y_hat``: Z1 = X W1 + b1, A1 = g(Z1),
    y_hat = A1 W2 + b2 of shape (N, C), for X (N, D) and an activation function ``g``."""
    return check_function(
        "two_layer_forward",
        fn,
        _reference_forward,
        _forward_cases(),
        describe=lambda a: (
            f"X of shape {a[0].shape}, W1 {a[1].shape}, W2 {a[3].shape}, g = {a[5].__name__}"
        ),
        mistakes=[
            (
                _no_activation,
                "apply g to the hidden layer: A1 = g(Z1). Without it the network is linear.",
            ),
            (
                _activation_on_output,
                "the output y_hat = A1 W2 + b2 is not passed through g: the scores are linear "
                "in A1.",
            ),
            (_no_b1, "add the hidden bias before the activation: Z1 = X W1 + b1."),
            (_no_b2, "add the output bias: y_hat = A1 W2 + b2."),
            (_bias_after_g, "b1 is added before g, inside it: A1 = g(X W1 + b1)."),
        ],
    )


# --- two linear layers are one ----------------------------------------------------------


def _collapse_cases():
    cases = []
    for seed, (D, H, C) in [(4, (3, 4, 2)), (5, (2, 5, 1)), (6, (4, 3, 3))]:
        r = _rng(seed)
        cases.append(
            (
                r.standard_normal((D, H)),
                r.standard_normal(H),
                r.standard_normal((H, C)),
                r.standard_normal(C),
            )
        )
    return cases


def _reference_collapse(W1, b1, W2, b2):
    """W and b read off the linear two-layer network: b = f(0), row d of W = f(e_d) - f(0)."""
    D = W1.shape[0]
    inputs = np.vstack([np.zeros(D), np.eye(D)])  # (D + 1, D): 0, e_1, ..., e_D
    hidden, _ = layers.affine_forward(inputs, W1, b1)  # no activation: a linear network
    out, _ = layers.affine_forward(hidden, W2, b2)
    return out[1:] - out[0], out[0]


def _forgot_b2(W1, b1, W2, b2):
    return W1 @ W2, b1 @ W2


def _forgot_b1(W1, b1, W2, b2):
    return W1 @ W2, b2.copy()


def _biases_added(W1, b1, W2, b2):
    return W1 @ W2, b1 + b2


def collapse_linear(fn):
    """Check ``fn(W1, b1, W2, b2) -> (W, b)`` with X W + b equal to (X W1 + b1) W2 + b2 for
    every X: W of shape (D, C) and b of shape (C,)."""
    return check_function(
        "collapse_linear",
        fn,
        _reference_collapse,
        _collapse_cases(),
        describe=lambda a: f"W1 of shape {a[0].shape}, W2 of shape {a[2].shape}",
        mistakes=[
            (_forgot_b2, "the output bias b2 is still there: b = b1 W2 + b2."),
            (
                _forgot_b1,
                "the hidden bias b1 reaches the output through W2: b = b1 W2 + b2, not b2.",
            ),
            (
                _biases_added,
                "b1 lives in the hidden layer (shape (H,)); it reaches the output only "
                "through W2: b = b1 W2 + b2.",
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
                "Try hidden units OR and NAND, and an output unit computing their AND.",
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


# --- activation derivatives -------------------------------------------------------------


def _derivative_cases():
    grid = np.linspace(-4.0, 4.0, 9)  # contains z = 0 exactly
    cases = []
    for seed, name in enumerate(activations.NAMES):
        r = _rng(10 + seed)
        cases.append((name, grid.copy()))
        cases.append((name, 3.0 * r.standard_normal((3, 4))))
    return cases


def _with(name, wrong):
    """The reference derivative, except for ``name`` where ``wrong(z)`` is used."""

    def derivative(n, z):
        return wrong(z) if n == name else activations.derivative(n, z)

    return derivative


def _function_instead(n, z):
    return activations.forward(n, z)


def activation_derivative(fn):
    """Check ``fn(name, z) -> g'(z)`` elementwise for name in "step", "sigmoid", "tanh",
    "relu" (at z = 0: step' = 0 and relu' = 0, as in :mod:`course_utils.activations`)."""
    return check_function(
        "activation_derivative",
        fn,
        activations.derivative,
        _derivative_cases(),
        describe=lambda a: f"{a[0]!r}, z of shape {a[1].shape}",
        mistakes=[
            (
                _function_instead,
                "you returned g(z); the exercise asks for its derivative g'(z).",
            ),
            (
                _with("sigmoid", activations.sigmoid),
                "the sigmoid's derivative is sigma(z) (1 - sigma(z)), not sigma(z).",
            ),
            (
                _with("tanh", lambda z: 1.0 - z**2),
                "tanh'(z) = 1 - tanh(z)^2: square tanh(z), not z.",
            ),
            (
                _with("relu", lambda z: (z >= 0).astype(float)),
                "at z = 0 the course takes ReLU'(0) = 0 (use z > 0), as most libraries do.",
            ),
            (
                _with("step", lambda z: np.ones_like(z)),
                "the step function is flat on both sides of 0: its derivative is 0 everywhere "
                "it exists.",
            ),
        ],
    )
