"""Checks for the exercises of notebook 03 (backpropagation and training).

The backward pass of the two-layer tanh network, the softmax cross-entropy and its gradient,
and an experiment: choosing a weight decay on a validation set. Each reference comes from
the package, and the typical mistakes are recognised and named with a one-sentence hint.

One module per exercise:

- :mod:`.backward`: :func:`backward_pass`;
- :mod:`.softmax`: :func:`softmax_cross_entropy`;
- :mod:`.weight_decay`: :func:`choose_weight_decay`.
"""

from .backward import backward_pass
from .softmax import softmax_cross_entropy
from .weight_decay import choose_weight_decay

__all__ = ["backward_pass", "softmax_cross_entropy", "choose_weight_decay"]
