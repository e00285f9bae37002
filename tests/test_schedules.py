import numpy as np
import pytest

from course_utils import schedules


def test_values_by_hand():
    np.testing.assert_allclose(schedules.values(schedules.constant(0.1), 3), [0.1, 0.1, 0.1])
    np.testing.assert_allclose(
        schedules.values(schedules.step_decay(1.0, 0.5, 2), 5), [1, 1, 0.5, 0.5, 0.25]
    )
    np.testing.assert_allclose(
        schedules.values(schedules.exponential(1.0, 0.5), 3), np.exp([0, -0.5, -1.0])
    )
    np.testing.assert_allclose(
        schedules.values(schedules.inverse_time(1.0, 0.5), 3), [1.0, 1 / 1.5, 0.5]
    )
    np.testing.assert_allclose(
        schedules.values(schedules.cosine(1.0, 4), 6),
        [1, 0.5 + 0.5 * np.cos(np.pi / 4), 0.5, 0.5 - 0.5 * np.cos(np.pi / 4), 0, 0],
        atol=1e-15,
    )
    w = schedules.warmup(schedules.constant(0.3), 3)
    np.testing.assert_allclose(schedules.values(w, 5), [0.1, 0.2, 0.3, 0.3, 0.3])


def test_inverse_time_is_not_exponential():
    # inverse time decays like 1/t: lr_t * t tends to lr0 / k; exponential decays faster
    inv, exp = schedules.inverse_time(1.0, 0.1), schedules.exponential(1.0, 0.1)
    assert inv(10_000) * 10_000 == pytest.approx(10.0, rel=1e-3)
    assert exp(10_000) < 1e-100


def test_scalar_and_array_calls_and_repr():
    s = schedules.inverse_time(0.1, 0.5)
    assert isinstance(s(3), float)
    assert s(np.arange(4)).shape == (4,)
    assert "inverse_time" in repr(s)


@pytest.mark.parametrize(
    ("factory", "match"),
    [
        (lambda: schedules.constant(0.0), "lr"),
        (lambda: schedules.step_decay(0.1, drop=1.5), "drop"),
        (lambda: schedules.step_decay(0.1, every=0), "every"),
        (lambda: schedules.exponential(0.1, k=-1.0), "k"),
        (lambda: schedules.inverse_time(-0.1), "lr0"),
        (lambda: schedules.cosine(0.1, T=0), "T"),
        (lambda: schedules.cosine(0.1, T=10, lr_min=1.0), "lr_min"),
        (lambda: schedules.warmup(0.1, 5), "base"),
        (lambda: schedules.warmup(schedules.constant(0.1), 0), "n_warmup"),
        (lambda: schedules.values(0.1, 5), "schedule"),
        (lambda: schedules.values(schedules.constant(0.1), -1), "T"),
    ],
)
def test_bad_input(factory, match):
    with pytest.raises((ValueError, TypeError), match=match):
        factory()
