"""The checks of notebook 07: each passes its reference on every case set, says "not
implemented yet" for a stub, and names the typical mistake with its hint."""

import numpy as np
import pytest

from course_utils import checks
from course_utils.checks.momentum.ewa import EWA_MISTAKES
from course_utils.checks.momentum.nesterov import NESTEROV_MISTAKES
from course_utils.checks.momentum.optimal import OPTIMAL_MISTAKES
from course_utils.checks.momentum.valley import VALLEY_KAPPA, valley_starts
from course_utils.optim import momentum_theory


def _not_implemented(*args):
    raise NotImplementedError


def _ewa(series, beta, bias_correction):
    out, v = np.empty(len(series)), 0.0
    for t, x_t in enumerate(series, start=1):
        v = beta * v + (1 - beta) * x_t
        out[t - 1] = v / (1 - beta**t) if bias_correction else v
    return out


def _optimal(lam_min, lam_max):
    s_min, s_max = np.sqrt(lam_min), np.sqrt(lam_max)
    return 4 / (s_max + s_min) ** 2, ((s_max - s_min) / (s_max + s_min)) ** 2


def _nesterov(x, v, g, lr, beta):
    v = beta * v + g
    return x - lr * (g + beta * v), v


def _settings():
    return 0.0316, 0.7  # a pair found with the sliders, near Polyak's (0.0331, 0.669)


REFERENCES = [
    (checks.valley_settings, _settings),
    (checks.ewa_average, _ewa),
    (checks.optimal_momentum, _optimal),
    (checks.nesterov_step, _nesterov),
]


@pytest.mark.parametrize("case_set", [0, 1, 2])
def test_reference_solutions_pass_on_every_case_set(case_set, capsys):
    with checks.other_cases(case_set):
        for check, reference in REFERENCES:
            assert check(reference).passed, check.__name__
    assert "Not yet" not in capsys.readouterr().out


def test_hidden_cases_differ_from_the_visible_ones():
    visible = valley_starts()[1][1]
    with checks.other_cases(1):
        hidden = valley_starts()[1][1]
    assert not np.allclose(visible, hidden)


def test_stubs_report_not_implemented(capsys):
    for check, _ in REFERENCES:
        result = check(_not_implemented)
        assert not result.passed and "not implemented yet" in result.message
    capsys.readouterr()


@pytest.mark.parametrize(("wrong", "hint"), EWA_MISTAKES)
def test_every_ewa_mistake_gets_its_hint(wrong, hint, capsys):
    result = checks.ewa_average(wrong)
    assert not result.passed and result.message.endswith("Hint: " + hint)
    capsys.readouterr()


@pytest.mark.parametrize(("wrong", "hint"), OPTIMAL_MISTAKES)
def test_every_optimal_momentum_mistake_gets_its_hint(wrong, hint, capsys):
    result = checks.optimal_momentum(wrong)
    assert not result.passed and result.message.endswith("Hint: " + hint)
    capsys.readouterr()


@pytest.mark.parametrize(("wrong", "hint"), NESTEROV_MISTAKES)
def test_every_nesterov_mistake_gets_its_hint(wrong, hint, capsys):
    result = checks.nesterov_step(wrong)
    assert not result.passed and result.message.endswith("Hint: " + hint)
    capsys.readouterr()


def test_ewa_average_must_not_modify_its_input(capsys):
    def in_place(series, beta, bias_correction):
        series *= 1.0 - beta
        return _ewa(series / (1.0 - beta), beta, bias_correction)

    assert "modified its input" in checks.ewa_average(in_place).message
    capsys.readouterr()


@pytest.mark.parametrize(
    ("pair", "words"),
    [
        ((0.05, 0.9), "beyond the stability edge"),
        ((0.0198, 0.0), "beta = 0 is too small"),
        ((0.02, 0.3), "too small"),
        ((0.005, 0.9), "beta = 0.9 is too large"),
        ((0.015, 0.85), "too large: the swings"),
        ((0.003, 0.7), "creeps"),
        ((0.025, 0.55), "Raise lr"),
        ((0.037, 0.75), "diverges"),
        (0.03, "return a pair of numbers"),
        ((0.03, 1.0), "beta in [0, 1)"),
        ((-0.01, 0.5), "lr must be > 0"),
    ],
)
def test_valley_failures_name_what_is_wrong(pair, words, capsys):
    result = checks.valley_settings(lambda: pair)
    assert not result.passed and words in result.message, result.message
    capsys.readouterr()


def test_valley_success_reports_the_rate(capsys):
    lr, beta = momentum_theory.optimal_momentum(1.0, VALLEY_KAPPA)
    result = checks.valley_settings(lambda: (lr, beta))
    assert result.passed and "0.818 per step" in result.message
    capsys.readouterr()
