"""Networks: activations, losses, the perceptron, two-layer and deep networks, their training.

Imports :mod:`course_utils.optim` and the layers below it.
"""

__all__ = [
    "activations",
    "batching",
    "deep",
    "evaluation",
    "gradcheck",
    "losses",
    "network",
    "parameters",
    "perceptron",
    "training",
]
