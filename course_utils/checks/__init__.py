"""Exercise checks: ``checks.<exercise>(learner_function)`` prints immediate feedback and
returns a :class:`CheckResult` (``assert result.passed`` in graded tests).

See :mod:`course_utils.checks._core` for the exercise convention shared by every notebook.
Each topic module of this package (``optim``, ``perceptron``, ``momentum``, ...) defines
the checks of its exercises with an explicit ``__all__``; this package re-exports them all,
so a new topic module needs no edit here.
"""

import importlib
import pkgutil

from ._core import (
    CheckResult,
    case_rng,
    check_experiment,
    check_function,
    compare,
    other_cases,
)

__all__ = [
    "CheckResult",
    "case_rng",
    "check_experiment",
    "check_function",
    "compare",
    "other_cases",
]

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if not _info.name.startswith("_"):
        _module = importlib.import_module(f"{__name__}.{_info.name}")
        for _name in _module.__all__:
            if _name in globals():
                raise ImportError(f"check {_name!r} is defined twice (in {_info.name})")
            globals()[_name] = getattr(_module, _name)
        __all__ += list(_module.__all__)
del _info, _module, _name
