"""Checks for the exercises of notebook 08 (adaptive methods): one RMSProp step, one Adam
step, and an experiment on the gradient scale.

The step checks compare with :mod:`course_utils.optim.optimizers` on random inputs, including
gradients around 1e-5, where putting ``eps`` inside the square root changes the step, and
name the usual mistake when the learner's answer matches it.

One module per exercise, the two step checks together:

- :mod:`.steps`: :func:`rmsprop_step`, :func:`adam_update`;
- :mod:`.scale`: :func:`lrs_for_scale`.
"""

from .scale import lrs_for_scale
from .steps import adam_update, rmsprop_step

__all__ = ["rmsprop_step", "adam_update", "lrs_for_scale"]
