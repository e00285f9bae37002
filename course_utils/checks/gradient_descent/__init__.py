"""Checks for the gradient-descent exercises of notebook 04, one module per exercise
(``gd_step``, the warm-up of notebook 00, lives in :mod:`course_utils.checks.start_here`):

- :mod:`.components`, :func:`eigen_components`: the error of gradient descent on a quadratic,
  split along the eigenvectors of its Hessian, in closed form (Goh 2017, "Why Momentum Really
  Works");
- :mod:`.learning_rate`, :func:`lr_for_target`: an experiment, a learning rate that reaches a
  target loss within a step budget on linear regression: on raw inputs over two different
  ranges (no single constant serves both) and on standardized inputs;
- :mod:`.stopping`, :func:`early_stopping`: the patience rule (Prechelt 1998).
"""

from .components import eigen_components
from .learning_rate import lr_for_target
from .stopping import early_stopping

__all__ = ["eigen_components", "lr_for_target", "early_stopping"]
