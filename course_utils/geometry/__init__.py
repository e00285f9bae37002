"""Loss geometry: 2-D test surfaces (``surface``, ``landscapes``), slices of a network's loss,
critical points, saddles.

Imports :mod:`course_utils.nn` and the layers below it.
"""

__all__ = [
    "critical",
    "landscapes",
    "netlandscape",
    "saddles",
    "surface",
]
