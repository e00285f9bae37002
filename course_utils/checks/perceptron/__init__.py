"""Checks for the exercises of notebook 01 (the perceptron).

Three exercises: the signed distance of inputs from a perceptron's line (the geometry of w as
the line's normal), one application of the learning rule written before the notebook shows
it, and an experiment: data and a separating line on which the perceptron needs at least k
mistakes. Labels are in {-1, +1}. The references come from :mod:`course_utils.nn.perceptron`,
and the typical mistakes (z taken for a distance, the bias put into the normal, a strict
``< 0`` test that never leaves zero weights, a sign error, a forgotten bias or learning
rate, data no line separates) are recognised and named with a one-sentence hint.

One module per exercise, the two about the line together:

- :mod:`.line`: :func:`signed_distance`, :func:`perceptron_update`;
- :mod:`.bound`: :func:`slow_data`.
"""

from .bound import slow_data
from .line import perceptron_update, signed_distance

__all__ = ["signed_distance", "perceptron_update", "slow_data"]
