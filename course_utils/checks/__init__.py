"""Exercise checks: ``checks.<exercise>(learner_function)`` prints immediate feedback and
returns a :class:`CheckResult` (``assert result.passed`` in graded tests).

See :mod:`course_utils.checks._core` for the exercise convention shared by every notebook.
Topic modules define the checks; this package re-exports them all.
"""

from ._core import CheckResult, check_function, compare
from .optim import *  # noqa: F403
from .optim import __all__ as _optim

__all__ = ["CheckResult", "check_function", "compare", *_optim]
