import numpy as np
import pytest

from course_utils.geometry import census, critical, landscapes
from course_utils.nn import network, parameters
from course_utils.nn.gradcheck import numerical_gradient, rel_error


def _problem(l2=0.0):
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, (12, 2))
    y = np.sin(X[:, 0]) * np.cos(X[:, 1])
    return X, y, census.flat_network(X, y, H=3, l2=l2)


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
        census.flat_network(X, y[:-1], H=3)
    with pytest.raises(ValueError, match="activation"):
        census.flat_network(X, y, H=3, activation="step")


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
    survey = census.critical_point_survey(s.f, s.grad, starts, merge_equal_values=False)
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
    survey = census.critical_point_survey(net.loss, net.grad, rng.standard_normal((6, net.P)))
    assert len(survey.loss) <= survey.n_converged <= 6
    assert survey.points.shape == (len(survey.loss), net.P)
    assert survey.eigs.shape == (len(survey.loss), net.P)
    losses = list(zip(np.round(survey.loss, 8), survey.index, strict=True))
    assert len(set(losses)) == len(losses)


def test_survey_merges_equal_values_only_when_asked():
    s = landscapes.himmelblau()
    starts = np.array([list(m) for m in s.minima]) + 0.01
    assert len(census.critical_point_survey(s.f, s.grad, starts).loss) == 1
    assert (
        len(census.critical_point_survey(s.f, s.grad, starts, merge_equal_values=False).loss) == 4
    )


def test_survey_validates():
    s = landscapes.saddle()
    with pytest.raises(TypeError):
        census.critical_point_survey(s.f, None, np.zeros((1, 2)))
    with pytest.raises(ValueError, match="starts"):
        census.critical_point_survey(s.f, s.grad, np.zeros(2))
