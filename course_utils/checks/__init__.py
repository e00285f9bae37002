"""Exercise checks: ``checks.<exercise>(learner_function)`` prints immediate feedback and
returns a :class:`CheckResult` (``assert result.passed`` in graded tests).

One module per lesson, named after its notebook: ``NN_<title>.ipynb`` has its checks in
``checks/<title>.py``, or, for a lesson whose checks are long, in the package
``checks/<title>/`` with one module per exercise. Each has an explicit ``__all__`` of the
checks that notebook calls, and this package imports them all by name below.
:mod:`course_utils.checks._core` holds the machinery they share and the exercise convention
of every notebook. ``tests/test_checks.py`` keeps this layout: ``__all__`` is the union of the
modules' ``__all__``, and each lesson module holds exactly the checks its notebook calls.
"""

from ._core import (
    CheckResult,
    case_rng,
    case_set,
    check_experiment,
    check_function,
    compare,
    other_cases,
)
from .adaptive_methods import adam_update, lrs_for_scale, rmsprop_step
from .backpropagation import backward_pass, choose_weight_decay, softmax_cross_entropy
from .capstone_digits import confusion_matrix, my_recipe, random_search
from .gradient_descent import early_stopping, eigen_components, lr_for_target
from .initialization import init_weight, layer_stds, tanh_gain
from .learning_rate_schedules import budget_schedule, expected_loss, warmup_cosine
from .loss_landscapes import filter_normalize, rosenbrock_hess, sharpen
from .momentum import ewa_average, nesterov_step, optimal_momentum, valley_settings
from .perceptron import perceptron_update, signed_distance, slow_data
from .saddle_points import classify_hessian, escape_time, momentum_escape_settings
from .start_here import gd_step
from .two_layer_networks import bump_params, collapse_linear, find_stuck_seed, xor_weights

__all__ = [
    # the machinery (_core)
    "CheckResult",
    "case_rng",
    "case_set",
    "check_experiment",
    "check_function",
    "compare",
    "other_cases",
    # 00 start here
    "gd_step",
    # 01 perceptron
    "signed_distance",
    "perceptron_update",
    "slow_data",
    # 02 two-layer networks
    "collapse_linear",
    "xor_weights",
    "bump_params",
    "find_stuck_seed",
    # 03 backpropagation
    "backward_pass",
    "softmax_cross_entropy",
    "choose_weight_decay",
    # 04 gradient descent
    "eigen_components",
    "lr_for_target",
    "early_stopping",
    # 05 loss landscapes
    "rosenbrock_hess",
    "filter_normalize",
    "sharpen",
    # 06 saddle points
    "classify_hessian",
    "escape_time",
    "momentum_escape_settings",
    # 07 momentum
    "valley_settings",
    "ewa_average",
    "optimal_momentum",
    "nesterov_step",
    # 08 adaptive methods
    "rmsprop_step",
    "adam_update",
    "lrs_for_scale",
    # 09 learning-rate schedules
    "expected_loss",
    "warmup_cosine",
    "budget_schedule",
    # 10 initialization
    "init_weight",
    "layer_stds",
    "tanh_gain",
    # 11 capstone: handwritten digits
    "random_search",
    "my_recipe",
    "confusion_matrix",
]
