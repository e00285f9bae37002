"""Checks for the exercises of notebook 06 (saddle points and plateaus).

Classifying a critical point from its Hessian, the escape time of gradient descent from a
strict saddle, and an experiment: a learning rate and a momentum coefficient with which the
heavy ball leaves an ill-conditioned saddle within a budget of steps while staying stable
along its steep direction. The references come from the package
(:mod:`course_utils.geometry.critical`, :mod:`course_utils.geometry.landscapes`,
:mod:`course_utils.geometry.saddles`, :mod:`course_utils.optim.optimizers`), and the typical
mistakes are recognised and named with a one-sentence hint.

One module per exercise:

- :mod:`.classify`: :func:`classify_hessian`;
- :mod:`.escape`: :func:`escape_time`;
- :mod:`.momentum_escape`: :func:`momentum_escape_settings`.
"""

from .classify import classify_hessian
from .escape import escape_time
from .momentum_escape import momentum_escape_settings

__all__ = ["classify_hessian", "escape_time", "momentum_escape_settings"]
