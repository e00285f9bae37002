"""Exercise checks: ``checks.<exercise>(learner_function)`` prints immediate feedback and
returns a :class:`CheckResult` (``assert result.passed`` in graded tests).

See :mod:`course_utils.checks._core` for the exercise convention shared by every notebook.
Each lesson's module defines the checks of its exercises with an explicit ``__all__``, and
this package imports them all by name below (``tests/test_checks.py`` keeps ``__all__``
equal to the union of the lesson modules' ``__all__``).
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
from .adaptive import adam_update, lrs_for_scale, rmsprop_step
from .backprop import backward_pass, choose_weight_decay, softmax_cross_entropy
from .capstone import confusion_matrix, my_recipe, random_search
from .gd import early_stopping, eigen_components, lr_for_target
from .init import init_weight, layer_stds, tanh_gain
from .landscape import filter_normalize, rosenbrock_hess, sharpen
from .momentum import ewa_average, nesterov_step, optimal_momentum, valley_settings
from .optim import adam_step, backward, ewa, gd_step, inverse_time, momentum_step
from .perceptron import perceptron_update, signed_distance, slow_data
from .saddle import classify_hessian, escape_time, momentum_escape_settings
from .schedules import budget_schedule, expected_loss, warmup_cosine
from .twolayer import bump_params, collapse_linear, find_stuck_seed, xor_weights

__all__ = [
    # the machinery (_core)
    "CheckResult",
    "case_rng",
    "case_set",
    "check_experiment",
    "check_function",
    "compare",
    "other_cases",
    # notebook 00 and the older optimizer checks (optim)
    "gd_step",
    "backward",
    "momentum_step",
    "adam_step",
    "ewa",
    "inverse_time",
    # 01 perceptron
    "signed_distance",
    "perceptron_update",
    "slow_data",
    # 02 two-layer networks (twolayer)
    "collapse_linear",
    "xor_weights",
    "bump_params",
    "find_stuck_seed",
    # 03 backpropagation (backprop)
    "backward_pass",
    "softmax_cross_entropy",
    "choose_weight_decay",
    # 04 gradient descent (gd)
    "eigen_components",
    "lr_for_target",
    "early_stopping",
    # 05 loss landscapes (landscape)
    "rosenbrock_hess",
    "filter_normalize",
    "sharpen",
    # 06 saddle points (saddle)
    "classify_hessian",
    "escape_time",
    "momentum_escape_settings",
    # 07 momentum
    "valley_settings",
    "ewa_average",
    "optimal_momentum",
    "nesterov_step",
    # 08 adaptive methods (adaptive)
    "rmsprop_step",
    "adam_update",
    "lrs_for_scale",
    # 09 learning-rate schedules (schedules)
    "expected_loss",
    "warmup_cosine",
    "budget_schedule",
    # 10 initialization (init)
    "init_weight",
    "layer_stds",
    "tanh_gain",
    # 11 capstone: handwritten digits (capstone)
    "random_search",
    "my_recipe",
    "confusion_matrix",
]
