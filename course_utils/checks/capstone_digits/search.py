"""The check of ``random_search`` (notebook 11): the learner's random search is run on a
cheap synthetic validation score (no training), and the check verifies what a random search
must do: one call of ``evaluate`` per trial, each hyperparameter drawn log-uniformly and
independently from its range with the ``rng`` given, and the best trial returned by the
course's tuning rule (:func:`course_utils.nn.evaluation.select_best`).
"""

import numpy as np

from ...nn import evaluation
from .._core import case_rng, check_experiment

__all__ = ["random_search"]


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
