"""A census of critical points: Newton's method from many starts, and a tiny network's loss as
a function of one vector, for the index-versus-loss picture of Dauphin et al. (2014).

- :func:`flat_network` turns a two-layer network's loss into a function of one vector
  ``theta (P,)``, with its gradient by backpropagation.
- :func:`critical_point_survey` runs Newton's method
  (:func:`course_utils.geometry.critical.newton_critical_point`) from many starts and reports
  each distinct critical point's loss and index.
"""

from typing import NamedTuple

import numpy as np

from ..nn import activations, network, parameters
from ..validate import as_array, check_choice, check_int, check_nonnegative
from . import critical

__all__ = ["FlatNetwork", "flat_network", "Survey", "critical_point_survey"]


class FlatNetwork(NamedTuple):
    """A two-layer network's training loss as a function of one parameter vector.

    ``loss(theta) -> float`` and ``grad(theta) -> (P,)``; ``params(theta)`` gives the dict
    (``W1 (D, H)``, ``b1 (H,)``, ``W2 (H, C)``, ``b2 (C,)``) and ``theta(params)`` the vector,
    in the order of :func:`course_utils.nn.parameters.flatten` (sorted keys).
    """

    loss: object
    grad: object
    params: object
    theta: object
    P: int


def flat_network(X, y, H, activation="tanh", l2=0.0):
    """MSE of a two-layer network with ``H`` hidden units on (X, y), as a function of theta.

    loss(theta) = (1/N) sum_n ||y_hat_n - y_n||^2 + (l2 / 2) ||theta||^2. Unlike the
    ``weight_decay`` of :func:`course_utils.nn.network.loss_and_grads`, the penalty covers the
    biases too, so no parameter can drift to infinity: every critical point is then a point
    of a bounded region, and generically non-degenerate.

    Parameters
    ----------
    X : ndarray, shape (N, D)
    y : ndarray, shape (N,) or (N, C)
    H : int >= 1
    activation : {"tanh", "sigmoid", "relu"}
    l2 : float >= 0

    Returns
    -------
    FlatNetwork
    """
    X = as_array(X, "X", shape=("N", "D"))
    y = as_array(y, "y")
    if y.ndim not in (1, 2) or len(y) != len(X):
        raise ValueError(f"y must have shape (N,) or (N, C) with N = {len(X)}; got {y.shape}")
    Y = y[:, None] if y.ndim == 1 else y
    H = check_int(H, "H", 1)
    check_choice(activation, "activation", activations.TRAINABLE)
    l2 = check_nonnegative(l2, "l2")
    D, C = X.shape[1], Y.shape[1]
    like = {"W1": np.zeros((D, H)), "b1": np.zeros(H), "W2": np.zeros((H, C)), "b2": np.zeros(C)}
    P = sum(v.size for v in like.values())
    work = {}  # the network's (N, H) arrays, reused by every evaluation

    def vector(theta):
        theta = np.asarray(theta, dtype=float)
        if theta.shape != (P,):
            raise ValueError(f"theta must have shape ({P},); got {theta.shape}")
        return theta

    def to_params(theta):
        return parameters.unflatten(vector(theta), like)

    def to_theta(params):
        return parameters.flatten(network.check_params(params)[0])

    def both(theta):
        theta = vector(theta)
        params = parameters.unflatten(theta, like, check=False)  # views: read, not written
        value, grads = network.loss_and_grads(
            params, X, Y, activation, "mse", check=False, work=work
        )
        grad = parameters.flatten(grads, check=False)
        return value + 0.5 * l2 * float(theta @ theta), grad + l2 * theta

    return FlatNetwork(
        loss=lambda theta: both(theta)[0],
        grad=lambda theta: both(theta)[1],
        params=to_params,
        theta=to_theta,
        P=P,
    )


class Survey(NamedTuple):
    """Distinct critical points found by :func:`critical_point_survey`, by increasing loss.

    ``points (K, P)``, ``loss (K,)``, ``index (K,)`` (fraction of negative eigenvalues),
    ``eigs (K, P)`` (ascending), ``kind`` (K strings from
    :func:`.critical.classify_critical_point`); ``n_starts`` and ``n_converged``
    count the Newton runs.
    """

    points: np.ndarray
    loss: np.ndarray
    index: np.ndarray
    eigs: np.ndarray
    kind: tuple
    n_starts: int
    n_converged: int


def _is_new(found, x, value, idx, merge_equal_values):
    for y, v, i, _ in found:
        if merge_equal_values and i == idx and abs(v - value) <= 1e-9 * max(1.0, abs(value)):
            return False
        if np.linalg.norm(x - y) <= 1e-6 * max(1.0, np.linalg.norm(y)):
            return False
    return True


def critical_point_survey(
    loss_fn, grad_fn, starts, n_steps=30, tol=1e-9, eig_tol=1e-6, merge_equal_values=True
):
    """Newton's method from every start; the distinct critical points with loss and index.

    Runs :func:`.critical.newton_critical_point` from each start, keeps the runs
    that reach ||grad|| <= tol, computes the Hessian (:func:`.critical.hessian` of
    ``grad_fn``) and its eigenvalues there. A point found twice (within 1e-6) is kept once;
    with ``merge_equal_values``, so are points with the same loss (to 1e-9 relative) and the
    same index: in a network they are copies of each other under a permutation of hidden
    units or a sign flip of a tanh unit, so the survey counts critical points up to symmetry.

    Parameters
    ----------
    loss_fn : callable, ``loss_fn(theta) -> float``
    grad_fn : callable, ``grad_fn(theta) -> (P,)``
    starts : ndarray, shape (M, P)
    n_steps : int
        Newton steps per start.
    tol : float
        Gradient norm below which a run has converged.
    eig_tol : float
        Eigenvalues with |lambda| <= eig_tol count as zero (index and kind).
    merge_equal_values : bool
        Count points with equal loss and index once (False for a surface such as
        Himmelblau's, whose four different minima all have f = 0).

    Returns
    -------
    Survey
    """
    if not (callable(loss_fn) and callable(grad_fn)):
        raise TypeError("loss_fn and grad_fn must be functions of theta (P,)")
    starts = as_array(starts, "starts", shape=("M", "P"))
    eig_tol = check_nonnegative(eig_tol, "eig_tol")
    found = []
    n_converged = 0
    for x0 in starts:
        x, _, converged = critical.newton_critical_point(grad_fn, x0, n_steps=n_steps, tol=tol)
        if not converged:
            continue
        n_converged += 1
        eigs = critical.eigenvalues(critical.hessian(grad_fn, x))
        value, idx = float(loss_fn(x)), critical.index(eigs, eig_tol)
        if _is_new(found, x, value, idx, merge_equal_values):
            found.append((x, value, idx, eigs))
    found.sort(key=lambda f: f[1])
    P = starts.shape[1]
    return Survey(
        points=np.array([f[0] for f in found]).reshape(-1, P),
        loss=np.array([f[1] for f in found]),
        index=np.array([f[2] for f in found]),
        eigs=np.array([f[3] for f in found]).reshape(-1, P),
        kind=tuple(critical.classify_critical_point(f[3], eig_tol) for f in found),
        n_starts=len(starts),
        n_converged=n_converged,
    )
