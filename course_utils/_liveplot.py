"""The machinery every live plot shares (see :mod:`course_utils.liveplots`).

A live plot owns a :class:`matplotlib.figure.Figure` on an Agg canvas (never pyplot, so
nothing leaks into notebook outputs), draws its static layers once (contours, axes, legend),
and caches that background. ``update(result) -> str`` only changes the data of a few
"animated" artists and returns a one-line readout; ``png() -> bytes`` restores the cached
background, draws the animated artists on top and encodes the pixels. A full redraw happens
only when a static layer changes (new axis limits, a panel shown or hidden).
"""

import io
from typing import NamedTuple

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from . import plotting
from ._validate import check_positive

__all__ = ["DPI", "Annotated", "LivePlot", "unwrap", "check_labels", "check_result"]

DPI = 80  # pixels per inch of every live plot: small PNGs that encode fast


class Annotated(NamedTuple):
    """A result plus a message to show inside the figure, e.g. ``"too small: a slow crawl"``.

    A compute function returns ``Annotated(result, message)`` to have a live plot write
    ``message`` in the picture, next to the plot's own diagnostics (divergence, no progress).
    """

    result: object
    message: str


def unwrap(result):
    """``(result, [message])`` of an :class:`Annotated` result, ``(result, [])`` otherwise."""
    if isinstance(result, Annotated):
        return result.result, [str(result.message)] if result.message else []
    return result, []


class LivePlot:
    """A figure on an Agg canvas with a cached static background and animated artists.

    Subclasses create their artists in ``__init__``, register the ones that change with
    :meth:`_animate` (they are drawn over the background in zorder, like a full draw),
    call :meth:`_invalidate` when a static layer changes, and implement
    ``update(result) -> str``.
    """

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
        for artist in sorted(self._animated, key=lambda a: a.get_zorder()):  # stable sort
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


def check_labels(labels):
    """Labels as a tuple of distinct strings (one string is one label)."""
    labels = tuple(labels) if not isinstance(labels, str) else (labels,)
    if not labels or not all(isinstance(s, str) for s in labels) or len(set(labels)) < len(labels):
        raise ValueError(f"labels must be distinct strings (at least one); got {labels!r}")
    return labels


def check_result(result, labels):
    """A result must be a dict whose keys are some of ``labels``."""
    if not isinstance(result, dict):
        raise TypeError(f"result must be a dict label -> data; got {type(result).__name__}")
    unknown = [k for k in result if k not in labels]
    if unknown:
        raise ValueError(f"result has unknown label {unknown[0]!r}; expected some of {labels}")
