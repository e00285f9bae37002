"""Static figures: each helper takes a Matplotlib ``ax`` (or axes) and returns it.

Nothing here touches pyplot's state or the global rcParams. A notebook opts into the course's
look explicitly::

    plt.rcParams.update(plotting.course_style())

The palette, :func:`color_for` and :func:`course_style` live in :mod:`.style` and are offered
here too, so that a notebook needs one import; the pieces these figures share with the live
plots (a trajectory, class regions, a boxed message) live in :mod:`.artists`.
"""

import matplotlib.colors as mcolors
import numpy as np

from ..validate import as_array, check_int, check_positive
from .artists import (
    check_classes,
    data_grid,
    finite_prefix,
    region_image,
    scatter_classes,
    set_trajectory,
    trajectory_artists,
)
from .style import METHOD_COLORS, PALETTE, color_for, course_style, label_colors

__all__ = [
    "PALETTE",
    "color_for",
    "label_colors",
    "course_style",
    "contour",
    "trajectory",
    "decision_boundary",
    "loss_curves",
]


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
    if color is None and label in METHOD_COLORS:
        color = color_for(label)
    set_trajectory(trajectory_artists(ax, color, label), traj)
    return ax


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
    X, y, n_classes = check_classes(X, y)
    resolution = check_int(resolution, "resolution", 2)
    padding = check_positive(padding, "padding")
    extent, points = data_grid(X, resolution, padding)
    labels = as_array(predict_fn(points), "predict_fn(points)", shape=(len(points),))
    region_image(ax, labels.reshape(resolution, resolution), extent, n_classes)
    scatter_classes(ax, X, y, n_classes)
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
        k = finite_prefix(v)
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
