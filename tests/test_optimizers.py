import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.optim import optimizers, schedules


def quad_grad(x):
    """Gradient of (x - 3)^2, the course's 1-D example."""
    return 2.0 * (x - 3.0)


def test_gd_first_steps_by_hand():
    # x1 = 0 - 0.1 * 2(0 - 3) = 0.6; x2 = 0.6 - 0.1 * 2(0.6 - 3) = 1.08
    traj = optimizers.run("gd", quad_grad, 0.0, 2, lr=0.1)
    np.testing.assert_allclose(traj.ravel(), [0.0, 0.6, 1.08])


def test_momentum_heavy_ball_by_hand():
    # g0 = -6, v1 = -6, x1 = 0.6; g1 = -4.8, v2 = 0.9 * -6 - 4.8 = -10.2, x2 = 0.6 + 1.02
    traj = optimizers.run("momentum", quad_grad, 0.0, 2, lr=0.1, beta=0.9)
    np.testing.assert_allclose(traj.ravel(), [0.0, 0.6, 1.62])


def test_momentum_ema_by_hand():
    # v1 = 0.1 * -6 = -0.6, x1 = 0.06; g1 = -5.88, v2 = -0.54 - 0.588 = -1.128, x2 = 0.1728
    traj = optimizers.run("momentum_ema", quad_grad, 0.0, 2, lr=0.1, beta=0.9)
    np.testing.assert_allclose(traj.ravel(), [0.0, 0.06, 0.1728])


def test_momentum_velocity_by_hand():
    # v1 = -0.1 * -6 = 0.6, x1 = 0.6; g1 = -4.8, v2 = 0.54 + 0.48 = 1.02, x2 = 1.62
    traj = optimizers.run("momentum_velocity", quad_grad, 0.0, 2, lr=0.1, beta=0.9)
    np.testing.assert_allclose(traj.ravel(), [0.0, 0.6, 1.62])


def test_nesterov_pytorch_form_by_hand():
    # v1 = -6, step g + beta v = -6 - 5.4 = -11.4, x1 = 1.14
    # g1 = -3.72, v2 = -5.4 - 3.72 = -9.12, step = -3.72 - 8.208 = -11.928, x2 = 2.3328
    traj = optimizers.run("nesterov", quad_grad, 0.0, 2, lr=0.1, beta=0.9)
    np.testing.assert_allclose(traj.ravel(), [0.0, 1.14, 2.3328])


def test_adagrad_by_hand():
    # s1 = 36, x1 = 0 + 0.1 * 6 / 6 = 0.1; g1 = -5.8, s2 = 36 + 33.64, x2 = 0.1 + 0.58/sqrt(69.64)
    traj = optimizers.run("adagrad", quad_grad, 0.0, 2, lr=0.1, eps=0.0)
    np.testing.assert_allclose(traj.ravel(), [0.0, 0.1, 0.1 + 0.58 / math.sqrt(69.64)])


def test_rmsprop_by_hand_eps_outside_root():
    # s1 = 0.1 * 36 = 3.6; x1 = 0.1 * 6 / (sqrt(3.6) + 1)
    traj = optimizers.run("rmsprop", quad_grad, 0.0, 1, lr=0.1, beta=0.9, eps=1.0)
    np.testing.assert_allclose(traj[1, 0], 0.6 / (math.sqrt(3.6) + 1.0))


def test_adam_first_step_is_lr_in_size_with_bias_correction():
    # Kingma & Ba Alg. 1: m_hat_1 = g, v_hat_1 = g^2, so the first step is lr * sign(g).
    for scale in (1e-6, 1.0, 1e6):
        traj = optimizers.run(
            "adam", lambda x, s=scale: s * np.array([1.0, -2.0]), [0.0, 0.0], 1, lr=0.01, eps=0.0
        )
        np.testing.assert_allclose(traj[1], [-0.01, 0.01])


def test_adam_two_steps_by_hand():
    g = quad_grad
    b1, b2, lr, eps = 0.9, 0.999, 0.1, 1e-8
    x, m, v = 0.0, 0.0, 0.0
    expected = [x]
    for t in (1, 2):
        gt = g(x)
        m = b1 * m + (1 - b1) * gt
        v = b2 * v + (1 - b2) * gt * gt
        x = x - lr * (m / (1 - b1**t)) / (math.sqrt(v / (1 - b2**t)) + eps)
        expected.append(x)
    traj = optimizers.run("adam", g, 0.0, 2, lr=lr, beta1=b1, beta2=b2, eps=eps)
    np.testing.assert_allclose(traj.ravel(), expected)


def test_adam_without_bias_correction_first_step():
    # m1 = 0.1 g, v1 = 0.001 g^2: step = lr * 0.1 / sqrt(0.001) = lr * 3.162... (not lr)
    traj = optimizers.run("adam", quad_grad, 0.0, 1, lr=0.1, eps=0.0, bias_correction=False)
    np.testing.assert_allclose(traj[1, 0], 0.1 * 0.1 / math.sqrt(0.001))


def test_adamw_decoupled_decay_by_hand():
    # first Adam step is -lr*sign(g); decay subtracts wd * x0 (eta = 1 at constant lr)
    traj = optimizers.run(
        "adamw", lambda x: np.array([1.0]), [2.0], 1, lr=0.1, weight_decay=0.5, eps=0.0
    )
    np.testing.assert_allclose(traj[1], [2.0 - 0.1 - 0.5 * 2.0])


def test_adam_l2_weight_decay_enters_gradient():
    # L2: g = 1 + 0.5 * 2 = 2 > 0, so the first step is still -lr (size lr, sign of g)
    traj = optimizers.run(
        "adam", lambda x: np.array([1.0]), [2.0], 1, lr=0.1, weight_decay=0.5, eps=0.0
    )
    np.testing.assert_allclose(traj[1], [1.9])
    traj = optimizers.run("gd", lambda x: np.array([1.0]), [2.0], 1, lr=0.1, weight_decay=0.5)
    np.testing.assert_allclose(traj[1], [2.0 - 0.1 * 2.0])


def test_three_momentum_conventions_equal_at_constant_lr():
    A = np.diag([1.0, 10.0])
    grad = lambda x: A @ x  # noqa: E731
    x0 = [1.0, 1.0]
    lr, beta = 0.02, 0.9
    heavy = optimizers.run("momentum", grad, x0, 100, lr=lr, beta=beta)
    ema = optimizers.run("momentum_ema", grad, x0, 100, lr=lr / (1 - beta), beta=beta)
    velocity = optimizers.run("momentum_velocity", grad, x0, 100, lr=lr, beta=beta)
    np.testing.assert_allclose(ema, heavy, atol=1e-12)
    np.testing.assert_allclose(velocity, heavy, atol=1e-12)


def test_momentum_conventions_differ_under_a_schedule():
    A = np.diag([1.0, 10.0])
    grad = lambda x: A @ x  # noqa: E731
    x0 = [1.0, 1.0]
    beta = 0.9
    sched = schedules.step_decay(0.02, drop=0.1, every=10)
    heavy = optimizers.run("momentum", grad, x0, 40, lr=sched, beta=beta)
    velocity = optimizers.run("momentum_velocity", grad, x0, 40, lr=sched, beta=beta)
    # identical before the first drop, different after it
    np.testing.assert_allclose(velocity[:11], heavy[:11], atol=1e-12)
    assert np.max(np.abs(velocity[11:] - heavy[11:])) > 1e-3
    # heavy ball and EMA scale the whole velocity by lr_t, so they stay equal when rescaled
    ema = optimizers.run(
        "momentum_ema", grad, x0, 40, lr=schedules.step_decay(0.2, 0.1, 10), beta=beta
    )
    np.testing.assert_allclose(ema, heavy, atol=1e-12)


def test_schedule_is_used_per_step():
    traj = optimizers.run(
        "gd", lambda x: np.ones(1), [0.0], 3, lr=schedules.step_decay(1.0, 0.5, 1)
    )
    np.testing.assert_allclose(traj.ravel(), [0.0, -1.0, -1.5, -1.75])


def test_divergence_gives_nan_rows_without_warning():
    traj = optimizers.run("gd", quad_grad, 0.0, 2000, lr=1.5)  # lr > 2/L = 1
    k = optimizers.diverged_at(traj)
    assert k is not None and 1 < k < 2000
    assert np.all(np.isnan(traj[k:])) and np.all(np.isfinite(traj[:k]))
    assert optimizers.diverged_at(optimizers.run("gd", quad_grad, 0.0, 10, lr=0.1)) is None


def test_overflowing_gradient_is_divergence_not_warning():
    grad = lambda x: np.exp(x)  # noqa: E731  overflows to inf
    traj = optimizers.run("gd", grad, [800.0], 3, lr=1.0)
    assert optimizers.diverged_at(traj) == 1


def test_step_on_param_dict_matches_arrays_and_is_pure():
    rng = np.random.default_rng(0)
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal(2)}
    grads = {"dW1": rng.standard_normal((3, 2)), "db1": rng.standard_normal(2)}
    before = {k: v.copy() for k, v in params.items()}
    for method in optimizers.METHODS:
        state = optimizers.init_state(method, params)
        new, state = optimizers.step(method, params, grads, state, lr=0.1)
        new, state = optimizers.step(method, new, grads, state, lr=0.1)
        for name in params:
            s = optimizers.init_state(method, params[name])
            x, s = optimizers.step(method, params[name], grads["d" + name], s, lr=0.1)
            x, s = optimizers.step(method, x, grads["d" + name], s, lr=0.1)
            np.testing.assert_allclose(new[name], x)
        assert state["t"] == 2
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])


def test_check_hyperparameters_fills_defaults_and_step_unchecked_matches_step():
    hp = optimizers.check_hyperparameters("adam", {"lr": 0.1})
    assert hp == {**optimizers.DEFAULTS["adam"], "lr": 0.1, "lr0": 0.1}
    with pytest.raises(ValueError, match="unknown hyperparameter 'beta'"):
        optimizers.check_hyperparameters("adam", {"beta": 0.9})
    rng = np.random.default_rng(1)
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal(2)}
    grads = {"dW1": rng.standard_normal((3, 2)), "db1": rng.standard_normal(2)}
    for method in optimizers.METHODS:
        hp = optimizers.check_hyperparameters(method, {"lr": 0.1})
        for p, g in ((params, grads), (params["W1"], grads["dW1"])):
            state = optimizers.init_state(method, p)
            expected, _ = optimizers.step(method, p, g, state, lr=0.1)
            got, new_state = optimizers.step_unchecked(method, p, g, state, hp)
            assert new_state["t"] == 1
            if isinstance(p, dict):
                expected, got = (
                    np.concatenate([expected["W1"].ravel(), expected["b1"]]),
                    np.concatenate([got["W1"].ravel(), got["b1"]]),
                )
            np.testing.assert_array_equal(got, expected)


@settings(max_examples=30, deadline=None)
@given(
    method=st.sampled_from(optimizers.METHODS),
    P=st.integers(1, 5),
    n_steps=st.integers(0, 20),
)
def test_run_shape_and_first_row(method, P, n_steps):
    x0 = np.linspace(-1, 1, P)
    traj = optimizers.run(method, lambda x: 2 * x, x0, n_steps, lr=0.01)
    assert traj.shape == (n_steps + 1, P)
    np.testing.assert_array_equal(traj[0], x0)


@settings(max_examples=30, deadline=None)
@given(scale=st.floats(1e-4, 1e4), method=st.sampled_from(["adam", "rmsprop", "adagrad"]))
def test_adaptive_methods_invariant_to_gradient_scale(scale, method):
    # with eps = 0, multiplying every gradient by a constant does not change the iterates
    A = np.diag([1.0, 20.0])
    base = optimizers.run(method, lambda x: A @ x, [1.0, 1.0], 15, lr=0.05, eps=0.0)
    scaled = optimizers.run(method, lambda x: scale * (A @ x), [1.0, 1.0], 15, lr=0.05, eps=0.0)
    np.testing.assert_allclose(scaled, base, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "sgdd"}, "method"),
        ({"lr": 0.0}, "lr"),
        ({"lr": -1.0}, "lr"),
        ({"lr": float("nan")}, "lr"),
        ({"lr": "fast"}, "lr"),
        ({"method": "momentum", "beta": 1.0}, "beta"),
        ({"method": "momentum", "beta": -0.1}, "beta"),
        ({"method": "adam", "beta1": 1.2}, "beta1"),
        ({"method": "adam", "beta2": 1.0}, "beta2"),
        ({"method": "adam", "eps": -1e-8}, "eps"),
        ({"method": "adam", "bias_correction": "yes"}, "bias_correction"),
        ({"method": "gd", "beta": 0.9}, "beta"),
        ({"n_steps": -1}, "n_steps"),
        ({"n_steps": 2.5}, "n_steps"),
        ({"x0": [[1.0, 2.0]]}, "x0"),
        ({"x0": [np.nan, 1.0]}, "x0"),
        ({"grad_fn": lambda x: np.zeros(3)}, "grad_fn"),
        ({"grad_fn": 3}, "grad_fn"),
        ({"weight_decay": -1.0}, "weight_decay"),
    ],
)
def test_run_bad_input(kwargs, match):
    args = {"method": "gd", "grad_fn": lambda x: x, "x0": [1.0, 2.0], "n_steps": 3}
    args.update(kwargs)
    hp = {k: args.pop(k) for k in list(args) if k not in ("method", "grad_fn", "x0", "n_steps")}
    with pytest.raises((ValueError, TypeError), match=match):
        optimizers.run(args["method"], args["grad_fn"], args["x0"], args["n_steps"], **hp)


def test_step_bad_input():
    params = {"W1": np.ones((2, 2))}
    state = optimizers.init_state("gd", params)
    with pytest.raises(ValueError, match="dW1"):
        optimizers.step("gd", params, {"W1": np.ones((2, 2))}, state, lr=0.1)
    with pytest.raises(ValueError, match="grads"):
        optimizers.step("gd", params, {"dW1": np.ones(3)}, state, lr=0.1)
    with pytest.raises(ValueError, match="grads"):
        optimizers.step(
            "gd", np.ones(2), np.ones(3), optimizers.init_state("gd", np.ones(2)), lr=0.1
        )
    with pytest.raises(ValueError, match="method"):
        optimizers.init_state("nope", params)


def test_diverged_at_bad_input():
    with pytest.raises(ValueError, match="traj"):
        optimizers.diverged_at(np.ones(3))
