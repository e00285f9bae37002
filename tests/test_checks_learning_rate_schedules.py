"""The checks of notebook 09: each passes its reference on every case set, says "not
implemented yet" for a stub, and names the typical mistake with its hint."""

import numpy as np
import pytest

from course_utils import checks
from course_utils.checks.learning_rate_schedules.budget import (
    BUDGET_START,
    BUDGET_STEPS,
    BUDGET_TARGET,
    best_constant_loss,
    budget_starts,
)
from course_utils.checks.learning_rate_schedules.expected import EXPECTED_LOSS_MISTAKES
from course_utils.checks.learning_rate_schedules.warmup import WARMUP_MISTAKES
from course_utils.optim import schedules


def _not_implemented(*args):
    raise NotImplementedError


def _expected_loss(lr_t, theta0, sigma):
    mean, var, out = theta0, 0.0, [theta0**2 / 2]
    for lr in lr_t:
        mean, var = (1 - lr) * mean, (1 - lr) ** 2 * var + lr**2 * sigma**2
        out.append((mean**2 + var) / 2)
    return np.array(out)


def _warmup_cosine(lr0, n_warmup, T, t):
    t = np.asarray(t, dtype=float)
    ramp = lr0 * (t + 1) / n_warmup
    cosine = lr0 * (1 + np.cos(np.pi * (t - n_warmup) / (T - n_warmup))) / 2
    return np.where(t < n_warmup, ramp, cosine)


def _budget(T):
    return schedules.inverse_time(0.5, k=0.5)  # 1 / (t + 2): c = lr0 / k = 1


REFERENCES = [
    (checks.expected_loss, _expected_loss),
    (checks.warmup_cosine, _warmup_cosine),
    (checks.budget_schedule, _budget),
]


@pytest.mark.parametrize("case_set", [0, 1, 2])
def test_reference_solutions_pass_on_every_case_set(case_set, capsys):
    with checks.other_cases(case_set):
        for check, reference in REFERENCES:
            assert check(reference).passed, check.__name__
    assert "Not yet" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "budget",
    [
        lambda T: schedules.exponential(0.05, k=0.0045),
        lambda T: schedules.step_decay(0.05, drop=0.5, every=100),
        lambda T: schedules.cosine(0.015, T),
        lambda T: lambda t: 1.0 / (t + 1),  # a plain function of an int step
    ],
)
def test_other_schedule_families_can_meet_the_budget(budget, capsys):
    for case_set in (0, 1, 2):
        with checks.other_cases(case_set):
            assert checks.budget_schedule(budget).passed
    capsys.readouterr()


def test_hidden_cases_differ_from_the_visible_ones(inputs_seen):
    def cases():
        return (
            budget_starts()[1],
            inputs_seen(checks.expected_loss, _expected_loss)[1][1],
            inputs_seen(checks.warmup_cosine, _warmup_cosine)[2][2],
        )

    visible = cases()
    with checks.other_cases(1):
        hidden = cases()
    assert all(v != h for v, h in zip(visible, hidden, strict=True))


def test_stubs_report_not_implemented(capsys):
    for check, _ in REFERENCES:
        result = check(_not_implemented)
        assert not result.passed and "not implemented yet" in result.message
    capsys.readouterr()


@pytest.mark.parametrize(("wrong", "hint"), EXPECTED_LOSS_MISTAKES)
def test_every_expected_loss_mistake_gets_its_hint(wrong, hint, capsys):
    result = checks.expected_loss(wrong)
    assert not result.passed and result.message.endswith("Hint: " + hint)
    capsys.readouterr()


@pytest.mark.parametrize(("wrong", "hint"), WARMUP_MISTAKES)
def test_every_warmup_cosine_mistake_gets_its_hint(wrong, hint, capsys):
    result = checks.warmup_cosine(wrong)
    assert not result.passed and result.message.endswith("Hint: " + hint)
    capsys.readouterr()


def test_expected_loss_without_the_start_value_is_explained(capsys):
    result = checks.expected_loss(
        lambda lr_t, theta0, sigma: _expected_loss(lr_t, theta0, sigma)[1:]
    )
    assert not result.passed and "shape" in result.message
    capsys.readouterr()


@pytest.mark.parametrize(
    ("budget", "words"),
    [
        (lambda T: schedules.constant(0.005), "still too large at the end"),
        (lambda T: schedules.inverse_time(0.1, k=0.1), "what is left of the start"),
        (lambda T: schedules.cosine(0.1, T), "the rate fell too fast"),
        (lambda T: schedules.exponential(0.1, k=0.01), "the rate fell too fast"),
        (lambda T: schedules.constant(2.5), "above 2 / curvature"),
        (lambda T: lambda t: -0.1, "must be a number >= 0"),
        (lambda T: 0.1, "should return a schedule"),
    ],
)
def test_budget_failures_say_what_to_change(budget, words, capsys):
    result = checks.budget_schedule(budget)
    assert not result.passed and words in result.message
    capsys.readouterr()


def test_best_constant_rate_misses_the_target():
    best, lr = best_constant_loss()
    assert best > 1.3 * BUDGET_TARGET and 0.004 < lr < 0.007
    exact = schedules.quadratic_expected_loss(np.full(BUDGET_STEPS, lr), BUDGET_START)
    assert exact[-1] == pytest.approx(best, rel=1e-9)
