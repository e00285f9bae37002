import numpy as np
import pytest

from course_utils.geometry import landscapes
from course_utils.optim import momentum_theory as mt
from course_utils.optim import optimizers


def iteration_matrix(lr, beta, lam, method):
    """The 2x2 matrix R with (v_{t+1}, e_{t+1}) = R (v_t, e_t), as in the module docstring."""
    beta = 0.0 if method == "gd" else beta
    if method == "nesterov":
        return np.array([[beta, lam], [-lr * beta**2, 1.0 - lr * lam * (1.0 + beta)]])
    return np.array([[beta, lam], [-lr * beta, 1.0 - lr * lam]])


def test_optimal_parameters_match_polyak_and_goh():
    mu, L = 2.0, 200.0  # lam_min, lam_max
    lr, beta = mt.optimal_momentum(mu, L)
    # Polyak 1964: lr = 4 / (sqrt(L) + sqrt(mu))^2, beta = ((sqrt(L) - sqrt(mu)) / (...))^2
    np.testing.assert_allclose(lr, 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2)
    np.testing.assert_allclose(beta, ((np.sqrt(L) - np.sqrt(mu)) / (np.sqrt(L) + np.sqrt(mu))) ** 2)
    # Goh 2017: alpha = (2 / (sqrt(l1) + sqrt(ln)))^2; beta in terms of kappa
    kappa = L / mu
    # the swing band (1 - sqrt(beta))^2 < lr lam < (1 + sqrt(beta))^2 is [lr mu, lr L]
    np.testing.assert_allclose(lr * mu, (1 - np.sqrt(beta)) ** 2)
    np.testing.assert_allclose(lr * L, (1 + np.sqrt(beta)) ** 2)
    np.testing.assert_allclose(lr, (2 / (np.sqrt(mu) + np.sqrt(L))) ** 2)
    np.testing.assert_allclose(beta, ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2)
    np.testing.assert_allclose(mt.heavy_ball_rate(kappa), np.sqrt(beta))
    np.testing.assert_allclose(mt.rate(lr, beta, [mu, L]), np.sqrt(beta), rtol=1e-6)
    np.testing.assert_allclose(mt.gd_rate(kappa), (kappa - 1) / (kappa + 1))
    np.testing.assert_allclose(
        mt.rate(mt.gd_optimal_lr(mu, L), 0.0, [mu, L], "gd"), mt.gd_rate(kappa)
    )


def test_optimal_parameters_beat_every_grid_point():
    mu, L = 1.0, 50.0
    lrs, betas = np.meshgrid(np.linspace(0.001, 0.2, 120), np.linspace(0.0, 0.99, 100))
    best = mt.rate(lrs, betas, np.linspace(mu, L, 7)).min()
    assert mt.heavy_ball_rate(L / mu) <= best + 1e-6


@pytest.mark.parametrize("method", mt.METHODS)
def test_spectral_radius_matches_the_eigenvalues_of_the_iteration_matrix(method):
    rng = np.random.default_rng(0)
    for _ in range(50):
        lr, beta, lam = rng.uniform(0.01, 1), rng.uniform(0, 0.99), rng.uniform(-1, 10)
        R = iteration_matrix(lr, beta, lam, method)
        np.testing.assert_allclose(
            mt.spectral_radius(lr, beta, lam, method),
            np.abs(np.linalg.eigvals(R)).max(),
            rtol=1e-7,
        )


@pytest.mark.parametrize("method", mt.METHODS)
def test_the_iteration_matrix_of_the_docstring_reproduces_the_optimizer(method):
    lam, lr, beta = 3.0, 0.2, 0.7
    traj = optimizers.run(
        method,
        lambda x: lam * x,
        np.array([1.0]),
        20,
        lr=lr,
        **({} if method == "gd" else {"beta": beta}),
    )
    R = iteration_matrix(lr, beta, lam, method)
    state = np.array([0.0, 1.0])
    for k in range(1, 21):
        state = R @ state
        np.testing.assert_allclose(traj[k, 0], state[1], rtol=1e-10, atol=1e-14)


def test_stability_region_is_where_the_radius_is_below_one():
    rng = np.random.default_rng(1)
    lr, beta = rng.uniform(0.001, 3, 4000), rng.uniform(0, 0.999, 4000)
    lam = 1.7
    rho = mt.spectral_radius(lr, beta, lam)
    h = lr * lam
    away = np.abs(h - 2 * (1 + beta)) > 1e-3  # stay off the boundary itself
    np.testing.assert_array_equal((rho < 1)[away], (lr < mt.max_stable_lr(beta, lam))[away])
    np.testing.assert_allclose(mt.max_stable_lr(0.5, 4.0), 0.75)
    np.testing.assert_allclose(mt.max_stable_lr(0.0, 4.0), 0.5)


@pytest.mark.parametrize("kappa", [4.0, 30.0, 300.0])
def test_measured_rates_match_theory(kappa):
    s = landscapes.quadratic(kappa, angle=0.4)
    gd = optimizers.run("gd", s.grad, s.start, 600, lr=mt.gd_optimal_lr(1.0, kappa))
    np.testing.assert_allclose(mt.empirical_rate(gd), mt.gd_rate(kappa), rtol=1e-4)
    lr, beta = mt.optimal_momentum(1.0, kappa)
    hb = optimizers.run("momentum", s.grad, s.start, 6000, lr=lr, beta=beta)
    # at the optimum the iteration matrix is defective: error ~ k rate^k, so the measured
    # rate approaches the theory from above as the window grows
    measured = mt.empirical_rate(hb)
    assert mt.heavy_ball_rate(kappa) <= measured < mt.heavy_ball_rate(kappa) * 1.005


@pytest.mark.parametrize("method", mt.METHODS)
def test_measured_rate_matches_spectral_radius_at_generic_points(method):
    s = landscapes.quadratic(20.0, angle=1.0)
    lr, beta = 0.06, 0.6
    hp = {} if method == "gd" else {"beta": beta}
    traj = optimizers.run(method, s.grad, s.start, 3000, lr=lr, **hp)
    np.testing.assert_allclose(
        mt.empirical_rate(traj), mt.rate(lr, beta, [1.0, 20.0], method), rtol=2e-3
    )


def test_empirical_rate_of_a_diverging_run_is_above_one():
    s = landscapes.quadratic(10.0)
    traj = optimizers.run("momentum", s.grad, s.start, 400, lr=0.5, beta=0.9)
    assert optimizers.diverged_at(traj) is not None
    expected = mt.rate(0.5, 0.9, [1.0, 10.0])
    np.testing.assert_allclose(mt.empirical_rate(traj), expected, rtol=1e-2)
    assert np.isnan(mt.empirical_rate(np.ones((2, 2))))


def test_validation():
    with pytest.raises(ValueError, match="lam_max must be >= lam_min"):
        mt.optimal_momentum(5.0, 1.0)
    with pytest.raises(ValueError, match="kappa"):
        mt.heavy_ball_rate(0.5)
    with pytest.raises(ValueError, match="method"):
        mt.spectral_radius(0.1, 0.5, 1.0, "adam")
    with pytest.raises(ValueError, match="beta"):
        mt.spectral_radius(0.1, 1.0, 1.0)
    with pytest.raises(ValueError, match="tail"):
        mt.empirical_rate(np.ones((5, 2)), tail=0)
    with pytest.raises(ValueError, match="lam_max"):
        mt.max_stable_lr(0.5, 0.0)
    with pytest.raises(ValueError, match="method"):
        mt.max_stable_lr(0.5, 1.0, "adam")
    with pytest.raises(ValueError, match="beta"):
        mt.regime(0.1, 1.0, 1.0)


@pytest.mark.parametrize("method", mt.METHODS)
def test_max_stable_lr_is_where_the_radius_crosses_one(method):
    for beta in (0.0, 0.5, 0.9):
        edge = mt.max_stable_lr(beta, 25.0, method)
        assert mt.spectral_radius(0.99 * edge, beta, 25.0, method) < 1
        assert mt.spectral_radius(1.01 * edge, beta, 25.0, method) > 1
    np.testing.assert_allclose(
        mt.max_stable_lr(np.array([0.0, 0.9]), 100.0, "nesterov"), [0.02, 3.8 / 2.8 / 100]
    )


def test_regimes_follow_the_roots_of_the_characteristic_polynomial():
    beta, lam = 0.81, 1.0  # sqrt(beta) = 0.9: swings for 0.01 < h < 3.61, diverges beyond 3.62
    h = np.array([0.005, 0.02, 1.0, 3.6, 3.615, 3.7])
    expected = ["creeps", "swings", "swings", "swings", "zig-zags", "diverges"]
    assert list(mt.regime(h, beta, lam)) == expected
    assert mt.regime(0.1, beta, -1.0) == "diverges"  # negative curvature: away from the saddle
    assert mt.regime(0.5, 0.0, 1.0) == "creeps" and mt.regime(1.5, 0.0, 1.0) == "zig-zags"
    # the regime is what a run does: a zig-zag changes sign at every step, a creep never
    for h_one, name in ((0.005, "creeps"), (3.615, "zig-zags")):
        traj = optimizers.run(
            "momentum", lambda x: lam * x, np.array([1.0]), 200, lr=h_one, beta=beta
        )
        flips = np.sum(np.diff(np.sign(traj[100:, 0])) != 0)
        assert (flips == 100) if name == "zig-zags" else (flips == 0)
    # in the swing band the error shrinks by sqrt(beta) per step
    np.testing.assert_allclose(mt.spectral_radius(1.0, beta, lam), 0.9)
