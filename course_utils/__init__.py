"""course_utils: the small NumPy package behind the course *How neural networks learn*.

Import the modules you need by name, for example::

    from course_utils import optimizers, landscapes

Nothing happens on import: no plotting style is changed, no random seed is set.
"""

__version__ = "0.1.0"

__all__ = [
    "activations",
    "batching",
    "checks",
    "critical",
    "data",
    "deep",
    "evaluation",
    "expect",
    "ewa",
    "gradcheck",
    "landscapes",
    "layers",
    "live_boundaries",
    "live_histograms",
    "live_trajectories",
    "liveplots",
    "losses",
    "momentum_theory",
    "netlandscape",
    "network",
    "optimizers",
    "perceptron",
    "plotting",
    "race",
    "saddles",
    "schedules",
    "training",
    "widgets",
]
