"""Learning-rate schedules: callables mapping the update index t = 0, 1, 2, ... to a rate.

A schedule is passed as ``lr=`` to :func:`course_utils.optim.optimizers.run`; the first update uses
``schedule(0)``. Every schedule accepts an int or an integer array of steps.

- step decay:      lr0 * drop ** floor(t / every)
- exponential:     lr0 * exp(-k t)          (the same as lr0 * gamma**t with gamma = e^-k)
- inverse-time:    lr0 / (1 + k t)          (decays like 1/t: this is *not* exponential decay)
- cosine:          lr_min + (lr0 - lr_min) (1 + cos(pi t / T)) / 2 for t <= T, then lr_min
                   (Loshchilov & Hutter 2017, eq. 5, one cycle without restarts)
- warmup:          linear ramp from base(0) / n_warmup up to base(0) over n_warmup steps, then
                   the base schedule restarted at 0 (Goyal et al. 2017)

:func:`quadratic_expected_loss` gives the exact expected loss of SGD under any schedule on
the noisy quadratic f = curvature * theta^2 / 2 with gradient noise N(0, sigma^2): the
model on which notebook 09 shows why the rate must shrink.
"""

from dataclasses import dataclass

import numpy as np

from ..validate import as_array, check_int, check_nonnegative, check_positive

__all__ = [
    "Schedule",
    "constant",
    "step_decay",
    "exponential",
    "inverse_time",
    "cosine",
    "warmup",
    "values",
    "quadratic_expected_loss",
]


@dataclass(frozen=True)
class Schedule:
    """A named learning-rate schedule; call it with the update index t (int or int array)."""

    name: str
    lr0: float
    params: tuple = ()

    def __call__(self, t):
        t = np.asarray(t, dtype=float)
        out = _RULES[self.name](self.lr0, t, *self.params)
        return float(out) if out.ndim == 0 else out

    def __repr__(self):
        args = ", ".join(f"{v}" for v in (self.lr0, *self.params))
        return f"{self.name}({args})"


def _warmup_rule(lr0, t, base, n):
    ramp = base(0) * (t + 1) / n
    return np.where(t < n, ramp, base(np.maximum(t - n, 0)))


_RULES = {
    "constant": lambda lr0, t: np.full_like(t, lr0),
    "step_decay": lambda lr0, t, drop, every: lr0 * drop ** np.floor(t / every),
    "exponential": lambda lr0, t, k: lr0 * np.exp(-k * t),
    "inverse_time": lambda lr0, t, k: lr0 / (1.0 + k * t),
    "cosine": lambda lr0, t, T, lr_min: (
        lr_min + 0.5 * (lr0 - lr_min) * (1.0 + np.cos(np.pi * np.minimum(t, T) / T))
    ),
    "warmup": _warmup_rule,
}


def constant(lr):
    """lr at every step."""
    return Schedule("constant", check_positive(lr, "lr"))


def step_decay(lr0, drop=0.5, every=10):
    """lr0 * drop ** floor(t / every): multiply by ``drop`` every ``every`` steps."""
    drop = check_positive(drop, "drop")
    if drop > 1:
        raise ValueError(f"drop must lie in (0, 1]; got {drop}")
    return Schedule("step_decay", check_positive(lr0, "lr0"), (drop, check_int(every, "every", 1)))


def exponential(lr0, k=0.05):
    """lr0 * exp(-k t), k >= 0 the decay rate."""
    return Schedule("exponential", check_positive(lr0, "lr0"), (check_nonnegative(k, "k"),))


def inverse_time(lr0, k=0.05):
    """Inverse-time decay lr0 / (1 + k t), k >= 0 the decay rate.

    Sum of lr_t diverges and sum of lr_t^2 converges (for k > 0), the Robbins-Monro
    conditions under which SGD converges.
    """
    return Schedule("inverse_time", check_positive(lr0, "lr0"), (check_nonnegative(k, "k"),))


def cosine(lr0, T, lr_min=0.0):
    """Cosine annealing from lr0 at t = 0 to lr_min at t = T (then held at lr_min)."""
    lr0 = check_positive(lr0, "lr0")
    lr_min = check_nonnegative(lr_min, "lr_min")
    if lr_min > lr0:
        raise ValueError(f"lr_min must be <= lr0 = {lr0}; got {lr_min}")
    return Schedule("cosine", lr0, (check_int(T, "T", 1), lr_min))


def warmup(base, n_warmup):
    """Linear warmup over ``n_warmup`` steps in front of the schedule ``base``."""
    if not isinstance(base, Schedule):
        raise TypeError("base must be a Schedule, e.g. schedules.cosine(0.1, T=100)")
    return Schedule("warmup", base.lr0, (base, check_int(n_warmup, "n_warmup", 1)))


def values(schedule, T):
    """The rates for steps 0..T-1 as an array of shape (T,)."""
    if not isinstance(schedule, Schedule):
        raise TypeError("schedule must be a Schedule, e.g. schedules.inverse_time(0.1, k=0.05)")
    return np.asarray(schedule(np.arange(check_int(T, "T", 0))), dtype=float).reshape(-1)


def quadratic_expected_loss(lr_t, theta0=3.0, sigma=1.0, curvature=1.0, parts=False):
    """Exact expected loss of SGD on the noisy quadratic, step by step.

    The loss is f(theta) = curvature * theta^2 / 2 and every step sees the gradient
    g_t = curvature * theta_t + sigma * xi_t with independent xi_t ~ N(0, 1), so that
    theta_{t+1} = theta_t - lr_t g_t. The mean of theta_t shrinks by (1 - curvature lr_t)
    per step and its variance follows var_{t+1} = (1 - curvature lr_t)^2 var_t
    + lr_t^2 sigma^2 from var_0 = 0; E[f(theta_t)] = curvature (mean_t^2 + var_t) / 2.

    Parameters
    ----------
    lr_t : array_like, shape (T,)
        The learning rate of each update (e.g. ``values(schedule, T)``).
    theta0 : float
        The start, the same for every run.
    sigma : float >= 0
        Standard deviation of the gradient noise.
    curvature : float > 0
        The second derivative of f (the Hessian's only eigenvalue).
    parts : bool
        If true, return the two parts of the expected loss separately.

    Returns
    -------
    ndarray, shape (T + 1,)
        E[f(theta_t)] for t = 0 .. T (entry 0 is f(theta0)). With ``parts=True``, a pair
        ``(start, noise)`` of such arrays: ``start = curvature mean_t^2 / 2``, what is left
        of the start, and ``noise = curvature var_t / 2``, what the noise added; they sum
        to E[f(theta_t)].
    """
    lr_t = as_array(lr_t, "lr_t", shape=("T",))
    theta0 = float(as_array(theta0, "theta0", shape=()))
    sigma = check_nonnegative(sigma, "sigma")
    curvature = check_positive(curvature, "curvature")
    means, variances = np.empty(lr_t.size + 1), np.empty(lr_t.size + 1)
    mean, var = theta0, 0.0
    means[0], variances[0] = mean, var
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging schedule gives inf
        for t, lr in enumerate(lr_t.tolist(), start=1):
            shrink = 1.0 - curvature * lr
            mean, var = shrink * mean, shrink * shrink * var + lr * lr * sigma * sigma
            means[t], variances[t] = mean, var
        start, noise = 0.5 * curvature * means**2, 0.5 * curvature * variances
    return (start, noise) if parts else start + noise
