import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils.geometry import landscapes
from course_utils.nn.gradcheck import numerical_gradient, rel_error

NAMES = ("bowl", "quadratic", "rosenbrock", "beale", "himmelblau", "saddle", "monkey_saddle")
SURFACES = [getattr(landscapes, name)() for name in NAMES] + [
    landscapes.quadratic(kappa=50.0, angle=0.7),
    landscapes.rosenbrock(a=-0.5, b=10.0),
]
IDS = [s.name for s in SURFACES[:-2]] + ["quadratic_rotated", "rosenbrock_shifted"]
unit = st.floats(0.0, 1.0)


def point_in_window(s, u, v):
    return np.array([s.xlim[0] + u * np.ptp(s.xlim), s.ylim[0] + v * np.ptp(s.ylim)])


def assert_close_fd(analytic, numeric, scale):
    # centred differences: relative error <= 1e-7, up to rounding of order 1e-16 |f| / h
    err = np.linalg.norm(analytic - numeric)
    assert err <= 1e-7 * (np.linalg.norm(analytic) + np.linalg.norm(numeric)) + 1e-9 * scale


@pytest.mark.parametrize("s", SURFACES, ids=IDS)
@settings(max_examples=40, deadline=None)
@given(u=unit, v=unit)
def test_gradient_matches_finite_differences(s, u, v):
    p = point_in_window(s, u, v)
    assert_close_fd(s.grad(p), numerical_gradient(s.f, p), 1 + abs(s.f(p)))


@pytest.mark.parametrize("s", SURFACES, ids=IDS)
@settings(max_examples=40, deadline=None)
@given(u=unit, v=unit)
def test_hessian_matches_finite_differences_of_gradient(s, u, v):
    p = point_in_window(s, u, v)
    numeric = np.array([numerical_gradient(lambda q, k=k: s.grad(q)[k], p) for k in range(2)])
    H = s.hess(p)
    np.testing.assert_array_equal(H, H.T)
    assert_close_fd(H, numeric, 1 + np.linalg.norm(s.grad(p)))


@pytest.mark.parametrize("s", SURFACES, ids=IDS)
def test_gradient_rel_error_at_random_points(s):
    rng = np.random.default_rng(0)
    for u, v in rng.uniform(0.05, 0.95, size=(20, 2)):
        p = point_in_window(s, u, v)
        if np.linalg.norm(s.grad(p)) > 1e-3:
            assert rel_error(s.grad(p), numerical_gradient(s.f, p)) <= 1e-7


@pytest.mark.parametrize("s", SURFACES, ids=IDS)
def test_known_minima_are_strict_minima(s):
    for m in s.minima:
        np.testing.assert_allclose(s.grad(m), 0.0, atol=1e-10)
        assert np.all(np.linalg.eigvalsh(s.hess(m)) > 0)


def test_minima_values():
    assert landscapes.rosenbrock(a=2.0).minima == ((2.0, 4.0),)
    assert landscapes.beale().f((3.0, 0.5)) == 0.0
    assert len(set(landscapes.himmelblau().minima)) == 4
    for m in landscapes.himmelblau().minima:
        assert landscapes.himmelblau().f(m) < 1e-20
    assert landscapes.saddle().minima == () and landscapes.monkey_saddle().minima == ()


@pytest.mark.parametrize("s", SURFACES, ids=IDS)
def test_vectorized_shapes_agree_with_points(s):
    rng = np.random.default_rng(1)
    P = np.stack([rng.uniform(*s.xlim, (3, 4)), rng.uniform(*s.ylim, (3, 4))], axis=-1)
    F, G, Hs = s.f(P), s.grad(P), s.hess(P)
    assert F.shape == (3, 4) and G.shape == (3, 4, 2) and Hs.shape == (3, 4, 2, 2)
    for i in range(3):
        for j in range(4):
            np.testing.assert_allclose(F[i, j], s.f(P[i, j]), rtol=1e-14)
            np.testing.assert_allclose(G[i, j], s.grad(P[i, j]), rtol=1e-14)
            np.testing.assert_allclose(Hs[i, j], s.hess(P[i, j]), rtol=1e-14)
    traj = P[0]
    assert s.f(traj).shape == (4,) and s.grad(traj).shape == (4, 2)
    assert s.hess(traj).shape == (4, 2, 2)
    assert isinstance(s.f(P[0, 0]), float)


def test_inputs_are_not_modified_and_lists_work():
    P = np.array([[1.0, 2.0], [0.5, -1.0]])
    before = P.copy()
    s = landscapes.rosenbrock()
    s.f(P), s.grad(P), s.hess(P), s.grid(5)
    np.testing.assert_array_equal(P, before)
    np.testing.assert_allclose(s.grad([1.0, 1.0]), [0.0, 0.0])


@settings(max_examples=30, deadline=None)
@given(kappa=st.floats(1.0, 1e4), angle=st.floats(-np.pi, np.pi))
def test_quadratic_eigenvalues_are_one_and_kappa(kappa, angle):
    s = landscapes.quadratic(kappa=kappa, angle=angle)
    np.testing.assert_allclose(np.linalg.eigvalsh(s.A), [1.0, kappa], rtol=1e-10)
    np.testing.assert_allclose(s.hess(s.start), s.A)
    p = np.array([0.3, -1.2])
    np.testing.assert_allclose(s.f(p), 0.5 * p @ s.A @ p, rtol=1e-12)
    with pytest.raises(ValueError):
        s.A[0, 0] = 5.0


def test_quadratic_start_is_rotated_with_the_axes():
    s0, s1 = landscapes.quadratic(angle=0.0), landscapes.quadratic(angle=np.pi / 2)
    assert s0.start == (-1.5, 1.0)
    np.testing.assert_allclose(s1.start, (-1.0, -1.5), atol=1e-12)
    np.testing.assert_allclose(s0.f(s0.start), s1.f(s1.start))


def test_grid_shapes_and_values():
    s = landscapes.himmelblau()
    Xg, Yg, Zg = s.grid(n=11)
    assert Xg.shape == Yg.shape == Zg.shape == (11, 11)
    assert Xg[0, 0] == s.xlim[0] and Xg[0, -1] == s.xlim[1]
    assert Yg[0, 0] == s.ylim[0] and Yg[-1, 0] == s.ylim[1]
    np.testing.assert_allclose(Zg[3, 7], s.f([Xg[3, 7], Yg[3, 7]]))
    assert s.grid()[0].shape == (201, 201)


@pytest.mark.parametrize("s", SURFACES, ids=IDS)
def test_far_away_points_give_inf_or_nan_quietly(s):
    P = np.array([[1e200, 1e200], [-1e200, 1e200], [1e300, -1e300], [np.nan, np.nan]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        F, G, H = s.f(P), s.grad(P), s.hess(P)
        G_points = np.array([s.grad(p) for p in P])  # one point at a time, as optimizers.run
    assert np.isnan(F[-1]) and np.all(np.isnan(G[-1])) and np.all(np.isnan(H[-1]))
    assert not np.all(np.isfinite(F[:-1]))
    np.testing.assert_array_equal(G_points, G)


@pytest.mark.parametrize("s", SURFACES, ids=IDS)
def test_gradient_of_one_point_is_its_row_of_a_batch_exactly(s):
    P = np.random.default_rng(0).uniform(-2, 2, size=(10, 2))
    G = s.grad(P)
    for p, g in zip(P, G, strict=True):
        np.testing.assert_array_equal(s.grad(p), g)
        np.testing.assert_array_equal(s.grad(list(p)), g)


def test_start_and_windows_are_sensible():
    for s in SURFACES:
        assert s.xlim[0] < s.start[0] < s.xlim[1] and s.ylim[0] < s.start[1] < s.ylim[1]
        for m in s.minima:
            assert s.xlim[0] < m[0] < s.xlim[1] and s.ylim[0] < m[1] < s.ylim[1]
        assert isinstance(s.latex, str) and s.latex.startswith("f(")


def test_surfaces_compare_and_print_by_their_description():
    assert landscapes.bowl() == landscapes.bowl()
    assert landscapes.quadratic(kappa=2.0) != landscapes.quadratic(kappa=3.0)
    assert "rosenbrock" in repr(landscapes.rosenbrock())
    with pytest.raises(AttributeError):
        landscapes.bowl().name = "other"


@pytest.mark.parametrize("P", [np.zeros(3), np.zeros((4, 3)), 1.0, np.zeros((2, 1))])
def test_bad_point_shape(P):
    s = landscapes.bowl()
    for method in (s.f, s.grad, s.hess):
        with pytest.raises(ValueError, match=r"P must have shape \(\.\.\., 2\)"):
            method(P)


def test_bad_point_type():
    with pytest.raises(TypeError, match="P"):
        landscapes.bowl().f("origin")


def test_bad_constructor_arguments():
    with pytest.raises(ValueError, match="kappa"):
        landscapes.quadratic(kappa=0.5)
    with pytest.raises(ValueError, match="kappa"):
        landscapes.quadratic(kappa=-1.0)
    with pytest.raises(ValueError, match="angle"):
        landscapes.quadratic(angle=np.inf)
    with pytest.raises(ValueError, match="angle"):
        landscapes.quadratic(angle=[0.0, 1.0])
    with pytest.raises(ValueError, match="b"):
        landscapes.rosenbrock(b=0.0)
    with pytest.raises(ValueError, match="a"):
        landscapes.rosenbrock(a=np.nan)
    with pytest.raises(ValueError, match="n"):
        landscapes.bowl().grid(n=1)
    with pytest.raises(TypeError, match="n"):
        landscapes.bowl().grid(n=10.5)


@pytest.mark.parametrize(
    ("kappa", "shown"), [(10**1.1, "12.59"), (1000.0, "1000"), (10.0, "10"), (12346.0, "12350")]
)
def test_quadratic_title_shows_kappa_with_four_digits(kappa, shown):
    assert rf"\kappa = {shown}," in landscapes.quadratic(kappa=kappa).latex


DOUBLE_WELLS = [landscapes.double_well(), landscapes.double_well(20.0, -0.5, angle=np.pi / 4)]


@pytest.mark.parametrize("s", DOUBLE_WELLS, ids=["aligned", "rotated"])
def test_double_well_gradient_and_hessian_match_finite_differences(s):
    rng = np.random.default_rng(1)
    for u, v in rng.uniform(0.0, 1.0, size=(20, 2)):
        p = point_in_window(s, u, v)
        assert_close_fd(s.grad(p), numerical_gradient(s.f, p), 1 + abs(s.f(p)))
        numeric = np.array([numerical_gradient(lambda q, k=k: s.grad(q)[k], p) for k in range(2)])
        H = s.hess(p)
        np.testing.assert_array_equal(H, H.T)
        assert_close_fd(H, numeric, 1 + np.linalg.norm(s.grad(p)))


@pytest.mark.parametrize("s", DOUBLE_WELLS, ids=["aligned", "rotated"])
def test_double_well_has_its_saddle_minima_and_start(s):
    np.testing.assert_allclose(s.grad(np.zeros(2)), 0.0, atol=1e-15)
    lam = np.linalg.eigvalsh(s.hess(np.zeros(2)))
    expected = [-1.0, 10.0] if s is DOUBLE_WELLS[0] else [-0.5, 20.0]
    np.testing.assert_allclose(lam, expected, rtol=1e-12)
    assert len(s.minima) == 2
    for m in s.minima:
        np.testing.assert_allclose(s.grad(m), 0.0, atol=1e-12)
        assert s.f(m) == pytest.approx(0.0, abs=1e-15)
        assert np.all(np.linalg.eigvalsh(s.hess(m)) > 0)
        assert np.linalg.norm(m) == pytest.approx(1.0)
    # the start is 1e-3 from the stable manifold (the rotated u axis), 1.5 along it
    start = np.array(s.start)
    assert np.linalg.norm(start) == pytest.approx(np.hypot(1.5, 1e-3))
    assert s.latex.startswith("f(")


def test_double_well_default_is_written_out():
    s = landscapes.double_well()
    assert s.latex == r"f(x, y) = 5\,x^2 + 0.25\,(y^2 - 1)^2"
    assert s.start == (-1.5, 1e-3) and s.minima == ((0.0, 1.0), (0.0, -1.0))
    assert s.f(np.array([0.0, 0.0])) == pytest.approx(0.25)  # the saddle's value |lam_min| / 4


def test_double_well_rejects_bad_curvatures():
    with pytest.raises(ValueError, match="lam_min must be < 0"):
        landscapes.double_well(lam_min=1.0)
    with pytest.raises(ValueError, match="lam_max"):
        landscapes.double_well(lam_max=-1.0)
    with pytest.raises(ValueError, match="angle"):
        landscapes.double_well(angle=np.nan)


def test_quadratic_title_names_the_angle_phi_in_degrees():
    latex = landscapes.quadratic(kappa=20.0, angle=np.pi / 6).latex
    assert r"\varphi = 30^\circ" in latex and r"\theta =" not in latex
