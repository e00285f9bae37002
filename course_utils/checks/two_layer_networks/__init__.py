"""Checks for the exercises of notebook 02 (two-layer networks).

References come from the package: the collapsed linear stack from evaluating the layers
(X W + b, one at a time) at 0 and at the unit vectors (so the check does not use the
formula it tests), the XOR truth table from :func:`course_utils.data.logic_gate`, the bump
from :func:`course_utils.nn.activations.sigmoid`, and the XOR training runs from
:func:`course_utils.nn.training.train`. Typical mistakes (a bias that skips the later weights,
a step switched on at the wrong place, an upside-down bump, a run that is only slow) are
recognised and named with a one-sentence hint.

One module per exercise:

- :mod:`.collapse`: :func:`collapse_linear`;
- :mod:`.xor`: :func:`xor_weights`;
- :mod:`.bump`: :func:`bump_params`;
- :mod:`.stuck`: :func:`find_stuck_seed`.
"""

from .bump import bump_params
from .collapse import collapse_linear
from .stuck import find_stuck_seed
from .xor import xor_weights

__all__ = ["collapse_linear", "xor_weights", "bump_params", "find_stuck_seed"]
