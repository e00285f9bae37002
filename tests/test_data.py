import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_utils import data

GENERATORS = [
    lambda rng: data.linearly_separable(rng=rng),
    lambda rng: data.moons(rng=rng),
    lambda rng: data.circles(rng=rng),
    lambda rng: data.spirals(rng=rng),
    lambda rng: data.linear_regression(rng=rng),
    lambda rng: data.function_samples(rng=rng),
]


@pytest.mark.parametrize("make", GENERATORS)
def test_generators_are_reproducible_and_float64(make):
    first, second = make(np.random.default_rng(7)), make(np.random.default_rng(7))
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    X, y = first[0], first[1]
    assert X.dtype == np.float64 and X.ndim == 2 and y.shape == (len(X),)


@pytest.mark.parametrize("make", GENERATORS)
@pytest.mark.parametrize("bad_rng", [0, None, np.random.RandomState(0)])
def test_generators_reject_anything_but_a_generator(make, bad_rng):
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        make(bad_rng)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    N=st.integers(1, 300),
    fraction=st.floats(0.01, 0.999),
    radius=st.floats(0.1, 10.0),
)
def test_linearly_separable_has_the_promised_margin(seed, N, fraction, radius):
    margin = fraction * radius
    X, y, w_true = data.linearly_separable(
        N, margin, rng=np.random.default_rng(seed), radius=radius
    )
    assert X.shape == (N, 2) and y.dtype == np.int64 and set(np.unique(y)) <= {-1, 1}
    np.testing.assert_allclose(np.linalg.norm(w_true), 1.0)
    assert np.all(y * (X @ w_true) >= margin * (1 - 1e-12))
    assert np.all(np.linalg.norm(X, axis=1) <= radius * (1 + 1e-12))


def test_linearly_separable_returns_a_named_tuple_and_fills_the_allowed_region():
    out = data.linearly_separable(4000, 0.2, rng=np.random.default_rng(0))
    assert isinstance(out, data.SeparableData) and out.X is out[0]
    dist = out.y * (out.X @ out.w_true)
    # Both sides are used, and points reach both the edge of the band and of the disc.
    assert 0.4 < np.mean(out.y == 1) < 0.6
    assert dist.min() < 0.21 and np.linalg.norm(out.X, axis=1).max() > 0.99


@pytest.mark.parametrize(
    ("name", "truth"),
    [
        ("and", [0, 0, 0, 1]),
        ("or", [0, 1, 1, 1]),
        ("nand", [1, 1, 1, 0]),
        ("nor", [1, 0, 0, 0]),
        ("xor", [0, 1, 1, 0]),
    ],
)
def test_logic_gates(name, truth):
    X, y = data.logic_gate(name, signed=False)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, truth)
    X_signed, y_signed = data.logic_gate(name)
    assert X_signed.dtype == np.float64
    np.testing.assert_array_equal(y_signed, 2 * np.array(truth) - 1)


@settings(max_examples=30, deadline=None)
@given(N=st.integers(2, 301), noise=st.floats(0.0, 1.0), seed=st.integers(0, 1000))
def test_moons_and_circles_are_balanced(N, noise, seed):
    for make in (data.moons, data.circles):
        X, y = make(N, noise, rng=np.random.default_rng(seed))
        assert X.shape == (N, 2) and y.dtype == np.int64
        counts = np.bincount(y, minlength=2)
        assert counts.sum() == N and counts.max() - counts.min() <= 1


@settings(max_examples=30, deadline=None)
@given(C=st.integers(2, 6), extra=st.integers(0, 200), seed=st.integers(0, 1000))
def test_spirals_are_balanced_and_inside_the_unit_disc(C, extra, seed):
    X, y = data.spirals(C + extra, C, noise=0.3, rng=np.random.default_rng(seed))
    counts = np.bincount(y, minlength=C)
    assert len(counts) == C and counts.max() - counts.min() <= 1
    assert np.all(np.linalg.norm(X, axis=1) <= 1 + 1e-12)


def test_noise_free_shapes_lie_on_their_curves():
    rng = np.random.default_rng(0)
    X, y = data.moons(101, 0.0, rng=rng)
    centre = np.where(y[:, None] == 0, [0.0, 0.0], [1.0, 0.5])
    np.testing.assert_allclose(np.linalg.norm(X - centre, axis=1), 1.0)
    X, y = data.circles(100, 0.0, factor=0.3, rng=rng)
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), np.where(y == 0, 1.0, 0.3))
    X, y = data.spirals(300, 3, noise=0.0, rng=rng)
    radius, angle = np.linalg.norm(X, axis=1), np.arctan2(X[:, 0], X[:, 1])
    expected = np.mod(4 * (y + radius), 2 * np.pi)  # angle grows linearly with radius
    diff = np.angle(np.exp(1j * (angle - expected)))
    np.testing.assert_allclose(diff[radius > 0], 0.0, atol=1e-9)


def test_linear_regression_and_function_samples_without_noise():
    rng = np.random.default_rng(1)
    X, y = data.linear_regression(50, slope=-3.0, intercept=0.5, noise=0.0, rng=rng, x_range=(2, 5))
    assert X.shape == (50, 1) and np.all((X >= 2) & (X <= 5))
    np.testing.assert_allclose(y, -3.0 * X[:, 0] + 0.5)
    X, y = data.function_samples(40, noise=0.0, rng=rng)
    assert X.shape == (40, 1) and np.all(np.abs(X) <= 2)
    np.testing.assert_allclose(y, np.sin(3 * X[:, 0]) + 0.3 * X[:, 0] ** 2)


def test_noise_has_the_requested_size():
    rng = np.random.default_rng(2)
    X, y = data.linear_regression(20000, slope=1.0, noise=0.5, rng=rng)
    assert abs(np.std(y - X[:, 0]) - 0.5) < 0.01
    X, y = data.function_samples(20000, noise=0.2, rng=rng)
    assert abs(np.std(y - data.smooth_function(X[:, 0])) - 0.2) < 0.01


def test_smooth_function_values_and_shape():
    np.testing.assert_allclose(data.smooth_function(0.0), 0.0)
    np.testing.assert_allclose(data.smooth_function([np.pi / 6]), [1.0 + 0.3 * (np.pi / 6) ** 2])
    assert data.smooth_function(np.zeros((3, 4))).shape == (3, 4)


@settings(max_examples=40, deadline=None)
@given(N=st.integers(2, 200), fraction=st.floats(0.01, 0.99), seed=st.integers(0, 1000))
def test_train_test_split_is_a_partition(N, fraction, seed):
    X = np.arange(2.0 * N).reshape(N, 2)
    y = np.arange(N)
    X_before = X.copy()
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, fraction, rng=np.random.default_rng(seed))
    assert len(X_te) == min(max(round(fraction * N), 1), N - 1) and len(X_tr) + len(X_te) == N
    np.testing.assert_array_equal(np.sort(np.concatenate([y_tr, y_te])), y)
    np.testing.assert_array_equal(X_tr[:, 0], 2 * y_tr)  # rows stay paired with labels
    np.testing.assert_array_equal(X_te[:, 0], 2 * y_te)
    assert y_tr.dtype == y.dtype
    np.testing.assert_array_equal(X, X_before)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 1000),
    N=st.integers(2, 50),
    D=st.integers(1, 5),
    scale=st.floats(1e-3, 1e3),
    shift=st.floats(-1e3, 1e3),
)
def test_standardize_gives_zero_mean_unit_std_and_round_trips(seed, N, D, scale, shift):
    X = shift + scale * np.random.default_rng(seed).standard_normal((N, D))
    Z, mean, std = data.standardize(X)
    # rounding in X is about eps |X|, so in Z about eps |X| / std (large when the N samples
    # happen to lie close together: N = 2, std 3e-5 around 257 gives errors near 2e-9)
    rounding = 10 * np.finfo(float).eps * np.abs(X).max() / std.min()
    np.testing.assert_allclose(Z.mean(axis=0), 0.0, atol=1e-9 + rounding)
    np.testing.assert_allclose(Z.std(axis=0), 1.0, rtol=1e-9 + rounding)
    np.testing.assert_allclose(Z * std + mean, X, rtol=1e-12, atol=1e-9 * scale)


def test_standardize_leaves_constant_columns_unscaled_and_reuses_statistics():
    X = np.array([[1.0, 5.0, 0.1], [3.0, 5.0, 0.1], [5.0, 5.0, 0.1]])
    Z, mean, std = data.standardize(X)  # no division warning (warnings are errors here)
    np.testing.assert_allclose(Z[:, 1:], 0.0, atol=1e-15)
    np.testing.assert_allclose(std, [np.sqrt(8 / 3), 1.0, 1.0])
    Z_test, mean2, std2 = data.standardize([[3.0, 6.0, 0.1]], mean, std)
    np.testing.assert_allclose(Z_test, [[0.0, 1.0, 0.0]], atol=1e-15)
    np.testing.assert_array_equal(mean2, mean)
    Z_given, _, _ = data.standardize(X, mean=[0.0, 0.0, 0.0], std=[2.0, 0.0, 1.0])
    np.testing.assert_allclose(Z_given, X / [2.0, 1.0, 1.0])


DIGITS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
DIGITS_SHA256 = "87ff0c9e40dc7e2c0e34e7257799c2e3f3aec1a016363bb11cad869ec428a826"


def test_load_digits():
    X, y = data.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0 and X.max() == 16 and np.all(X == np.round(X))
    np.testing.assert_array_equal(np.bincount(y), DIGITS_COUNTS)
    digest = hashlib.sha256(X.astype(np.uint8).tobytes() + y.astype(np.uint8).tobytes())
    assert digest.hexdigest() == DIGITS_SHA256
    X2, _ = data.load_digits()
    X2[0, 0] = 99.0  # each call returns fresh arrays
    assert data.load_digits()[0][0, 0] == X[0, 0]


rng0 = np.random.default_rng(0)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: data.linearly_separable(0, rng=rng0), ValueError, "N"),
        (lambda: data.linearly_separable(2.5, rng=rng0), TypeError, "N"),
        (lambda: data.linearly_separable(10, 0.0, rng=rng0), ValueError, "margin"),
        (lambda: data.linearly_separable(10, 1.0, rng=rng0), ValueError, r"margin.*\(0, radius\)"),
        (lambda: data.linearly_separable(10, 0.1, rng=rng0, radius=-1), ValueError, "radius"),
        (lambda: data.logic_gate("xnor"), ValueError, "name"),
        (lambda: data.logic_gate("and", signed=1), TypeError, "signed"),
        (lambda: data.moons(1, rng=rng0), ValueError, "N"),
        (lambda: data.moons(10, -0.1, rng=rng0), ValueError, "noise"),
        (lambda: data.circles(10, factor=1.0, rng=rng0), ValueError, "factor"),
        (lambda: data.circles(10, factor=0.0, rng=rng0), ValueError, "factor"),
        (lambda: data.spirals(10, n_classes=1, rng=rng0), ValueError, "n_classes"),
        (lambda: data.spirals(2, n_classes=3, rng=rng0), ValueError, "N"),
        (lambda: data.linear_regression(10, slope="a", rng=rng0), TypeError, "slope"),
        (lambda: data.linear_regression(10, intercept=np.nan, rng=rng0), ValueError, "intercept"),
        (lambda: data.linear_regression(10, rng=rng0, x_range=(1, 1)), ValueError, "x_range"),
        (lambda: data.function_samples(10, rng=rng0, x_range=(0, 1, 2)), ValueError, "x_range"),
        (lambda: data.function_samples(10, noise=-1, rng=rng0), ValueError, "noise"),
        (lambda: data.smooth_function("x"), TypeError, "x"),
        (lambda: data.train_test_split(np.ones((3, 2)), [0, 1], rng=rng0), ValueError, "same"),
        (lambda: data.train_test_split(np.ones((1, 2)), [0], rng=rng0), ValueError, "N"),
        (lambda: data.train_test_split(1.0, 1.0, rng=rng0), ValueError, "first axis"),
        (lambda: data.train_test_split([[1], [2]], ["a", "b"], rng=rng0), TypeError, "y"),
        (lambda: data.train_test_split([[1], [2]], [0, 1], 1.0, rng=rng0), ValueError, "test_"),
        (lambda: data.train_test_split([[1], [2]], [0, 1], 0.0, rng=rng0), ValueError, "test_"),
        (lambda: data.train_test_split([[1], [2]], [0, 1], rng=None), TypeError, "rng"),
        (lambda: data.standardize(np.ones(3)), ValueError, r"X must have shape \(N, D\)"),
        (lambda: data.standardize(np.ones((0, 2))), ValueError, "X"),
        (lambda: data.standardize([[np.nan]]), ValueError, "X"),
        (lambda: data.standardize(np.ones((2, 2)), mean=[0.0]), ValueError, "mean"),
        (lambda: data.standardize(np.ones((2, 2)), std=[1.0, -1.0]), ValueError, "std"),
    ],
)
def test_bad_arguments_are_named(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_required_rng_is_a_keyword():
    with pytest.raises(TypeError, match="rng"):
        data.moons(100)  # missing rng
