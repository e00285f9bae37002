import numpy as np
import pytest

from course_utils.optim import schedules


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


def test_quadratic_expected_loss_by_hand():
    # two steps of lr = 0.5 from theta0 = 3, sigma = 1: mean 3 -> 1.5 -> 0.75,
    # var 0 -> 0.25 -> 0.25 * 0.25 + 0.25 = 0.3125; E f = (mean^2 + var) / 2
    start, noise = schedules.quadratic_expected_loss([0.5, 0.5], 3.0, 1.0, parts=True)
    np.testing.assert_allclose(start, [4.5, 1.125, 0.28125])
    np.testing.assert_allclose(noise, [0.0, 0.125, 0.15625])
    total = schedules.quadratic_expected_loss([0.5, 0.5], 3.0, 1.0)
    np.testing.assert_allclose(total, start + noise)


def test_quadratic_expected_loss_closed_forms():
    # inverse time with lr0 = k = 0.1 is lr_t = 1 / (t + 10): mean_t = 27 / (t + 9) and
    # var_t = t / (t + 9)^2, so E f = (729 + t) / (2 (t + 9)^2) for theta0 = 3, sigma = 1
    lr_t = schedules.values(schedules.inverse_time(0.1, k=0.1), 2000)
    t = np.arange(2001)
    np.testing.assert_allclose(
        schedules.quadratic_expected_loss(lr_t), (729 + t) / (2 * (t + 9) ** 2), rtol=1e-12
    )
    # a constant rate settles at the noise floor lr sigma^2 / (2 (2 - lr curvature))
    for lr, curvature, sigma in [(0.1, 1.0, 1.0), (0.01, 4.0, 2.0)]:
        loss = schedules.quadratic_expected_loss(np.full(20_000, lr), 1.0, sigma, curvature)
        assert loss[-1] == pytest.approx(lr * sigma**2 / (2 * (2 - lr * curvature)), rel=1e-9)
    # lr_t = 1 / (curvature (t + 1)) makes theta_T a running mean of the noise: sigma^2/(2 c T)
    loss = schedules.quadratic_expected_loss(1 / (2.0 * np.arange(1, 101)), 5.0, 1.0, 2.0)
    assert loss[-1] == pytest.approx(1 / (2 * 2.0 * 100), rel=1e-12)


def test_quadratic_expected_loss_matches_simulation():
    rng = np.random.default_rng(0)
    lr_t = schedules.values(schedules.exponential(0.2, k=0.01), 300)
    theta = np.full(20_000, 2.0)
    for lr in lr_t:
        theta = theta - lr * (theta + 0.5 * rng.standard_normal(theta.shape))
    exact = schedules.quadratic_expected_loss(lr_t, 2.0, 0.5)
    assert np.mean(theta**2) / 2 == pytest.approx(exact[-1], rel=0.05)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"lr_t": [[0.1]]}, "lr_t"),
        ({"lr_t": [0.1, np.nan]}, "lr_t"),
        ({"lr_t": [0.1], "sigma": -1.0}, "sigma"),
        ({"lr_t": [0.1], "curvature": 0.0}, "curvature"),
        ({"lr_t": [0.1], "theta0": [1.0, 2.0]}, "theta0"),
    ],
)
def test_quadratic_expected_loss_bad_input(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        schedules.quadratic_expected_loss(**kwargs)
