import importlib
import pathlib
import pkgutil
import re

import nbformat
import numpy as np

from course_utils import checks
from course_utils.optim import optimizers

NOTEBOOKS = pathlib.Path(__file__).resolve().parent.parent / "notebooks"


def test_all_is_the_union_of_the_lesson_modules_all():
    """The package imports every lesson's checks by name: none is missing or exported twice."""
    names = list(importlib.import_module("course_utils.checks._core").__all__)
    for info in pkgutil.iter_modules(checks.__path__):
        if not info.name.startswith("_"):
            names += importlib.import_module(f"course_utils.checks.{info.name}").__all__
    assert len(names) == len(set(names)), "a check is defined in two modules"
    assert sorted(checks.__all__) == sorted(names)
    for name in names:
        assert callable(getattr(checks, name)), name


def test_each_lesson_module_holds_the_checks_its_notebook_calls():
    """Notebook NN_<title>.ipynb calls exactly the checks of checks/<title>(.py or /)."""
    modules = set()
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        source = "\n".join(c["source"] for c in nbformat.read(path, as_version=4).cells)
        called = set(re.findall(r"\bchecks\.(\w+)\(", source)) - {"other_cases"}
        if not called:
            continue
        title = path.stem[3:]
        modules.add(title)
        module = importlib.import_module(f"course_utils.checks.{title}")
        assert sorted(module.__all__) == sorted(called), path.name
    found = {m.name for m in pkgutil.iter_modules(checks.__path__) if not m.name.startswith("_")}
    assert found == modules, "a checks module whose notebook calls none of its checks"


def test_wrong_answers_are_explained(capsys):
    raising = checks.gd_step(lambda x, g, lr: x - lr * g[5])
    assert "IndexError" in raising.message
    assert "should be a function" in checks.gd_step(3).message
    assert "shape" in checks.gd_step(lambda x, g, lr: (x - lr * g)[:2]).message
    capsys.readouterr()


def test_compare_structures():
    assert checks.compare((1.0, {"a": np.ones(2)}), (1.0, {"a": np.ones(2)})) is None
    assert "tuple of 2" in checks.compare([1.0], (1.0, 2.0))
    assert "missing" in checks.compare({}, {"a": 1.0})
    assert "dict" in checks.compare(1.0, {"a": 1.0})
    assert "True" in checks.compare(False, True)
    assert "numbers" in checks.compare("x", 1.0)
    assert repr(checks.CheckResult("f", True, "ok")) == "ok"
    assert optimizers.METHODS


def test_known_mistake_gets_a_hint_and_nan_answers_do_not_warn(capsys):
    cases = [(np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.1)]
    mistakes = [(lambda x, g, lr: x + lr * g, "step against the gradient: x - lr * g.")]

    def reference(x, g, lr):
        return x - lr * g

    result = checks.check_function(
        "gd_step", lambda x, g, lr: x + lr * g, reference, cases, mistakes=mistakes
    )
    assert not result.passed and result.message.endswith(
        "Hint: step against the gradient: x - lr * g."
    )
    other = checks.check_function(
        "gd_step", lambda x, g, lr: 0 * x, reference, cases, mistakes=mistakes
    )
    assert "Hint" not in other.message
    nan = checks.check_function(
        "gd_step",
        lambda x, g, lr: np.log(-x),
        reference,
        cases,
        mistakes=[(lambda *a: 1 / 0, "never")],
    )
    assert not nan.passed and "Hint" not in nan.message
    capsys.readouterr()


def test_other_cases_changes_the_inputs_reproducibly(capsys):
    from course_utils.checks import case_rng

    first = case_rng(3).standard_normal(4)
    np.testing.assert_array_equal(first, np.random.default_rng(3).standard_normal(4))
    assert checks.case_set() == 0
    with checks.other_cases(1):
        hidden = case_rng(3).standard_normal(4)
        assert checks.case_set() == 1
        with checks.other_cases(2):
            assert checks.case_set() == 2
            assert not np.allclose(case_rng(3).standard_normal(4), hidden)
        assert checks.case_set() == 1
        np.testing.assert_array_equal(case_rng(3).standard_normal(4), hidden)
        assert checks.gd_step(lambda x, g, lr: x - lr * g).passed
    assert not np.allclose(first, hidden)
    np.testing.assert_array_equal(case_rng(3).standard_normal(4), first)
    capsys.readouterr()


def test_check_experiment_reports_property_not_implemented_and_errors(capsys):
    from course_utils.checks import check_experiment

    def verify(result):
        return (None if result < 1e-6 else f"f = {result:.1e} is not below 1e-6."), "f < 1e-6"

    assert check_experiment("tune", lambda: 1e-9, verify).passed
    assert capsys.readouterr().out == "Correct: f < 1e-6\n"
    failed = check_experiment("tune", lambda: 1e-3, verify)
    assert not failed.passed and "not below" in failed.message

    def stub():
        raise NotImplementedError

    assert "not implemented yet" in check_experiment("tune", stub, verify).message
    assert "raised ZeroDivisionError" in check_experiment("tune", lambda: 1 / 0, verify).message
    assert "could not be checked" in check_experiment("tune", lambda: "x", verify).message
    assert "should be a function" in check_experiment("tune", 3, verify).message
    assert check_experiment("tune", lambda a: a, verify, args=(0.0,)).passed
