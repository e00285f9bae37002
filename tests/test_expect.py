"""expect: the tolerance checks that make notebook outputs portable across CPUs."""

import numpy as np
import pytest

from course_utils import expect


def test_close_passes_silently_inside_the_tolerance(capsys):
    assert expect.close(0.972, 0.975, atol=0.01) is None
    expect.close(102.0, 100.0, rtol=0.02)
    expect.close([0.97, 0.95, np.nan], [0.975, 0.96, np.nan], atol=0.01)
    expect.close(np.array([[1.0, 2.0]]), 1.5, atol=0.5)  # a scalar reference broadcasts
    assert capsys.readouterr().out == ""


def test_close_fails_outside_the_tolerance_and_names_the_entry():
    with pytest.raises(AssertionError, match=r"test accuracy = 0\.955 is outside .*0\.975"):
        expect.close(0.955, 0.975, atol=0.01, name="test accuracy")
    with pytest.raises(AssertionError, match=r"acc\[1\] = 0\.9 .*0\.95 \+/- 0\.01"):
        expect.close([0.97, 0.90], [0.97, 0.95], atol=0.01, name="acc")
    with pytest.raises(AssertionError, match=r"0\.02 x \|reference\|"):
        expect.close(103.0, 100.0, rtol=0.02)


def test_a_stored_number_moved_by_twice_the_tolerance_fails():
    # The property the notebooks rely on: editing a reference by 0.02 breaks a 0.01 check.
    expect.close(0.975, 0.975, atol=0.01)
    with pytest.raises(AssertionError):
        expect.close(0.975, 0.975 + 0.02, atol=0.01)


def test_close_treats_nan_as_divergence_on_both_sides():
    with pytest.raises(AssertionError, match="nan"):
        expect.close(np.nan, 0.5, atol=1.0)
    with pytest.raises(AssertionError, match="outside the reference nan"):
        expect.close(0.5, np.nan, atol=1.0)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({}, TypeError, "needs a tolerance"),
        ({"atol": -1.0}, ValueError, "atol must be >= 0"),
        ({"rtol": "0.1"}, TypeError, "rtol must be a number"),
    ],
)
def test_close_rejects_a_missing_or_bad_tolerance(kwargs, error, match):
    with pytest.raises(error, match=match):
        expect.close(1.0, 1.0, **kwargs)


def test_close_rejects_mismatched_shapes_and_non_numbers():
    with pytest.raises(ValueError, match="shape of value"):
        expect.close([1.0, 2.0, 3.0], [1.0, 2.0], atol=0.1)
    with pytest.raises(TypeError, match="value must be a number"):
        expect.close("high", 1.0, atol=0.1)


def test_below_states_a_bound_not_digits():
    assert expect.below(1.8e-15, 1e-12) == "below 1e-12"
    assert expect.below(np.array([-3e-9, 1e-10]), 1e-8) == "below 1e-08"
    with pytest.raises(AssertionError, match=r"largest difference = 2e-12 is not below 1e-12"):
        expect.below(2e-12, 1e-12, name="largest difference")
    with pytest.raises(ValueError, match="bound must be > 0"):
        expect.below(0.0, 0.0)


def test_among_accepts_the_allowed_choices_only():
    expect.among(10**-0.5, (0.1, 0.316, 1.0))  # three written digits match
    expect.among("momentum", ["momentum", "adam"])
    with pytest.raises(AssertionError, match=r"best lr = 0\.03 is not one of"):
        expect.among(0.03, (0.1, 0.316), name="best lr")
    with pytest.raises(AssertionError):
        expect.among(True, (1.0,))  # a boolean is not the number 1
    with pytest.raises(ValueError, match="at least one"):
        expect.among(1.0, [])
