"""Loss landscapes of real networks: lines, planes, symmetries and trajectories.

Hessians and critical points live in :mod:`course_utils.geometry.critical`.

Everything is generic over a loss function of a parameter dict, ``loss_fn(params) -> float``,
with parameters such as ``{"W1": (D, H), "b1": (H,), "W2": (H, C), "b2": (C,)}``; a
parameter dict becomes one vector of P numbers by :func:`course_utils.nn.parameters.flatten`.
A two-layer network's loss is :func:`course_utils.nn.network.loss_value`.
"""

from dataclasses import dataclass

import numpy as np

from ..validate import as_array, check_choice, check_positive, check_rng

__all__ = [
    "NORMALIZATIONS",
    "interpolate",
    "random_direction",
    "slice_2d",
    "rescale_relu_layer",
    "permute_hidden",
    "TrajectoryPCA",
    "trajectory_pca",
]

NORMALIZATIONS = ("filter", "layer", "none")


def _check_params(params, name="params", like=None):
    """Float64 copies of a parameter dict; with ``like``, the same keys and shapes are required."""
    if not isinstance(params, dict) or not params:
        raise TypeError(
            f"{name} must be a non-empty dict of arrays such as {{'W1': ..., 'b1': ...}}"
        )
    if like is not None and set(params) != set(like):
        raise ValueError(f"{name} must have the keys {sorted(like)}; got {sorted(params)}")
    return {
        k: as_array(v, f"{name}[{k!r}]", shape=None if like is None else like[k].shape).copy()
        for k, v in params.items()
    }


def _combine(params, terms):
    """params + sum_i c_i d_i for terms [(c_i, d_i)], all dicts with the same keys."""
    return {k: v + sum(c * d[k] for c, d in terms) for k, v in params.items()}


def _check_loss_fn(loss_fn):
    if not callable(loss_fn):
        raise TypeError("loss_fn must be a function loss_fn(params) -> float")


def interpolate(loss_fn, params_a, params_b, alphas):
    """Loss along the line (1 - alpha) a + alpha b (Goodfellow, Vinyals & Saxe 2015).

    Parameters
    ----------
    loss_fn : callable, ``loss_fn(params) -> float``
    params_a, params_b : dict of str to ndarray, same keys and shapes
        Typically the initial and the trained parameters.
    alphas : ndarray, shape (A,)
        0 gives a, 1 gives b; values outside [0, 1] extrapolate.

    Returns
    -------
    ndarray, shape (A,)
    """
    _check_loss_fn(loss_fn)
    a = _check_params(params_a, "params_a")
    b = _check_params(params_b, "params_b", like=a)
    alphas = as_array(alphas, "alphas", shape=("A",))
    return np.array(
        [float(loss_fn({k: (1 - t) * a[k] + t * b[k] for k in a})) for t in alphas], dtype=float
    )


def _normalize(d, w, normalization):
    if normalization == "none":
        return d
    if d.ndim <= 1:  # biases: the authors' default ignore='biasbn' sets them to zero
        return np.zeros_like(d)
    axes = tuple(range(d.ndim - 1)) if normalization == "filter" else None
    w_norm = np.sqrt(np.sum(w * w, axis=axes, keepdims=True))
    d_norm = np.sqrt(np.sum(d * d, axis=axes, keepdims=True))
    scale = np.divide(w_norm, d_norm, out=np.zeros_like(d_norm), where=d_norm > 0)
    return d * scale


def random_direction(params, rng, normalization="filter"):
    """A random Gaussian direction in parameter space, optionally normalized.

    - ``"filter"``: filter normalization (Li, Xu, Taylor, Studer & Goldstein 2018). A weight
      matrix ``(fan_in, fan_out)`` has one filter per neuron: its column of incoming weights.
      Each column of the direction is rescaled so that ||d[:, j]|| = ||W[:, j]||, which makes
      slices comparable across networks and immune to rescaling a ReLU layer.
    - ``"layer"``: the whole tensor is rescaled so that ||d|| = ||W||.
    - ``"none"``: the raw N(0, 1) direction (misleading under rescaling).

    With ``"filter"`` and ``"layer"`` the direction of every 1-D tensor (a bias) is zero, as in
    the authors' code (``ignore='biasbn'``). Tensors are drawn in sorted key order.

    Parameters
    ----------
    params : dict of str to ndarray
    rng : numpy.random.Generator
    normalization : {"filter", "layer", "none"}

    Returns
    -------
    dict with the keys and shapes of ``params``
    """
    params = _check_params(params)
    rng = check_rng(rng)
    check_choice(normalization, "normalization", NORMALIZATIONS)
    raw = {k: rng.standard_normal(params[k].shape) for k in sorted(params)}
    return {k: _normalize(raw[k], w, normalization) for k, w in params.items()}


def slice_2d(loss_fn, params, d1, d2, alphas, betas):
    """Loss on the plane params + alpha d1 + beta d2 (Li et al. 2018).

    Parameters
    ----------
    loss_fn : callable, ``loss_fn(params) -> float``
    params : dict of str to ndarray
        The centre of the plane (typically trained parameters).
    d1, d2 : dict with the keys and shapes of ``params``
        Directions, e.g. from :func:`random_direction`.
    alphas : ndarray, shape (A,)
    betas : ndarray, shape (B,)

    Returns
    -------
    ndarray, shape (B, A)
        ``Z[i, j]`` is the loss at (alphas[j], betas[i]), ready for
        ``ax.contour(alphas, betas, Z)``.
    """
    _check_loss_fn(loss_fn)
    params = _check_params(params)
    d1 = _check_params(d1, "d1", like=params)
    d2 = _check_params(d2, "d2", like=params)
    alphas = as_array(alphas, "alphas", shape=("A",))
    betas = as_array(betas, "betas", shape=("B",))
    Z = np.empty((betas.size, alphas.size))
    for i, b in enumerate(betas):
        for j, a in enumerate(alphas):
            Z[i, j] = float(loss_fn(_combine(params, [(a, d1), (b, d2)])))
    return Z


def _check_two_layer(params):
    params = _check_params(params)
    missing = [k for k in ("W1", "b1", "W2") if k not in params]
    if missing:
        raise ValueError(f"params is missing {missing}; expected a two-layer network W1, b1, W2")
    H = as_array(params["W1"], "params['W1']", shape=("D", "H")).shape[1]
    as_array(params["b1"], "params['b1']", shape=(H,))
    as_array(params["W2"], "params['W2']", shape=(H, "C"))
    return params, H


def rescale_relu_layer(params, c):
    """Multiply W1, b1 by c > 0 and divide W2 by c.

    For a ReLU network relu(c z) = c relu(z), so the network function, and hence the loss
    without weight decay, are unchanged, while unnormalized random directions see a very
    different landscape (Dinh et al. 2017; Li et al. 2018).

    Parameters
    ----------
    params : dict with ``W1 (D, H)``, ``b1 (H,)``, ``W2 (H, C)`` (other keys copied)
    c : float > 0

    Returns
    -------
    dict, a new parameter dict
    """
    params, _ = _check_two_layer(params)
    c = check_positive(c, "c")
    return {**params, "W1": c * params["W1"], "b1": c * params["b1"], "W2": params["W2"] / c}


def permute_hidden(params, perm):
    """Reorder the hidden units of a two-layer network: the network function is unchanged.

    Parameters
    ----------
    params : dict with ``W1 (D, H)``, ``b1 (H,)``, ``W2 (H, C)`` (other keys copied)
    perm : ndarray of int, shape (H,)
        A permutation of 0..H-1; new hidden unit i is old unit perm[i].

    Returns
    -------
    dict, a new parameter dict
    """
    params, H = _check_two_layer(params)
    perm = as_array(perm, "perm", shape=(H,), dtype=int)
    if not np.array_equal(np.sort(perm), np.arange(H)):
        raise ValueError(f"perm must be a permutation of 0..{H - 1} (each index once)")
    W1, b1, W2 = params["W1"][:, perm], params["b1"][perm], params["W2"][perm, :]
    return {**params, "W1": W1, "b1": b1, "W2": W2}


@dataclass(frozen=True)
class TrajectoryPCA:
    """The two principal directions of a training trajectory and its coordinates on them.

    Attributes
    ----------
    coords : ndarray, shape (T, 2)
        (traj - mean) @ components.T; subtract ``coords[-1]`` to centre on the final point
        as Li et al. (2018) do.
    components : ndarray, shape (2, P)
        Orthonormal rows, signed so that the trajectory runs towards + on each axis
        (coords[-1] >= coords[0]).
    explained_variance_ratio : ndarray, shape (2,)
    mean : ndarray, shape (P,)
    """

    coords: np.ndarray
    components: np.ndarray
    explained_variance_ratio: np.ndarray
    mean: np.ndarray


def trajectory_pca(traj):
    """PCA of a trajectory by the SVD of the centred matrix (Li et al. 2018, section 7).

    Parameters
    ----------
    traj : ndarray, shape (T, P)
        One flattened parameter vector per step, T >= 2, P >= 2 (see
        :func:`course_utils.nn.parameters.flatten`).

    Returns
    -------
    TrajectoryPCA
    """
    traj = as_array(traj, "traj", shape=("T", "P"))
    if traj.shape[0] < 2 or traj.shape[1] < 2:
        raise ValueError(f"traj must have shape (T, P) with T >= 2 and P >= 2; got {traj.shape}")
    mean = traj.mean(axis=0)
    _, S, Vt = np.linalg.svd(traj - mean, full_matrices=False)
    components = Vt[:2].copy()
    signs = np.where((traj[-1] - traj[0]) @ components.T < 0, -1.0, 1.0)
    components *= signs[:, None]
    total = np.sum(S**2)
    ratio = S[:2] ** 2 / total if total > 0 else np.zeros(2)
    return TrajectoryPCA((traj - mean) @ components.T, components, ratio, mean)
