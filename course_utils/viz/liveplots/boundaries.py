"""Decision regions of a classifier, and of a perceptron with its line, as live plots.

Import them from :mod:`course_utils.viz.liveplots`, with the other live plots.
"""

import numpy as np
from matplotlib import rc_context

from ...nn import perceptron
from ...validate import as_array, check_int, check_positive
from ..artists import check_classes, data_grid, message_artist, region_image, scatter_classes
from ..style import course_style
from .base import LivePlot, unwrap

__all__ = ["BoundaryPlot", "PerceptronPlot"]


class BoundaryPlot(LivePlot):
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
    probability of class 1. ``update({"grid": values, "text": "train accuracy 0.97"})`` (or
    ``update(Annotated(values, "train accuracy 0.97"))``) also writes a line inside the
    figure. To switch between data sets, give each its own plot and show them through one
    :class:`~course_utils.viz.liveplots.PlotSwitch`. The regions' image has the gid
    "regions" (``figure.findobj`` finds it by gid).
    """

    def __init__(self, X, y, resolution=150, padding=0.5, title=None, figsize=(4.6, 4.2)):
        X, y, self.n_classes = check_classes(X, y)
        self.resolution = check_int(resolution, "resolution", 2)
        padding = check_positive(padding, "padding")
        extent, self.grid_points = data_grid(X, self.resolution, padding)
        super().__init__(figsize)
        with rc_context(course_style()):
            self.ax = self.figure.add_axes((0.13, 0.12, 0.82, 0.78 if title else 0.84))
        blank = np.full((self.resolution, self.resolution), np.nan)
        image = region_image(self.ax, blank, extent, self.n_classes)
        image.set_gid("regions")
        scatter_classes(self.ax, X, y, self.n_classes)
        self.ax.set(xlim=extent[:2], ylim=extent[2:], xlabel="$x_1$", ylabel="$x_2$")
        self.ax.set_title(title or "")
        self.ax.grid(False)
        legend = self.ax.legend(loc="lower right", framealpha=0.85, frameon=True)
        # everything in the axes is drawn over the regions, so all of it is animated
        self._image, *_ = self._animate(image, *self.ax.collections, legend)
        (self.message,) = self._animate(message_artist(self.ax))

    def update(self, result):
        """Show new class regions; returns the text line (or a note about NaN values)."""
        result, extra = unwrap(result)
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
        nan_note = f"{bad} grid values are NaN/inf (diverged?)" if bad else ""
        text = "\n".join(filter(None, [text, *extra, nan_note]))
        self._image.set_data(np.ma.masked_invalid(values))
        self._write_message([text] if text else [])
        return text.replace("\n", " · ")


class PerceptronPlot(BoundaryPlot):
    """A perceptron's two half-planes, its line w . x + b = 0 and the vector w, live.

    Parameters
    ----------
    X : ndarray, shape (N, 2)
    y : ndarray, shape (N,), labels -1 / +1
    resolution, padding, title, figsize
        As for :class:`BoundaryPlot`.

    ``update({"w": w, "b": b})`` with ``w`` of shape (2,) shades the answer of
    :func:`course_utils.nn.perceptron.predict` (orange +1, blue -1), draws the line (solid) and
    an arrow of length 0.5 along w (towards the +1 side) from the line's point closest to
    the centre of the data. Optional keys: ``"w_prev"``, ``"b_prev"``, the line before the
    last update (dashed); ``"ring"``, the index n of an example to circle (the one that
    caused the update); ``"text"``, written inside the figure. With w = 0 there is no line
    (every point gets -1), and no arrow. The artists' gids, for ``figure.findobj``: "regions",
    "boundary line", "previous boundary line", "normal arrow", "ring".
    """

    def __init__(self, X, y, resolution=150, padding=0.5, title=None, figsize=(5.2, 4.6)):
        X, y = perceptron.check_data(X, y)
        if X.shape[1] != 2:
            raise ValueError(f"X must have shape (N, 2); got shape {X.shape}")
        super().__init__(X, (y + 1) // 2, resolution, padding, title, figsize)
        self.X, self._center = X, X.mean(axis=0)
        legend = self.ax.get_legend()
        for text, label in zip(legend.get_texts(), ["y = -1", "y = +1"], strict=True):
            text.set_text(label)
        legend.set_loc("upper right")
        for points in self.ax.collections:  # the two classes' points
            points.set_sizes([28])
        self._line = self.ax.axline((0, 0), (1, 0), color="black", lw=2, gid="boundary line")
        self._prev = self.ax.axline(
            (0, 0), (1, 0), color="black", lw=1.2, ls="--", gid="previous boundary line"
        )
        (self._ring,) = self.ax.plot(
            [], [], ls="", marker="o", ms=15, mfc="none", mec="black", mew=2, zorder=4, gid="ring"
        )
        self._arrow = self.ax.quiver(
            [0], [0], [0], [0], angles="xy", scale_units="xy", scale=1, width=0.012, zorder=4
        )
        self._arrow.set_gid("normal arrow")
        self._animate(self._line, self._prev, self._ring, self._arrow)

    def _check(self, result):
        if not isinstance(result, dict) or "w" not in result or "b" not in result:
            raise ValueError("result must be a dict with 'w' (2,) and 'b', e.g. {'w': w, 'b': b}")
        w, b = perceptron.check_weights(result["w"], result["b"], 2)
        prev = result.get("w_prev", np.zeros(2)), result.get("b_prev", 0)
        prev = perceptron.check_weights(*prev, 2)
        ring = result.get("ring")
        if ring is not None and not 0 <= check_int(ring, "result['ring']") < len(self.X):
            raise ValueError(f"result['ring'] must be an example index < N = {len(self.X)}")
        return w, b, prev, ring

    @staticmethod
    def _set_line(line, w, b):
        """Put ``line`` on w . x + b = 0 (hidden when w = 0)."""
        norm2 = float(w @ w)
        line.set_visible(norm2 > 0)
        if norm2 > 0:
            x0 = -b * w / norm2  # the line's point closest to the origin
            xy1, xy2 = tuple(x0), tuple(x0 + np.array([-w[1], w[0]]))
            try:
                line.set_xy1(xy1)
                line.set_xy2(xy2)
            except TypeError:  # matplotlib 3.8 (as in the browser version) takes x, y
                line.set_xy1(*xy1)
                line.set_xy2(*xy2)

    def update(self, result):
        """Show the perceptron ``{"w", "b"}`` (and optional keys); returns the text line."""
        w, b, (w_prev, b_prev), ring = self._check(result)
        self._set_line(self._line, w, b)
        self._set_line(self._prev, w_prev, b_prev)
        self._ring.set_data(*(self.X[[ring]].T if ring is not None else ([], [])))
        norm = np.linalg.norm(w)
        self._arrow.set_visible(norm > 0)
        if norm > 0:
            foot = self._center - (w @ self._center + b) / norm**2 * w
            self._arrow.set_offsets([foot])
            self._arrow.set_UVC(0.5 * w[0] / norm, 0.5 * w[1] / norm)
        regions = (perceptron.predict(w, b, self.grid_points) + 1) // 2
        return super().update({"grid": regions, "text": result.get("text", "")})
