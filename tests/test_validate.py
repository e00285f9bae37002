import numpy as np
import pytest

from course_utils import validate as v


def test_as_array_accepts_and_converts():
    out = v.as_array([[1, 2]], "X", shape=("N", 2))
    assert out.dtype == np.float64 and out.shape == (1, 2)
    assert v.as_array([1.0, 2.0], "y", dtype=np.int64).dtype == np.int64
    assert np.isnan(v.as_array([np.nan], "x", allow_nan=True)[0])


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: v.as_array([[1, 2], [3]], "X"), TypeError, "X must be an array of numbers"),
        (lambda: v.as_array(["a"], "X"), TypeError, "dtype"),
        (lambda: v.as_array(np.ones(3), "X", shape=("N", 2)), ValueError, r"shape \(N, 2\)"),
        (lambda: v.as_array(np.ones(3), "b", shape=(4,)), ValueError, r"\(4,\)"),
        (lambda: v.as_array([np.inf], "X"), ValueError, "NaN or infinite"),
        (lambda: v.as_array([0.5], "y", dtype=np.int64), ValueError, "whole numbers"),
        (lambda: v.check_positive(True, "lr"), TypeError, "lr"),
        (lambda: v.check_positive(np.inf, "lr"), ValueError, "lr"),
        (lambda: v.check_nonnegative(-1, "eps"), ValueError, "eps"),
        (lambda: v.check_beta(float("nan"), "beta"), ValueError, "beta"),
        (lambda: v.check_int(True, "n"), TypeError, "n"),
        (lambda: v.check_int(1.5, "n"), TypeError, "n"),
        (lambda: v.check_int(0, "n", 1), ValueError, "n"),
        (lambda: v.check_choice("x", "method", ("a", "b")), ValueError, "'a', 'b'"),
        (lambda: v.check_same_length([1], [1, 2], "X", "y"), ValueError, "X and y"),
    ],
)
def test_errors(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_check_int_accepts_numpy_ints():
    assert v.check_int(np.int64(3), "n") == 3


def test_check_class_labels_names_the_range():
    np.testing.assert_array_equal(v.check_class_labels([2, 0, 1, 2], "N", 3), [2, 0, 1, 2])
    assert v.check_class_labels(np.array([], dtype=int), "N", 4).shape == (0,)
    for y, match in (([0, 3], r"y must hold integer class labels in 0..2"), ([0, -1], "y")):
        with pytest.raises(ValueError, match=match):
            v.check_class_labels(y, "N", 3)
    with pytest.raises(ValueError, match="y"):
        v.check_class_labels([0.5], "N", 3)
