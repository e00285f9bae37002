"""The check of ``xor_weights`` (notebook 02): XOR by hand, with step units."""

import numpy as np

from ... import data
from ...nn import activations, network
from .._core import check_function

__all__ = ["xor_weights"]


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
