"""Checks for the exercises of notebook 11 (capstone: handwritten digits).

- :func:`random_search`: the learner's random search is run on a cheap synthetic validation
  score (no training), and the check verifies what a random search must do: one call of
  ``evaluate`` per trial, each hyperparameter drawn log-uniformly and independently from its
  range with the ``rng`` given, and the best trial returned by the course's tuning rule
  (:func:`course_utils.nn.evaluation.select_best`).
- :func:`my_recipe` (an experiment): the learner's function receives only a training and a
  validation set, and returns a recipe (optimizer, learning rate, schedule, H, weight
  decay). The check trains the recipe for 5 epochs on three fresh seeds and verifies that its
  mean validation accuracy reaches that of SGD (lr = 0.1) trained for 20 epochs, four times
  the budget, on the same seeds, to within one point (:data:`TOLERANCE`, three of the 288
  validation images per run): smaller differences are noise between seeds, and a stricter
  test would pass or fail sensible recipes by the luck of the seeds. The test set never
  enters: the check rebuilds the notebook's split and hands out only the other 1,438 images.
- :func:`confusion_matrix`: compared with :func:`course_utils.nn.evaluation.confusion_matrix`.
"""

import functools

import numpy as np

from .. import data
from ..nn import evaluation, losses, network, training
from ..optim import optimizers, schedules
from ._core import case_rng, case_set, check_experiment, check_function

__all__ = ["confusion_matrix", "my_recipe", "random_search"]


# --- random_search ------------------------------------------------------------------------

_SEARCH_CASES = (
    # (n_trials, ranges): many trials to see the distribution, then few with diverged runs
    (2000, {"lr": (1e-3, 1.0), "weight_decay": (1e-6, 1e-2)}),
    (25, {"lr": (0.05, 2.0), "weight_decay": (1e-5, 1e-1)}),
)
_TIE_HINT = (
    "among trials tied on accuracy the lower validation loss wins (np.argmax takes the first "
    "of them): evaluation.select_best applies the whole rule."
)


def _synthetic_evaluate(record):
    """A validation score that depends mostly on lr (as on the digits), cheap to compute.

    Accuracies are multiples of 1/288, like those of a validation set of 288 images, so
    ties are common; lr above 0.6 "diverges" (NaN)."""

    def evaluate(lr, weight_decay):
        x = np.log10(lr / 0.2)
        if lr > 0.6:
            acc = loss = float("nan")
        else:
            acc = round((0.975 - 0.06 * x**2 - 2.0 * weight_decay) * 288) / 288
            loss = 0.1 + 0.3 * np.log10(lr / 0.1) ** 2 + 20.0 * weight_decay  # lowest at 0.1
        record.append(({"lr": float(lr), "weight_decay": float(weight_decay)}, acc, loss))
        return acc, loss

    return evaluate


def _run_search(fn, n_trials, ranges, rng):
    record = []
    best = fn(_synthetic_evaluate(record), n_trials, {k: tuple(v) for k, v in ranges.items()}, rng)
    return record, best


def _distribution_problem(record, n_trials, ranges):
    if len(record) != n_trials:
        return (
            f"evaluate was called {len(record)} times for n_trials = {n_trials}; call it once "
            "per trial."
        )
    for name, (low, high) in ranges.items():
        values = np.array([settings[name] for settings, _, _ in record])
        outside = values[(values < low * (1 - 1e-9)) | (values > high * (1 + 1e-9))]
        if outside.size:
            return (
                f"{name} = {outside[0]:.3g} lies outside its range ({low:g}, {high:g}). Draw "
                "the exponent between np.log10(low) and np.log10(high) and raise 10 to it "
                "(or use np.log with np.exp, not one with the other)."
            )
        if len(np.unique(values)) < n_trials:
            return (
                f"only {len(np.unique(values))} different values of {name} in {n_trials} "
                "trials: a grid repeats its values. Random search draws new values of every "
                "hyperparameter in every trial."
            )
        if n_trials < 500:
            continue  # too few draws to judge their distribution
        u = (np.log10(values) - np.log10(low)) / (np.log10(high) - np.log10(low))
        thirds = np.histogram(u, bins=3, range=(0.0, 1.0))[0] / n_trials
        if thirds.max() > 0.39 or thirds.min() < 0.28:
            shares = ", ".join(f"{s:.0%}" for s in thirds)
            hint = (
                "Most trials land in the top decade, as with rng.uniform(low, high): d"
                if thirds[-1] > 0.6
                else "D"
            )
            return (
                f"on a log scale the {n_trials} values of {name} fall {shares} into the "
                f"lower, middle and upper third of the range; log-uniform draws give about "
                f"a third each. {hint}raw the exponent uniformly, "
                "10 ** rng.uniform(np.log10(low), np.log10(high))."
            )
    names = list(ranges)
    if len(names) > 1 and n_trials >= 500:
        logs = np.log10([[s[n] for n in names[:2]] for s, _, _ in record])
        r = np.corrcoef(logs[:, 0], logs[:, 1])[0, 1]
        if abs(r) > 0.1:
            return (
                f"{names[0]} and {names[1]} move together (correlation {r:.2f} of their "
                "logarithms): draw each hyperparameter with its own random number."
            )
    return None


def _best_problem(record, best, ranges):
    if not isinstance(best, dict):
        return (
            "random_search should return the best trial's settings as a dict {name: value}; "
            f"got {type(best).__name__}."
        )
    if sorted(best) != sorted(ranges):
        return f"the returned dict should have the keys {sorted(ranges)}; got {sorted(best)}."
    tried = [settings for settings, _, _ in record]
    index = next(
        (i for i, s in enumerate(tried) if all(s[k] == best[k] for k in ranges)),
        None,
    )
    if index is None:
        return "the returned settings are not one of the trials passed to evaluate."
    acc = np.array([a for _, a, _ in record], float)
    loss = np.array([v for _, _, v in record], float)
    expected = evaluation.select_best(acc, loss)
    if acc[index] == acc[expected] and loss[index] == loss[expected]:
        return None
    where = f"trial {index + 1} of {len(record)}"
    if np.isnan(acc[index]):
        return f"{where} diverged (NaN) and must never be chosen; np.nanargmax skips NaN."
    if index == len(record) - 1:
        return f"{where} is the last trial: return the best one, not the last one."
    if acc[index] == np.nanmax(acc):
        return f"{where} ties for the highest accuracy but has a higher loss: {_TIE_HINT}"
    if index == int(np.nanargmin(loss)):
        return (
            f"{where} has the lowest validation loss; the criterion is validation accuracy, "
            "and the loss only breaks ties."
        )
    return (
        f"{where} has validation accuracy {acc[index]:.3f}, but the best trial reached "
        f"{acc[expected]:.3f}: return the trial with the highest accuracy."
    )


def random_search(fn):
    """Check ``fn(evaluate, n_trials, ranges, rng) -> best``: a random search that draws
    every hyperparameter of ``ranges`` ({name: (low, high)}) independently and log-uniformly
    with ``rng``, calls ``evaluate(**settings) -> (val_accuracy, val_loss)`` once per trial,
    and returns the settings of the best trial (highest accuracy, ties to the lower loss,
    never a NaN)."""
    seeds = [int(case_rng(40 + k).integers(2**31)) for k in range(len(_SEARCH_CASES))]

    def verify(first):
        for k, ((n_trials, ranges), seed) in enumerate(zip(_SEARCH_CASES, seeds, strict=True)):
            record, best = (
                first if k == 0 else _run_search(fn, n_trials, ranges, np.random.default_rng(seed))
            )
            problem = _distribution_problem(record, n_trials, ranges) or _best_problem(
                record, best, ranges
            )
            if problem:
                return f"for a search of {n_trials} trials, {problem}", ""
        twice = [_run_search(fn, *_SEARCH_CASES[1], np.random.default_rng(seeds[1]))[0]]
        twice.append(_run_search(fn, *_SEARCH_CASES[1], np.random.default_rng(seeds[1]))[0])
        if [s for s, _, _ in twice[0]] != [s for s, _, _ in twice[1]]:
            return (
                "two searches with generators of the same seed tried different settings: draw "
                "with the rng argument (rng.uniform), not np.random, so a search can be repeated.",
                "",
            )
        return None, (
            "random_search draws each hyperparameter log-uniformly and independently, calls "
            "evaluate once per trial and returns the best trial, on searches of "
            f"{' and '.join(str(n) for n, _ in _SEARCH_CASES)} trials."
        )

    n_trials, ranges = _SEARCH_CASES[0]

    def run(fn_):
        return _run_search(fn_, n_trials, ranges, np.random.default_rng(seeds[0]))

    return check_experiment("random_search", run, verify, (fn,))


# --- my_recipe (an experiment) ------------------------------------------------------------

RECIPE_EPOCHS = 5
BASELINE_EPOCHS = 20
BATCH_SIZE = 32
BASELINE = {"method": "gd", "lr": 0.1}
N_SEEDS = 3  # fresh seeds per check: the notebook's (1, 2, 3), others for hidden tests
TOLERANCE = 0.01  # one point: about the spread of a 3-seed mean on 288 validation images
H_RANGE = (4, 256)
RECIPE_METHODS = ("gd", "momentum", "nesterov", "rmsprop", "adam", "adamw")
SCHEDULES = ("constant", "cosine")
_BUDGET_KEYS = ("n_epochs", "batch_size", "epochs", "T", "n_steps")


@functools.lru_cache(maxsize=1)
def _rest():
    """The 1,438 digits outside the notebook's test set, scaled to [0, 1], and the generator
    in the state the notebook's validation split starts from."""
    X, y = data.load_digits()
    rng = np.random.default_rng(0)  # the notebook's SEED: first the test split ...
    X_rest, _, y_rest, _ = data.train_test_split(X / 16.0, y, test_fraction=0.2, rng=rng)
    return X_rest, y_rest, rng.bit_generator.state


def recipe_data():
    """The data and seeds :func:`my_recipe` trains with: the notebook's split and seeds
    (1, 2, 3) for the visible check, other splits of the same 1,438 images and other seeds
    inside :func:`~course_utils.checks.other_cases` (hidden tests).

    Returns
    -------
    sets : tuple
        ``(X_train (1150, 64), y_train (1150,), X_val (288, 64), y_val (288,))``.
    seeds : tuple of int
        The ``N_SEEDS`` seeds each recipe is trained with.
    """
    X_rest, y_rest, state = _rest()
    if case_set() == 0:
        rng = np.random.default_rng(0)
        rng.bit_generator.state = state  # ... then the validation split, as in the notebook
        seeds = tuple(range(1, N_SEEDS + 1))
    else:
        rng = case_rng(50)
        seeds = tuple(int(s) for s in case_rng(51).integers(4, 10**6, size=N_SEEDS))
    X_train, X_val, y_train, y_val = data.train_test_split(
        X_rest, y_rest, test_fraction=0.2, rng=rng
    )
    return (X_train, y_train, X_val, y_val), seeds


def _recipe_problem(recipe):
    if not isinstance(recipe, dict):
        return (
            'my_recipe should return a dict such as {"method": "momentum", "lr": 0.1}; got '
            f"{type(recipe).__name__}."
        )
    budget = [k for k in _BUDGET_KEYS if k in recipe]
    if budget:
        return (
            f"the budget is fixed ({RECIPE_EPOCHS} epochs of mini-batches of {BATCH_SIZE}): "
            f"remove {budget[0]!r} from the recipe."
        )
    if recipe.get("method") not in RECIPE_METHODS:
        return f"recipe['method'] must be one of {RECIPE_METHODS}; got {recipe.get('method')!r}."
    lr = recipe.get("lr")
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not 0 < lr < np.inf:
        return f"recipe['lr'] must be a number > 0 (the first learning rate); got {lr!r}."
    H = recipe.get("H", 64)
    if (
        isinstance(H, bool)
        or not isinstance(H, (int, np.integer))
        or not (H_RANGE[0] <= H <= H_RANGE[1])
    ):
        return f"recipe['H'] must be a whole number from {H_RANGE[0]} to {H_RANGE[1]}; got {H!r}."
    if recipe.get("schedule", "constant") not in SCHEDULES:
        return f"recipe['schedule'] must be one of {SCHEDULES}; got {recipe.get('schedule')!r}."
    unknown = sorted(
        set(recipe)
        - {"method", "lr", "H", "schedule", "weight_decay"}
        - set(optimizers.DEFAULTS[recipe["method"]])
    )
    if unknown:
        return f"{unknown[0]!r} is not a setting of {recipe['method']!r}."
    return None


def _describe(recipe):
    parts = [f"{recipe['method']}, lr = {recipe['lr']:g}"]
    if recipe.get("schedule", "constant") != "constant":
        parts.append(f"{recipe['schedule']} schedule")
    parts.append(f"H = {recipe.get('H', 64)}")
    parts += [
        f"{k} = {v:g}" for k, v in recipe.items() if k not in ("method", "lr", "H", "schedule")
    ]
    return ", ".join(parts)


def _train_recipe(recipe, X_train, y_train, X_val, y_val, seed, n_epochs=RECIPE_EPOCHS):
    """Train a recipe as the check does; return (validation accuracy, history)."""
    run_rng = np.random.default_rng(seed)
    D, C = X_train.shape[1], 10
    params = network.init_params(D, int(recipe.get("H", 64)), C, rng=run_rng)
    n_updates = n_epochs * int(np.ceil(len(X_train) / BATCH_SIZE))
    lr = recipe["lr"]
    if recipe.get("schedule", "constant") == "cosine":
        lr = schedules.cosine(lr, T=n_updates)
    hp = {k: v for k, v in recipe.items() if k not in ("method", "lr", "H", "schedule")}
    wd = hp.pop("weight_decay", 0.0)
    params, history = training.train(
        params,
        X_train,
        y_train,
        recipe["method"],
        n_epochs,
        BATCH_SIZE,
        run_rng,
        "tanh",
        "cross_entropy",
        wd,
        X_val=X_val,
        y_val=y_val,
        lr=lr,
        **hp,
    )
    if history["diverged"]:
        return float("nan"), history
    return losses.accuracy(network.forward(params, X_val, "tanh")[0], y_val), history


@functools.lru_cache(maxsize=16)
def _baseline(cases, seed):
    sets, _ = recipe_data()
    return _train_recipe(BASELINE, *sets, seed, n_epochs=BASELINE_EPOCHS)[0]


def _verify_recipe(sets, seeds):
    def verify(recipe):
        problem = _recipe_problem(recipe)
        if problem:
            return problem, ""
        runs = [_train_recipe(recipe, *sets, seed) for seed in seeds]
        accs = np.array([acc for acc, _ in runs])
        target = float(np.mean([_baseline(case_set(), seed) for seed in seeds]))
        named = _describe(recipe)
        if np.all(np.isfinite(accs)) and accs.mean() >= target - TOLERANCE:
            return None, (
                f"{named} reaches in {RECIPE_EPOCHS} epochs, on seeds {seeds}, the mean "
                f"validation accuracy of SGD (lr = {BASELINE['lr']:g}) after "
                f"{BASELINE_EPOCHS} epochs, to within {TOLERANCE:g}."
            )
        if not np.all(np.isfinite(accs)):
            return (
                f"with {named} training diverged (the loss overflowed): lower lr.",
                "",
            )
        final_loss = float(np.mean([h["loss"][-1] for _, h in runs]))
        first_loss = float(np.mean([h["loss"][0] for _, h in runs]))
        reached = (
            f"with {named}, the mean validation accuracy after {RECIPE_EPOCHS} epochs is "
            f"{accs.mean():.3f}, more than {TOLERANCE:g} below the {target:.3f} of SGD "
            f"(lr = {BASELINE['lr']:g}) after {BASELINE_EPOCHS} epochs"
        )
        if final_loss > first_loss:
            return (
                f"{reached}, and the training loss ended above where it started "
                f"({final_loss:.3g} against {first_loss:.3g}): the steps are too large. Lower lr "
                "(section 5: a loss that climbs or explodes means lr is too large).",
                "",
            )
        if recipe.get("weight_decay", 0.0) > 0:
            plain = {k: v for k, v in recipe.items() if k != "weight_decay"}
            without = np.mean([_train_recipe(plain, *sets, seed)[0] for seed in seeds])
            if without > accs.mean() + 0.5 * TOLERANCE:
                return (
                    f"{reached}. Without the weight decay the same recipe reaches "
                    f"{without:.3f}: section 6 found that strong decay holds the weights too "
                    "small (underfitting), and in 5 epochs there is little overfitting to "
                    "prevent. Use a smaller weight decay, or none.",
                    "",
                )
        if final_loss > 0.3:
            return (
                f"{reached}, and the training loss is still {final_loss:.2f}: the network is "
                "far from done. Raise lr (section 5: a loss that falls slowly means lr is too "
                "small).",
                "",
            )
        if recipe.get("schedule", "constant") == "constant":
            return (
                f"{reached}. With a constant lr the last steps are as large as the first, and "
                "the noise of the mini-batches keeps the network from settling: let a schedule "
                'lower lr towards the end ("schedule": "cosine", notebook 09).',
                "",
            )
        return (
            f"{reached}. Try a larger first lr with the schedule (read its curves: section 5), "
            "another optimizer, or another H.",
            "",
        )

    return verify


def my_recipe(fn):
    """Check ``fn(X_train, y_train, X_val, y_val) -> recipe`` (an experiment).

    ``recipe`` is a dict: ``"method"`` (one of ``RECIPE_METHODS``), ``"lr"`` (the first
    learning rate), optionally ``"schedule"`` (``"constant"`` or ``"cosine"``, over the 5
    epochs), ``"H"`` (4..256, default 64), ``"weight_decay"`` and the optimizer's other
    hyperparameters (``"beta"``, ``"beta1"``, ...). The check trains it for 5 epochs of
    mini-batches of 32 on three fresh seeds and passes if its mean validation accuracy is at
    least that of SGD with lr = 0.1 trained for 20 epochs on the same seeds, less
    ``TOLERANCE`` (one point, the noise between seeds). ``fn`` sees the
    training and validation sets only: the notebook's for the visible check, other splits of
    the same 1,438 images for hidden tests.
    """
    sets, seeds = recipe_data()
    copies = tuple(a.copy() for a in sets)
    return check_experiment("my_recipe", fn, _verify_recipe(sets, seeds), copies)


# --- confusion_matrix ---------------------------------------------------------------------


def _labels_cases():
    cases = []
    for seed, (N, C) in enumerate([(12, 3), (60, 10), (30, 5)]):
        r = case_rng(seed)
        y_true = r.integers(0, C, size=N)
        y_pred = np.where(r.random(N) < 0.6, y_true, r.integers(0, C, size=N))
        cases.append((y_true, y_pred, C))
    # class 0 is never the truth, class 3 never predicted, class 4 never seen at all
    y_true = np.array([1, 1, 2, 3, 3, 3, 2, 1], dtype=np.int64)
    y_pred = np.array([1, 0, 2, 2, 1, 2, 2, 1], dtype=np.int64)
    cases.append((y_true, y_pred, 5))
    return cases


def _row_normalized(y_true, y_pred, C):
    M = evaluation.confusion_matrix(y_true, y_pred, C).astype(float)
    return M / np.maximum(M.sum(axis=1, keepdims=True), 1)


def _only_seen(y_true, y_pred, C):
    return evaluation.confusion_matrix(y_true, y_pred, int(max(y_true.max(), y_pred.max())) + 1)


def confusion_matrix(fn):
    """Check ``fn(y_true, y_pred, C) -> M (C, C)`` with ``M[i, j]`` the number of examples
    of true class i predicted as j (rows: truth, columns: prediction)."""
    return check_function(
        "confusion_matrix",
        fn,
        evaluation.confusion_matrix,
        _labels_cases(),
        describe=lambda a: (
            f"y_true={a[0].tolist()}, y_pred={a[1].tolist()}, C={a[2]}"
            if len(a[0]) <= 12
            else f"N={len(a[0])}, C={a[2]}"
        ),
        mistakes=[
            (
                lambda t, p, C: evaluation.confusion_matrix(p, t, C),
                "rows and columns are swapped: the row is the true class, the column the "
                "predicted one, M[y_true[n], y_pred[n]] += 1.",
            ),
            (
                _row_normalized,
                "the matrix holds counts (whole numbers); do not divide the rows by their sums.",
            ),
            (
                _only_seen,
                "make the matrix C x C, with a row and a column for every class, even one "
                "that never occurs in y_true or y_pred: np.zeros((C, C)).",
            ),
        ],
    )
