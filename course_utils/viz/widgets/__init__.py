"""Dashboards: controls wired to a pure compute function and a live plot.

Every interactive figure of the course is built the same way, following the ipywidgets
documentation's pattern (a plain function called once without widgets, then wrapped)::

    dash = widgets.dashboard(compute, plot, lr=widgets.lr_slider())
    dash.show()   # the static picture: visible in any viewer, run by nbval
    dash          # the sliders (needs a running kernel)

Modules: :mod:`.controls` (the sliders, checkbox and dropdown), :mod:`.base` (the generic
:class:`Dashboard`) and :mod:`.optimizer` (:func:`optimizer_dashboard`, optimizer paths on a
surface with a slider per hyperparameter).
"""

from .base import Dashboard, dashboard, default_readout
from .controls import (
    beta_slider,
    dropdown,
    float_slider,
    int_slider,
    log_slider,
    lr_slider,
    toggle,
)
from .optimizer import optimizer_dashboard

__all__ = [
    "lr_slider",
    "beta_slider",
    "log_slider",
    "int_slider",
    "float_slider",
    "toggle",
    "dropdown",
    "Dashboard",
    "dashboard",
    "default_readout",
    "optimizer_dashboard",
]
