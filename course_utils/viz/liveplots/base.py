"""The machinery every live plot shares (see :mod:`course_utils.viz.liveplots`).

A live plot owns a :class:`matplotlib.figure.Figure` on an Agg canvas (never pyplot, so
nothing leaks into notebook outputs), draws its static layers once (contours, axes, legend),
and caches that background. ``update(result) -> str`` only changes the data of a few
"animated" artists and returns a one-line readout; ``png() -> bytes`` restores the cached
background, draws the animated artists on top and encodes the pixels. A full redraw happens
only when a static layer changes (new axis limits, a panel shown or hidden).
"""

import functools
import io
from typing import NamedTuple

from matplotlib import cbook, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ..style import course_style

__all__ = [
    "DPI",
    "Annotated",
    "LivePlot",
    "unwrap",
    "wrap_lines",
    "text_measure",
    "check_labels",
    "check_result",
]

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


def _greedy(widths, space, width):
    """(first, end) word indices of each line when words of these widths, ``space`` apart,
    fill lines of ``width`` one after the other."""
    lines, first, used = [], 0, widths[0]
    for i in range(1, len(widths)):
        if used + space + widths[i] > width:
            lines.append((first, i))
            first, used = i, widths[i]
        else:
            used += space + widths[i]
    return lines + [(first, len(widths))]


def wrap_lines(text, width, measure):
    """``text`` with each line broken at spaces so that no line is wider than ``width``.

    ``measure(str) -> float`` gives the width of a piece of text (in the units of ``width``);
    a line's width is taken as its words' widths plus the spaces. A line that must be broken
    takes as few lines as filling them one after the other would, but at the narrowest width
    that still allows it (found by bisection), so the lines come out of similar widths and
    no word is left alone on the last one. A word wider than ``width`` stays whole on a line
    of its own.
    """
    space = measure("x x") - measure("xx")
    lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        widths = [measure(w) for w in words]
        n, lo, hi = len(_greedy(widths, space, width)), 0.0, width
        if n > 1:
            for _ in range(12):
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if len(_greedy(widths, space, mid)) > n else (lo, mid)
        lines += [" ".join(words[i:j]) for i, j in _greedy(widths, space, hi)]
    return "\n".join(lines)


def text_measure(text, canvas, maxsize=4096):
    """``measure(s) -> float``: the width in pixels of the string ``s`` in the font of
    ``text`` (a matplotlib Text) as ``canvas`` draws it, the ``measure`` of :func:`wrap_lines`.

    The widths are remembered, since the same words come back at every update: the last
    ``maxsize`` strings measured (a :func:`functools.lru_cache`, so ``measure.cache_info()``
    tells how many it holds).
    """

    @functools.lru_cache(maxsize=maxsize)
    def measure(s):
        renderer, prop = canvas.get_renderer(), text.get_fontproperties()
        return renderer.get_text_width_height_descent(s, prop, ismath=cbook.is_math_text(s))[0]

    return measure


class LivePlot:
    """A figure on an Agg canvas with a cached static background and animated artists.

    Subclasses create their artists in ``__init__``, register the ones that change with
    :meth:`_animate` (they are drawn over the background in zorder, like a full draw),
    call :meth:`_invalidate` when a static layer changes, and implement
    ``update(result) -> str``. A boxed message (from
    :func:`course_utils.viz.artists.message_artist`) kept in ``self.message`` is filled by
    :meth:`_write_message`, which wraps it to fit.

    Attributes
    ----------
    figure : matplotlib Figure
    message : matplotlib Text
        The note the last update wrote inside the figure ("lr too large: diverged at step
        12"); hidden when there is none.
    size : (int, int)
        Width and height of :meth:`png` in pixels.
    """

    def __init__(self, figsize):
        self.figure = Figure(figsize=figsize, dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self._animated = []
        self._background = None  # None: the static layers must be drawn again
        self._measure = None  # text -> pixels in the message's font (made at the first use)

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

    def _message_box(self):
        """(width in pixels of the message's axes, or of the figure; padding of its box)."""
        message, ax = self.message, self.message.axes
        if ax is not None:
            ax.apply_aspect()  # an equal-aspect axes is narrower than the box it was given
            width = ax.get_position().width * self.figure.bbox.width
        else:
            width = self.figure.bbox.width
        pad = message.get_bbox_patch().get_boxstyle().pad * message.get_fontsize()
        return width, pad * self.figure.dpi / 72 + 1  # the box's padding and its edge line

    def _message_width(self):
        """Pixels available to a line of the message: its axes (or the figure) less the
        message's offset from the nearer edge, the same margin at the other, and the box."""
        width, pad = self._message_box()
        x = self.message.get_position()[0]
        return width * (1 - 2 * min(x, 1 - x)) - 2 * pad

    def _write_message(self, lines, max_lines=None):
        """Show ``lines`` (strings) in ``self.message``, wrapped to fit inside its axes (or
        the figure); hidden when there are none. Beyond ``max_lines`` lines, "..." ends it.
        Returns the text shown."""
        if self._measure is None:
            self._measure = text_measure(self.message, self.canvas)
        text = wrap_lines("\n".join(lines), self._message_width(), self._measure) if lines else ""
        if max_lines is not None and text.count("\n") >= max_lines:
            text = "\n".join(text.split("\n")[: max_lines - 1] + ["..."])
        self.message.set_text(text)
        self.message.set_visible(bool(text))
        return text

    def _render(self):
        if self._background is None:
            with rc_context(course_style()):
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
