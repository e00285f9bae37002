import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.geometry import netlandscape
from course_utils.nn import network

D, H, C, N = 2, 3, 1, 5


def make_data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((N, D)), rng.standard_normal((N, C))


def make_params(seed=1, scale=0.5):
    rng = np.random.default_rng(seed)
    return {
        "W1": scale * rng.standard_normal((D, H)),
        "b1": scale * rng.standard_normal(H),
        "W2": scale * rng.standard_normal((H, C)),
        "b2": scale * rng.standard_normal(C),
    }


def forward(params, X, act="tanh"):
    return network.forward(params, X, act)[0]


def mse(params, X, Y, act="tanh"):
    return network.loss_and_grads(params, X, Y, act)[0]


def test_interpolation_endpoints_and_line():
    X, Y = make_data()
    a, b = make_params(1), make_params(2)
    alphas = np.linspace(-0.5, 1.5, 9)
    losses = netlandscape.interpolate(lambda p: mse(p, X, Y), a, b, alphas)
    assert losses.shape == (9,)
    assert losses[2] == mse(a, X, Y) and losses[6] == mse(b, X, Y)
    mid = {k: 0.5 * a[k] + 0.5 * b[k] for k in a}
    np.testing.assert_allclose(losses[4], mse(mid, X, Y))


def test_random_direction_filter_normalization():
    params = make_params()
    d = netlandscape.random_direction(params, np.random.default_rng(0))
    assert set(d) == set(params)
    for k in ("W1", "W2"):
        assert d[k].shape == params[k].shape
        np.testing.assert_allclose(
            np.linalg.norm(d[k], axis=0), np.linalg.norm(params[k], axis=0), rtol=1e-12
        )
        assert not np.allclose(d[k], params[k])
    np.testing.assert_array_equal(d["b1"], 0.0)
    np.testing.assert_array_equal(d["b2"], 0.0)


def test_random_direction_layer_and_none():
    params, rng = make_params(), np.random.default_rng(0)
    d = netlandscape.random_direction(params, rng, normalization="layer")
    np.testing.assert_allclose(np.linalg.norm(d["W1"]), np.linalg.norm(params["W1"]))
    np.testing.assert_array_equal(d["b1"], 0.0)
    raw = netlandscape.random_direction(params, np.random.default_rng(3), normalization="none")
    ref = np.random.default_rng(3)
    expected = {k: ref.standard_normal(params[k].shape) for k in sorted(params)}
    for k in params:
        np.testing.assert_array_equal(raw[k], expected[k])


def test_random_direction_is_reproducible_and_zero_filters_stay_zero():
    params = make_params()
    params["W1"][:, 0] = 0.0
    d1 = netlandscape.random_direction(params, np.random.default_rng(5))
    d2 = netlandscape.random_direction(params, np.random.default_rng(5))
    np.testing.assert_array_equal(d1["W2"], d2["W2"])
    np.testing.assert_array_equal(d1["W1"][:, 0], 0.0)


def test_filter_normalized_slice_is_invariant_to_relu_rescaling():
    X, Y = make_data()

    def loss(p):
        return mse(p, X, Y, "relu")

    params = make_params()
    scaled = netlandscape.rescale_relu_layer(params, 10.0)
    assert loss(scaled) == pytest.approx(loss(params), rel=1e-12)
    ab = np.linspace(-1, 1, 5)
    slices = {}
    for norm in ("filter", "none"):
        zs = []
        for p in (params, scaled):
            d1 = netlandscape.random_direction(p, np.random.default_rng(0), norm)
            d2 = netlandscape.random_direction(p, np.random.default_rng(1), norm)
            zs.append(netlandscape.slice_2d(loss, p, d1, d2, ab, ab))
        slices[norm] = zs
    np.testing.assert_allclose(*slices["filter"], rtol=1e-10)
    assert not np.allclose(*slices["none"], rtol=1e-2)


def test_slice_2d_shape_and_orientation():
    params = {"w": np.array([1.0, 2.0])}
    d1, d2 = {"w": np.array([1.0, 0.0])}, {"w": np.array([0.0, 1.0])}
    alphas, betas = np.array([0.0, 1.0, 2.0]), np.array([-1.0, 0.5])
    Z = netlandscape.slice_2d(lambda p: p["w"][0] + 10 * p["w"][1], params, d1, d2, alphas, betas)
    assert Z.shape == (2, 3)
    np.testing.assert_allclose(Z, 1 + alphas[None, :] + 10 * (2 + betas[:, None]))


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), c=st.floats(0.01, 100.0))
def test_permute_and_rescale_leave_the_network_function_unchanged(seed, c):
    X, _ = make_data(seed)
    params = make_params(seed)
    perm = np.random.default_rng(seed).permutation(H)
    permuted = netlandscape.permute_hidden(params, perm)
    np.testing.assert_allclose(forward(permuted, X), forward(params, X), rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(permuted["W1"], params["W1"][:, perm])
    scaled = netlandscape.rescale_relu_layer(params, c)
    np.testing.assert_allclose(
        forward(scaled, X, "relu"), forward(params, X, "relu"), rtol=1e-10, atol=1e-12
    )


def test_symmetries_do_not_modify_inputs():
    params = make_params()
    before = {k: v.copy() for k, v in params.items()}
    netlandscape.permute_hidden(params, [2, 0, 1])
    netlandscape.rescale_relu_layer(params, 3.0)
    netlandscape.random_direction(params, np.random.default_rng(0))
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])


def test_trajectory_pca_of_a_straight_line():
    rng = np.random.default_rng(0)
    start, direction = rng.standard_normal(6), rng.standard_normal(6)
    traj = start + np.linspace(0, 3, 20)[:, None] * direction
    pca = netlandscape.trajectory_pca(traj)
    np.testing.assert_allclose(pca.explained_variance_ratio, [1.0, 0.0], atol=1e-12)
    unit = direction / np.linalg.norm(direction)
    np.testing.assert_allclose(pca.components[0], unit, atol=1e-12)  # sign: runs towards +
    assert pca.coords.shape == (20, 2) and pca.components.shape == (2, 6)
    np.testing.assert_allclose(pca.mean, traj.mean(0))
    np.testing.assert_allclose(pca.coords[:, 1], 0.0, atol=1e-12)
    assert pca.coords[-1, 0] > pca.coords[0, 0]


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_trajectory_pca_properties(seed):
    traj = np.cumsum(np.random.default_rng(seed).standard_normal((15, 5)), axis=0)
    pca = netlandscape.trajectory_pca(traj)
    np.testing.assert_allclose(pca.components @ pca.components.T, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(pca.coords, (traj - pca.mean) @ pca.components.T, atol=1e-12)
    assert 0 <= pca.explained_variance_ratio[1] <= pca.explained_variance_ratio[0] <= 1
    assert np.all(pca.coords[-1] >= pca.coords[0] - 1e-12)


def test_trajectory_pca_of_a_constant_trajectory():
    pca = netlandscape.trajectory_pca(np.ones((4, 3)))
    np.testing.assert_array_equal(pca.explained_variance_ratio, [0.0, 0.0])
    np.testing.assert_array_equal(pca.coords, 0.0)


def test_errors_for_mismatched_keys_and_shapes():
    p = make_params()

    def loss(q):
        return 0.0

    bad_keys = {k: v for k, v in p.items() if k != "b2"}
    with pytest.raises(ValueError, match="params_b"):
        netlandscape.interpolate(loss, p, bad_keys, [0.0, 1.0])
    bad_shape = {**p, "W1": np.zeros((D + 1, H))}
    with pytest.raises(ValueError, match=r"params_b\['W1'\]"):
        netlandscape.interpolate(loss, p, bad_shape, [0.0, 1.0])
    with pytest.raises(ValueError, match="d1"):
        netlandscape.slice_2d(loss, p, bad_keys, p, [0.0], [0.0])
    with pytest.raises(ValueError, match=r"d2\['W1'\]"):
        netlandscape.slice_2d(loss, p, p, bad_shape, [0.0], [0.0])
    with pytest.raises(ValueError, match="alphas"):
        netlandscape.interpolate(loss, p, p, [[0.0]])
    with pytest.raises(ValueError, match="betas"):
        netlandscape.slice_2d(loss, p, p, p, [0.0], 0.0)


def test_errors_for_bad_arguments():
    p = make_params()
    with pytest.raises(TypeError, match="loss_fn"):
        netlandscape.interpolate("mse", p, p, [0.0])
    with pytest.raises(TypeError, match="loss_fn"):
        netlandscape.slice_2d(None, p, p, p, [0.0], [0.0])
    with pytest.raises(TypeError, match="rng"):
        netlandscape.random_direction(p, 0)
    with pytest.raises(ValueError, match="normalization"):
        netlandscape.random_direction(p, np.random.default_rng(0), normalization="Filter")


def test_errors_for_symmetry_arguments():
    p = make_params()
    with pytest.raises(ValueError, match="perm"):
        netlandscape.permute_hidden(p, [0, 0, 1])
    with pytest.raises(ValueError, match="perm"):
        netlandscape.permute_hidden(p, [0, 1])
    with pytest.raises(ValueError, match="perm"):
        netlandscape.permute_hidden(p, [0.5, 1, 2])
    with pytest.raises(ValueError, match="c"):
        netlandscape.rescale_relu_layer(p, -1.0)
    with pytest.raises(ValueError, match="missing"):
        netlandscape.rescale_relu_layer({"W1": p["W1"]}, 2.0)
    with pytest.raises(ValueError, match=r"params\['b1'\]"):
        netlandscape.permute_hidden({**p, "b1": np.zeros(H + 1)}, [0, 1, 2])
    with pytest.raises(ValueError, match=r"params\['W2'\]"):
        netlandscape.permute_hidden({**p, "W2": np.zeros((H + 1, C))}, [0, 1, 2])


def test_errors_for_trajectory_pca():
    with pytest.raises(ValueError, match="traj"):
        netlandscape.trajectory_pca(np.zeros((1, 3)))
    with pytest.raises(ValueError, match="traj"):
        netlandscape.trajectory_pca(np.zeros(5))
