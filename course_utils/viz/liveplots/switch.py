"""Several live plots behind one picture, for a control that changes their static layers.

Import it from :mod:`course_utils.viz.liveplots`, with the other live plots.
"""

__all__ = ["PlotSwitch"]


class PlotSwitch:
    """Several live plots behind one picture: each update shows the plot its key names.

    For a dashboard whose control changes what the static layers show: a dropdown over data
    sets (one :class:`BoundaryPlot` each) or a slider over surfaces (one
    :class:`TrajectoryPlot` per value). Each plot is made once and keeps its own cached
    background, so going back to a key redraws only the animated artists.

    Parameters
    ----------
    plots : dict or callable
        ``{key: live plot}``, or ``make_plot(key) -> live plot``, called the first time a
        key comes up (the plot is then kept in :attr:`plots`). All plots must have the same
        pixel size: the dashboard's image does not change size.
    key : optional
        The key shown before the first update (default: the dict's first key; required with
        a callable).

    ``update((key, result))`` shows the plot for ``key`` and passes it ``result``; returns
    that plot's readout.
    """

    def __init__(self, plots, key=None):
        if isinstance(plots, dict):
            if not plots:
                raise ValueError("plots must hold at least one live plot")
            self.plots, self._make = dict(plots), None
            key = next(iter(plots)) if key is None else key
        elif callable(plots):
            if key is None:
                raise ValueError("key (the key shown first) is required when plots is a function")
            self.plots, self._make = {}, plots
        else:
            raise TypeError("plots must be a dict key -> live plot or a function key -> live plot")
        self._size = None
        for k in self.plots:  # check every given plot now
            self.plot(k)
        self.current = self.plot(key)

    @property
    def size(self):
        """(width, height) of :meth:`png` in pixels, the same for every plot."""
        return self._size

    def plot(self, key):
        """The live plot for ``key`` (made now if ``plots`` is a function and it is new)."""
        if key not in self.plots:
            if self._make is None:
                raise ValueError(f"unknown key {key!r}; expected one of {list(self.plots)}")
            self.plots[key] = self._make(key)
        plot = self.plots[key]
        if not (callable(getattr(plot, "update", None)) and callable(getattr(plot, "png", None))):
            raise TypeError(f"the plot for {key!r} must be a live plot with update() and png()")
        if self._size is None:
            self._size = tuple(plot.size)
        elif tuple(plot.size) != self._size:
            raise ValueError(
                f"every plot must have the size {self._size} pixels; the plot for {key!r} "
                f"has {tuple(plot.size)} (give them the same figsize)"
            )
        return plot

    def update(self, result):
        """Show ``result = (key, plot_result)`` on the plot for ``key``; returns its readout."""
        if not (isinstance(result, tuple) and len(result) == 2):
            raise TypeError("result must be a pair (key, result for that key's plot)")
        key, inner = result
        self.current = self.plot(key)
        return self.current.update(inner)

    def png(self):
        """The current plot's picture as PNG bytes."""
        return self.current.png()
