"""Controls for the course's dashboards: sliders, a checkbox and a dropdown, with course-wide
defaults (the description in full, sliders updating while dragged) and checked start values.
"""

import ipywidgets as ipw
import numpy as np

from ...validate import check_beta, check_choice, check_int, check_positive

__all__ = [
    "lr_slider",
    "beta_slider",
    "log_slider",
    "int_slider",
    "float_slider",
    "toggle",
    "dropdown",
]

_STYLE = {"description_width": "initial"}


def _in_range(value, lo, hi, name="value"):
    if lo > hi:
        raise ValueError(f"min must be <= max; got min={lo}, max={hi}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must lie in [min, max] = [{lo:g}, {hi:g}]; got {value:g}")


def _options(kwargs, slider=True):
    """Course-wide widget defaults; sliders update continuously unless told otherwise."""
    return {**({"continuous_update": True} if slider else {}), "style": _STYLE, **kwargs}


def _integer_grid(exponents, base, steps):
    """Whether every value base ** e of a log slider's grid (min to max exponent, ``steps``
    per unit) is a whole number, as for hidden units 1, 2, 4, ..., 64."""
    n = int(np.floor((exponents[1] - exponents[0]) * steps + 1e-9)) + 1
    grid = base ** (exponents[0] + np.arange(n) / steps)
    return bool(np.all(np.abs(grid - np.round(grid)) <= 1e-9 * grid))


def _snap(value, exponents, base, steps):
    """``value`` moved to the nearest point of a log slider's grid (``steps`` positions per
    factor ``base`` from the min exponent), as the browser shows it; kept if already on it."""
    position = (np.log(value) / np.log(base) - exponents[0]) * steps
    k = min(round(position), int(np.floor((exponents[1] - exponents[0]) * steps + 1e-9)))
    return value if abs(position - k) <= 1e-9 else float(base ** (exponents[0] + k / steps))


def log_slider(description, value, min, max, base=10.0, steps_per_decade=20, **kwargs):
    """A ``FloatLogSlider`` between ``min`` and ``max`` (values, not exponents), 3 digits shown,
    or whole numbers when every position is one (``log_slider("H", 8, 1, 64, base=2,
    steps_per_decade=1)`` shows 1, 2, 4, ..., 64).

    ``steps_per_decade`` counts the positions per factor ``base``; ``value`` is moved to the
    nearest position (0.072 becomes 0.0708 with 20 per decade from 1e-4), so that the kernel
    holds the value the slider shows. Extra keywords go to ipywidgets, e.g.
    ``continuous_update=False`` for a slow update.
    """
    value, lo, hi = (
        check_positive(v, n) for v, n in ((value, "value"), (min, "min"), (max, "max"))
    )
    _in_range(value, lo, hi)
    base = check_positive(base, "base")
    if base == 1:
        raise ValueError("base must be a positive number other than 1; got 1")
    steps = check_int(steps_per_decade, "steps_per_decade", 1)
    exponent = np.log(np.array([lo, hi])) / np.log(base)
    readout_format = "d" if _integer_grid(exponent, base, steps) else ".3g"
    return ipw.FloatLogSlider(
        value=_snap(value, exponent, base, steps),
        base=base,
        min=exponent[0],
        max=exponent[1],
        step=1 / steps,
        description=description,
        readout_format=readout_format,
        **_options(kwargs),
    )


def lr_slider(value=0.1, min=1e-4, max=10.0, description="lr", **kwargs):
    """The learning-rate slider: logarithmic from 1e-4 to 10."""
    return log_slider(description, value, min, max, **kwargs)


def beta_slider(value=0.9, description="beta", max=0.999, min=0.0, step=0.001, **kwargs):
    """A slider for a decay rate beta in [0, 1) (momentum, RMSProp, Adam's beta1 / beta2)."""
    value, hi = check_beta(value, "value"), check_beta(max, "max")
    lo, step = check_beta(min, "min"), check_positive(step, "step")
    _in_range(value, lo, hi)
    digits = int(np.clip(np.ceil(-np.log10(step)), 3, 6))
    return ipw.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=f".{digits}f",
        **_options(kwargs),
    )


def int_slider(description, value, min, max, step=1, **kwargs):
    """An integer slider (steps, hidden units, depth, batch size)."""
    value, lo, hi = (
        check_int(v, n, -(2**62)) for v, n in ((value, "value"), (min, "min"), (max, "max"))
    )
    _in_range(value, lo, hi)
    return ipw.IntSlider(
        value=value,
        min=lo,
        max=hi,
        step=check_int(step, "step", 1),
        description=description,
        **_options(kwargs),
    )


def float_slider(description, value, min, max, step, **kwargs):
    """A slider for any real number on a linear scale (a point x0, a margin, a noise level)."""
    value, lo, hi = (_real(v, n) for v, n in ((value, "value"), (min, "min"), (max, "max")))
    step = check_positive(step, "step")
    _in_range(value, lo, hi)
    return ipw.FloatSlider(
        value=value, min=lo, max=hi, step=step, description=description, **_options(kwargs)
    )


def _real(value, name):
    if isinstance(value, (bool, np.bool_)) or not np.isscalar(value) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    return float(value)


def toggle(description, value=False, **kwargs):
    """An on/off checkbox (bias correction, Nesterov, feature scaling)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"value must be True or False; got {value!r}")
    return ipw.Checkbox(
        value=bool(value), description=description, indent=False, **_options(kwargs, slider=False)
    )


def dropdown(description, options, value=None, **kwargs):
    """A choice among ``options`` (method, activation, dataset); ``value`` defaults to the first."""
    options = tuple(options)
    if not options:
        raise ValueError("options must list at least one choice")
    value = options[0] if value is None else check_choice(value, "value", options)
    return ipw.Dropdown(
        options=options, value=value, description=description, **_options(kwargs, slider=False)
    )
