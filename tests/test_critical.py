import numpy as np
import pytest

from course_utils.geometry import critical, landscapes
from course_utils.nn import network, parameters
from course_utils.nn.gradcheck import numerical_gradient, rel_error

D, H, C, N = 2, 3, 1, 5


def flat_problem(seed=0):
    """A tiny tanh network's MSE as a function of the flat parameter vector (P = 13)."""
    rng = np.random.default_rng(seed)
    X, Y = rng.standard_normal((N, D)), rng.standard_normal((N, C))
    like = network.init_params(D, H, C, rng=np.random.default_rng(1), init="normal", scale=0.5)

    def f(v):
        return network.loss_and_grads(parameters.unflatten(v, like), X, Y)[0]

    def g(v):
        grads = network.loss_and_grads(parameters.unflatten(v, like), X, Y)[1]
        return parameters.flatten({k[1:]: d for k, d in grads.items()})

    return f, g, parameters.flatten(like)


def test_hessian_matches_finite_differences_of_finite_differences():
    f, g, x = flat_problem()
    Hm = critical.hessian(g, x)
    np.testing.assert_array_equal(Hm, Hm.T)
    rows = [
        numerical_gradient(lambda v, j=j: numerical_gradient(f, v)[j], x, 1e-4)
        for j in range(x.size)
    ]
    fd_fd = np.array(rows)
    assert rel_error(Hm, (fd_fd + fd_fd.T) / 2) < 1e-5
    ev = critical.eigenvalues(Hm)
    assert np.all(np.diff(ev) >= 0)
    np.testing.assert_allclose(ev, np.linalg.eigvalsh(fd_fd), rtol=1e-4, atol=1e-6)


def test_hessian_of_a_quadratic_is_its_matrix():
    s = landscapes.quadratic(kappa=7.0, angle=0.3)
    np.testing.assert_allclose(critical.hessian(s.grad, np.array([0.4, -1.0])), s.A, atol=1e-9)
    np.testing.assert_allclose(critical.eigenvalues(s.A), [1.0, 7.0])


@pytest.mark.parametrize(
    ("diag", "kind", "idx"),
    [
        ([1, 2], "minimum", 0.0),
        ([-1, -2], "maximum", 1.0),
        ([1, -1], "saddle", 0.5),
        ([0, 1], "degenerate", 0.0),
        ([0, -1], "degenerate", 0.5),
        ([-1, 0, 1], "saddle", 1 / 3),
        ([1e-12, 1], "degenerate", 0.0),
    ],
)
def test_classify_critical_point_and_index(diag, kind, idx):
    eigs = critical.eigenvalues(np.diag(np.array(diag, dtype=float)))
    assert critical.classify_critical_point(eigs) == kind
    assert critical.index(eigs) == pytest.approx(idx)


def test_classification_of_the_course_surfaces():
    for s, kind in [(landscapes.saddle(), "saddle"), (landscapes.monkey_saddle(), "degenerate")]:
        eigs = critical.eigenvalues(s.hess([0.0, 0.0]))
        assert critical.classify_critical_point(eigs) == kind


def test_newton_finds_the_saddle_of_x2_minus_y2():
    s = landscapes.saddle()
    for hess_fn in (s.hess, None):
        x, norm, converged = critical.newton_critical_point(s.grad, [0.3, -0.2], hess_fn)
        np.testing.assert_allclose(x, [0.0, 0.0], atol=1e-10)
        assert converged and norm <= 1e-10
    eigs = critical.eigenvalues(s.hess(x))
    assert critical.classify_critical_point(eigs) == "saddle"


def test_newton_on_a_network_reaches_a_critical_point():
    # 5 examples, 13 parameters: the zero-loss set is a manifold, so the Hessian is singular
    _, g, x0 = flat_problem()
    result = critical.newton_critical_point(g, x0, n_steps=100, tol=1e-8)
    assert result.converged and result.x.shape == x0.shape
    assert np.linalg.norm(g(result.x)) == pytest.approx(result.grad_norm)


def test_newton_survives_a_singular_hessian():
    def grad(v):  # f = x^4 + y^2: Hessian diag(0, 2) at x = 0
        return np.array([4 * v[0] ** 3, 2 * v[1]])

    result = critical.newton_critical_point(grad, [0.0, 1.0])
    assert result.converged and np.allclose(result.x, 0.0)
    flat = critical.newton_critical_point(lambda v: np.array([1.0, 0.0]), [0.0, 0.0])
    assert not flat.converged and flat.grad_norm == 1.0
    nan_h = critical.newton_critical_point(
        lambda v: np.array([1.0, 0.0]), [0.0, 0.0], hess_fn=lambda v: np.full((2, 2), np.nan)
    )
    assert not nan_h.converged
    zero_steps = critical.newton_critical_point(grad, [1.0, 1.0], n_steps=0)
    np.testing.assert_array_equal(zero_steps.x, [1.0, 1.0])


def test_errors_for_newton():
    g = landscapes.saddle().grad
    with pytest.raises(TypeError, match="grad_fn"):
        critical.newton_critical_point(None, [0.0, 0.0])
    with pytest.raises(TypeError, match="hess_fn"):
        critical.newton_critical_point(g, [0.0, 0.0], hess_fn=3)
    with pytest.raises(ValueError, match="x0"):
        critical.newton_critical_point(g, [[0.0, 0.0]])
    with pytest.raises(ValueError, match="n_steps"):
        critical.newton_critical_point(g, [1.0, 1.0], n_steps=-1)
    with pytest.raises(ValueError, match="tol"):
        critical.newton_critical_point(g, [1.0, 1.0], tol=-1.0)
    with pytest.raises(ValueError, match="hess_fn"):
        critical.newton_critical_point(g, [1.0, 1.0], hess_fn=lambda v: np.eye(3))


def test_errors_for_hessian_tools():
    with pytest.raises(TypeError, match="grad_fn"):
        critical.hessian(None, np.zeros(2))
    with pytest.raises(ValueError, match="x"):
        critical.hessian(lambda v: v, np.zeros((2, 2)))
    with pytest.raises(ValueError, match="h"):
        critical.hessian(lambda v: v, np.zeros(2), h=0.0)
    with pytest.raises(ValueError, match="grad_fn"):
        critical.hessian(lambda v: np.zeros(3), np.zeros(2))
    with pytest.raises(ValueError, match="hess"):
        critical.eigenvalues(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="symmetric"):
        critical.eigenvalues(np.array([[1.0, 2.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="eigs"):
        critical.classify_critical_point([])
    with pytest.raises(ValueError, match="eigs"):
        critical.index(np.eye(2))
    with pytest.raises(ValueError, match="tol"):
        critical.classify_critical_point([1.0], tol=-1.0)


def test_network_hessian_is_the_hessian_of_the_flat_loss():
    # tanh + MSE: the same matrix as critical.hessian of the flattened gradient
    f, g, x = flat_problem()
    rng = np.random.default_rng(0)  # flat_problem's data, drawn the same way
    X, Y = rng.standard_normal((N, D)), rng.standard_normal((N, C))
    like = parameters.unflatten(x, network.init_params(D, H, C, rng=np.random.default_rng(1)))
    Hn = critical.network_hessian(like, X, Y, activation="tanh", loss="mse")
    np.testing.assert_allclose(Hn, critical.hessian(g, x), rtol=0, atol=1e-12)


def relu_problem(seed=22):
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((8, 2)), np.arange(8) % 2
    params = network.init_params(2, 3, 2, rng=rng, init="normal", scale=0.7)
    return params, X, y


def test_network_hessian_of_relu_matches_differences_of_the_loss_away_from_kinks():
    params, X, y = relu_problem()
    assert np.abs(X @ params["W1"] + params["b1"]).min() > 0.1  # no kink within 1e-3

    def loss(theta):
        p = parameters.unflatten(theta, params)
        return network.loss_and_grads(p, X, y, "relu", "cross_entropy", weight_decay=0.1)[0]

    theta = parameters.flatten(params)
    fd_fd = np.array(
        [
            numerical_gradient(lambda v, j=j: numerical_gradient(loss, v)[j], theta, 1e-4)
            for j in range(theta.size)
        ]
    )
    Hn = critical.network_hessian(params, X, y, weight_decay=0.1)
    assert rel_error(Hn, (fd_fd + fd_fd.T) / 2) < 1e-5


def test_network_hessian_steps_below_the_distance_to_the_nearest_kink():
    params, X, y = relu_problem()
    z = X[0] @ params["W1"][:, 0] + params["b1"][0]
    params["b1"][0] -= z - 1e-7  # example 0 now sits 1e-7 from unit 0's kink
    auto = critical.network_hessian(params, X, y)
    smaller = critical.network_hessian(params, X, y, h=1e-9)
    naive = critical.network_hessian(params, X, y, h=1e-5)  # steps across the kink
    assert rel_error(auto, smaller) < 1e-4
    assert rel_error(naive, auto) > 1e-2
    X[0], params["b1"][0] = 0.0, 0.0  # exactly on the kink: no Hessian
    with pytest.raises(ValueError, match="kink"):
        critical.network_hessian(params, X, y)
    assert critical.network_hessian(params, X, y, h=1e-6).shape == (17, 17)


def test_errors_for_network_hessian():
    params, X, y = relu_problem()
    with pytest.raises(ValueError, match="activation"):
        critical.network_hessian(params, X, y, activation="swish")
    with pytest.raises(ValueError, match="X"):
        critical.network_hessian(params, X[:, :1], y)
    with pytest.raises(ValueError, match="y"):
        critical.network_hessian(params, X, y[:3])
    with pytest.raises(ValueError, match="weight_decay"):
        critical.network_hessian(params, X, y, weight_decay=-1.0)
    with pytest.raises(ValueError, match="h"):
        critical.network_hessian(params, X, y, h=0.0)
