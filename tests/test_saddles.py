import numpy as np
import pytest

from course_utils.geometry import critical, landscapes, saddles
from course_utils.nn import network, parameters
from course_utils.nn.gradcheck import numerical_gradient, rel_error
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


def _problem(l2=0.0):
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, (12, 2))
    y = np.sin(X[:, 0]) * np.cos(X[:, 1])
    return X, y, saddles.flat_network(X, y, H=3, l2=l2)


def test_flat_network_matches_the_network_module_and_the_flatten_order():
    X, y, net = _problem()
    params = network.init_params(2, 3, 1, rng=np.random.default_rng(1), init="normal", scale=0.7)
    params["b1"] = np.array([0.1, -0.2, 0.3])
    theta = net.theta(params)
    assert net.P == 13 and theta.shape == (13,)
    np.testing.assert_array_equal(theta, parameters.flatten(params))
    back = net.params(theta)
    for k in params:
        np.testing.assert_array_equal(back[k], params[k])
    loss, grads = network.loss_and_grads(params, X, y)
    assert net.loss(theta) == pytest.approx(loss)
    flat = parameters.flatten({k[1:]: v for k, v in grads.items()})
    np.testing.assert_allclose(net.grad(theta), flat)


@pytest.mark.parametrize("l2", [0.0, 0.01])
def test_flat_network_gradient_matches_finite_differences(l2):
    _, _, net = _problem(l2)
    theta = np.random.default_rng(2).standard_normal(net.P)
    assert rel_error(net.grad(theta), numerical_gradient(net.loss, theta)) < 1e-7


def test_flat_network_l2_covers_every_parameter():
    _, _, net0 = _problem(0.0)
    _, _, net1 = _problem(0.1)
    theta = np.random.default_rng(3).standard_normal(net0.P)
    assert net1.loss(theta) - net0.loss(theta) == pytest.approx(0.05 * theta @ theta)
    np.testing.assert_allclose(net1.grad(theta) - net0.grad(theta), 0.1 * theta)


def test_flat_network_validates():
    X, y, net = _problem()
    with pytest.raises(ValueError, match="theta"):
        net.loss(np.zeros(12))
    with pytest.raises(ValueError, match="y"):
        saddles.flat_network(X, y[:-1], H=3)
    with pytest.raises(ValueError, match="activation"):
        saddles.flat_network(X, y, H=3, activation="step")


def test_zero_weights_with_the_mean_as_bias_is_a_saddle_of_the_network():
    _, y, net = _problem()
    star = net.theta(
        {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((3, 1)), "b2": [y.mean()]}
    )
    assert np.max(np.abs(net.grad(star))) < 1e-12
    eigs = critical.eigenvalues(critical.hessian(net.grad, star))
    assert critical.classify_critical_point(eigs, 1e-6) == "saddle"


# The survey of critical points --------------------------------------------------------------


def test_survey_finds_every_critical_point_of_himmelblau():
    s = landscapes.himmelblau()
    g = np.linspace(-4.5, 4.5, 7)
    starts = np.stack(np.meshgrid(g, g), axis=-1).reshape(-1, 2)
    survey = saddles.critical_point_survey(s.f, s.grad, starts, merge_equal_values=False)
    assert survey.n_starts == 49 and survey.n_converged <= 49
    assert sorted(survey.kind) == sorted(["minimum"] * 4 + ["saddle"] * 4 + ["maximum"])
    np.testing.assert_array_equal(np.diff(survey.loss) >= 0, True)
    np.testing.assert_allclose(survey.loss[:4], 0.0, atol=1e-12)
    assert survey.index[-1] == 1.0  # the maximum has the largest loss
    for x in survey.points:
        assert np.linalg.norm(s.grad(x)) <= 1e-9


def test_survey_counts_symmetric_copies_once():
    _, _, net = _problem(0.001)
    rng = np.random.default_rng(0)
    survey = saddles.critical_point_survey(net.loss, net.grad, rng.standard_normal((6, net.P)))
    assert len(survey.loss) <= survey.n_converged <= 6
    assert survey.points.shape == (len(survey.loss), net.P)
    assert survey.eigs.shape == (len(survey.loss), net.P)
    losses = list(zip(np.round(survey.loss, 8), survey.index, strict=True))
    assert len(set(losses)) == len(losses)


def test_survey_merges_equal_values_only_when_asked():
    s = landscapes.himmelblau()
    starts = np.array([list(m) for m in s.minima]) + 0.01
    assert len(saddles.critical_point_survey(s.f, s.grad, starts).loss) == 1
    assert (
        len(saddles.critical_point_survey(s.f, s.grad, starts, merge_equal_values=False).loss) == 4
    )


def test_survey_validates():
    s = landscapes.saddle()
    with pytest.raises(TypeError):
        saddles.critical_point_survey(s.f, None, np.zeros((1, 2)))
    with pytest.raises(ValueError, match="starts"):
        saddles.critical_point_survey(s.f, s.grad, np.zeros(2))


@pytest.mark.parametrize("name", ["saddle", "monkey_saddle", "himmelblau", "bowl"])
def test_escape_steps_with_a_surface_gradient_agrees_with_any_gradient_function(name):
    s = getattr(landscapes, name)()
    starts = np.random.default_rng(0).uniform(-0.5, 0.5, size=(20, 2))
    fast = saddles.escape_steps(s.grad, starts, lr=0.05, radius=1.5, max_steps=3000)
    slow = saddles.escape_steps(lambda X: s.grad(X), starts, lr=0.05, radius=1.5, max_steps=3000)
    np.testing.assert_array_equal(fast, slow)
