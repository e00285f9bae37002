"""Checks for the exercises of notebook 09, learning-rate schedules.

- :func:`expected_loss`: the exact expected loss of SGD under a schedule on the noisy
  quadratic f = theta^2 / 2 (gradient theta + sigma xi), from the mean and variance
  recursions;
- :func:`warmup_cosine`: a linear warmup followed by cosine annealing to zero;
- :func:`budget_schedule`: an experiment, a schedule with which SGD on the noisy quadratic
  ends below a target expected loss within a budget of steps, from two starts.

One module per exercise:

- :mod:`.expected`: :func:`expected_loss`;
- :mod:`.warmup`: :func:`warmup_cosine`;
- :mod:`.budget`: :func:`budget_schedule`.
"""

from .budget import budget_schedule
from .expected import expected_loss
from .warmup import warmup_cosine

__all__ = ["expected_loss", "warmup_cosine", "budget_schedule"]
