"""Loss geometry: 2-D test surfaces (``surface``, ``landscapes``), slices of a network's loss,
critical points, saddles and a census of a network's critical points.

Imports :mod:`course_utils.nn` and the layers below it.
"""

__all__ = [
    "census",
    "critical",
    "landscapes",
    "netlandscape",
    "saddles",
    "surface",
]
