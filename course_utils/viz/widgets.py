"""Dashboards: controls wired to a pure compute function and a live plot.

Every interactive figure of the course is built the same way, following the ipywidgets
documentation's pattern (a plain function called once without widgets, then wrapped)::

    dash = widgets.optimizer_dashboard(landscapes.quadratic(10), methods=("gd", "momentum"))
    dash.show()   # the static picture: visible in any viewer, run by nbval
    dash          # the sliders (needs a running kernel)

A :class:`Dashboard` calls ``compute(**values) -> result`` (the maths, from the other modules),
``plot.update(result) -> str`` and ``plot.png()`` of a live plot from
:mod:`course_utils.viz.liveplots`, and shows the PNG in an ``ipywidgets.Image`` of fixed size with
a one-line HTML readout underneath. An error in compute or update is shown in the readout in
red (and logged) instead of a traceback.
"""

import asyncio
import html
import logging
import time

import ipywidgets as ipw
import numpy as np
from IPython.display import Image, display

from ..optim import optimizers
from ..validate import (
    as_array,
    check_beta,
    check_choice,
    check_int,
    check_nonnegative,
    check_positive,
)
from . import liveplots

__all__ = [
    "lr_slider",
    "beta_slider",
    "log_slider",
    "int_slider",
    "float_slider",
    "toggle",
    "dropdown",
    "Dashboard",
    "dashboard",
    "optimizer_dashboard",
]

_log = logging.getLogger(__name__)
_STYLE = {"description_width": "initial"}
_ERROR_COLOR = "#B00020"


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


def _fmt(value):
    if isinstance(value, (bool, np.bool_)):
        return "on" if value else "off"
    if isinstance(value, (float, np.floating)):
        # a decay rate near 1 keeps its digits: beta2 = 0.9991, not 0.999; 0.9999, not 1
        return f"{value:.6g}" if 0.99 < value < 1 else f"{value:.3g}"
    return str(value)


def _default_readout(values, message):
    """The values on one line, then each item of the plot's message (" · "-separated) on its
    own line, so that the text never wraps in the middle of an item."""
    text = " · ".join(f"{name} = {_fmt(v)}" for name, v in values.items())
    items = message.split(" · ") if message else []
    return "<br>".join(html.escape(line) for line in [text, *items])


class Dashboard:
    """Controls, a compute function and a live plot, wired together.

    Parameters
    ----------
    compute : callable
        ``compute(**values) -> result``, called with every control's value by name.
    plot : live plot
        Has ``update(result) -> str`` and ``png() -> bytes`` (see :mod:`liveplots`).
    controls : dict of str to ipywidgets widget
        From the builders of this module; the names are ``compute``'s keyword arguments.
    readout : callable, optional
        ``readout(values, message) -> str`` (HTML) under the picture; by default the
        values and the plot's message.
    debounce_ms : float
        If > 0, changes closer together than this are coalesced into one update (on the
        kernel's event loop; immediate when no loop is running).
    """

    def __init__(self, compute, plot, controls, readout=None, debounce_ms=0):
        if not callable(compute):
            raise TypeError("compute must be a function compute(**values) -> result")
        if not (callable(getattr(plot, "update", None)) and callable(getattr(plot, "png", None))):
            raise TypeError("plot must be a live plot with update(result) and png()")
        if not isinstance(controls, dict) or not all(
            isinstance(w, ipw.ValueWidget) for w in controls.values()
        ):
            raise TypeError("controls must be a dict name -> ipywidgets widget (e.g. lr_slider())")
        if readout is not None and not callable(readout):
            raise TypeError("readout must be a function readout(values, message) -> str")
        self.compute, self.plot, self.controls = compute, plot, dict(controls)
        self.debounce_ms = check_nonnegative(debounce_ms, "debounce_ms")
        self._readout = readout or _default_readout
        self._widget = self._pending = self.last_error = None

    @property
    def values(self):
        """The current value of every control, by name."""
        return {name: w.value for name, w in self.controls.items()}

    def _run(self, values):
        message = self.plot.update(self.compute(**values))
        return self.plot.png(), self._readout(values, message)

    def _merge(self, values):
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(
                f"unknown control {unknown[0]!r}; expected some of {list(self.controls)}"
            )
        return {**self.values, **values}

    def render(self, **values):
        """PNG bytes for these control values (others at their current value), no widgets."""
        return self._run(self._merge(values))[0]

    def show(self, **values):
        """Display the static picture for these values (call once before the widget)."""
        display(Image(data=self.render(**values), format="png"))

    def latency(self, values_list=({},), repeats=5):
        """Seconds per full update (compute, plot update, PNG, readout) for each value set.

        Returns
        -------
        list of float, len(values_list) * repeats
        """
        repeats = check_int(repeats, "repeats", 1)
        merged = [self._merge(dict(v)) for v in values_list]
        times = []
        for values in merged:
            for _ in range(repeats):
                start = time.perf_counter()
                self._run(values)
                times.append(time.perf_counter() - start)
        return times

    @property
    def widget(self):
        """The interactive version: ``VBox([HBox(controls), Image, HTML readout])``."""
        if self._widget is None:
            width, height = self.plot.size
            layout = ipw.Layout(width=f"{width}px", height=f"{height}px")
            self.image = ipw.Image(format="png", layout=layout)
            self.html = ipw.HTML(layout=ipw.Layout(min_height="3em"))
            row = ipw.HBox(list(self.controls.values()), layout=ipw.Layout(flex_flow="row wrap"))
            self._widget = ipw.VBox([row, self.image, self.html])
            for w in self.controls.values():
                w.observe(self._on_change, names="value")
            self._refresh()
        return self._widget

    def _ipython_display_(self):
        display(self.widget)

    def _refresh(self):
        self._pending = None
        try:
            png, text = self._run(self.values)
        except Exception as exc:  # shown to the learner instead of a traceback
            self.last_error = exc
            _log.warning("dashboard update failed: %s: %s", type(exc).__name__, exc)
            error = html.escape(f"{type(exc).__name__}: {exc}")
            self.html.value = f'<span style="color:{_ERROR_COLOR}">{error}</span>'
            return
        self.last_error = None
        self.image.value, self.html.value = png, text

    def _on_change(self, change):
        try:
            loop = asyncio.get_running_loop() if self.debounce_ms > 0 else None
        except RuntimeError:  # no event loop (tests, scripts): update at once
            loop = None
        if loop is None:
            self._refresh()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(self.debounce_ms / 1000, self._refresh)


def dashboard(compute, plot, readout=None, debounce_ms=0, **controls):
    """A :class:`Dashboard` with the controls given by keyword: ``dashboard(f, p, H=slider)``."""
    return Dashboard(compute, plot, controls, readout=readout, debounce_ms=debounce_ms)


_CONTROLS = ("lr", "beta", "beta1", "beta2", "bias_correction", "method", "n_steps")
_HEAVY_BALL = ("momentum", "nesterov", "momentum_velocity")


def _optimizer_controls(names, methods, n_steps, start, lr_range):
    build = {
        "lr": lambda: lr_slider(start["lr"], *lr_range),
        "beta": lambda: beta_slider(start["beta"]),
        "beta1": lambda: beta_slider(start["beta1"], "beta1"),
        "beta2": lambda: beta_slider(start["beta2"], "beta2", max=0.9999, step=0.0001),
        "bias_correction": lambda: toggle("bias correction", start["bias_correction"]),
        "method": lambda: dropdown("method", methods),
        "n_steps": lambda: int_slider("n_steps", n_steps, 1, 4 * n_steps),
    }
    return {name: build[name]() for name in names}


def _momentum_readout(methods, lr, beta):
    def readout(values, message):
        chosen = (values["method"],) if "method" in values else methods
        lr_now, beta_now = values.get("lr", lr), values.get("beta", beta)
        extra = []
        if any(m in _HEAVY_BALL for m in chosen):
            extra.append(f"effective step lr / (1 - beta) = {lr_now / (1 - beta_now):.3g}")
        if "momentum_ema" in chosen:
            extra.append(f"momentum_ema: effective step = lr = {lr_now:.3g}")
        return _default_readout(values, message) + "".join(f"<br>{e}" for e in extra)

    return readout


def optimizer_dashboard(
    surface,
    methods=("gd",),
    n_steps=50,
    x0=None,
    lr=0.1,
    beta=0.9,
    controls=("lr", "beta"),
    lr_range=(1e-4, 10.0),
    message=None,
    blame="auto",
    debounce_ms=0,
    **fixed_hp,
):
    """Optimizer trajectories on a surface with sliders for the hyperparameters.

    Parameters
    ----------
    surface : landscapes.Surface
    methods : sequence of str
        Optimizers from :data:`optimizers.METHODS`, one trajectory each, same start.
    n_steps : int
    x0 : ndarray, shape (2,), optional
        Start (default ``surface.start``).
    lr, beta : float
        Start values (or fixed values when not among ``controls``).
    controls : sequence of str
        Some of "lr", "beta", "beta1", "beta2", "bias_correction", "method" (a dropdown
        over ``methods``), "n_steps".
    lr_range : (float, float)
        The learning-rate slider's (min, max), a log scale; keep a divergent region in it.
    message : callable, optional
        ``message(values, result) -> str``: a note written inside the figure (and the
        readout), from the controls' values by name and the trajectories ``{method: (T + 1,
        2) array}``; ``""`` for none. Like returning
        :class:`~course_utils.viz.liveplots.Annotated` from a compute function.
    blame : str, None or "auto"
        The control the figure names when a run diverges or barely moves ("lr too large:
        diverged at step 12"); None for neutral words ("diverged at step 12") when another
        control can be the cause, so that ``message`` explains. "auto": None when one of
        Adam's "beta1", "beta2", "bias_correction" is a control (beta2 = 0 alone makes Adam
        blow up), else "lr".
    **fixed_hp
        Other hyperparameters of :func:`optimizers.run` (eps, weight_decay, ...), or start
        values of beta1, beta2, bias_correction; each goes to the methods that take it.

    Returns
    -------
    Dashboard
        The readout shows the values and, for heavy-ball momentum, lr / (1 - beta).
    """
    methods = (methods,) if isinstance(methods, str) else tuple(methods)
    if not methods:
        raise ValueError("methods must name at least one optimizer")
    for m in methods:
        check_choice(m, "methods", optimizers.METHODS)
    for c in controls:
        check_choice(c, "controls", _CONTROLS)
    if message is not None and not callable(message):
        raise TypeError("message must be a function message(values, result) -> str")
    if blame == "auto":
        blame = None if set(controls) & {"beta1", "beta2", "bias_correction"} else "lr"
    n_steps = check_int(n_steps, "n_steps", 1)
    x0 = as_array(surface.start if x0 is None else x0, "x0", shape=(2,))
    known = set().union(*(optimizers.DEFAULTS[m] for m in methods))
    for name in fixed_hp:
        if name not in known:
            raise ValueError(f"{name} is not a hyperparameter of {', '.join(methods)}")
    fixed = {"lr": check_positive(lr, "lr"), "beta": check_beta(beta, "beta"), **fixed_hp}
    if not isinstance(lr_range, (tuple, list)) or len(lr_range) != 2:
        raise TypeError(f"lr_range must be a pair (min, max); got {lr_range!r}")
    start = {"beta1": 0.9, "beta2": 0.999, "bias_correction": True, **fixed}
    widgets = _optimizer_controls(controls, methods, n_steps, start, lr_range)

    start_values = {name: w.value for name, w in widgets.items()}

    def compute(**values):
        hp = {**fixed, **values}
        chosen = (hp.pop("method"),) if "method" in hp else methods
        steps = hp.pop("n_steps", n_steps)
        result = {
            m: optimizers.run(
                m,
                surface.grad,
                x0,
                steps,
                **{k: v for k, v in hp.items() if k in optimizers.DEFAULTS[m]},
            )
            for m in chosen
        }
        if message is None:
            return result
        note = message({**start_values, **values}, result)
        if not isinstance(note, str):
            raise TypeError(f"message(values, result) must return a str; got {note!r}")
        return liveplots.Annotated(result, note)

    plot = liveplots.TrajectoryPlot(
        surface, methods, 4 * n_steps if "n_steps" in controls else n_steps, blame=blame
    )
    return Dashboard(compute, plot, widgets, _momentum_readout(methods, lr, beta), debounce_ms)
