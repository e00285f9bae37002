"""The check of ``backward_pass`` (notebook 03): the backward pass of the two-layer tanh
network."""

import numpy as np

from ...nn import network
from .._core import case_rng as _rng
from .._core import check_function

__all__ = ["backward_pass"]


def _backward_cases():
    cases = []
    for seed, (N, D, H, C) in enumerate([(1, 2, 3, 1), (5, 3, 4, 2), (8, 4, 6, 3)]):
        r = _rng(seed)
        p = network.init_params(D, H, C, rng=r, init="normal", scale=0.7)
        p["b1"], p["b2"] = r.standard_normal(H), r.standard_normal(C)
        cases.append((r.standard_normal((N, C)), r.standard_normal((N, D)), p))
    return cases


def _reference_backward(dscores, X, params):
    _, cache = network.forward(params, X, "tanh")
    return network.backward(dscores, cache)


def _backward_with(dscores, X, params, local="tanh", bias=np.sum, axis=0, w2_input="A1"):
    """The backward pass with a chosen (possibly wrong) tanh derivative, bias reduction, axis
    of that reduction, and input of the multiply gate W2 (A1, or by mistake Z1)."""
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.tanh(Z1)
    dA1 = dscores @ params["W2"].T
    derivative = {"tanh": 1 - A1**2, "none": 1.0, "of_z": 1 - Z1**2, "sigmoid": A1 * (1 - A1)}
    dZ1 = dA1 * derivative[local]
    return {
        "dW1": X.T @ dZ1,
        "db1": bias(dZ1, axis=axis),
        "dW2": (A1 if w2_input == "A1" else Z1).T @ dscores,
        "db2": bias(dscores, axis=axis),
    }


def backward_pass(fn):
    """Check ``fn(dscores, X, params) -> grads``: the gradients dW1 (D, H), db1 (H,),
    dW2 (H, C), db2 (C,) of the two-layer tanh network, given ``dscores`` (N, C) = dL/dy_hat.

    The learner recomputes the forward quantities inside, from ``X`` (N, D) and ``params``.
    """
    return check_function(
        "backward_pass",
        fn,
        _reference_backward,
        _backward_cases(),
        describe=lambda a: (
            f"N={a[1].shape[0]}, D={a[1].shape[1]}, H={a[2]['W1'].shape[1]}, "
            f"C={a[2]['W2'].shape[1]}"
        ),
        mistakes=[
            (
                lambda d, X, p: _backward_with(d, X, p, local="none"),
                "dW1 and db1 miss tanh's local derivative: on its way back through "
                "A1 = tanh(Z1) the gradient is multiplied, entry by entry, by 1 - A1**2.",
            ),
            (
                lambda d, X, p: _backward_with(d, X, p, local="of_z"),
                "tanh'(z) = 1 - tanh(z)**2, which is 1 - A1**2, not 1 - Z1**2.",
            ),
            (
                lambda d, X, p: _backward_with(d, X, p, local="sigmoid"),
                "A1 * (1 - A1) is the sigmoid's derivative; tanh's is 1 - A1**2.",
            ),
            (
                lambda d, X, p: _backward_with(d, X, p, bias=np.mean),
                "the bias gradients are N times too small: dscores already holds the 1/N "
                "of the mean loss, so sum over the examples (axis 0), do not average.",
            ),
            (
                lambda d, X, p: _backward_with(d, X, p, axis=1),
                "sum the bias gradients over the examples, axis 0 (the rows): a gradient has "
                "the shape of its variable, (H,) for db1 and (C,) for db2.",
            ),
            (
                lambda d, X, p: _backward_with(d, X, p, w2_input="Z1"),
                "dW2 multiplies dscores by what W2 multiplied in the forward pass, the "
                "activations A1 = tanh(Z1), not Z1.",
            ),
        ],
    )
