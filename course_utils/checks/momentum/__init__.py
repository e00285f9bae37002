"""Checks for the exercises of notebook 07, exponentially weighted averages and momentum.

- :func:`valley_settings`: an experiment, an ``(lr, beta)`` with which heavy ball reaches
  f < 1e-6 within 100 steps on the valley f = (x^2 + 100 y^2) / 2;
- :func:`ewa_average`: an exponentially weighted average with optional bias correction;
- :func:`optimal_momentum`: Polyak's (1964) optimal heavy-ball parameters on a quadratic;
- :func:`nesterov_step`: one step of PyTorch's form of Nesterov's method.

One module per exercise:

- :mod:`.valley`: :func:`valley_settings`;
- :mod:`.ewa`: :func:`ewa_average`;
- :mod:`.optimal`: :func:`optimal_momentum`;
- :mod:`.nesterov`: :func:`nesterov_step`.
"""

from .ewa import ewa_average
from .nesterov import nesterov_step
from .optimal import optimal_momentum
from .valley import valley_settings

__all__ = ["valley_settings", "ewa_average", "optimal_momentum", "nesterov_step"]
