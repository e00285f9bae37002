"""The machinery behind every exercise check: run the learner's function and the reference
on the same random inputs, compare, and explain a difference in one sentence.

Course convention for an exercise (used by ``make student`` and ``make nbgrader``):

1. a stub cell (tag ``exercise``): the signature, a docstring and
   ``raise NotImplementedError``; the learner writes the body here;
2. a check cell (tag ``check``): ``checks.<name>(<function>)``, which prints
   "Correct" or a one-sentence explanation, or "not implemented yet" for the stub;
3. a solution cell (tag ``solution``, collapsed): the reference, its body between
   ``### BEGIN SOLUTION`` and ``### END SOLUTION``, followed by the same check.

Later cells use the package's reference, so one mistake does not break the notebook.
"""

import contextlib
import contextvars
from dataclasses import dataclass

import numpy as np

__all__ = [
    "CheckResult",
    "case_rng",
    "case_set",
    "check_experiment",
    "check_function",
    "compare",
    "other_cases",
]

_CASE_SET = contextvars.ContextVar("case_set", default=0)


def case_rng(seed):
    """The random generator a check draws its test cases from.

    Normally ``np.random.default_rng(seed)``; inside :func:`other_cases` a different but
    reproducible stream, so a grader's hidden tests use inputs the learner has not seen.
    """
    offset = _CASE_SET.get()
    return np.random.default_rng(seed if offset == 0 else [seed, offset])


def case_set():
    """The set of test cases the checks draw from: 0 for the visible checks, the number given
    to :func:`other_cases` inside it (a check that builds its cases without :func:`case_rng`,
    from a notebook's own data, uses it to choose them)."""
    return _CASE_SET.get()


@contextlib.contextmanager
def other_cases(case_set=1):
    """Run checks on another set of random test cases (for hidden tests)::

    with checks.other_cases(1):
        assert checks.gd_step(gd_step).passed
    """
    token = _CASE_SET.set(int(case_set))
    try:
        yield
    finally:
        _CASE_SET.reset(token)


@dataclass(frozen=True)
class CheckResult:
    """Outcome of a check: ``passed`` for graders (``assert result.passed``), ``message``
    for the learner."""

    name: str
    passed: bool
    message: str

    def __repr__(self):
        return self.message

    def __bool__(self):
        return self.passed


def _fmt(value):
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=4, suppress=True, threshold=8, edgeitems=2):
            return np.array2string(value, separator=", ")
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_fmt(v) for v in value) + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_fmt(v)}" for k, v in value.items()) + "}"
    return repr(value)


def compare(got, expected, rtol=1e-6, atol=1e-8, where="the result"):
    """Return None if ``got`` matches ``expected`` (arrays, numbers, tuples, dicts, bools),
    else a short description of the first difference."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return (
                f"{where} should be a dict with keys {sorted(expected)}; got {type(got).__name__}"
            )
        missing = sorted(set(expected) - set(got))
        if missing:
            return f"{where} is missing the keys {missing}"
        for k in expected:
            problem = compare(got[k], expected[k], rtol, atol, f"{where}[{k!r}]")
            if problem:
                return problem
        return None
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"{where} should be a tuple of {len(expected)} items; got {_fmt(got)}"
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            problem = compare(g, e, rtol, atol, f"item {i} of {where}")
            if problem:
                return problem
        return None
    if isinstance(expected, (bool, np.bool_, str)):
        return None if got == expected else f"{where} should be {expected!r}; got {got!r}"
    try:
        g = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"{where} should be numbers; got {type(got).__name__}"
    e = np.asarray(expected, dtype=float)
    if g.shape != e.shape:
        return f"{where} should have shape {e.shape}; got shape {g.shape}"
    if not np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True):
        return f"{where} should be {_fmt(expected)}; got {_fmt(got)}"
    return None


def _copy(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def _matches(fn, wrong, cases):
    """Whether ``fn`` computes what the mistaken function ``wrong`` computes on every case."""
    try:
        with np.errstate(all="ignore"):
            return all(compare(fn(*_copy(a)), wrong(*_copy(a))) is None for a in cases)
    except Exception:  # the learner's code may raise anything; then the hint does not apply
        return False


def check_function(name, fn, reference, cases, rtol=1e-6, atol=1e-8, describe=None, mistakes=()):
    """Compare ``fn`` with ``reference`` on every case and print the outcome.

    Parameters
    ----------
    name : str
        The exercise's function name, used in messages.
    fn : callable
        The learner's function.
    reference : callable
        The course's reference implementation.
    cases : list of tuple
        Positional arguments for both functions.
    rtol, atol : float
        Tolerances for numbers.
    describe : callable, optional
        ``describe(args) -> str`` naming the inputs of a failing case
        (defaults to listing them).
    mistakes : sequence of (callable, str)
        Known mistakes: ``(wrong, hint)`` where ``wrong`` takes the reference's arguments
        and computes what that mistake computes; when a failing ``fn`` agrees with
        ``wrong`` on every case, the hint is added to the message.

    Returns
    -------
    CheckResult
        Also printed, so the learner sees it under the cell.
    """
    if not callable(fn):
        result = CheckResult(
            name, False, f"Not yet: {name} should be a function; got {type(fn).__name__}."
        )
        print(result.message)
        return result
    describe = describe or (lambda args: ", ".join(_fmt(a) for a in args))
    for args in cases:
        expected = reference(*_copy(args))
        given = _copy(args)
        try:
            with np.errstate(all="ignore"):  # a NaN answer is explained, not warned about
                got = fn(*given)
        except NotImplementedError:
            result = CheckResult(
                name,
                False,
                f"{name}: not implemented yet. Write its body in the cell above, "
                "then run this check again.",
            )
            break
        except Exception as exc:  # the learner's code may raise anything
            result = CheckResult(
                name, False, f"Not yet: {name}({describe(args)}) raised {type(exc).__name__}: {exc}"
            )
            break
        changed = [
            i
            for i, (a, b) in enumerate(zip(args, given, strict=True))
            if isinstance(a, np.ndarray) and not np.array_equal(a, b, equal_nan=True)
        ]
        if changed:
            result = CheckResult(
                name,
                False,
                f"Not yet: {name} modified its input argument number {changed[0] + 1}; "
                "work on a copy instead.",
            )
            break
        problem = compare(got, expected, rtol, atol)
        if problem:
            result = CheckResult(name, False, f"Not yet: for {name}({describe(args)}), {problem}.")
            break
    else:
        result = CheckResult(
            name, True, f"Correct: {name} agrees with the reference on {_cases(len(cases))}."
        )
    if not result.passed and "not implemented yet" not in result.message:
        hint = next((h for wrong, h in mistakes if _matches(fn, wrong, cases)), None)
        if hint:
            result = CheckResult(name, False, f"{result.message} Hint: {hint}")
    print(result.message)
    return result


def _cases(n):
    return "1 test case" if n == 1 else f"{n} test cases"


def check_experiment(name, fn, verify, args=()):
    """Run the learner's experiment ``fn(*args)`` and check a property of what it returns.

    For exercises whose answer is not one right value but a result with a property (choose
    lr and beta so that momentum reaches f < 1e-6 within 100 steps; find a seed where
    training gets stuck).

    Parameters
    ----------
    name : str
        The exercise's function name, used in messages.
    fn : callable
        The learner's function.
    verify : callable
        ``verify(result) -> (problem, summary)``: ``problem`` is None when the property
        holds, else one sentence saying what does not hold (with a hint for the typical
        mistake); ``summary`` says what was measured, for the "Correct" message.
    args : tuple
        Positional arguments for ``fn`` (draw them with :func:`case_rng`, so hidden tests
        use other ones).

    Returns
    -------
    CheckResult
        Also printed, so the learner sees it under the cell.
    """
    result = _run_experiment(name, fn, verify, args)
    print(result.message)
    return result


def _run_experiment(name, fn, verify, args):
    if not callable(fn):
        return CheckResult(
            name, False, f"Not yet: {name} should be a function; got {type(fn).__name__}."
        )
    try:
        with np.errstate(all="ignore"):
            got = fn(*_copy(args))
    except NotImplementedError:
        message = (
            f"{name}: not implemented yet. Write its body in the cell above, "
            "then run this check again."
        )
        return CheckResult(name, False, message)
    except Exception as exc:  # the learner's code may raise anything
        return CheckResult(name, False, f"Not yet: {name} raised {type(exc).__name__}: {exc}")
    try:
        problem, summary = verify(got)
    except Exception as exc:  # a result of the wrong kind
        problem, summary = f"its result could not be checked ({exc}).", ""
    if problem:
        return CheckResult(name, False, f"Not yet: {problem}")
    return CheckResult(name, True, f"Correct: {summary}")
