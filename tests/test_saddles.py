import numpy as np
import pytest

from course_utils.geometry import landscapes, saddles
from course_utils.optim import optimizers

DELTA = 10.0 ** -np.arange(1, 13)


# Escape from a ball -----------------------------------------------------------------------


def test_escape_step_reads_the_first_step_outside_the_ball():
    traj = np.array([[0.0, 0.1], [0.0, 0.5], [0.0, 1.5], [0.0, 0.2]])
    assert saddles.escape_step(traj) == 2
    assert saddles.escape_step(traj, radius=2.0) is None
    assert saddles.escape_step(traj, radius=0.5, center=[0.0, 0.4]) == 2
    assert saddles.escape_step(np.array([[0.0, 0.0], [np.nan, np.nan]])) == 1


def test_escape_step_validates_its_arguments():
    with pytest.raises(ValueError, match="radius"):
        saddles.escape_step(np.zeros((3, 2)), radius=0.0)
    with pytest.raises(ValueError, match="center"):
        saddles.escape_step(np.zeros((3, 2)), center=np.zeros(3))


def test_gd_escape_from_x2_minus_y2_is_the_linear_prediction():
    s = landscapes.saddle()
    starts = np.column_stack([np.full(DELTA.size, 0.5), DELTA])
    for lr in (0.05, 0.1, 0.3):
        steps = saddles.escape_steps(s.grad, starts, lr=lr)
        predicted = np.ceil(saddles.linear_escape_time(DELTA, lr, -2.0))
        assert np.max(np.abs(steps - predicted)) <= 1


def test_escape_steps_agree_with_optimizers_run():
    s = landscapes.monkey_saddle()
    x0 = np.array([0.5, 1e-3])
    traj = optimizers.run("gd", s.grad, x0, 400, lr=0.1)
    assert saddles.escape_steps(s.grad, x0[None], lr=0.1)[0] == saddles.escape_step(traj)


def test_escape_steps_validates_its_arguments():
    with pytest.raises(TypeError, match="grad_fn"):
        saddles.escape_steps(None, np.zeros((1, 2)), lr=0.1)
    with pytest.raises(ValueError, match="starts"):
        saddles.escape_steps(landscapes.saddle().grad, np.zeros(2), lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        saddles.escape_steps(landscapes.saddle().grad, np.zeros((1, 2)), lr=0.0)


def test_escape_steps_marks_starts_that_never_leave_and_starts_already_outside():
    s = landscapes.saddle()
    starts = np.array([[0.5, 0.0], [0.0, 2.0], [0.5, 1e-3]])
    steps = saddles.escape_steps(s.grad, starts, lr=0.1, max_steps=500)
    assert steps[0] == -1 and steps[1] == 0 and steps[2] > 0
    np.testing.assert_array_equal(starts, [[0.5, 0.0], [0.0, 2.0], [0.5, 1e-3]])


def test_monkey_saddle_escape_is_a_power_law_not_logarithmic():
    s = landscapes.monkey_saddle()
    delta = 10.0 ** -np.arange(3, 8)
    steps = saddles.escape_steps(s.grad, np.column_stack([np.full(delta.size, 0.5), delta]), lr=0.2)
    slope = np.polyfit(np.log(1 / delta), np.log(steps), 1)[0]
    assert abs(slope - 1 / 3) < 0.03


def test_linear_escape_time_formula_and_validation():
    assert saddles.linear_escape_time(1e-6, 0.1, -2.0) == pytest.approx(np.log(1e6) / np.log(1.2))
    assert saddles.linear_escape_time(0.5, 0.1, -2.0, radius=0.5) == 0.0
    np.testing.assert_allclose(
        saddles.linear_escape_time(DELTA, 0.1, -2.0), np.log(1 / DELTA) / np.log(1.2)
    )
    with pytest.raises(ValueError, match="lam_min"):
        saddles.linear_escape_time(1e-3, 0.1, 2.0)
    with pytest.raises(ValueError, match="delta"):
        saddles.linear_escape_time(0.0, 0.1, -2.0)


def test_momentum_growth_matches_the_heavy_ball_on_x2_minus_y2():
    assert saddles.momentum_growth(0.1, 0.0, -2.0) == pytest.approx(1.2)
    assert saddles.momentum_growth(0.1, 0.9, -2.0) == pytest.approx(1.5)
    s = landscapes.saddle()
    traj = optimizers.run("momentum", s.grad, np.array([0.0, 1e-12]), 80, lr=0.1, beta=0.9)
    ratio = traj[80, 1] / traj[79, 1]
    assert ratio == pytest.approx(saddles.momentum_growth(0.1, 0.9, -2.0), rel=1e-6)


# A tiny network as a function of one vector -------------------------------------------------


@pytest.mark.parametrize("name", ["saddle", "monkey_saddle", "himmelblau", "bowl"])
def test_escape_steps_with_a_surface_gradient_agrees_with_any_gradient_function(name):
    s = getattr(landscapes, name)()
    starts = np.random.default_rng(0).uniform(-0.5, 0.5, size=(20, 2))
    fast = saddles.escape_steps(s.grad, starts, lr=0.05, radius=1.5, max_steps=3000)
    slow = saddles.escape_steps(lambda X: s.grad(X), starts, lr=0.05, radius=1.5, max_steps=3000)
    np.testing.assert_array_equal(fast, slow)
