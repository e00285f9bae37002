"""Static plot helpers: each takes a Matplotlib ``ax`` (or axes) and returns it.

Nothing here touches pyplot's state or the global rcParams. A notebook opts into the course's
look explicitly::

    plt.rcParams.update(plotting.course_style())

Colours come from the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
stays distinguishable under the common forms of colour blindness, and every optimizer keeps
the same colour in every notebook (:func:`color_for`).
"""

import matplotlib.colors as mcolors
import numpy as np
from cycler import cycler

from ..validate import as_array, check_int, check_positive, check_same_length

__all__ = [
    "PALETTE",
    "color_for",
    "label_colors",
    "course_style",
    "contour",
    "trajectory",
    "decision_boundary",
    "loss_curves",
    "histograms",
    "annotate_message",
]

PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}
_METHOD_COLORS = {
    "gd": "vermillion",
    "momentum": "blue",
    "momentum_ema": "sky_blue",
    "momentum_velocity": "yellow",
    "nesterov": "bluish_green",
    "adagrad": "orange",
    "rmsprop": "reddish_purple",
    "adam": "black",
    "adamw": "grey",
}
_CYCLE = ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "black")
_MESSAGE_COLOR = "#8C2D04"


def color_for(method):
    """The fixed colour (hex string) of an optimizer, e.g. ``color_for("adam")``."""
    name = _METHOD_COLORS.get(method) if isinstance(method, str) else None
    if name is None:
        raise ValueError(f"method must be one of {', '.join(_METHOD_COLORS)}; got {method!r}")
    return PALETTE[name]


def label_colors(labels):
    """One colour per label: optimizer names get their own colour, others take the cycle."""
    cycle = [PALETTE[c] for c in _CYCLE]
    out, k = [], 0
    for label in labels:
        if label in _METHOD_COLORS:
            out.append(color_for(label))
        else:
            out.append(cycle[k % len(cycle)])
            k += 1
    return out


def course_style():
    """The course's rcParams as a dict (modest dpi so notebooks stay small); apply it yourself."""
    return {
        "figure.dpi": 85,
        "savefig.dpi": 85,
        "figure.figsize": (6.4, 4.0),
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "grid.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=[PALETTE[c] for c in _CYCLE]),
        "lines.linewidth": 1.6,
        "image.cmap": "viridis",
    }


def _finite_prefix(values):
    """Number of leading entries (rows) of ``values`` that are all finite."""
    ok = np.isfinite(values)
    ok = ok.all(axis=tuple(range(1, ok.ndim))) if ok.ndim > 1 else ok
    return len(ok) if ok.all() else int(np.argmin(ok))


def _contour_levels(Zg, surface, levels, log_scale):
    """Level boundaries: log-spaced above f* on surfaces with a known minimum, else linear."""
    finite = Zg[np.isfinite(Zg)]
    lo, hi = float(finite.min()), float(finite.max())
    minima = np.asarray(surface.minima, dtype=float).reshape(-1, 2)
    if log_scale and len(minima):
        fstar = float(np.min(surface.f(minima)))
        span = hi - fstar
        if span > 0 and lo >= fstar - 1e-9 * span:
            floor = max(float(np.quantile(finite - fstar, 5e-3)), span * 1e-10)
            return fstar + np.geomspace(floor, span, levels)
    return np.linspace(lo, hi, levels) if hi > lo else np.linspace(lo - 1, hi + 1, levels)


def _thin_levels(Zg, bounds, min_spacing):
    """Drop level boundaries, from the top down, that lie closer than ``min_spacing`` grid
    cells (at the median slope between them) to the last one kept: at low resolution such
    dense lines alias into rings that are not there. The top boundary is always kept."""
    gy, gx = np.gradient(Zg)
    slope = np.hypot(gx, gy)  # change of f per grid cell
    slope = np.where(np.isfinite(slope), slope, 0.0)
    kept = [bounds[-1]]
    for c in bounds[-2::-1]:
        band = slope[(Zg >= c) & (Zg <= kept[-1])]
        typical = float(np.median(band)) if band.size else 0.0
        if typical == 0 or kept[-1] - c >= min_spacing * typical:
            kept.append(c)
    return np.array(kept[::-1])


def contour(ax, surface, n=201, levels=30, log_scale=True, min_spacing=0):
    """Filled and line contours of a surface with its minima marked (a white star drawn
    above trajectories, so that runs converging onto it do not hide it).

    Parameters
    ----------
    ax : matplotlib Axes
    surface : landscapes.Surface
    n : int
        Grid points per axis.
    levels : int
        Number of level boundaries; log-spaced above the minimum when ``log_scale`` and the
        surface has a known minimum (Rosenbrock's valley shows), linear otherwise (saddles).
    log_scale : bool
    min_spacing : float
        If > 0, level boundaries closer than this many grid cells to the next one (dense
        rings round a minimum, which alias in a small picture) are left out.
    """
    n, levels = check_int(n, "n", 2), check_int(levels, "levels", 2)
    if not (isinstance(min_spacing, int | float) and 0 <= min_spacing < n):
        raise ValueError(
            f"min_spacing must be a number of grid cells in [0, n); got {min_spacing!r}"
        )
    Xg, Yg, Zg = surface.grid(n)
    bounds = _contour_levels(Zg, surface, levels, log_scale)
    if min_spacing > 0:
        bounds = _thin_levels(Zg, bounds, min_spacing)
    cmap = mcolors.ListedColormap(
        mcolors.LinearSegmentedColormap.from_list("", ["#FFFFFF", "#A6A6A6"])(
            np.linspace(0, 1, 256)
        )
    )
    norm = mcolors.BoundaryNorm(bounds, cmap.N, extend="both")
    Zm = np.ma.masked_invalid(Zg)
    ax.contourf(Xg, Yg, Zm, levels=bounds, cmap=cmap, norm=norm, extend="both", zorder=0)
    ax.contour(Xg, Yg, Zm, levels=bounds, colors="#555555", linewidths=0.4, alpha=0.5, zorder=1)
    minima = np.asarray(surface.minima, dtype=float).reshape(-1, 2)
    if len(minima):
        style = dict(ls="", marker="*", ms=16, mfc="white", mec="black", mew=1.2, zorder=7)
        ax.plot(*minima.T, gid="minima", **style)  # above trajectories (5) and their ends (6)
    ax.set(xlim=surface.xlim, ylim=surface.ylim, xlabel="x", ylabel="y")
    ax.grid(False)
    ratio = np.ptp(surface.ylim) / np.ptp(surface.xlim)
    if 0.4 <= ratio <= 2.5:
        ax.set_aspect("equal", adjustable="box")
    return ax


def _trajectory_artists(ax, color, label):
    """Empty line, start and end markers of one trajectory (filled by :func:`_set_trajectory`)."""
    (line,) = ax.plot([], [], "-o", ms=3, lw=1.5, color=color, label=label, zorder=5)
    c = line.get_color()
    (start,) = ax.plot([], [], ls="", marker="o", ms=8, mfc="white", mec=c, mew=1.8, zorder=6)
    (end,) = ax.plot([], [], ls="", marker="X", ms=9, mfc=c, mec="white", mew=0.8, zorder=6)
    return line, start, end


def _set_trajectory(artists, traj):
    """Show the finite rows of ``traj (T, 2)``; returns how many rows are finite."""
    line, start, end = artists
    k = _finite_prefix(traj)
    line.set_data(traj[:k, 0], traj[:k, 1])
    start.set_data(traj[: min(k, 1), 0], traj[: min(k, 1), 1])
    last = traj[k - 1 : k] if k > 1 else traj[:0]
    end.set_data(last[:, 0], last[:, 1])
    return k


def trajectory(ax, traj, label=None, color=None):
    """Iterates as a line with markers, the start as a hollow circle, the end as a cross.

    Parameters
    ----------
    traj : ndarray, shape (T, 2)
        Rows from the first non-finite one on (a diverged run) are not drawn.
    label : str, optional
        Legend label; an optimizer name also picks its course colour.
    color : colour, optional
    """
    traj = as_array(traj, "traj", shape=("T", 2), allow_nan=True)
    if color is None and label in _METHOD_COLORS:
        color = color_for(label)
    _set_trajectory(_trajectory_artists(ax, color, label), traj)
    return ax


def _grid(X, resolution, padding):
    """A (resolution x resolution) grid around the data: (extent, points (M, 2))."""
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    xs, ys = np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    points = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    return (lo[0], hi[0], lo[1], hi[1]), points


def _check_data(X, y):
    X = as_array(X, "X", shape=("N", 2))
    y = as_array(y, "y", shape=("N",), dtype=int)
    check_same_length(X, y, "X", "y")
    if y.size and y.min() < 0:
        raise ValueError("y must hold class labels 0, 1, ..., C - 1")
    return X, y, max(2, int(y.max()) + 1 if y.size else 2)


def _class_colors(n_classes):
    cycle = [PALETTE[c] for c in _CYCLE]
    return [cycle[c % len(cycle)] for c in range(n_classes)]


def _region_image(ax, Z, extent, n_classes):
    """Class regions as an image of light class colours (two classes blend through white)."""
    light = [0.35 * np.array(mcolors.to_rgb(c)) + 0.65 for c in _class_colors(n_classes)]
    if n_classes == 2:  # labels 0/1 or the probability of class 1
        cmap, vmin, vmax = (
            mcolors.LinearSegmentedColormap.from_list("", [light[0], "w", light[1]]),
            0,
            1,
        )
    else:
        cmap, vmin, vmax = mcolors.ListedColormap(light), -0.5, n_classes - 0.5
    return ax.imshow(
        Z,
        origin="lower",
        extent=extent,
        cmap=cmap,
        vmin=vmin,
        vmax=vmax,
        interpolation="nearest",
        aspect="auto",
        zorder=0,
    )


def _scatter_classes(ax, X, y, n_classes):
    for c, color in enumerate(_class_colors(n_classes)):
        pts = X[y == c]
        ax.scatter(
            pts[:, 0],
            pts[:, 1],
            s=16,
            color=color,
            edgecolors="white",
            linewidths=0.4,
            label=f"class {c}",
            zorder=3,
        )


def decision_boundary(ax, predict_fn, X, y, resolution=200, padding=0.5):
    """Class regions of a classifier as an image, with the data points on top.

    Parameters
    ----------
    predict_fn : callable
        ``predict_fn(points) -> labels``, points of shape (M, 2), labels of shape (M,)
        (for two classes, probabilities of class 1 also work).
    X : ndarray, shape (N, 2)
    y : ndarray, shape (N,), labels 0 .. C - 1
    resolution : int
        Grid points per axis.
    padding : float
        Margin around the data.
    """
    X, y, n_classes = _check_data(X, y)
    resolution = check_int(resolution, "resolution", 2)
    padding = check_positive(padding, "padding")
    extent, points = _grid(X, resolution, padding)
    labels = as_array(predict_fn(points), "predict_fn(points)", shape=(len(points),))
    _region_image(ax, labels.reshape(resolution, resolution), extent, n_classes)
    _scatter_classes(ax, X, y, n_classes)
    ax.set(xlim=extent[:2], ylim=extent[2:], xlabel="$x_1$", ylabel="$x_2$")
    return ax


def loss_curves(ax, curves, log_scale=True, xlabel="step"):
    """Loss curves; a curve that turns NaN/inf stops there with a cross and "(diverged ...)".

    Parameters
    ----------
    curves : dict of str to ndarray, shape (T,)
    log_scale : bool
        Log y axis (used only when every plotted value is positive).
    """
    if not isinstance(curves, dict) or not curves:
        raise TypeError("curves must be a non-empty dict name -> array of shape (T,)")
    positive, plotted = True, 0
    for (name, values), color in zip(curves.items(), label_colors(curves), strict=True):
        v = as_array(values, f"curves[{name!r}]", shape=("T",), allow_nan=True)
        k = _finite_prefix(v)
        label = name if k == len(v) else f"{name} (diverged at step {k})"
        ax.plot(np.arange(k), v[:k], color=color, label=label)
        if 0 < k < len(v):
            ax.plot(k - 1, v[k - 1], ls="", marker="X", ms=9, color=color)
        positive, plotted = positive and bool(np.all(v[:k] > 0)), plotted + k
    if log_scale and positive and plotted:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel="loss")
    ax.legend()
    return ax


def histograms(axes, arrays, labels, bins=50):
    """One histogram per array (e.g. per layer) on a shared x range.

    Parameters
    ----------
    axes : sequence of L Axes
    arrays : sequence of L ndarrays, any shapes (flattened)
    labels : sequence of L str, used as titles
    bins : int
    """
    axes, arrays, labels = list(np.ravel(axes)), list(arrays), list(labels)
    check_same_length(axes, arrays, "axes", "arrays")
    check_same_length(arrays, labels, "arrays", "labels")
    bins = check_int(bins, "bins", 1)
    values = [as_array(a, f"arrays[{i}]", allow_nan=True).ravel() for i, a in enumerate(arrays)]
    finite = [v[np.isfinite(v)] for v in values]
    pooled = np.concatenate(finite) if finite else np.array([])
    lo, hi = (pooled.min(), pooled.max()) if pooled.size else (-1.0, 1.0)
    edges = np.linspace(lo, hi, bins + 1) if hi > lo else np.linspace(lo - 1, hi + 1, bins + 1)
    for ax, v, f, label in zip(axes, values, finite, labels, strict=True):
        ax.hist(f, bins=edges, color=PALETTE["blue"])
        ax.set_title(label)
        if f.size < v.size:
            annotate_message(ax, f"{v.size - f.size} values overflowed")
    return axes


def _message_artist(ax, x=0.03, y=0.97, ha="left", va="top"):
    """An empty boxed text with its corner (ha, va) at (x, y) in axes (or figure) coordinates;
    fill it with set_text (lines stay left-aligned)."""
    box = {"boxstyle": "round,pad=0.35", "fc": "white", "ec": PALETTE["vermillion"], "alpha": 0.92}
    transform = ax.transAxes if hasattr(ax, "transAxes") else ax.transFigure
    return ax.text(
        x,
        y,
        "",
        transform=transform,
        ha=ha,
        va=va,
        multialignment="left",
        fontsize=9,
        color=_MESSAGE_COLOR,
        bbox=box,
        zorder=10,
    )


def annotate_message(ax, text):
    """A boxed message inside the axes, e.g. ``"lr too large: diverged at step 12"``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    _message_artist(ax).set_text(text)
    return ax
