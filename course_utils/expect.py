"""Results that every machine reproduces only up to a tolerance, and the checks that say so.

Two correct computers do not always print the same digits. Their CPUs run different
kernels for the same matrix product (AVX2, AVX-512, Apple silicon), which round the last bit
differently, and a training run of a thousand steps turns such last-bit differences into
visible ones. The notebooks therefore print the result of a long run in a cell whose output
the course's tests do not compare, and state on its last line what holds on every machine::

    print(f"test accuracy {acc:.3f}")
    expect.close(acc, 0.975, atol=0.01, name="test accuracy")

``close`` prints nothing when the value is within the tolerance of the reference, and stops
the cell with a sentence saying what differs when it is not. A rounding error, whose digits
depend on the kernel by nature, is printed as a bound: ``expect.below(err, 1e-12)`` gives
``"below 1e-12"``. A choice made from noisy results (the best learning rate of a sweep) is
checked with ``among``.
"""

import numpy as np

__all__ = ["among", "below", "close"]

_ADVICE = (
    "Results of long runs differ slightly between machines, but not by this much. If you "
    "changed a cell above, run the notebook again from the top; if not, this machine computes "
    "something the course did not expect: please report it."
)


def _number(value, what):
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what} must be a number or an array of numbers; got {value!r}") from exc
    return arr


def _tolerance(value, name):
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise TypeError(f"{name} must be a number; got {value!r}")
    if not value >= 0:
        raise ValueError(f"{name} must be >= 0; got {value!r}")
    return float(value)


def close(value, reference, *, atol=None, rtol=None, name="value"):
    """Check that ``value`` lies within a stated tolerance of ``reference``.

    Parameters
    ----------
    value : float or array_like
        What this machine computed.
    reference : float or array_like, broadcastable to ``value``
        What the reference machine computed. NaN means "diverged": the value must be NaN too.
    atol, rtol : float, optional
        Absolute and relative tolerance; at least one is needed. An entry passes when
        ``|value - reference| <= atol + rtol * |reference|``.
    name : str
        What the value is, for the message.

    Raises
    ------
    AssertionError
        If an entry is outside its tolerance; the message names it, its value, the reference
        and the tolerance.
    """
    if atol is None and rtol is None:
        raise TypeError("close needs a tolerance: give atol, rtol or both")
    atol, rtol = _tolerance(atol, "atol"), _tolerance(rtol, "rtol")
    got, ref = _number(value, "value"), _number(reference, "reference")
    try:
        got, ref = np.broadcast_arrays(got, ref)
    except ValueError as exc:
        raise ValueError(
            f"reference must have the shape of value {got.shape}; got shape {ref.shape}"
        ) from exc
    allowed = (atol + rtol * np.abs(ref)) * (1 + 1e-9)  # 0.95 vs 0.96 passes atol=0.01
    with np.errstate(invalid="ignore"):
        good = np.abs(got - ref) <= allowed
    good |= np.isnan(got) & np.isnan(ref)
    if np.all(good):
        return
    index = tuple(int(i) for i in np.argwhere(~good)[0])
    where = f"{name}[{', '.join(map(str, index))}]" if got.ndim else name
    tolerance = " + ".join(
        part
        for part, used in ((f"{atol:g}", atol), (f"{rtol:g} x |reference|", rtol))
        if used or not (atol or rtol)
    )
    raise AssertionError(
        f"{where} = {got[index]:.6g} is outside the reference {ref[index]:.6g} "
        f"+/- {tolerance}. {_ADVICE}"
    )


def below(value, bound, *, name="value"):
    """Return ``"below <bound>"`` after checking that ``|value| < bound``.

    For sizes of rounding errors, whose digits depend on the CPU by nature.

    Parameters
    ----------
    value : float or array_like
        The size of an error; for an array, its largest absolute entry counts.
    bound : float
        A positive bound that every correct machine stays under.
    name : str
        What the value is, for the message.

    Raises
    ------
    AssertionError
        If ``|value|`` reaches ``bound``.
    """
    bound = _tolerance(bound, "bound")
    if bound == 0:
        raise ValueError("bound must be > 0")
    size = float(np.max(np.abs(_number(value, "value")))) if np.size(value) else 0.0
    if not size < bound:
        raise AssertionError(f"{name} = {size:.3g} is not below {bound:g}. {_ADVICE}")
    return f"below {bound:g}"


def among(value, allowed, *, name="value"):
    """Check that a choice made from noisy results is one of the ``allowed`` ones.

    Parameters
    ----------
    value : object
        The choice this machine made (a learning rate of a grid, a method's name).
    allowed : collection
        Every choice a correct machine can make; floats compare with a relative
        tolerance of 1e-3, so a grid value written with three digits (0.316 for
        10**-0.5) still matches.
    name : str
        What the choice is, for the message.

    Raises
    ------
    AssertionError
        If ``value`` is not among ``allowed``.
    """
    allowed = list(allowed)
    if not allowed:
        raise ValueError("allowed must name at least one choice")
    for option in allowed:
        numeric = all(
            isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
            for v in (value, option)
        )
        if numeric:
            if np.isclose(float(value), float(option), rtol=1e-3, atol=0.0):
                return
        elif isinstance(value, bool) == isinstance(option, bool) and value == option:
            return
    raise AssertionError(f"{name} = {value!r} is not one of {allowed!r}. {_ADVICE}")
