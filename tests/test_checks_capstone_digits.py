"""The checks of notebook 11: each passes its reference on every case set, says "not
implemented yet" for a stub, and names the typical mistake with its hint."""

import numpy as np
import pytest

from course_utils import checks
from course_utils.checks.capstone_digits import recipe as recipe_check
from course_utils.nn import evaluation


def _not_implemented(*args):
    raise NotImplementedError


def _search(evaluate, n_trials, ranges, rng, draw=None, pick=None):
    """A random search; ``draw`` and ``pick`` replace the sampling and the choice (mistakes)."""
    draw = draw or (lambda low, high: 10 ** rng.uniform(np.log10(low), np.log10(high)))
    trials, acc, loss = [], [], []
    for _ in range(n_trials):
        settings = {name: draw(low, high) for name, (low, high) in ranges.items()}
        a, v = evaluate(**settings)
        trials.append(settings)
        acc.append(a)
        loss.append(v)
    index = (pick or evaluation.select_best)(np.array(acc), np.array(loss))
    return trials[index]


def random_search(evaluate, n_trials, ranges, rng):
    return _search(evaluate, n_trials, ranges, rng)


def confusion_matrix(y_true, y_pred, C):
    M = np.zeros((C, C), dtype=np.int64)
    for t, p in zip(y_true, y_pred, strict=True):
        M[t, p] += 1
    return M


def my_recipe(X_train, y_train, X_val, y_val):
    return {"method": "momentum", "lr": 0.316, "schedule": "cosine"}


SOLUTIONS = [
    (checks.random_search, random_search),
    (checks.random_search, evaluation.random_search),
    (checks.confusion_matrix, confusion_matrix),
    pytest.param(checks.my_recipe, my_recipe, marks=pytest.mark.slow),  # trains on the digits
]


def test_checks_are_exported():
    for name in ("random_search", "my_recipe", "confusion_matrix"):
        assert name in checks.__all__ and callable(getattr(checks, name))


@pytest.mark.parametrize("case_set", [0, 1, 2])
@pytest.mark.parametrize(("check", "solution"), SOLUTIONS)
def test_reference_solutions_pass_on_every_case_set(check, solution, case_set, capsys):
    with checks.other_cases(case_set):
        result = check(solution)
    assert result.passed, result.message
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("check", [checks.random_search, checks.confusion_matrix, checks.my_recipe])
def test_stubs_report_not_implemented(check, capsys):
    result = check(_not_implemented)
    assert not result.passed
    assert "not implemented yet" in result.message and "Hint" not in result.message
    assert "not implemented yet" in capsys.readouterr().out


def _problem(check, fn):
    result = check(fn)
    assert not result.passed
    return result.message


def test_random_search_mistakes_get_their_hint(capsys):
    def uniform(evaluate, n, ranges, rng):
        return _search(evaluate, n, ranges, rng, draw=lambda lo, hi: rng.uniform(lo, hi))

    assert "top decade" in _problem(checks.random_search, uniform)

    def shared(evaluate, n, ranges, rng):
        u = iter(rng.uniform(size=10**5))
        names = list(ranges)
        trials, acc, loss = [], [], []
        for _ in range(n):
            x = next(u)
            settings = {k: ranges[k][0] * (ranges[k][1] / ranges[k][0]) ** x for k in names}
            a, v = evaluate(**settings)
            trials.append(settings)
            acc.append(a)
            loss.append(v)
        return trials[evaluation.select_best(acc, loss)]

    assert "own random number" in _problem(checks.random_search, shared)

    def natural_log(evaluate, n, ranges, rng):
        return _search(
            evaluate, n, ranges, rng, draw=lambda lo, hi: 10 ** rng.uniform(np.log(lo), np.log(hi))
        )

    assert "outside its range" in _problem(checks.random_search, natural_log)

    def grid(evaluate, n, ranges, rng):
        lrs, count = np.geomspace(*ranges["lr"], 5), iter(range(10**6))

        def draw(low, high):  # lr from a grid of 5 values, weight decay at random
            if (low, high) == tuple(ranges["lr"]):
                return float(lrs[next(count) % 5])
            return 10 ** rng.uniform(np.log10(low), np.log10(high))

        return _search(evaluate, n, ranges, rng, draw=draw)

    assert "grid" in _problem(checks.random_search, grid)

    def global_rng(evaluate, n, ranges, rng):
        draw = lambda lo, hi: 10 ** np.random.uniform(np.log10(lo), np.log10(hi))  # noqa: E731, NPY002
        return _search(evaluate, n, ranges, rng, draw=draw)

    assert "rng argument" in _problem(checks.random_search, global_rng)

    def first_of_ties(evaluate, n, ranges, rng):
        return _search(evaluate, n, ranges, rng, pick=lambda a, v: int(np.nanargmax(a)))

    assert "ties" in _problem(checks.random_search, first_of_ties)

    def with_nan(evaluate, n, ranges, rng):
        return _search(evaluate, n, ranges, rng, pick=lambda a, v: int(np.argmax(a)))

    assert "NaN" in _problem(checks.random_search, with_nan)

    def by_loss(evaluate, n, ranges, rng):
        return _search(evaluate, n, ranges, rng, pick=lambda a, v: int(np.nanargmin(v)))

    assert "only breaks ties" in _problem(checks.random_search, by_loss)

    def last(evaluate, n, ranges, rng):
        return _search(evaluate, n, ranges, rng, pick=lambda a, v: len(a) - 1)

    assert "last trial" in _problem(checks.random_search, last)

    def too_few_calls(evaluate, n, ranges, rng):
        return random_search(evaluate, n - 1, ranges, rng)

    assert "once per trial" in _problem(checks.random_search, too_few_calls)
    assert "dict" in _problem(checks.random_search, lambda e, n, r, g: [random_search(e, n, r, g)])
    capsys.readouterr()


def test_my_recipe_rejects_malformed_recipes(capsys):
    def recipe(**r):
        return lambda *sets: r

    assert "budget is fixed" in _problem(
        checks.my_recipe, recipe(method="adam", lr=0.01, n_epochs=20)
    )
    assert "method" in _problem(checks.my_recipe, recipe(method="sgd", lr=0.1))
    assert "lr" in _problem(checks.my_recipe, recipe(method="adam", lr=-1.0))
    assert "'H'" in _problem(checks.my_recipe, recipe(method="adam", lr=0.01, H=1000))
    assert "schedule" in _problem(checks.my_recipe, recipe(method="adam", lr=0.01, schedule="step"))
    assert "not a setting" in _problem(checks.my_recipe, recipe(method="gd", lr=0.1, beta=0.9))
    assert "dict" in _problem(checks.my_recipe, lambda *sets: ("momentum", 0.3))
    capsys.readouterr()


def test_my_recipe_sees_only_training_and_validation_data(capsys):
    seen = []

    def spy(X_train, y_train, X_val, y_val):
        seen.append((X_train.shape, y_train.shape, X_val.shape, y_val.shape))
        return my_recipe(X_train, y_train, X_val, y_val)

    assert checks.my_recipe(spy).passed
    assert seen == [((1150, 64), (1150,), (288, 64), (288,))]  # 1,438 images: no test image
    capsys.readouterr()


@pytest.mark.slow
@pytest.mark.parametrize("case_set", [0, 1, 2])
@pytest.mark.parametrize(
    "recipe",
    [
        {"method": "adam", "lr": 0.01, "schedule": "cosine"},
        {"method": "rmsprop", "lr": 0.01, "schedule": "cosine"},
        {"method": "gd", "lr": 1.0, "schedule": "cosine"},
        {"method": "momentum", "lr": 0.1, "schedule": "cosine"},
    ],
)
def test_my_recipe_passes_other_sensible_recipes(recipe, case_set, capsys):
    """Fairness: recipes within the noise of the target pass on every split and seeds, not
    only the reference (a check with no tolerance failed most of these on some split)."""
    with checks.other_cases(case_set):
        result = checks.my_recipe(lambda *sets: recipe)
    assert result.passed, result.message
    capsys.readouterr()


@pytest.mark.slow
def test_my_recipe_mistakes_get_their_hint(capsys):
    constant = _problem(checks.my_recipe, lambda *sets: {"method": "momentum", "lr": 0.316})
    assert "cosine" in constant
    too_small = _problem(checks.my_recipe, lambda *sets: {"method": "gd", "lr": 0.01})
    assert "Raise lr" in too_small
    too_large = _problem(checks.my_recipe, lambda *sets: {"method": "adam", "lr": 3.0})
    assert "Lower lr" in too_large
    with checks.other_cases(1):
        decay = {"method": "adamw", "lr": 0.01, "schedule": "cosine", "weight_decay": 0.01}
        assert "Without the weight decay" in _problem(checks.my_recipe, lambda *sets: decay)
    capsys.readouterr()


def test_the_check_split_is_the_notebooks():
    sets, seeds = recipe_check.recipe_data()
    assert seeds == (1, 2, 3)  # the notebook's fresh seeds; the learner tunes on seed 0
    assert [len(a) for a in sets] == [1150, 1150, 288, 288]
    with checks.other_cases(1):
        other, other_seeds = recipe_check.recipe_data()
    assert other_seeds != seeds and not np.array_equal(other[0], sets[0])
    np.testing.assert_array_equal(np.sort(np.concatenate([other[1], other[3]])),
                                  np.sort(np.concatenate([sets[1], sets[3]])))  # fmt: skip


def test_confusion_matrix_mistakes_get_their_hint(capsys):
    swapped = checks.confusion_matrix(lambda t, p, C: confusion_matrix(p, t, C))
    assert "swapped" in swapped.message

    def normalized(t, p, C):
        M = confusion_matrix(t, p, C).astype(float)
        return M / np.maximum(M.sum(axis=1, keepdims=True), 1)

    assert "counts" in checks.confusion_matrix(normalized).message

    def only_seen_classes(t, p, C):
        return confusion_matrix(t, p, max(t.max(), p.max()) + 1)

    result = checks.confusion_matrix(only_seen_classes)
    assert not result.passed and "shape (5, 5)" in result.message and "C x C" in result.message
    capsys.readouterr()
