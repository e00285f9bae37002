import numpy as np
import pytest

from course_utils import checks
from course_utils.nn import deep, parameters


def _not_implemented(*args):
    raise NotImplementedError


def _init_weight(fan_in, fan_out, rng, init):
    if init == "xavier":
        limit = np.sqrt(6 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=(fan_in, fan_out))
    return rng.normal(0.0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))


def _layer_stds(Ws, X, activation):
    g = {
        "tanh": np.tanh,
        "relu": lambda z: np.maximum(z, 0),
        "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    }
    A, out = X, []
    for W in Ws:
        A = g[activation](A @ W)
        out.append(A.std())
    return np.array(out)


def test_reference_solutions_pass(capsys):
    assert checks.init_weight(parameters.init_weight).passed
    assert checks.init_weight(_init_weight).passed
    assert checks.layer_stds(_layer_stds).passed
    assert "Correct" in capsys.readouterr().out


def test_other_ways_of_drawing_pass_the_statistical_check(capsys):
    def rescaled(fan_in, fan_out, rng, init):
        if init == "xavier":
            limit = np.sqrt(6 / (fan_in + fan_out))
            return limit * (2 * rng.random((fan_in, fan_out)) - 1)
        return np.sqrt(2 / fan_in) * rng.standard_normal((fan_out, fan_in)).T

    assert checks.init_weight(rescaled).passed
    with checks.other_cases(1):
        assert checks.init_weight(_init_weight).passed
        assert checks.layer_stds(_layer_stds).passed
    capsys.readouterr()


def test_stubs_report_not_implemented(capsys):
    for check in (checks.init_weight, checks.layer_stds):
        result = check(_not_implemented)
        assert not result.passed and "not implemented yet" in result.message
    assert "not implemented yet" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("xavier_limit", "he_std", "hint"),
    [
        (lambda fi, fo: np.sqrt(3 / fi), lambda fi, fo: np.sqrt(2 / fi), "both fans"),
        (lambda fi, fo: np.sqrt(2 / (fi + fo)), lambda fi, fo: np.sqrt(2 / fi), "not the limit"),
        (lambda fi, fo: np.sqrt(6 / (fi + fo)), lambda fi, fo: 2 / fi, "square root"),
        (lambda fi, fo: np.sqrt(6 / (fi + fo)), lambda fi, fo: np.sqrt(1 / fi), "factor 2"),
        (lambda fi, fo: np.sqrt(6 / (fi + fo)), lambda fi, fo: np.sqrt(2 / fo), "fan_in"),
    ],
)
def test_typical_init_mistakes_fail_with_a_hint(capsys, xavier_limit, he_std, hint):
    def wrong(fan_in, fan_out, rng, init):
        if init == "xavier":
            limit = xavier_limit(fan_in, fan_out)
            return rng.uniform(-limit, limit, size=(fan_in, fan_out))
        return he_std(fan_in, fan_out) * rng.standard_normal((fan_in, fan_out))

    result = checks.init_weight(wrong)
    assert not result.passed
    assert "fan_in=" in result.message and hint in result.message
    capsys.readouterr()


def test_wrong_distributions_and_shapes_are_explained(capsys):
    def normal_xavier(fan_in, fan_out, rng, init):
        std = np.sqrt(2 / (fan_in + fan_out)) if init == "xavier" else np.sqrt(2 / fan_in)
        return std * rng.standard_normal((fan_in, fan_out))

    result = checks.init_weight(normal_xavier)
    assert not result.passed and "largest |w|" in result.message and "uniform" in result.message

    def uniform_he(fan_in, fan_out, rng, init):
        if init == "xavier":
            return parameters.init_weight(fan_in, fan_out, rng, "xavier")
        limit = np.sqrt(6 / fan_in)  # the right variance, the wrong distribution
        return rng.uniform(-limit, limit, size=(fan_in, fan_out))

    result = checks.init_weight(uniform_he)
    assert not result.passed and "share of |w| > target std" in result.message
    assert "normal distribution" in result.message

    result = checks.init_weight(lambda fan_in, fan_out, rng, init: np.zeros((fan_out, fan_in)))
    assert not result.passed and "shape of W'] should be '(400, 150)'" in result.message
    assert "should be a function" in checks.init_weight(3).message
    capsys.readouterr()


def test_typical_layer_std_mistakes_fail_with_a_hint(capsys):
    from course_utils.nn import activations

    def pre_activations(Ws, X, activation):
        A, out = X, []
        for W in Ws:
            Z = A @ W
            out.append(Z.std())
            A = activations.forward(activation, Z)
        return np.array(out)

    result = checks.layer_stds(pre_activations)
    assert not result.passed and "pre-activations" in result.message

    def per_unit(Ws, X, activation):
        acts, _ = deep.forward(list(Ws), X, activation)
        return np.array([A.std(axis=0).mean() for A in acts])

    result = checks.layer_stds(per_unit)
    assert not result.passed and "np.std(A)" in result.message

    def with_input(Ws, X, activation):
        return np.concatenate([[X.std()], _layer_stds(Ws, X, activation)])

    result = checks.layer_stds(with_input)
    assert not result.passed and "shape" in result.message
    capsys.readouterr()


def test_a_gain_between_the_edges_passes_on_every_case_set(capsys):
    for case_set in (0, 1, 2):
        with checks.other_cases(case_set):
            assert checks.tanh_gain(lambda: 1.4).passed
            assert checks.tanh_gain(lambda: np.float64(5 / 3)).passed  # PyTorch's tanh gain
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("gain", "hint"),
    [
        (1.0, "Raise the gain"),  # Xavier's gain: the spread fades to a quarter in 20 layers
        (0.3, "Raise the gain"),
        (3.0, "Lower the gain"),  # saturated units: the gradients grow towards the input
        (10.0, "RMS of tanh'(Z)"),
    ],
)
def test_a_gain_outside_the_window_fails_with_its_hint(capsys, gain, hint):
    result = checks.tanh_gain(lambda: gain)
    assert not result.passed and hint in result.message and f"gain {gain:g}" in result.message
    capsys.readouterr()


@pytest.mark.parametrize("answer", [None, "1.4", True, (1.4,), -1.0, 0.0, float("nan")])
def test_tanh_gain_rejects_what_is_not_a_positive_number(capsys, answer):
    result = checks.tanh_gain(lambda: answer)
    assert not result.passed
    assert "positive number" in result.message or "the gain itself" in result.message
    capsys.readouterr()


def test_tanh_gain_stub_and_non_function(capsys):
    assert "not implemented yet" in checks.tanh_gain(_not_implemented).message
    assert "should be a function" in checks.tanh_gain(1.4).message
    capsys.readouterr()


def test_tanh_spread_measures_the_named_network():
    from course_utils.checks import initialization as init

    kept, grad_ratio = init.tanh_spread(1.4, seed=0)
    r = checks.case_rng(0)
    X = r.standard_normal((200, 100))
    Ws = deep.init_weights(100, 100, 20, r, init="normal", scale=0.14)
    stats = deep.layer_stats(Ws, X, "tanh", r)
    np.testing.assert_allclose(kept, stats["act_std"][-1] / stats["act_std"][0])
    np.testing.assert_allclose(grad_ratio, stats["grad_std"][0] / stats["grad_std"][-1])
