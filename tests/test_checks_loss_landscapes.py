import numpy as np
import pytest

from course_utils import checks
from course_utils.geometry import critical, landscapes, netlandscape


def _not_implemented(*args):
    raise NotImplementedError


# Reference solutions, written the way a learner would ---------------------------------


def _hess_solution(x, y, a, b):
    return np.array([[2 - 4 * b * y + 12 * b * x**2, -4 * b * x], [-4 * b * x, 2 * b]])


def _filter_solution(d, params):
    out = {}
    for k, v in d.items():
        if v.ndim == 1:
            out[k] = np.zeros_like(v)
        else:
            w = params[k]
            out[k] = v * np.linalg.norm(w, axis=0) / np.linalg.norm(v, axis=0)
    return out


def _lambda_max(params, X, y):
    return critical.eigenvalues(critical.network_hessian(params, X, y))[-1]


def _sharpen_solution(params, X, y, factor):
    target = factor * _lambda_max(params, X, y)
    for c in np.geomspace(1.5, 1000.0, 40):
        scaled = netlandscape.rescale_relu_layer(params, c)
        if _lambda_max(scaled, X, y) >= target:
            return scaled
    raise AssertionError("no rescaling reached the target")


def _sharpen_per_unit(params, X, y, factor):
    # A different c for every hidden unit is as good: each unit's rescaling is a symmetry.
    target = factor * _lambda_max(params, X, y)
    H = params["W1"].shape[1]
    spread = np.linspace(1.0, 2.0, H)
    for c in np.geomspace(0.5, 1e-3, 40):
        cs = c * spread
        out = {**params, "W1": params["W1"] * cs, "b1": params["b1"] * cs}
        out["W2"] = params["W2"] / cs[:, None]
        if _lambda_max(out, X, y) >= target:
            return out
    raise AssertionError("no rescaling reached the target")


def test_checks_are_exported():
    for name in ("rosenbrock_hess", "filter_normalize", "sharpen"):
        assert name in checks.__all__ and callable(getattr(checks, name))


@pytest.mark.parametrize(
    ("check", "solution"),
    [
        (checks.rosenbrock_hess, _hess_solution),
        (checks.rosenbrock_hess, lambda x, y, a, b: landscapes.rosenbrock(a, b).hess([x, y])),
        (checks.filter_normalize, _filter_solution),
        (checks.sharpen, _sharpen_solution),
        (checks.sharpen, _sharpen_per_unit),
    ],
)
def test_reference_solutions_pass(check, solution, capsys):
    result = check(solution)
    assert result.passed, result.message
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("case_set", [1, 2])
def test_reference_solutions_pass_on_other_cases(case_set, capsys):
    with checks.other_cases(case_set):
        assert checks.rosenbrock_hess(_hess_solution).passed
        assert checks.filter_normalize(_filter_solution).passed
        assert checks.sharpen(_sharpen_solution).passed
    capsys.readouterr()


def test_other_cases_change_the_sharpen_experiment(capsys):
    messages = []
    for case_set in (0, 1, 2):
        with checks.other_cases(case_set):
            messages.append(checks.sharpen(_sharpen_solution).message)
    assert len(set(messages)) > 1  # another factor to reach
    capsys.readouterr()


@pytest.mark.parametrize("check", [checks.rosenbrock_hess, checks.filter_normalize, checks.sharpen])
def test_stubs_report_not_implemented(check, capsys):
    result = check(_not_implemented)
    assert not result.passed and "not implemented yet" in result.message
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "Hint" not in out


@pytest.mark.parametrize("check", [checks.rosenbrock_hess, checks.filter_normalize, checks.sharpen])
def test_a_non_function_is_explained(check, capsys):
    result = check(3)
    assert not result.passed and "should be a function" in result.message
    capsys.readouterr()


# Rosenbrock's Hessian -------------------------------------------------------------------


def _with(fxx=None, fxy=None, fyy=None, fyx=None):
    def hess(x, y, a, b):
        h = _hess_solution(x, y, a, b)
        if fxx:
            h[0, 0] = fxx(x, y, a, b)
        if fxy:
            h[0, 1] = h[1, 0] = fxy(x, y, a, b)
        if fyy:
            h[1, 1] = fyy(x, y, a, b)
        if fyx:
            h[1, 0] = fyx(x, y, a, b)
        return h

    return hess


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (_with(fxx=lambda x, y, a, b: 2 + 8 * b * x * x), "which you dropped"),
        (_with(fxx=lambda x, y, a, b: 2 - 4 * b * (y - x * x)), "inner derivative"),
        (_with(fxy=lambda x, y, a, b: 4 * b * x), "sign of the mixed derivative"),
        (_with(fyy=lambda x, y, a, b: b), "2 b"),
        (_with(fyx=lambda x, y, a, b: 0.0), "symmetric"),
        (_with(fxx=lambda x, y, a, b: 2 + 12 * b * x * x), "depends on y too"),
    ],
)
def test_rosenbrock_mistakes_get_their_hint(wrong, words, capsys):
    result = checks.rosenbrock_hess(wrong)
    assert not result.passed and "Hint" in result.message and words in result.message
    capsys.readouterr()


def test_rosenbrock_with_fixed_constants_fails_on_other_a_and_b(capsys):
    result = checks.rosenbrock_hess(lambda x, y, a, b: _hess_solution(x, y, 1.0, 100.0))
    assert not result.passed and "a=2.0, b=10.0" in result.message
    capsys.readouterr()


def test_rosenbrock_hessian_at_the_minimum_has_condition_number_2508():
    eigs = np.linalg.eigvalsh(_hess_solution(1.0, 1.0, 1.0, 100.0))
    assert eigs[1] / eigs[0] == pytest.approx(2508.0, abs=0.5)


# Filter normalization --------------------------------------------------------------------


def test_filter_normalize_matches_random_direction_with_the_same_draw():
    params = {"W1": np.ones((2, 3)), "b1": np.ones(3), "W2": 2 * np.ones((3, 1)), "b2": np.ones(1)}
    raw = netlandscape.random_direction(params, np.random.default_rng(5), normalization="none")
    expected = netlandscape.random_direction(params, np.random.default_rng(5))
    got = _filter_solution(raw, params)
    for k in params:
        np.testing.assert_allclose(got[k], expected[k])


def test_layer_normalization_gets_a_hint(capsys):
    def layer(d, params):
        return {
            k: np.zeros_like(v)
            if v.ndim == 1
            else v * np.linalg.norm(params[k]) / np.linalg.norm(v)
            for k, v in d.items()
        }

    result = checks.filter_normalize(layer)
    assert not result.passed and "layer normalization" in result.message
    capsys.readouterr()


def test_rows_instead_of_columns_gets_a_hint(capsys):
    def rows(d, params):
        return {
            k: np.zeros_like(v)
            if v.ndim == 1
            else v
            * np.linalg.norm(params[k], axis=1, keepdims=True)
            / np.linalg.norm(v, axis=1, keepdims=True)
            for k, v in d.items()
        }

    result = checks.filter_normalize(rows)
    assert not result.passed and "column" in result.message and "Hint" in result.message
    capsys.readouterr()


def test_unit_columns_get_a_hint(capsys):
    def unit(d, params):
        return {
            k: np.zeros_like(v) if v.ndim == 1 else v / np.linalg.norm(v, axis=0)
            for k, v in d.items()
        }

    result = checks.filter_normalize(unit)
    assert not result.passed and "norm 1" in result.message
    capsys.readouterr()


@pytest.mark.parametrize("bias", ["raw", "normalized"])
def test_biases_not_zeroed_get_a_hint(bias, capsys):
    def keeps_biases(d, params):
        out = _filter_solution(d, params)
        for k, v in d.items():
            if v.ndim == 1:
                scale = np.linalg.norm(params[k]) / np.linalg.norm(v) if bias == "normalized" else 1
                out[k] = v * scale
        return out

    result = checks.filter_normalize(keeps_biases)
    assert not result.passed and "bias" in result.message and "Hint" in result.message
    capsys.readouterr()


def test_filter_normalize_that_modifies_its_input_is_caught(capsys):
    def in_place(d, params):
        for k, v in d.items():
            if v.ndim == 1:
                v[:] = 0.0
            else:
                v *= np.linalg.norm(params[k], axis=0) / np.linalg.norm(v, axis=0)
        return d

    result = checks.filter_normalize(in_place)
    assert not result.passed and "modified its input d" in result.message
    capsys.readouterr()


# The sharpening experiment -----------------------------------------------------------------


def _scaled(w1=1.0, b1=1.0, w2=1.0, b2=0.0):
    def wrong(params, X, y, factor):
        return {
            "W1": w1 * params["W1"],
            "b1": b1 * params["b1"],
            "W2": w2 * params["W2"],
            "b2": params["b2"] + b2,
        }

    return wrong


@pytest.mark.parametrize(
    ("wrong", "words"),
    [
        (_scaled(w1=5.0, w2=0.2), "Scale b1 with W1"),
        (_scaled(w1=5.0, b1=5.0, w2=5.0), "divide it by c"),
        (_scaled(w1=-5.0, b1=-5.0, w2=-0.2), "must be positive"),
        (_scaled(b2=1.0), "Leave b2 alone"),
        (_scaled(w1=0.9, b1=1.3, w2=1.1), "Multiply W1 and b1 by one c > 0"),
    ],
)
def test_sharpen_that_changes_the_function_gets_its_hint(wrong, words, capsys):
    result = checks.sharpen(wrong)
    assert not result.passed and "different function" in result.message and words in result.message
    capsys.readouterr()


def test_sharpen_that_falls_short_says_how_far(capsys):
    def too_little(params, X, y, factor):
        return netlandscape.rescale_relu_layer(params, 1.5)

    result = checks.sharpen(too_little)
    assert not result.passed and "the function is the same" in result.message
    assert "further from 1" in result.message
    capsys.readouterr()


def test_sharpen_that_returns_its_input_unchanged_falls_short(capsys):
    result = checks.sharpen(lambda params, X, y, factor: params)
    assert not result.passed and "a factor 1;" in result.message
    capsys.readouterr()


def test_sharpen_that_modifies_its_input_is_caught(capsys):
    def in_place(params, X, y, factor):
        params["W1"] *= 10.0
        params["b1"] *= 10.0
        params["W2"] /= 10.0
        return params

    result = checks.sharpen(in_place)
    assert not result.passed and "modified its input params" in result.message
    capsys.readouterr()


@pytest.mark.parametrize(
    ("result", "words"),
    [
        (3, "should return a dict"),
        ({"W1": np.zeros((2, 8))}, "should return a dict"),
    ],
)
def test_sharpen_with_a_result_of_the_wrong_kind(result, words, capsys):
    outcome = checks.sharpen(lambda params, X, y, factor: result)
    assert not outcome.passed and words in outcome.message
    capsys.readouterr()


def test_sharpen_with_wrong_shapes(capsys):
    def transposed(params, X, y, factor):
        return {**params, "W1": params["W1"].T}

    result = checks.sharpen(transposed)
    assert not result.passed and "shape" in result.message
    capsys.readouterr()
