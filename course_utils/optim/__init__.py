"""Optimization: update rules, learning-rate schedules, averages, momentum's theory, races.

Imports only :mod:`course_utils.validate`.
"""

__all__ = [
    "ewa",
    "momentum_theory",
    "optimizers",
    "race",
    "schedules",
]
