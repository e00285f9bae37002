"""Parameters: initial weight matrices, and a parameter dict seen as one vector.

A network's parameters live in a dict such as ``{"W1": (D, H), "b1": (H,), "W2": (H, C),
"b2": (C,)}``. :func:`init_weight` draws one weight matrix by a named scheme (the two-layer
network of :mod:`course_utils.nn.network` and the deep one of :mod:`course_utils.nn.deep` both
use it). :func:`flatten` lists all P numbers as one vector in **sorted key order** (``W1, W2,
b1, b2``: capitals sort first), each tensor flattened in C order, so the order never depends on
how the dict was built; :func:`unflatten` is its exact inverse.
"""

import numpy as np

from ..validate import as_array, check_choice, check_int, check_positive, check_rng

__all__ = ["INITS", "init_weight", "flatten", "unflatten"]

INITS = ("zeros", "normal", "xavier", "he")


def init_weight(fan_in, fan_out, rng, init="xavier", scale=0.01):
    """One weight matrix (fan_in, fan_out) drawn by the named scheme.

    - ``"zeros"``: all zero (shows the symmetry problem).
    - ``"normal"``: N(0, scale^2).
    - ``"xavier"``: Glorot & Bengio (2010), eq. 16, uniform on
      [-sqrt(6 / (fan_in + fan_out)), +sqrt(6 / (fan_in + fan_out))].
    - ``"he"``: He et al. (2015), N(0, 2 / fan_in), derived for ReLU.

    Parameters
    ----------
    fan_in, fan_out : int >= 1
    rng : numpy.random.Generator
    init : {"zeros", "normal", "xavier", "he"}
    scale : float > 0
        Standard deviation for ``init="normal"``.

    Returns
    -------
    ndarray, shape (fan_in, fan_out)
    """
    fan_in, fan_out = check_int(fan_in, "fan_in", 1), check_int(fan_out, "fan_out", 1)
    check_rng(rng)
    check_choice(init, "init", INITS)
    scale = check_positive(scale, "scale")
    if init == "zeros":
        return np.zeros((fan_in, fan_out))
    if init == "normal":
        return scale * rng.standard_normal((fan_in, fan_out))
    if init == "xavier":
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=(fan_in, fan_out))
    return np.sqrt(2.0 / fan_in) * rng.standard_normal((fan_in, fan_out))


def _check_dict(params, name):
    if not isinstance(params, dict) or not params:
        raise TypeError(
            f"{name} must be a non-empty dict of arrays such as {{'W1': ..., 'b1': ...}}"
        )
    return {k: as_array(v, f"{name}[{k!r}]") for k, v in params.items()}


def flatten(params, check=True):
    """All parameters (or gradients) as one vector.

    Parameters
    ----------
    params : dict of str to ndarray
        E.g. ``{"W1": (D, H), "b1": (H,), ...}`` or gradients ``{"dW1": ..., ...}``.
    check : bool
        False trusts ``params`` (a dict of finite float arrays), for a loop that flattens
        thousands of times.

    Returns
    -------
    ndarray, shape (P,)
        The tensors in sorted key order, each flattened in C order.
    """
    if check:
        params = _check_dict(params, "params")
    return np.concatenate([params[k].ravel() for k in sorted(params)])


def unflatten(vec, like, check=True):
    """The inverse of :func:`flatten`: a dict with the keys and shapes of ``like``.

    Parameters
    ----------
    vec : ndarray, shape (P,)
        P is the total number of entries of ``like``.
    like : dict of str to ndarray
    check : bool
        False trusts both (``vec`` a float vector of the right length), and returns views
        of ``vec`` instead of copies.

    Returns
    -------
    dict, keys in the order of ``like``, fresh arrays (views of ``vec`` if not ``check``)
    """
    if check:
        like = _check_dict(like, "like")
        vec = as_array(vec, "vec", shape=(sum(v.size for v in like.values()),))
    out, start = {}, 0
    for k in sorted(like):  # the order of flatten
        part = vec[start : start + like[k].size].reshape(like[k].shape)
        out[k] = part.copy() if check else part
        start += like[k].size
    return {k: out[k] for k in like}
