import numpy as np
import pytest

from course_utils import checks, landscapes, netlandscape


def _not_implemented(*args):
    raise NotImplementedError


# Reference solutions, written the way a learner would ---------------------------------


def _rosenbrock_solution(x, y, a, b):
    return np.array([-2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)])


def _filter_solution(d, params):
    out = {}
    for k, v in d.items():
        if v.ndim == 1:
            out[k] = np.zeros_like(v)
        else:
            w = params[k]
            out[k] = v * np.linalg.norm(w, axis=0) / np.linalg.norm(v, axis=0)
    return out


def _condition_solution(H):
    eigs = np.linalg.eigvalsh(H)
    return eigs[-1] / eigs[0]


def _pca_solution(traj):
    centred = traj - traj.mean(axis=0)
    _, _, Vt = np.linalg.svd(centred, full_matrices=False)
    components = Vt[:2]
    return centred @ components.T, components


def test_checks_are_exported():
    for name in ("rosenbrock_grad", "filter_normalize", "condition_number", "pca_project"):
        assert name in checks.__all__ and callable(getattr(checks, name))


@pytest.mark.parametrize(
    ("check", "solution"),
    [
        (checks.rosenbrock_grad, _rosenbrock_solution),
        (checks.rosenbrock_grad, lambda x, y, a, b: landscapes.rosenbrock(a, b).grad([x, y])),
        (checks.filter_normalize, _filter_solution),
        (checks.condition_number, _condition_solution),
        (checks.condition_number, np.linalg.cond),
        (checks.pca_project, _pca_solution),
    ],
)
def test_reference_solutions_pass(check, solution, capsys):
    result = check(solution)
    assert result.passed, result.message
    assert "Correct" in capsys.readouterr().out


def test_reference_solutions_pass_on_other_cases(capsys):
    with checks.other_cases(1):
        assert checks.rosenbrock_grad(_rosenbrock_solution).passed
        assert checks.filter_normalize(_filter_solution).passed
        assert checks.condition_number(_condition_solution).passed
        assert checks.pca_project(_pca_solution).passed
    capsys.readouterr()


@pytest.mark.parametrize(
    "check",
    [checks.rosenbrock_grad, checks.filter_normalize, checks.condition_number, checks.pca_project],
)
def test_stubs_report_not_implemented(check, capsys):
    result = check(_not_implemented)
    assert not result.passed and "not implemented yet" in result.message
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "Hint" not in out


# Rosenbrock -----------------------------------------------------------------------------


def test_rosenbrock_sign_of_the_first_term_gets_a_hint(capsys):
    def wrong(x, y, a, b):
        return np.array([2 * (a - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)])

    result = checks.rosenbrock_grad(wrong)
    assert not result.passed and "-2 (a - x)" in result.message
    assert "Hint" in capsys.readouterr().out


def test_rosenbrock_missing_chain_rule_gets_a_hint(capsys):
    def wrong(x, y, a, b):
        return np.array([-2 * (a - x) + 2 * b * (y - x**2), 2 * b * (y - x**2)])

    result = checks.rosenbrock_grad(wrong)
    assert not result.passed and "-2x" in result.message
    capsys.readouterr()


def test_rosenbrock_with_fixed_constants_fails_on_other_a_and_b(capsys):
    result = checks.rosenbrock_grad(lambda x, y, a, b: _rosenbrock_solution(x, y, 1.0, 100.0))
    assert not result.passed and "a=2.0, b=10.0" in result.message
    capsys.readouterr()


# Filter normalization --------------------------------------------------------------------


def test_filter_normalize_matches_random_direction_with_the_same_draw(capsys):
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


# Condition number -------------------------------------------------------------------------


def test_condition_number_from_the_diagonal_gets_a_hint(capsys):
    result = checks.condition_number(lambda H: np.max(np.diag(H)) / np.min(np.diag(H)))
    assert not result.passed and "eigenvalues" in result.message and "Hint" in result.message
    capsys.readouterr()


def test_inverted_condition_number_gets_a_hint(capsys):
    result = checks.condition_number(lambda H: 1 / _condition_solution(H))
    assert not result.passed and ">= 1" in result.message
    capsys.readouterr()


def test_condition_number_of_the_quadratic_is_kappa():
    assert _condition_solution(landscapes.quadratic(kappa=25.0, angle=0.4).A) == pytest.approx(25)


# PCA ----------------------------------------------------------------------------------------


def test_pca_accepts_either_sign_of_each_direction(capsys):
    def flipped(traj):
        coords, components = _pca_solution(traj)
        return -coords, -components

    assert checks.pca_project(flipped).passed
    capsys.readouterr()


def test_pca_without_centring_gets_a_hint(capsys):
    def uncentred(traj):
        _, _, Vt = np.linalg.svd(traj, full_matrices=False)
        return traj @ Vt[:2].T, Vt[:2]

    result = checks.pca_project(uncentred)
    assert not result.passed and "mean" in result.message and "Hint" in result.message
    capsys.readouterr()


def test_pca_projecting_the_uncentred_trajectory_gets_a_hint(capsys):
    def uncentred_projection(traj):
        _, components = _pca_solution(traj)
        return traj @ components.T, components

    result = checks.pca_project(uncentred_projection)
    assert not result.passed and "project the centred trajectory" in result.message
    capsys.readouterr()


def test_pca_with_wrong_shapes_fails_with_the_expected_shape(capsys):
    def columns(traj):
        centred = traj - traj.mean(axis=0)
        _, _, Vt = np.linalg.svd(centred, full_matrices=False)
        return centred @ Vt[:2].T, Vt[:2].T

    result = checks.pca_project(columns)
    assert not result.passed and "shape" in result.message
    capsys.readouterr()
