import numpy as np
import pytest

from course_utils.nn import batching


def _linear_problem(N=60, D=3, seed=0):
    """Per-example gradients of the squared error of a linear model at a fixed w."""
    rng = np.random.default_rng(seed)
    X, y, w = rng.standard_normal((N, D)), rng.standard_normal(N), rng.standard_normal(D)

    def grad_fn(idx):
        r = X[idx] @ w - y[idx]
        return 2 * X[idx].T @ r / len(idx)

    per_example = 2 * X * (X @ w - y)[:, None]  # (N, D)
    return grad_fn, per_example


def test_per_example_variance_is_the_spread_of_the_per_example_gradients():
    grad_fn, G = _linear_problem()
    expected = np.mean(np.sum((G - G.mean(axis=0)) ** 2, axis=1))
    np.testing.assert_allclose(batching.per_example_variance(grad_fn, len(G)), expected)


def test_noise_theory_halves_per_quadrupling_and_vanishes_at_the_full_batch():
    theory = batching.noise_theory(4.0, 10**9, [1, 4, 16])
    np.testing.assert_allclose(theory, [2.0, 1.0, 0.5], rtol=1e-6)
    assert batching.noise_theory(4.0, 50, [50])[0] == 0.0
    np.testing.assert_allclose(batching.noise_theory(4.0, 50, [1]), [2.0])


def test_measured_noise_matches_the_finite_population_formula():
    grad_fn, G = _linear_problem()
    N, sizes = len(G), [1, 4, 15, 60]
    sigma2 = batching.per_example_variance(grad_fn, N)
    measured = batching.gradient_noise(grad_fn, N, sizes, 2000, np.random.default_rng(1))
    theory = batching.noise_theory(sigma2, N, sizes)
    np.testing.assert_allclose(measured[:3], theory[:3], rtol=0.05)
    assert measured[3] < 1e-12  # B = N: the mini-batch is the whole data set


def test_gradient_noise_is_reproducible_with_the_same_seed():
    grad_fn, G = _linear_problem()
    a = batching.gradient_noise(grad_fn, len(G), [2, 8], 20, np.random.default_rng(3))
    b = batching.gradient_noise(grad_fn, len(G), [2, 8], 20, np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)


def test_batch_sizes_and_arguments_are_validated():
    grad_fn, G = _linear_problem()
    with pytest.raises(ValueError, match="1..N"):
        batching.gradient_noise(grad_fn, len(G), [0, 4], 5, np.random.default_rng(0))
    with pytest.raises(ValueError, match="1..N"):
        batching.noise_theory(1.0, 10, [11])
    with pytest.raises(TypeError, match="rng"):
        batching.gradient_noise(grad_fn, len(G), [4], 5, rng=0)
    with pytest.raises(ValueError, match="P = 5"):
        batching.gradient_noise(lambda idx: np.ones(len(idx)), 5, [2], 1, np.random.default_rng(0))


def test_timings_calls_every_size_round_robin_after_warmup():
    calls = []

    def make_call(size):
        return lambda: calls.append(size)

    times = batching.timings(make_call, [3, 5], repeats=4, warmup=1)
    assert times.shape == (2, 4) and np.all(times >= 0) and np.all(np.isfinite(times))
    assert calls == [3, 5] + [3, 5] * 4  # warm-up, then rounds that alternate the sizes
    with pytest.raises(TypeError, match="make_call"):
        batching.timings(None, [3])
