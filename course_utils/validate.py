"""Argument checks shared by the public functions of ``course_utils``.

Every public function validates its inputs here, at the boundary, so that a learner who
passes something wrong gets one clear sentence naming the argument and what was expected,
instead of a NumPy traceback from deep inside. Internal helpers trust their callers.
"""

import numbers
import operator

import numpy as np

__all__ = [
    "as_array",
    "check_beta",
    "check_choice",
    "check_class_labels",
    "check_int",
    "check_nonnegative",
    "check_positive",
    "check_rng",
    "check_same_length",
]


def _shape_str(shape):
    parts = ["?" if s is None else str(s) for s in shape]
    return "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"


def as_array(value, name, *, shape=None, allow_nan=False, dtype=float):
    """Return ``value`` as a float64 (or ``dtype``) array, checking its shape and values.

    Parameters
    ----------
    value : array_like
        What the caller passed.
    name : str
        The argument's name, used in the error message.
    shape : tuple of (int or str or None), optional
        Expected shape. An int fixes a dimension, a str (a course letter such as ``"N"``)
        or ``None`` leaves it free but documents it in the message.
    allow_nan : bool
        Whether NaN or infinite entries are accepted.
    dtype : numpy dtype
        Target dtype; ``int`` checks that the values are whole numbers.

    Raises
    ------
    TypeError
        If ``value`` is not numeric.
    ValueError
        If its shape differs from ``shape`` or it holds NaN/inf when not allowed.
    """
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be an array of numbers; got {type(value).__name__}") from exc
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must be an array of numbers; got dtype {arr.dtype}")
    if shape is not None:
        expected = _shape_str(shape)
        if arr.ndim != len(shape) or any(
            isinstance(s, int) and s != a for s, a in zip(shape, arr.shape, strict=True)
        ):
            raise ValueError(f"{name} must have shape {expected}; got shape {arr.shape}")
    if np.issubdtype(np.dtype(dtype), np.integer):
        if np.issubdtype(arr.dtype, np.floating):
            if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
                raise ValueError(f"{name} must hold whole numbers (integer labels)")
        return arr.astype(dtype)
    arr = arr.astype(dtype, copy=False)
    if not allow_nan and arr.size and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must not contain NaN or infinite values")
    return arr


def _check_real(value, name):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {type(value).__name__}")
    value = float(value)
    if np.isnan(value):
        raise ValueError(f"{name} must be a number; got NaN")
    return value


def check_positive(value, name):
    """Return ``value`` as a float after checking that it is finite and > 0."""
    value = _check_real(value, name)
    if not (0 < value < np.inf):
        raise ValueError(f"{name} must be a finite number > 0; got {value}")
    return value


def check_nonnegative(value, name):
    """Return ``value`` as a float after checking that it is finite and >= 0."""
    value = _check_real(value, name)
    if not (0 <= value < np.inf):
        raise ValueError(f"{name} must be a finite number >= 0; got {value}")
    return value


def check_beta(value, name):
    """Return ``value`` as a float after checking that it lies in [0, 1)."""
    value = _check_real(value, name)
    if not (0 <= value < 1):
        raise ValueError(f"{name} must lie in [0, 1); got {value}")
    return value


def check_int(value, name, minimum=0):
    """Return ``value`` as an int after checking that it is a whole number >= ``minimum``."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be an integer; got bool")
    try:
        value = operator.index(value)
    except TypeError:
        raise TypeError(
            f"{name} must be an integer >= {minimum}; got {value!r} ({type(value).__name__})"
        ) from None
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value}")
    return value


def check_choice(value, name, choices):
    """Return ``value`` after checking that it is one of ``choices`` (strings)."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def check_same_length(a, b, name_a, name_b):
    """Check that two arrays have the same number of rows (examples)."""
    if len(a) != len(b):
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of examples N; "
            f"got {len(a)} and {len(b)}"
        )


def check_rng(rng):
    """Return ``rng`` after checking that it is a ``numpy.random.Generator``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy.random.Generator, e.g. np.random.default_rng(0)")
    return rng


def check_class_labels(y, N, C, name="y"):
    """Return ``y`` as an integer array of shape ``(N,)`` after checking that its labels lie in
    ``0..C-1`` (``N`` may be a name such as ``"N"`` when any length is accepted)."""
    y = as_array(y, name, shape=(N,), dtype=np.int64)
    if y.size and (y.min() < 0 or y.max() >= C):
        raise ValueError(
            f"{name} must hold integer class labels in 0..{C - 1}; got labels {y.min()}..{y.max()}"
        )
    return y
