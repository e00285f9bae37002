"""The check of ``bump_params`` (notebook 02): a bump from two sigmoid units."""

import numpy as np

from ...nn import activations, network
from .._core import case_rng as _rng
from .._core import check_function

__all__ = ["bump_params"]


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
