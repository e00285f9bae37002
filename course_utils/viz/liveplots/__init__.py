"""Live plots: one persistent figure whose artists change in place, for the course's sliders.

Every live plot has ``update(result) -> str``, which changes only the data of a few artists
and returns a one-line readout, ``png() -> bytes`` and ``size`` (pixels); a
:class:`course_utils.viz.widgets.Dashboard` shows them. The static layers (contours, axes,
legend) are drawn once and cached, so an update costs a few milliseconds. Nothing uses
pyplot, so nothing leaks into notebook outputs.

The live plots of the course, all importable from here:

- :class:`CurvesPlot`: lines whose data change (loss curves, schedules, fits);
- :class:`TrajectoryPlot`: optimizer paths on a surface's contours, with their progress;
- :class:`BoundaryPlot`: a classifier's decision regions over fixed data, and
  :class:`PerceptronPlot`: a perceptron's regions, line and weight vector;
- :class:`HistogramGrid`: per-layer histograms of activations and gradients;
- :class:`PlotSwitch`: several live plots behind one picture (one per data set, one per
  surface), each made once and shown when its key comes up.

A compute function returns ``Annotated(result, message)`` to have the plot write a message
inside the figure; a line too long for its panel is wrapped to the panel's width.

Modules: :mod:`.base` (what every live plot shares: the cached background, the message,
:class:`Annotated`), :mod:`.curves`, :mod:`.trajectories`, :mod:`.boundaries`,
:mod:`.histograms`, :mod:`.switch`; the drawing pieces they share with the static figures are
in :mod:`course_utils.viz.artists`.
"""

from .base import Annotated
from .boundaries import BoundaryPlot, PerceptronPlot
from .curves import CurvesPlot
from .histograms import HistogramGrid
from .switch import PlotSwitch
from .trajectories import TrajectoryPlot

__all__ = [
    "Annotated",
    "CurvesPlot",
    "TrajectoryPlot",
    "BoundaryPlot",
    "PerceptronPlot",
    "HistogramGrid",
    "PlotSwitch",
]
