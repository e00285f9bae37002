"""Optimizers as pure update rules with explicit state, and a driver that returns a trajectory.

One contract for a 2-D toy surface and for a network: parameters are an array ``x (P,)`` or a
dict of arrays (``{"W1": ..., "b1": ...}``) with gradients keyed ``"d" + name``;
``init_state`` makes the zero state, ``step`` returns new parameters and a new state and never
modifies its inputs. With g the gradient at step t (0-based), lr_t the learning rate
(a float or a schedule from :mod:`course_utils.optim.schedules`):

- ``"gd"``                 x <- x - lr_t g
- ``"momentum"``           heavy ball (Polyak 1964; PyTorch, Distill): v <- beta v + g;
                           x <- x - lr_t v
- ``"momentum_ema"``       EMA form (deeplearning.ai): v <- beta v + (1 - beta) g;
                           x <- x - lr_t v
- ``"momentum_velocity"``  velocity form (Sutskever et al. 2013; cs231n): v <- beta v - lr_t g;
                           x <- x + v
- ``"nesterov"``           PyTorch's form of Nesterov's method: v <- beta v + g;
                           x <- x - lr_t (g + beta v)
- ``"adagrad"``            (Duchi, Hazan & Singer 2011) s <- s + g^2;
                           x <- x - lr_t g / (sqrt(s) + eps)
- ``"rmsprop"``            (Hinton, lecture 6e, 2012) s <- beta s + (1 - beta) g^2;
                           x <- x - lr_t g / (sqrt(s) + eps)
- ``"adam"``               (Kingma & Ba 2015, Algorithm 1) m <- beta1 m + (1 - beta1) g;
                           v <- beta2 v + (1 - beta2) g^2; m_hat = m / (1 - beta1^t),
                           v_hat = v / (1 - beta2^t) (t counted from 1; skipped when
                           ``bias_correction=False``); x <- x - lr_t m_hat / (sqrt(v_hat) + eps)
- ``"adamw"``              (Loshchilov & Hutter 2019, Algorithm 2) Adam's step plus the
                           decoupled decay x <- x - eta_t * weight_decay * x, with eta_t =
                           lr_t / lr_0 the schedule multiplier (PyTorch multiplies by lr_t
                           instead, so its weight_decay values are 1/lr times larger).

``weight_decay`` for every other method is an L2 penalty added to the gradient, g + wd x.
"""

import numpy as np

from ..validate import (
    as_array,
    check_beta,
    check_choice,
    check_int,
    check_nonnegative,
    check_positive,
)

__all__ = [
    "METHODS",
    "DEFAULTS",
    "DIVERGENCE_LIMIT",
    "check_hyperparameters",
    "init_state",
    "step",
    "step_unchecked",
    "run",
    "diverged_at",
]

DEFAULTS = {
    "gd": {"lr": 0.01, "weight_decay": 0.0},
    "momentum": {"lr": 0.01, "beta": 0.9, "weight_decay": 0.0},
    "momentum_ema": {"lr": 0.1, "beta": 0.9, "weight_decay": 0.0},
    "momentum_velocity": {"lr": 0.01, "beta": 0.9, "weight_decay": 0.0},
    "nesterov": {"lr": 0.01, "beta": 0.9, "weight_decay": 0.0},
    "adagrad": {"lr": 0.01, "eps": 1e-8, "weight_decay": 0.0},
    "rmsprop": {"lr": 0.001, "beta": 0.9, "eps": 1e-8, "weight_decay": 0.0},
    "adam": {
        "lr": 0.001,
        "beta1": 0.9,
        "beta2": 0.999,
        "eps": 1e-8,
        "bias_correction": True,
        "weight_decay": 0.0,
    },
}
DEFAULTS["adamw"] = dict(DEFAULTS["adam"], weight_decay=0.01)
METHODS = tuple(DEFAULTS)
DIVERGENCE_LIMIT = 1e100  # an iterate beyond this (or non-finite) counts as diverged

_STATE_KEYS = {  # the buffers each method keeps per parameter
    "gd": (),
    "momentum": ("v",),
    "momentum_ema": ("v",),
    "momentum_velocity": ("v",),
    "nesterov": ("v",),
    "adagrad": ("s",),
    "rmsprop": ("s",),
    "adam": ("m", "v"),
    "adamw": ("m", "v"),
}


def check_hyperparameters(method, hp):
    """A new dict: ``hp`` checked, with ``DEFAULTS[method]`` filled in and ``"lr0"`` added.

    ``lr`` may be a schedule ``lr(t) -> float``; ``"lr0"`` is its first value. A training loop
    calls this once, then :func:`step_unchecked` at every step (:func:`step` calls it each time).
    """
    check_choice(method, "method", METHODS)
    allowed = DEFAULTS[method]
    unknown = sorted(set(hp) - set(allowed))
    if unknown:
        raise ValueError(
            f"unknown hyperparameter {unknown[0]!r} for method {method!r}; "
            f"expected some of {', '.join(allowed)}"
        )
    hp = {**allowed, **hp}
    if callable(hp["lr"]):
        hp["lr0"] = float(hp["lr"](0))
        check_positive(hp["lr0"], "lr (the schedule's first value)")
    else:
        hp["lr0"] = hp["lr"] = check_positive(hp["lr"], "lr")
    for name in ("beta", "beta1", "beta2"):
        if name in hp:
            hp[name] = check_beta(hp[name], name)
    if "eps" in hp:
        hp["eps"] = check_nonnegative(hp["eps"], "eps")
    hp["weight_decay"] = check_nonnegative(hp["weight_decay"], "weight_decay")
    if "bias_correction" in hp and not isinstance(hp["bias_correction"], (bool, np.bool_)):
        raise TypeError(f"bias_correction must be True or False; got {hp['bias_correction']!r}")
    return hp


def _update(method, x, g, st, t, hp):
    """One update of one array. ``st`` maps state names to arrays; returns (x, st)."""
    lr = hp["lr"](t) if callable(hp["lr"]) else hp["lr"]
    if hp["weight_decay"] and method != "adamw":
        g = g + hp["weight_decay"] * x
    if method == "gd":
        return x - lr * g, {}
    if method in ("momentum", "nesterov"):
        v = hp["beta"] * st["v"] + g
        direction = v if method == "momentum" else g + hp["beta"] * v
        return x - lr * direction, {"v": v}
    if method == "momentum_ema":
        v = hp["beta"] * st["v"] + (1 - hp["beta"]) * g
        return x - lr * v, {"v": v}
    if method == "momentum_velocity":
        v = hp["beta"] * st["v"] - lr * g
        return x + v, {"v": v}
    if method in ("adagrad", "rmsprop"):
        s = (
            st["s"] + g * g
            if method == "adagrad"
            else hp["beta"] * st["s"] + (1 - hp["beta"]) * g * g
        )
        return x - lr * g / (np.sqrt(s) + hp["eps"]), {"s": s}
    b1, b2 = hp["beta1"], hp["beta2"]
    m = b1 * st["m"] + (1 - b1) * g
    v = b2 * st["v"] + (1 - b2) * g * g
    m_hat, v_hat = m, v
    if hp["bias_correction"]:
        m_hat, v_hat = m / (1 - b1 ** (t + 1)), v / (1 - b2 ** (t + 1))
    x_new = x - lr * m_hat / (np.sqrt(v_hat) + hp["eps"])
    if method == "adamw":
        x_new = x_new - (lr / hp["lr0"]) * hp["weight_decay"] * x
    return x_new, {"m": m, "v": v}


def init_state(method, params):
    """The zero state of ``method`` for an array or a dict of arrays.

    Returns
    -------
    dict
        ``{"t": 0, ...}`` plus, for an array, ``{"v": zeros}`` (etc.); for a dict of
        parameters, one such sub-dict per parameter name.
    """
    check_choice(method, "method", METHODS)
    keys = _STATE_KEYS[method]
    if isinstance(params, dict):
        per = {n: {k: np.zeros(np.shape(p)) for k in keys} for n, p in params.items()}
        return {"t": 0, "params": per}
    return {"t": 0, **{k: np.zeros(np.shape(params)) for k in keys}}


def step(method, params, grads, state, **hp):
    """One optimizer update; pure (inputs are not modified).

    Parameters
    ----------
    method : str
        One of :data:`METHODS`.
    params : ndarray, shape (P,), or dict of str to ndarray
    grads : ndarray like params, or dict keyed ``"d" + name`` (dW1, db1, ...)
    state : dict from :func:`init_state` or a previous :func:`step`
    **hp : lr, beta, beta1, beta2, eps, bias_correction, weight_decay (per method)

    Returns
    -------
    (new_params, new_state)
    """
    hp = check_hyperparameters(method, hp)
    if not isinstance(params, dict):
        x = as_array(params, "params")
        g = as_array(grads, "grads", shape=x.shape, allow_nan=True)
        return step_unchecked(method, x, g, state, hp)
    missing = [f"d{n}" for n in params if f"d{n}" not in grads]
    if missing:
        raise ValueError(f"grads is missing {missing}; gradients are keyed 'd' + parameter name")
    grads = {
        f"d{n}": as_array(grads[f"d{n}"], f"grads['d{n}']", shape=np.shape(p), allow_nan=True)
        for n, p in params.items()
    }
    params = {n: np.asarray(p, float) for n, p in params.items()}
    return step_unchecked(method, params, grads, state, hp)


def step_unchecked(method, params, grads, state, hp):
    """:func:`step` without its checks, for a loop that has checked its arguments once.

    ``params`` are float arrays, ``grads`` have their shapes and ``hp`` comes from
    :func:`check_hyperparameters`; returns ``(new_params, new_state)`` as :func:`step` does.
    """
    t = state["t"]
    if not isinstance(params, dict):
        x_new, st = _update(method, params, grads, state, t, hp)
        return x_new, {"t": t + 1, **st}
    new_params, new_state = {}, {}
    for n, p in params.items():
        new_params[n], new_state[n] = _update(method, p, grads[f"d{n}"], state["params"][n], t, hp)
    return new_params, {"t": t + 1, "params": new_state}


def run(method, grad_fn, x0, n_steps, **hp):
    """Run ``n_steps`` updates from ``x0`` and return the whole trajectory.

    Parameters
    ----------
    method : str
        One of :data:`METHODS`.
    grad_fn : callable
        ``grad_fn(x) -> (P,)``, the gradient at x (may be stochastic).
    x0 : ndarray, shape (P,) (a scalar is taken as P = 1)
    n_steps : int >= 0
    **hp : hyperparameters of ``method`` (see module docstring); state starts at zero.

    Returns
    -------
    ndarray, shape (n_steps + 1, P)
        Row 0 is x0, row t the iterate after t updates. If an iterate becomes non-finite or
        exceeds :data:`DIVERGENCE_LIMIT` in size, it and all later rows are NaN; no exception
        and no RuntimeWarning. :func:`diverged_at` tells the step.
    """
    if not callable(grad_fn):
        raise TypeError("grad_fn must be a function grad_fn(x) -> gradient of shape (P,)")
    x = as_array(x0, "x0").reshape(-1) if np.ndim(x0) == 0 else as_array(x0, "x0", shape=("P",))
    n_steps = check_int(n_steps, "n_steps", 0)
    hp = check_hyperparameters(method, hp)
    traj = np.full((n_steps + 1, x.size), np.nan)
    traj[0] = x
    state = init_state(method, x)
    with np.errstate(all="ignore"):
        for t in range(n_steps):
            g = np.asarray(grad_fn(x), dtype=float)
            if g.shape != x.shape:
                raise ValueError(f"grad_fn must return shape {x.shape} like x0; got {g.shape}")
            x, st = _update(method, x, g, state, t, hp)
            state = {"t": t + 1, **st}
            if not (np.abs(x) <= DIVERGENCE_LIMIT).all():  # also catches NaN and inf
                break
            traj[t + 1] = x
    return traj


def diverged_at(traj):
    """The first step whose row is NaN (the iterate diverged), or None if it never did.

    Parameters
    ----------
    traj : ndarray, shape (T + 1, P), from :func:`run`
    """
    traj = as_array(traj, "traj", allow_nan=True)
    if traj.ndim != 2:
        raise ValueError(f"traj must have shape (T + 1, P); got shape {traj.shape}")
    bad = np.flatnonzero(np.any(np.isnan(traj), axis=1))
    return int(bad[0]) if bad.size else None
