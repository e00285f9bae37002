"""The check of notebook 00: it passes the reference on every case set, says "not implemented
yet" for a stub, and names each typical mistake with its hint."""

import pytest

from course_utils import checks


def _gd_step(x, grad, lr):
    return x - lr * grad


def _not_implemented(*args):
    raise NotImplementedError


def test_check_is_exported():
    assert "gd_step" in checks.__all__ and callable(checks.gd_step)


@pytest.mark.parametrize("case_set", [0, 1, 2])
def test_reference_solution_passes_on_every_case_set(case_set, capsys):
    with checks.other_cases(case_set):
        assert checks.gd_step(_gd_step).passed
    assert "Correct: gd_step agrees with the reference on 3 test cases." in capsys.readouterr().out


def test_stub_reports_not_implemented_without_raising(capsys):
    result = checks.gd_step(_not_implemented)
    assert not result.passed and "not implemented yet" in result.message
    out = capsys.readouterr().out
    assert "not implemented yet" in out and "Hint" not in out


@pytest.mark.parametrize("case_set", [0, 1])
@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda x, grad, lr: x + lr * grad, "adding lr * grad climbs the loss"),
        (lambda x, grad, lr: x - grad, "multiply the gradient by the learning rate"),
        (lambda x, grad, lr: x - grad / lr, "do not divide by it"),
        (lambda x, grad, lr: -lr * grad, "not only the step"),
        (lambda x, grad, lr: x - lr, "not x - lr"),
    ],
)
def test_typical_mistakes_get_their_hint(wrong, hint, case_set, capsys):
    with checks.other_cases(case_set):
        result = checks.gd_step(wrong)
    assert not result.passed and "Hint" in result.message and hint in result.message
    capsys.readouterr()


def test_an_unknown_mistake_gets_no_hint(capsys):
    result = checks.gd_step(lambda x, grad, lr: x - 2 * lr * grad)
    assert not result.passed and "should be" in result.message and "Hint" not in result.message
    capsys.readouterr()
