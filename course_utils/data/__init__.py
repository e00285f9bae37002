"""Data for the course: seeded toy problems, their preparation, and the real digits.

- :mod:`~course_utils.data.toys`: separable points, logic gates, moons, circles, spirals,
  noisy lines and a smooth 1-D target, each made from an ``rng`` argument;
- :mod:`~course_utils.data.prepare`: a random train/test split and standardization;
- :mod:`~course_utils.data.digits`: the 8x8 handwritten digits that ship with the course.

Notebooks call them through this package: ``data.moons(rng=rng)``, ``data.load_digits()``.
"""

from .digits import load_digits
from .prepare import standardize, train_test_split
from .toys import (
    GATES,
    SeparableData,
    circles,
    function_samples,
    linear_regression,
    linearly_separable,
    logic_gate,
    moons,
    smooth_function,
    spirals,
)

__all__ = [
    "GATES",
    "SeparableData",
    "linearly_separable",
    "logic_gate",
    "moons",
    "circles",
    "spirals",
    "linear_regression",
    "smooth_function",
    "function_samples",
    "train_test_split",
    "standardize",
    "load_digits",
]
