import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.optim import ewa


def test_ewa_matches_the_weighted_sum():
    rng = np.random.default_rng(0)
    series, beta = rng.standard_normal(40) + 3, 0.8
    v = ewa.ewa(series, beta)
    for t in (1, 7, 40):
        weights = (1 - beta) * beta ** np.arange(t - 1, -1, -1)  # of x_1 .. x_t
        np.testing.assert_allclose(v[t - 1], weights @ series[:t])


@settings(max_examples=50, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=0.99),
    st.floats(min_value=-5, max_value=5),
    st.integers(min_value=1, max_value=60),
)
def test_bias_correction_recovers_a_constant(beta, c, T):
    corrected = ewa.ewa(np.full(T, c), beta, bias_correction=True)
    np.testing.assert_allclose(corrected, c, atol=1e-9)
    # the weights sum to 1 - beta^T: the uncorrected average of ones
    np.testing.assert_allclose(ewa.ewa(np.ones(T), beta)[-1], 1 - beta**T, atol=1e-12)


def test_windows_and_half_life():
    assert ewa.effective_window(0.9) == pytest.approx(10.0)
    assert ewa.half_life(0.5) == pytest.approx(1.0)
    assert 0.9 ** ewa.half_life(0.9) == pytest.approx(0.5)
    assert ewa.half_life(0.0) == 0.0
    # for beta near 1 the weight has fallen to about 1/e after the effective window
    assert 0.999 ** ewa.effective_window(0.999) == pytest.approx(np.exp(-1), rel=1e-3)


def test_input_is_not_modified_and_validated():
    series = np.arange(5.0)
    ewa.ewa(series, 0.5, bias_correction=True)
    np.testing.assert_array_equal(series, np.arange(5.0))
    with pytest.raises(ValueError, match="beta"):
        ewa.ewa(series, 1.0)
    with pytest.raises(ValueError, match="series"):
        ewa.ewa(np.ones((2, 2)), 0.5)
