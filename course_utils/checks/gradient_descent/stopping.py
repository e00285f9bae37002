"""The check of ``early_stopping`` (notebook 04): the patience rule (Prechelt 1998)."""

import numpy as np

from ...nn import training
from .._core import case_rng as _rng
from .._core import check_function

__all__ = ["early_stopping"]


_HINT_FUTURE = (
    "best_epoch must come from the epochs seen up to the stop, not from the whole curve: "
    "when you stop, the later epochs do not exist."
)
_HINT_ONE_LATE = "stop as soon as epoch - best_epoch reaches patience (>=): one epoch earlier."
_HINT_LAST = (
    "best_epoch is the epoch with the lowest validation loss so far, not the epoch you stop at."
)
_HINT_TIES = (
    "on a tie the earlier epoch stays the best: only a strictly lower loss (<) is a new best."
)


def _describe_losses(args):
    values, patience = args
    if len(values) <= 12:
        return f"val_losses={np.round(values, 2).tolist()}, patience={patience}"
    return f"val_losses of shape ({len(values)},), patience={patience}"


def _early_stopping_reference(val_losses, patience):
    return training.early_stopping(val_losses, patience)


def early_stopping(fn):
    """Check ``fn(val_losses, patience) -> (stop_epoch, best_epoch)``.

    ``val_losses (E + 1,)`` holds the validation loss before training (epoch 0) and after
    each epoch. Reading it in order, training stops at the first epoch that is ``patience``
    epochs after the best (lowest, earliest on ties) epoch so far, or at the last epoch if
    that never happens; ``best_epoch`` is the best epoch seen up to the stop, whose
    parameters are the ones to keep.
    """

    def global_best(val_losses, patience):
        stop, _ = _early_stopping_reference(val_losses, patience)
        return stop, int(np.argmin(val_losses))

    def one_late(val_losses, patience):
        return _early_stopping_reference(val_losses, patience + 1)

    def last_epoch(val_losses, patience):
        stop, _ = _early_stopping_reference(val_losses, patience)
        return stop, stop

    def ties_to_later(val_losses, patience):
        best = 0
        for epoch in range(1, len(val_losses)):
            if val_losses[epoch] <= val_losses[best]:
                best = epoch
            elif epoch - best >= patience:
                return epoch, best
        return len(val_losses) - 1, best

    curve = np.array([2.0, 1.0, 0.6, 0.5, 0.52, 0.55, 0.49, 0.6, 0.7, 0.8, 0.9, 0.3])
    tied = np.array([1.0, 0.5, 0.7, 0.5, 0.8, 0.9, 0.95, 0.5, 0.99])
    r = _rng(0)
    noisy = 1.0 / (1.0 + np.arange(40)) + 0.004 * np.arange(40) + 0.02 * r.standard_normal(40)
    cases = [
        (curve, 2),
        (curve, 3),
        (noisy, 5),
        (tied, 3),
        (np.linspace(2.0, 1.0, 8), 2),  # never stops early
    ]
    return check_function(
        "early_stopping",
        fn,
        _early_stopping_reference,
        cases,
        describe=_describe_losses,
        mistakes=(
            (global_best, _HINT_FUTURE),
            (one_late, _HINT_ONE_LATE),
            (last_epoch, _HINT_LAST),
            (ties_to_later, _HINT_TIES),
        ),
    )
