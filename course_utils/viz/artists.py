"""Drawing pieces shared by the static figures (:mod:`.plotting`) and the live plots.

Each piece draws one recognisable thing on an ``ax`` and returns its artists, so that a static
figure draws it once and a live plot keeps the artists and changes their data in place:

- :func:`message_artist`: the boxed note written inside a figure ("diverged at step 12");
- :func:`trajectory_artists` and :func:`set_trajectory`: an optimizer's path, its start and
  its end, drawn up to the first non-finite point (:func:`finite_prefix`);
- :func:`check_classes`, :func:`data_grid`, :func:`region_image`, :func:`scatter_classes`:
  a classifier's regions over a grid round labelled 2-D data.
"""

import matplotlib.colors as mcolors
import numpy as np

from ..validate import as_array, check_same_length
from .style import MESSAGE_COLOR, PALETTE, class_colors

__all__ = [
    "finite_prefix",
    "message_artist",
    "trajectory_artists",
    "set_trajectory",
    "check_classes",
    "data_grid",
    "region_image",
    "scatter_classes",
]


def finite_prefix(values):
    """Number of leading entries (rows) of ``values`` that are all finite.

    A diverged run is drawn up to this many points: ``finite_prefix([1, 2, nan, 3]) == 2``.
    """
    ok = np.isfinite(values)
    ok = ok.all(axis=tuple(range(1, ok.ndim))) if ok.ndim > 1 else ok
    return len(ok) if ok.all() else int(np.argmin(ok))


def message_artist(ax, x=0.03, y=0.97, ha="left", va="top"):
    """An empty boxed text with its corner (ha, va) at (x, y) in axes (or figure) coordinates;
    fill it with ``set_text`` (its lines stay left-aligned)."""
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
        color=MESSAGE_COLOR,
        bbox=box,
        zorder=10,
    )


def trajectory_artists(ax, color, label):
    """Empty (line, start, end) artists of one trajectory; :func:`set_trajectory` fills them.

    The line has small markers, the start is a hollow circle, the end a cross.
    """
    (line,) = ax.plot([], [], "-o", ms=3, lw=1.5, color=color, label=label, zorder=5)
    c = line.get_color()
    (start,) = ax.plot([], [], ls="", marker="o", ms=8, mfc="white", mec=c, mew=1.8, zorder=6)
    (end,) = ax.plot([], [], ls="", marker="X", ms=9, mfc=c, mec="white", mew=0.8, zorder=6)
    return line, start, end


def set_trajectory(artists, traj):
    """Show the finite rows of ``traj``, shape (T, 2), on ``artists`` (from
    :func:`trajectory_artists`); returns how many rows are finite."""
    line, start, end = artists
    k = finite_prefix(traj)
    line.set_data(traj[:k, 0], traj[:k, 1])
    start.set_data(traj[: min(k, 1), 0], traj[: min(k, 1), 1])
    last = traj[k - 1 : k] if k > 1 else traj[:0]
    end.set_data(last[:, 0], last[:, 1])
    return k


def check_classes(X, y):
    """Checked 2-D data with class labels: ``(X (N, 2), y (N,) of ints, number of classes C)``,
    C = max(2, largest label + 1)."""
    X = as_array(X, "X", shape=("N", 2))
    y = as_array(y, "y", shape=("N",), dtype=int)
    check_same_length(X, y, "X", "y")
    if y.size and y.min() < 0:
        raise ValueError("y must hold class labels 0, 1, ..., C - 1")
    return X, y, max(2, int(y.max()) + 1 if y.size else 2)


def data_grid(X, resolution, padding):
    """A (resolution x resolution) grid round the data ``X`` (N, 2), ``padding`` beyond it:
    ``(extent (x0, x1, y0, y1), points (M, 2))`` with M = resolution**2, row by row."""
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    xs, ys = np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    points = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    return (lo[0], hi[0], lo[1], hi[1]), points


def region_image(ax, Z, extent, n_classes):
    """Class regions ``Z`` (resolution, resolution) as an image of light class colours: labels,
    or for two classes the probability of class 1 (blending through white)."""
    light = [0.35 * np.array(mcolors.to_rgb(c)) + 0.65 for c in class_colors(n_classes)]
    if n_classes == 2:
        cmap = mcolors.LinearSegmentedColormap.from_list("", [light[0], "w", light[1]])
        vmin, vmax = 0, 1
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


def scatter_classes(ax, X, y, n_classes):
    """The points ``X`` (N, 2) in their class colours, one legend entry "class c" each."""
    for c, color in enumerate(class_colors(n_classes)):
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
