"""Per-layer histograms of activations and gradients, as a live plot for the course's sliders.

Import it from :mod:`course_utils.viz.liveplots`, with the other live plots.
"""

import numpy as np
from matplotlib import rc_context

from ...validate import as_array, check_int
from ..artists import message_artist
from ..style import PALETTE, course_style
from .base import LivePlot, unwrap

__all__ = ["HistogramGrid"]

# Heights in inches: a line of the 9-point message, its box's padding and the margin above
# it, and the room the layer titles take under the message band.
_LINE = 9 * 1.2 / 72
_MARGIN = 0.08
_BOX = 2 * 0.35 * 9 / 72 + 2 * _MARGIN
_TITLE = 0.4


def _nice_ceil(value):
    """The smallest number 1, 2 or 5 times a power of ten that is >= value (> 0)."""
    exponent = np.floor(np.log10(value))
    mantissa = next(m for m in (1.0, 2.0, 5.0, 10.0) if m * 10.0**exponent >= value * (1 - 1e-9))
    return float(mantissa * 10.0**exponent)


def _shared_range(arrays):
    """x range shared by a row of histograms: [0, r] or [-r, r] with r a 1-2-5 number."""
    finite = [a[np.isfinite(a)] for a in arrays]
    finite = [f for f in finite if f.size]
    if not finite:
        return (-1.0, 1.0)
    lo, hi = min(f.min() for f in finite), max(f.max() for f in finite)
    r = max(abs(lo), abs(hi))
    r = _nice_ceil(r) if r > 0 else 1.0
    return (0.0, r) if lo >= 0 else (-r, r)


def _short(value):
    """Compact tick label: 0.5, 20, 5e-04 -> "5e-4"."""
    if value == 0 or 1e-2 <= abs(value) < 1e3:
        return f"{value:g}"
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def _saturated_at(values):
    """The ends where the finite ``values`` (1-D) saturate: "±1" (tanh) or "0 and 1"
    (sigmoid) when more than half lie within 1% of the range's ends, at least a tenth at
    each; else ``None``."""
    for lo, hi, words in ((-1.0, 1.0, "±1"), (0.0, 1.0, "0 and 1")):
        if values.size and lo <= values.min() and values.max() <= hi:
            near = 0.01 * (hi - lo)
            low, high = np.mean(values <= lo + near), np.mean(values >= hi - near)
            if low + high > 0.5 and min(low, high) >= 0.1:
                return words
    return None


def _layers(numbers):
    """Layer numbers (ascending) in words: "layer 3", "layers 1-10" or "layers 1, 4, 5"."""
    if len(numbers) == 1:
        return f"layer {numbers[0]}"
    run = numbers == list(range(numbers[0], numbers[-1] + 1))
    return f"layers {numbers[0]}-{numbers[-1]}" if run else f"layers {', '.join(map(str, numbers))}"


class HistogramGrid(LivePlot):
    """Per-layer histograms of activations and weight gradients, one column per layer.

    Parameters
    ----------
    n_layers_max : int
        Number of columns; an update with fewer layers L hides the others.
    bins : int

    ``update({"acts": [L arrays], "grads": [L arrays]})``, as
    :func:`course_utils.nn.deep.layer_stats` returns: one row of panels each. Each row shares
    one x range, [0, r] or [-r, r] with r a 1-2-5 number (labelled under the first panel), so
    a layer whose values shrink shows a spike at 0 (vanishing) and one that grows fills the
    range (exploding); a layer where most values sit at the ends of [-1, 1] or [0, 1] is
    named as saturated (tanh or sigmoid units at their flat ends pass almost no gradient).
    Heights are scaled to the tallest bin of each panel; the readout lists the standard
    deviation of every layer. A message band above the panels holds three lines (a longer
    message is cut short with "..."); a result wrapped in
    :class:`~course_utils.viz.liveplots.Annotated` also writes its message there.
    """

    def __init__(self, n_layers_max, bins=40, figsize=None):
        self.n_layers_max = check_int(n_layers_max, "n_layers_max", 1)
        self.bins = check_int(bins, "bins", 2)
        self.rows = {"acts": "activations", "grads": "weight gradients"}  # result key -> title
        self.message_lines = 3  # lines of text above the panels; more are cut short
        n, m = self.n_layers_max, len(self.rows)
        band = self.message_lines * _LINE + _BOX  # inches above the titles for the message
        figsize = figsize or (min(0.95 * n + 1.3, 10.5), 1.5 * m + 0.7 + band)
        super().__init__(figsize)
        with rc_context(course_style()):
            self.axes = self.figure.subplots(m, n, squeeze=False)
        height = figsize[1]
        self.figure.subplots_adjust(
            left=0.75 / figsize[0],
            right=0.98,
            bottom=0.37 / height,
            top=1 - (band + _TITLE) / height,
            wspace=0.15,
            hspace=0.4,
        )
        edges, self._bars, self._ticks = np.linspace(-1, 1, self.bins + 1), [], []
        for i, title in enumerate(self.rows.values()):
            for j, ax in enumerate(self.axes[i]):
                ax.set(
                    xticks=[], yticks=[], ylim=(0, 1.1), title=f"layer {j + 1}" if i == 0 else ""
                )
                ax.grid(False)
                bars = ax.stairs(np.zeros(self.bins), edges, fill=True, color=PALETTE["blue"])
                self._bars.append(self._animate(bars)[0])
            first = self.axes[i, 0]
            first.set_ylabel(title, fontsize=9)
            texts = [
                first.text(x, -0.04, "", ha=ha, va="top", fontsize=9, transform=first.transAxes)
                for x, ha in ((0, "left"), (0.5, "center"), (1, "right"))
            ]
            self._ticks.append(self._animate(*texts))
        self._bars = np.array(self._bars, dtype=object).reshape(m, n)
        message = message_artist(self.figure, 0.01, 1 - _MARGIN / height)
        (self.message,) = self._animate(message)
        self._depth = None

    def _check(self, result):
        if not isinstance(result, dict) or any(k not in result for k in self.rows):
            raise ValueError(f"result must be a dict with keys {list(self.rows)}")
        depth = len(result[next(iter(self.rows))])
        arrays = {}
        for key in self.rows:
            if not 1 <= len(result[key]) <= self.n_layers_max or len(result[key]) != depth:
                raise ValueError(
                    f"result[{key!r}] must list the same number of layers, 1 to {self.n_layers_max}"
                )
            arrays[key] = [
                as_array(a, f"result[{key!r}][{j}]", allow_nan=True).ravel()
                for j, a in enumerate(result[key])
            ]
        return arrays, depth

    def _set_depth(self, depth):
        if depth != self._depth:
            for j, column in enumerate(self.axes.T):
                for ax in column:
                    ax.set_visible(j < depth)
            self._depth = depth
            self._invalidate()

    def update(self, result):
        """New histograms for every layer; returns every layer's standard deviation."""
        result, extra = unwrap(result)
        arrays, depth = self._check(result)
        self._set_depth(depth)
        readout, messages = [], []
        for i, (key, values) in enumerate(arrays.items()):
            lo, hi = _shared_range(values)
            for tick, x in zip(self._ticks[i], (lo, (lo + hi) / 2, hi), strict=True):
                tick.set_text(_short(x))
            stds, overflowed, saturated = [], [], {}
            for j, v in enumerate(values):
                finite = v[np.isfinite(v)]
                words = _saturated_at(finite)
                if words:
                    saturated.setdefault(words, []).append(j + 1)
                counts, edges = np.histogram(finite, bins=self.bins, range=(lo, hi))
                self._bars[i, j].set_data(counts / max(counts.max(), 1), edges)
                self._bars[i, j].axes.set_xlim(lo, hi)
                stds.append(f"{np.std(finite):.2g}" if finite.size else "nan")
                if finite.size < v.size:
                    overflowed.append(str(j + 1))
            if overflowed:
                layers = f"layer{'s' if len(overflowed) > 1 else ''} {', '.join(overflowed)}"
                messages.append(f"{self.rows[key]}: values overflowed in {layers}")
            for words, layers in saturated.items():
                messages.append(f"{self.rows[key]} saturate at {words} in {_layers(layers)}")
            readout.append(f"{self.rows[key]} std by layer: {', '.join(stds)}")
        self._write_message(extra + messages, self.message_lines)
        return " · ".join(extra + messages[:1] + readout)
