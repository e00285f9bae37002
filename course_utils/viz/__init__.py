"""Pictures: static figures, live plots and the dashboards that drive them.

Imports every layer below it, never :mod:`course_utils.checks`.
"""

__all__ = [
    "live_boundaries",
    "live_histograms",
    "live_trajectories",
    "liveplots",
    "plotting",
    "widgets",
]
