"""Lines whose data change, as a live plot: loss curves, schedules, fits, an EWA.

Import it from :mod:`course_utils.viz.liveplots`, with the other live plots.
"""

import numpy as np
from matplotlib import rc_context
from matplotlib.legend import Legend

from ...validate import as_array
from ..artists import finite_prefix, message_artist
from ..style import course_style, label_colors
from .base import LivePlot, check_labels, check_result, unwrap

__all__ = ["CurvesPlot"]


def _pad_limits(lo, hi, log):
    """Axis limits around [lo, hi] with a 5 % margin (multiplicative on a log axis)."""
    if log:
        lo, hi = np.log10(lo), np.log10(hi)
    pad = 0.05 * (hi - lo) if hi > lo else 0.5
    lo, hi = lo - pad, hi + pad
    return (10.0**lo, 10.0**hi) if log else (lo, hi)


class CurvesPlot(LivePlot):
    """Lines whose data change: an EWA over a noisy series, schedules, fits, loss curves.

    Parameters
    ----------
    xlabel, ylabel : str
    labels : sequence of str
        One line per label, in the legend.
    xlim : (float, float)
        Fixed x range.
    ylim : (float, float), optional
        Fixed y range; by default taken from the first update with a finite value and then
        kept, so the picture does not jump when a slider moves.
    log_y : bool
    styles : dict of str to dict, optional
        Extra Line2D keywords per label, e.g. ``{"data": {"ls": "", "marker": "."}}``.
    title : str, optional
    readout_labels : sequence of str, optional
        The labels whose last value the readout reports (default: every label; ``()`` for
        none, when the last values mean nothing, e.g. data points).
    legend_loc : str, optional
        Where the legend goes, a Matplotlib ``loc`` such as "upper center" (default: "upper
        right", or "best" for a single line); pick a corner the curves leave free at every
        slider value.

    ``update({label: y})`` with ``y`` of shape (T,) plotted against 0 .. T - 1, or
    ``{label: (x, y)}`` with two arrays of shape (T,). Left-out labels are hidden. Each line
    has the gid "<label> curve"; the cross at its last finite point when it diverges,
    "<label> divergence" (``figure.findobj`` finds them by gid). Static
    extras (a shaded band, a reference line) can be drawn on :attr:`ax` after construction,
    before the first :meth:`png`: they become part of the cached background.
    """

    def __init__(
        self,
        xlabel,
        ylabel,
        labels,
        xlim,
        ylim=None,
        log_y=False,
        styles=None,
        title=None,
        readout_labels=None,
        legend_loc=None,
        figsize=(6.4, 3.6),
    ):
        self.labels = check_labels(labels)
        if legend_loc is None:
            legend_loc = "best" if len(self.labels) < 2 else "upper right"
        elif legend_loc not in Legend.codes:
            raise ValueError(f"legend_loc must be one of {list(Legend.codes)}; got {legend_loc!r}")
        self._reported = self.labels if readout_labels is None else tuple(readout_labels)
        if any(s not in self.labels for s in self._reported):
            raise ValueError(f"readout_labels must be some of {self.labels}; got {readout_labels}")
        xlim = as_array(xlim, "xlim", shape=(2,))
        if not xlim[0] < xlim[1]:
            raise ValueError(f"xlim must be (low, high) with low < high; got {tuple(xlim)}")
        self._ylim = None if ylim is None else _check_ylim(ylim, log_y)
        styles = {} if styles is None else dict(styles)
        super().__init__(figsize)
        with rc_context(course_style()):
            self.ax = self.figure.add_axes((0.11, 0.15, 0.85, 0.74 if title else 0.8))
        self.ax.set(xlabel=xlabel, ylabel=ylabel, xlim=tuple(xlim), title=title or "")
        self.log_y = bool(log_y)
        if self.log_y:
            self.ax.set_yscale("log")
        if self._ylim is not None:
            self.ax.set_ylim(self._ylim)
        colors = label_colors(self.labels)
        self._lines = {}
        for label, color in zip(self.labels, colors, strict=True):
            kw = {"color": color, "lw": 1.6, "gid": f"{label} curve", **styles.get(label, {})}
            (line,) = self.ax.plot([], [], label=label, **kw)
            (stop,) = self.ax.plot(
                [], [], ls="", marker="X", ms=9, color=line.get_color(), gid=f"{label} divergence"
            )
            self._lines[label] = self._animate(line, stop)
        self.ax.legend(loc=legend_loc)
        (self.message,) = self._animate(message_artist(self.ax))

    def _rescale(self, data):
        finite = [y[np.isfinite(y) & ((y > 0) if self.log_y else True)] for _, y in data]
        pooled = np.concatenate(finite) if finite else np.empty(0)
        if not pooled.size:
            return
        self._ylim = _pad_limits(pooled.min(), pooled.max(), self.log_y)
        self.ax.set_ylim(self._ylim)
        self._invalidate()

    def update(self, result):
        """New line data ``{label: y or (x, y)}`` (optionally :class:`Annotated`); returns a
        readout of the last values."""
        result, extra = unwrap(result)
        check_result(result, self.labels)
        data = {}
        for label, value in result.items():
            name = f"result[{label!r}]"
            if isinstance(value, tuple):
                x = as_array(value[0], name + "[0]", shape=("T",))
                y = as_array(value[1], name + "[1]", shape=(len(x),), allow_nan=True)
            else:
                y = as_array(value, name, shape=("T",), allow_nan=True)
                x = np.arange(len(y), dtype=float)
            data[label] = (x, y)
        if self._ylim is None:
            self._rescale(data.values())
        messages, readout = [], []
        for label, (line, stop) in self._lines.items():
            named = f"{label}: " if len(self._lines) > 1 else ""  # a lone curve needs no name
            x, y = data.get(label, (np.empty(0), np.empty(0)))
            k = finite_prefix(y)
            line.set_data(x[:k], y[:k])
            diverged = 0 < k < len(y)
            stop.set_data(x[k - 1 : k] if diverged else [], y[k - 1 : k] if diverged else [])
            if label in data and k < len(y):
                messages.append(
                    f"{named}diverged at {self.ax.get_xlabel() or 'x'} {x[k]:g}"
                    if k
                    else f"{named}no finite value"
                )
            elif label in data and k and label in self._reported:
                readout.append(f"{label}: {y[-1]:.3g}")
        messages += extra
        self._write_message(messages)
        return " · ".join(messages + readout)


def _check_ylim(ylim, log_y):
    ylim = as_array(ylim, "ylim", shape=(2,))
    if not ylim[0] < ylim[1] or (log_y and ylim[0] <= 0):
        raise ValueError(f"ylim must be (low, high) with 0 < low < high on a log axis; got {ylim}")
    return tuple(float(v) for v in ylim)
