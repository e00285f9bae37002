"""What every dashboard shares: controls wired to a pure compute function and a live plot.

Every interactive figure of the course is built the same way, following the ipywidgets
documentation's pattern (a plain function called once without widgets, then wrapped)::

    dash = widgets.dashboard(compute, liveplots.CurvesPlot(...), lr=widgets.lr_slider())
    dash.show()   # the static picture: visible in any viewer, run by nbval
    dash          # the sliders (needs a running kernel)

A :class:`Dashboard` calls ``compute(**values) -> result`` (the maths, from the other modules),
``plot.update(result) -> str`` and ``plot.png()`` of a live plot from
:mod:`course_utils.viz.liveplots`, and shows the PNG in an ``ipywidgets.Image`` of fixed size with
a one-line HTML readout underneath. An error in compute or update is shown in the readout in
red (and logged) instead of a traceback.
"""

import html
import logging
import time

import ipywidgets as ipw
import numpy as np
from IPython.display import Image, display

from ...validate import check_int

__all__ = ["Dashboard", "dashboard", "default_readout"]

_log = logging.getLogger(__name__)
_ERROR_COLOR = "#B00020"


def _fmt(value):
    if isinstance(value, (bool, np.bool_)):
        return "on" if value else "off"
    if isinstance(value, (float, np.floating)):
        # a decay rate near 1 keeps its digits: beta2 = 0.9991, not 0.999; 0.9999, not 1
        return f"{value:.6g}" if 0.99 < value < 1 else f"{value:.3g}"
    return str(value)


def default_readout(values, message):
    """The readout under a dashboard's picture (HTML): the controls' ``values`` on one line
    ("lr = 0.1 · beta = 0.9", booleans as on/off), then each item of the plot's ``message``
    (" · "-separated) on its own line, so that the text never wraps in the middle of an item.
    A custom readout can start from it."""
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
        Has ``update(result) -> str``, ``png() -> bytes`` and ``size`` (see
        :mod:`course_utils.viz.liveplots`).
    controls : dict of str to ipywidgets widget
        From :mod:`.controls`; the names are ``compute``'s keyword arguments.
    readout : callable, optional
        ``readout(values, message) -> str`` (HTML) under the picture; by default
        :func:`default_readout`.
    """

    def __init__(self, compute, plot, controls, readout=None):
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
        self.readout = readout or default_readout
        self._widget = self.last_error = None

    @property
    def values(self):
        """The current value of every control, by name."""
        return {name: w.value for name, w in self.controls.items()}

    def _run(self, values):
        message = self.plot.update(self.compute(**values))
        return self.plot.png(), self.readout(values, message)

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
                w.observe(self._refresh, names="value")
            self._refresh()
        return self._widget

    def _ipython_display_(self):
        display(self.widget)

    def _refresh(self, change=None):
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


def dashboard(compute, plot, readout=None, **controls):
    """A :class:`Dashboard` with the controls given by keyword: ``dashboard(f, p, H=slider)``."""
    return Dashboard(compute, plot, controls, readout=readout)
