"""A fair race between optimizers: tune each one's learning rate, then compare on equal terms.

The protocol, which every comparison in the course follows:

1. every method gets the same surface, the same start ``x0`` and the same budget of
   ``n_steps`` gradient evaluations;
2. every method tries every learning rate of the same log-spaced grid (:func:`lr_grid`), and
   each run gets a score by one stated criterion (:func:`score`);
3. each method keeps its best learning rate, and the methods are compared at their best.

Comparing methods at one shared learning rate, or at each library's default, measures the
learning rate rather than the method: the ranking of optimizers can flip with the tuning
protocol (Choi et al. 2019, "On Empirical Comparisons of Optimizers for Deep Learning").
Other hyperparameters (beta, beta1, beta2, eps) stay at the values given in ``hp`` or at the
defaults of :mod:`course_utils.optim.optimizers`.
"""

from dataclasses import dataclass, field

import numpy as np

from ..validate import as_array, check_choice, check_int, check_positive
from . import optimizers

__all__ = ["RACE_METHODS", "lr_grid", "score", "tune", "race", "RaceResult"]

RACE_METHODS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")


def lr_grid(low=1e-5, high=1.0, per_decade=2):
    """Learning rates spaced evenly on a log scale, from ``low`` to ``high`` inclusive.

    Parameters
    ----------
    low, high : float, 0 < low < high
    per_decade : int >= 1
        Grid points per factor of 10 (2 gives 1e-3, 3.16e-3, 1e-2, ...).

    Returns
    -------
    ndarray, shape (K,)
    """
    low, high = check_positive(low, "low"), check_positive(high, "high")
    if not low < high:
        raise ValueError(f"low must be smaller than high; got low={low}, high={high}")
    per_decade = check_int(per_decade, "per_decade", 1)
    n = int(round(np.log10(high / low) * per_decade)) + 1
    return np.geomspace(low, high, max(n, 2))


def _check_criterion(criterion, target):
    check_choice(criterion, "criterion", ("final", "steps_to_target"))
    if criterion == "steps_to_target":
        if target is None:
            raise ValueError("criterion 'steps_to_target' needs a target loss, e.g. target=-1.0")
        return float(as_array(target, "target", shape=()))
    return None


def score(f, traj, criterion="final", target=None, floor=None):
    """The score of one run (lower is better).

    Parameters
    ----------
    f : callable
        ``f(points (T, P)) -> (T,)`` loss values, e.g. ``surface.f``.
    traj : ndarray, shape (T + 1, P), from :func:`course_utils.optim.optimizers.run`
    criterion : {"final", "steps_to_target"}
        ``"final"``: the loss after the last step (for surfaces with a minimum);
        ``"steps_to_target"``: the number of steps until the loss first reaches
        ``target`` or less (for surfaces unbounded below, such as a saddle, where "lowest
        final loss" only rewards the fastest blow-up).
    target : float
        Needed for ``"steps_to_target"``.
    floor : float, optional
        For ``"final"``: losses at or below ``floor`` count as equal ("solved"), so that a
        learning rate is not crowned for reaching 1e-21 rather than 1e-15 by luck.

    Returns
    -------
    float
        ``inf`` for a run that diverged (``"final"``) or never reached the target.
    """
    target = _check_criterion(criterion, target)
    traj = as_array(traj, "traj", allow_nan=True)
    if traj.ndim != 2:
        raise ValueError(f"traj must have shape (T + 1, P); got shape {traj.shape}")
    with np.errstate(all="ignore"):
        losses = np.asarray(f(traj), dtype=float)
    if criterion == "final":
        last = float(losses[-1])
        if not np.isfinite(last):
            return float("inf")
        return last if floor is None else max(last, float(floor))
    reached = np.flatnonzero(losses <= target)  # NaN rows compare False
    return float(reached[0]) if reached.size else float("inf")


def tune(method, surface, n_steps, lrs, x0=None, criterion="final", target=None, floor=None,
         **hp):  # fmt: skip
    """Run ``method`` once per learning rate of ``lrs`` and score every run.

    Parameters
    ----------
    method : str
        One of :data:`course_utils.optim.optimizers.METHODS`.
    surface : object with ``f`` and ``grad`` (a :class:`course_utils.geometry.landscapes.Surface`)
    n_steps : int
        The budget of every run.
    lrs : ndarray, shape (K,)
        Learning rates to try, usually from :func:`lr_grid`.
    x0 : ndarray, shape (P,), optional
        The start; ``surface.start`` by default.
    criterion, target, floor
        As in :func:`score`.
    **hp
        Other hyperparameters of ``method``, the same for every run.

    Returns
    -------
    scores : ndarray, shape (K,)
        The score of every learning rate (``inf`` for runs that diverged or failed).
    best : int or None
        Index of the best learning rate; ties go to the smaller learning rate. If no run
        reached the target (``"steps_to_target"``), the run with the lowest finite final loss
        is kept instead, so the method still has a tuned run to show. None if every run
        diverged.
    trajectories : list of K ndarrays, shape (n_steps + 1, P)
    """
    lrs = as_array(lrs, "lrs", shape=("K",))
    if lrs.size == 0 or np.any(lrs <= 0):
        raise ValueError("lrs must be a non-empty array of learning rates > 0")
    x0 = surface.start if x0 is None else x0
    _check_criterion(criterion, target)
    trajectories = [optimizers.run(method, surface.grad, x0, n_steps, lr=lr, **hp) for lr in lrs]
    scores = np.array([score(surface.f, tr, criterion, target, floor) for tr in trajectories])
    if not np.isfinite(scores).any():
        scores_final = np.array([score(surface.f, tr, "final") for tr in trajectories])
        best = int(np.argmin(scores_final)) if np.isfinite(scores_final).any() else None
        return scores, best, trajectories
    return scores, int(np.argmin(scores)), trajectories


@dataclass(frozen=True)
class RaceResult:
    """Everything a fair race produced.

    Attributes
    ----------
    surface_name : str
    x0 : ndarray, shape (P,)
    n_steps : int
    criterion : str
    target : float or None
    floor : float or None
    lrs : ndarray, shape (K,)
        The grid every method was tuned on.
    scores : dict of str to ndarray, shape (K,)
        Score of every learning rate, per method (for sensitivity plots).
    best_lr : dict of str to float
        Each method's tuned learning rate (NaN if it failed at every rate).
    best_score : dict of str to float
    final_loss : dict of str to float
        Loss after the budget at the tuned learning rate (NaN if it diverged).
    trajectories : dict of str to ndarray, shape (n_steps + 1, P)
        The run at the tuned learning rate (all NaN after step 0 if none worked).
    """

    surface_name: str
    x0: np.ndarray
    n_steps: int
    criterion: str
    target: object
    floor: object
    lrs: np.ndarray
    scores: dict = field(repr=False)
    best_lr: dict = field(repr=False)
    best_score: dict = field(repr=False)
    final_loss: dict = field(repr=False)
    trajectories: dict = field(repr=False)

    @property
    def methods(self):
        """The methods in the order they were raced."""
        return tuple(self.best_lr)

    def ranking(self):
        """Methods from best to worst score (ties keep the race order)."""
        return sorted(self.methods, key=lambda m: self.best_score[m])


def race(surface, methods=RACE_METHODS, n_steps=500, lrs=None, x0=None, criterion="final",
         target=None, floor=None, hp=None):  # fmt: skip
    """Tune every method's learning rate on the same grid, then keep each one's best run.

    Parameters
    ----------
    surface : object with ``f``, ``grad`` and ``name`` (a landscapes.Surface)
    methods : sequence of str
        Optimizer names (default :data:`RACE_METHODS`).
    n_steps : int
        The budget, the same for every method and every learning rate.
    lrs : ndarray, shape (K,), optional
        The shared grid; ``lr_grid(1e-5, 1.0, 2)`` by default.
    x0 : ndarray, shape (P,), optional
        The shared start; ``surface.start`` by default.
    criterion, target, floor
        As in :func:`score`.
    hp : dict of str to dict, optional
        Fixed extra hyperparameters per method, e.g. ``{"momentum": {"beta": 0.9}}``.

    Returns
    -------
    RaceResult
    """
    methods = tuple(methods)
    if not methods:
        raise ValueError("methods must name at least one optimizer")
    for m in methods:
        check_choice(m, "method", optimizers.METHODS)
    hp = {} if hp is None else dict(hp)
    unknown = sorted(set(hp) - set(methods))
    if unknown:
        raise ValueError(f"hp has entries for methods not in the race: {unknown}")
    n_steps = check_int(n_steps, "n_steps", 1)
    lrs = lr_grid() if lrs is None else as_array(lrs, "lrs", shape=("K",))
    x0 = as_array(surface.start if x0 is None else x0, "x0", shape=("P",))
    target = _check_criterion(criterion, target)
    scores, best_lr, best_score, final_loss, trajectories = {}, {}, {}, {}, {}
    for m in methods:
        s, best, trajs = tune(
            m, surface, n_steps, lrs, x0, criterion, target, floor, **hp.get(m, {})
        )
        scores[m] = s
        if best is None:
            best_lr[m], best_score[m] = float("nan"), float("inf")
            traj = np.full_like(trajs[0], np.nan)
            traj[0] = x0
        else:
            best_lr[m], best_score[m], traj = float(lrs[best]), float(s[best]), trajs[best]
        with np.errstate(all="ignore"):
            last = float(surface.f(traj[-1]))
        final_loss[m] = last if np.isfinite(last) else float("nan")
        trajectories[m] = traj
    return RaceResult(
        getattr(surface, "name", "surface"), x0, n_steps, criterion, target, floor, lrs,
        scores, best_lr, best_score, final_loss, trajectories,
    )  # fmt: skip
