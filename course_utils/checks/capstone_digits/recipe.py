"""The check of ``my_recipe`` (notebook 11, an experiment): the learner's function receives
only a training and a validation set, and returns a recipe (optimizer, learning rate,
schedule, H, weight decay). The check trains the recipe for 5 epochs on three fresh seeds and
verifies that its mean validation accuracy reaches that of SGD (lr = 0.1) trained for 20
epochs, four times the budget, on the same seeds, to within one point (:data:`TOLERANCE`,
three of the 288 validation images per run): smaller differences are noise between seeds,
and a stricter test would pass or fail sensible recipes by the luck of the seeds. The test set
never enters: the check rebuilds the notebook's split and hands out only the other 1,438
images (:func:`recipe_data`).
"""

import functools

import numpy as np

from ... import data
from ...nn import losses, network, training
from ...optim import optimizers, schedules
from .._core import case_rng, case_set, check_experiment

__all__ = ["my_recipe"]


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
