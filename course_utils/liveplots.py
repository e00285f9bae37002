"""Live plots: one persistent figure whose artists change in place, for the course's sliders.

Every live plot owns a :class:`matplotlib.figure.Figure` on an Agg canvas (never pyplot, so
nothing leaks into notebook outputs), draws its static layers once (contours, axes, legend),
and caches that background. ``update(result) -> str`` only changes the data of a few
"animated" artists and returns a one-line readout; ``png() -> bytes`` restores the cached
background, draws the animated artists on top and encodes the pixels. A full redraw happens
only when a static layer changes (new axis limits, a panel shown or hidden).
"""

import io
from typing import NamedTuple

import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image

from . import plotting
from ._validate import as_array, check_int, check_positive
from .plotting import _finite_prefix, _message_artist

__all__ = ["DPI", "Annotated", "TrajectoryPlot", "CurvesPlot", "BoundaryPlot", "HistogramGrid"]

DPI = 80  # pixels per inch of every live plot: small PNGs that encode fast


class Annotated(NamedTuple):
    """A result plus a message to show inside the figure, e.g. ``"too small: a slow crawl"``.

    A compute function returns ``Annotated(result, message)`` to have
    :class:`TrajectoryPlot` or :class:`CurvesPlot` write ``message`` in the picture, next to
    the plot's own diagnostics (divergence, no progress).
    """

    result: object
    message: str


def _unwrap(result):
    if isinstance(result, Annotated):
        return result.result, [str(result.message)] if result.message else []
    return result, []


class _LivePlot:
    """A figure on an Agg canvas with a cached static background and animated artists."""

    def __init__(self, figsize, dpi):
        self.figure = Figure(figsize=figsize, dpi=check_positive(dpi, "dpi"))
        self.canvas = FigureCanvasAgg(self.figure)
        self._animated = []
        self._background = None  # None: the static layers must be drawn again

    @property
    def size(self):
        """(width, height) of :meth:`png` in pixels."""
        return self.canvas.get_width_height()

    def _animate(self, *artists):
        for artist in artists:
            artist.set_animated(True)
            self._animated.append(artist)
        return artists

    def _invalidate(self):
        self._background = None

    def _render(self):
        if self._background is None:
            with rc_context(plotting.course_style()):
                self.canvas.draw()  # draws everything except the animated artists
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        else:
            self.canvas.restore_region(self._background)
        renderer = self.canvas.get_renderer()
        for artist in self._animated:
            if artist.get_visible() and (artist.axes is None or artist.axes.get_visible()):
                artist.draw(renderer)

    def png(self):
        """The current picture as PNG bytes (fixed size :attr:`size`)."""
        self._render()
        width, height = self.size
        buf = self.canvas.buffer_rgba()
        img = Image.frombuffer("RGBA", (width, height), buf, "raw", "RGBA", 0, 1).convert("RGB")
        out = io.BytesIO()
        img.save(out, format="PNG", compress_level=3)
        return out.getvalue()


def _check_labels(labels):
    labels = tuple(labels) if not isinstance(labels, str) else (labels,)
    if not labels or not all(isinstance(s, str) for s in labels) or len(set(labels)) < len(labels):
        raise ValueError(f"labels must be distinct strings (at least one); got {labels!r}")
    return labels


def _check_result(result, labels):
    if not isinstance(result, dict):
        raise TypeError(f"result must be a dict label -> data; got {type(result).__name__}")
    unknown = [k for k in result if k not in labels]
    if unknown:
        raise ValueError(f"result has unknown label {unknown[0]!r}; expected some of {labels}")


def _decade_limits(ref):
    """Fixed log-axis limits from a starting value: 12 decades below, 2 above its decade."""
    ref = ref if np.isfinite(ref) and ref > 0 else 1.0
    top = 10.0 ** (np.ceil(np.log10(ref)) + 2)
    return (top * 1e-14, top)


class TrajectoryPlot(_LivePlot):
    """Optimizer trajectories on a surface's contours, and their progress against the step.

    Parameters
    ----------
    surface : landscapes.Surface
    labels : sequence of str
        One line per label (optimizer names get their course colour).
    n_steps : int
        Largest number of steps shown (x range of the progress panel).

    ``update({label: traj})`` takes trajectories ``traj`` of shape (T + 1, 2) (labels may be
    left out to hide them). The right panel shows f(x_t) - f* on a log axis, or the gradient
    norm when the surface has no minimum (saddles).
    """

    def __init__(self, surface, labels, n_steps, figsize=(8.6, 4.0), dpi=DPI):
        self.labels = _check_labels(labels)
        self.n_steps = check_int(n_steps, "n_steps", 1)
        super().__init__(figsize, dpi)
        self.surface = surface
        minima = np.asarray(surface.minima, dtype=float).reshape(-1, 2)
        self._fstar = float(np.min(surface.f(minima))) if len(minima) else None
        with rc_context(plotting.course_style()):
            self.ax = self.figure.add_axes((0.065, 0.12, 0.5, 0.76))
            self.ax_progress = self.figure.add_axes((0.655, 0.12, 0.325, 0.62))
            plotting.contour(self.ax, surface)
        self.figure.text(0.5, 0.975, f"{surface.name}:  ${surface.latex}$", ha="center", va="top")
        ylabel = "$f(x_t) - f^*$" if self._fstar is not None else r"$\|\nabla f(x_t)\|$"
        self.ax_progress.set(yscale="log", xlim=(0, self.n_steps), xlabel="step t", ylabel=ylabel)
        self.ax_progress.set_ylim(_decade_limits(1.0))
        colors = dict(zip(self.labels, plotting.label_colors(self.labels), strict=True))
        self._artists = {}
        for label in self.labels:
            path = plotting._trajectory_artists(self.ax, colors[label], label)
            (curve,) = self.ax_progress.plot([], [], color=colors[label], lw=1.6)
            (stop,) = self.ax_progress.plot([], [], ls="", marker="X", ms=9, color=colors[label])
            self._artists[label] = self._animate(*path, curve, stop)
        (self._message,) = self._animate(_message_artist(self.ax))
        self._colors, self._visible, self._legend = colors, None, None

    def _progress(self, traj):
        if self._fstar is not None:
            return self.surface.f(traj) - self._fstar
        return np.linalg.norm(self.surface.grad(traj), axis=-1)

    def _set_legend(self, visible):
        if self._legend is not None:
            self._legend.remove()
        handles = [Line2D([], [], color=self._colors[s], marker="o", ms=3) for s in visible]
        width = max(len(s) for s in visible) * 6.5 + 35  # pixels per legend column, roughly
        ncol = int(np.clip(0.33 * self.size[0] // width, 1, 3))
        self._legend = self.ax_progress.legend(
            handles, visible, loc="lower left", bbox_to_anchor=(-0.02, 1.0), ncol=ncol, fontsize=9
        )
        self._visible = visible
        self._invalidate()

    def _diagnose(self, traj, k):
        """Message for one trajectory: diverged, left the plot while getting worse, or stuck."""
        if k == 0:
            return "no finite point to show"
        if k < len(traj):
            return f"lr too large: diverged at step {k}"
        (x0, x1), (y0, y1) = self.surface.xlim, self.surface.ylim
        outside = (traj[:, 0] < x0) | (traj[:, 0] > x1) | (traj[:, 1] < y0) | (traj[:, 1] > y1)
        if outside.any() and self.surface.f(traj[-1]) > self.surface.f(traj[0]):
            return f"lr too large: diverging, left the plot at step {int(np.argmax(outside))}"
        path = np.sum(np.linalg.norm(np.diff(traj, axis=0), axis=1))
        if len(traj) > 1 and path < 0.01 * np.hypot(x1 - x0, y1 - y0):
            return "barely moved: lr too small?"
        if self._fstar is not None and len(traj) > 1:
            with np.errstate(all="ignore"):
                start, end = self._progress(traj[[0, -1]])
            if start > 0 and end > 0.5 * start:
                n = len(traj) - 1
                return f"little progress in {n} steps: still {end / start:.0%} of the start"
        return ""

    def _set_limits(self, trajs):
        """Fix the progress axis from the first start point (redraw only if it changed)."""
        starts = [t[:1] for t in trajs.values() if len(t) and np.isfinite(t[0]).all()]
        with np.errstate(all="ignore"):
            ref = float(self._progress(starts[0])[0]) if starts else 1.0
        limits = _decade_limits(ref)
        if limits != self.ax_progress.get_ylim():
            self.ax_progress.set_ylim(limits)
            self._invalidate()
        return limits

    def update(self, result):
        """Show new trajectories ``{label: traj (T + 1, 2)}`` (optionally
        :class:`Annotated`); returns a one-line readout."""
        result, extra = _unwrap(result)
        _check_result(result, self.labels)
        trajs = {
            s: as_array(t, f"result[{s!r}]", shape=("T", 2), allow_nan=True)
            for s, t in result.items()
        }
        visible = tuple(s for s in self.labels if s in trajs)
        if visible != self._visible:
            self._set_legend(visible)
        floor, top = self._set_limits(trajs)
        what = "f - f*" if self._fstar is not None else "|grad f|"
        messages, readout = [], []
        for label, (*path, curve, stop) in self._artists.items():
            traj = trajs.get(label, np.empty((0, 2)))
            k = plotting._set_trajectory(path, traj)
            with np.errstate(all="ignore"):
                values = self._progress(traj[:k]) if k else np.empty(0)
                shown = np.clip(values, floor, top)
            curve.set_data(np.arange(k), shown)
            diverged = 0 < k < len(traj)
            stop.set_data([k - 1] if diverged else [], shown[-1:] if diverged else [])
            if label not in trajs:
                continue
            note = self._diagnose(traj, k)
            messages += [f"{label}: {note}" if len(visible) > 1 else note] if note else []
            status = note or f"{what} = {values[-1]:.3g} after {len(traj) - 1} steps"
            readout.append(f"{label}: {status}")
        messages += extra
        self._message.set_text("\n".join(messages))
        self._message.set_visible(bool(messages))
        return " · ".join(readout + extra)


def _pad_limits(lo, hi, log):
    """Axis limits around [lo, hi] with a 5 % margin (multiplicative on a log axis)."""
    if log:
        lo, hi = np.log10(lo), np.log10(hi)
    pad = 0.05 * (hi - lo) if hi > lo else 0.5
    lo, hi = lo - pad, hi + pad
    return (10.0**lo, 10.0**hi) if log else (lo, hi)


class CurvesPlot(_LivePlot):
    """Lines whose data change: an EWA over a noisy series, schedules, fits, loss curves.

    Parameters
    ----------
    xlabel, ylabel : str
    labels : sequence of str
        One line per label, in the legend.
    xlim : (float, float)
        Fixed x range.
    ylim : (float, float), optional
        Fixed y range; by default taken from the first update and then kept, so the picture
        does not jump (``update(result, rescale=True)`` takes it again).
    log_y : bool
    styles : dict of str to dict, optional
        Extra Line2D keywords per label, e.g. ``{"data": {"ls": "", "marker": "."}}``.
    title : str, optional

    ``update({label: y})`` with ``y`` of shape (T,) plotted against 0 .. T - 1, or
    ``{label: (x, y)}`` with two arrays of shape (T,). Left-out labels are hidden.
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
        figsize=(6.4, 3.6),
        dpi=DPI,
    ):
        self.labels = _check_labels(labels)
        xlim = as_array(xlim, "xlim", shape=(2,))
        if not xlim[0] < xlim[1]:
            raise ValueError(f"xlim must be (low, high) with low < high; got {tuple(xlim)}")
        self._ylim = None if ylim is None else _check_ylim(ylim, log_y)
        styles = {} if styles is None else dict(styles)
        super().__init__(figsize, dpi)
        with rc_context(plotting.course_style()):
            self.ax = self.figure.add_axes((0.11, 0.15, 0.85, 0.74 if title else 0.8))
        self.ax.set(xlabel=xlabel, ylabel=ylabel, xlim=tuple(xlim), title=title or "")
        self.log_y = bool(log_y)
        if self.log_y:
            self.ax.set_yscale("log")
        if self._ylim is not None:
            self.ax.set_ylim(self._ylim)
        colors = plotting.label_colors(self.labels)
        self._lines = {}
        for label, color in zip(self.labels, colors, strict=True):
            kw = {"color": color, "lw": 1.6, **styles.get(label, {})}
            (line,) = self.ax.plot([], [], label=label, **kw)
            (stop,) = self.ax.plot([], [], ls="", marker="X", ms=9, color=line.get_color())
            self._lines[label] = self._animate(line, stop)
        self.ax.legend(loc="best" if len(self.labels) < 2 else "upper right")
        (self._message,) = self._animate(_message_artist(self.ax))

    def _rescale(self, data):
        finite = [y[np.isfinite(y) & ((y > 0) if self.log_y else True)] for _, y in data]
        pooled = np.concatenate(finite) if finite else np.empty(0)
        if not pooled.size:
            return
        self._ylim = _pad_limits(pooled.min(), pooled.max(), self.log_y)
        self.ax.set_ylim(self._ylim)
        self._invalidate()

    def update(self, result, rescale=False):
        """New line data ``{label: y or (x, y)}`` (optionally :class:`Annotated`); returns a
        readout of the last values."""
        result, extra = _unwrap(result)
        _check_result(result, self.labels)
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
        if rescale or self._ylim is None:
            self._rescale(data.values())
        messages, readout = [], []
        for label, (line, stop) in self._lines.items():
            x, y = data.get(label, (np.empty(0), np.empty(0)))
            k = _finite_prefix(y)
            line.set_data(x[:k], y[:k])
            diverged = 0 < k < len(y)
            stop.set_data(x[k - 1 : k] if diverged else [], y[k - 1 : k] if diverged else [])
            if label in data and k < len(y):
                messages.append(
                    f"{label}: diverged at {self.ax.get_xlabel() or 'x'} {x[k]:g}"
                    if k
                    else f"{label}: no finite value"
                )
            elif label in data and k:
                readout.append(f"{label}: {y[-1]:.3g}")
        messages += extra
        self._message.set_text("\n".join(messages))
        self._message.set_visible(bool(messages))
        return " · ".join(messages + readout)


def _check_ylim(ylim, log_y):
    ylim = as_array(ylim, "ylim", shape=(2,))
    if not ylim[0] < ylim[1] or (log_y and ylim[0] <= 0):
        raise ValueError(f"ylim must be (low, high) with 0 < low < high on a log axis; got {ylim}")
    return tuple(float(v) for v in ylim)


class BoundaryPlot(_LivePlot):
    """Decision regions of a classifier over fixed data.

    Parameters
    ----------
    X : ndarray, shape (N, 2)
    y : ndarray, shape (N,), labels 0 .. C - 1
    resolution : int
        Grid points per axis; :attr:`grid_points` (M, 2), M = resolution**2, are where the
        caller evaluates the classifier.
    padding : float

    ``update(values)`` with ``values`` of shape (M,): labels, or for two classes the
    probability of class 1. ``update({"grid": values, "text": "train accuracy 0.97"})`` also
    writes a line inside the figure.
    """

    def __init__(self, X, y, resolution=150, padding=0.5, title=None, figsize=(4.6, 4.2), dpi=DPI):
        X, y, self.n_classes = plotting._check_data(X, y)
        self.resolution = check_int(resolution, "resolution", 2)
        padding = check_positive(padding, "padding")
        extent, self.grid_points = plotting._grid(X, self.resolution, padding)
        super().__init__(figsize, dpi)
        with rc_context(plotting.course_style()):
            self.ax = self.figure.add_axes((0.13, 0.12, 0.82, 0.78 if title else 0.84))
        blank = np.full((self.resolution, self.resolution), np.nan)
        image = plotting._region_image(self.ax, blank, extent, self.n_classes)
        plotting._scatter_classes(self.ax, X, y, self.n_classes)
        self.ax.set(xlim=extent[:2], ylim=extent[2:], xlabel="$x_1$", ylabel="$x_2$")
        self.ax.set_title(title or "")
        self.ax.grid(False)
        legend = self.ax.legend(loc="lower right", framealpha=0.85, frameon=True)
        self._image, *_ = self._animate(image, *self.ax.collections, legend)
        (self._message,) = self._animate(_message_artist(self.ax))

    def update(self, result):
        """Show new class regions; returns the text line (or a note about NaN values)."""
        text = ""
        if isinstance(result, dict):
            if "grid" not in result:
                raise ValueError("result must be an array of shape (M,) or a dict with 'grid'")
            text = str(result.get("text", ""))
            result = result["grid"]
        M = len(self.grid_points)
        values = as_array(result, "result", allow_nan=True)
        if values.size != M:
            raise ValueError(
                f"result must have M = {M} values (one per grid point); got {values.shape}"
            )
        values = values.reshape(self.resolution, self.resolution)
        bad = int(np.sum(~np.isfinite(values)))
        if bad:
            text = "\n".join(filter(None, [text, f"{bad} grid values are NaN/inf (diverged?)"]))
        self._image.set_data(np.ma.masked_invalid(values))
        self._message.set_text(text)
        self._message.set_visible(bool(text))
        return text.replace("\n", " · ")


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


class HistogramGrid(_LivePlot):
    """Per-layer histograms of activations and weight gradients, one column per layer.

    Parameters
    ----------
    n_layers_max : int
        Number of columns; an update with fewer layers L hides the others.
    bins : int
    rows : dict of str to str
        Result key -> row title; the default reads :func:`course_utils.deep.layer_stats`.

    ``update({"acts": [L arrays], "grads": [L arrays]})``. Each row shares one x range,
    [0, r] or [-r, r] with r a 1-2-5 number (labelled under the first panel), so a layer
    whose values shrink shows a spike at 0 (vanishing) and one that grows fills the range
    (exploding). Heights are scaled to the tallest bin of each panel; the readout lists the
    standard deviation of every layer.
    """

    def __init__(self, n_layers_max, bins=40, rows=None, figsize=None, dpi=DPI):
        self.n_layers_max = check_int(n_layers_max, "n_layers_max", 1)
        self.bins = check_int(bins, "bins", 2)
        self.rows = dict(rows or {"acts": "activations", "grads": "weight gradients"})
        n, m = self.n_layers_max, len(self.rows)
        figsize = figsize or (min(0.95 * n + 1.3, 10.5), 1.5 * m + 0.7)
        super().__init__(figsize, dpi)
        with rc_context(plotting.course_style()):
            self.axes = self.figure.subplots(m, n, squeeze=False)
        self.figure.subplots_adjust(
            left=0.75 / figsize[0], right=0.98, bottom=0.1, top=0.84, wspace=0.15, hspace=0.4
        )
        edges, self._bars, self._ticks = np.linspace(-1, 1, self.bins + 1), [], []
        for i, title in enumerate(self.rows.values()):
            for j, ax in enumerate(self.axes[i]):
                ax.set(
                    xticks=[], yticks=[], ylim=(0, 1.1), title=f"layer {j + 1}" if i == 0 else ""
                )
                ax.grid(False)
                bars = ax.stairs(
                    np.zeros(self.bins), edges, fill=True, color=plotting.PALETTE["blue"]
                )
                self._bars.append(self._animate(bars)[0])
            first = self.axes[i, 0]
            first.set_ylabel(title, fontsize=9)
            texts = [
                first.text(x, -0.04, "", ha=ha, va="top", fontsize=7, transform=first.transAxes)
                for x, ha in ((0, "left"), (0.5, "center"), (1, "right"))
            ]
            self._ticks.append(self._animate(*texts))
        self._bars = np.array(self._bars, dtype=object).reshape(m, n)
        (self._message,) = self._animate(_message_artist(self.figure, 0.01, 0.99))
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
        arrays, depth = self._check(result)
        self._set_depth(depth)
        readout, messages = [], []
        for i, (key, values) in enumerate(arrays.items()):
            lo, hi = _shared_range(values)
            for tick, x in zip(self._ticks[i], (lo, (lo + hi) / 2, hi), strict=True):
                tick.set_text(_short(x))
            stds = []
            for j, v in enumerate(values):
                finite = v[np.isfinite(v)]
                counts, edges = np.histogram(finite, bins=self.bins, range=(lo, hi))
                self._bars[i, j].set_data(counts / max(counts.max(), 1), edges)
                self._bars[i, j].axes.set_xlim(lo, hi)
                stds.append(f"{np.std(finite):.2g}" if finite.size else "nan")
                if finite.size < v.size:
                    messages.append(
                        f"{self.rows[key]}, layer {j + 1}: {v.size - finite.size} values overflowed"
                    )
            readout.append(f"{self.rows[key]} std by layer: {', '.join(stds)}")
        self._message.set_text("\n".join(messages[:3] + (["..."] if len(messages) > 3 else [])))
        self._message.set_visible(bool(messages))
        return " · ".join(messages[:1] + readout)
