"""Pictures: static figures, live plots and the dashboards that drive them.

- :mod:`.style`: the palette, one colour per optimizer, the course's rcParams;
- :mod:`.artists`: drawing pieces shared by figures and live plots (a trajectory, class
  regions, a boxed message);
- :mod:`.plotting`: static figures, each drawn on an ``ax`` it is given;
- :mod:`.liveplots`: figures that change in place for the sliders;
- :mod:`.widgets`: controls, the generic dashboard and the optimizer dashboard.

Imports every layer below it, never :mod:`course_utils.checks`.
"""

__all__ = ["artists", "liveplots", "plotting", "style", "widgets"]
