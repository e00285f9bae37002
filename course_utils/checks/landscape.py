"""Checks for the exercises of notebook 05 (loss landscapes).

The Rosenbrock gradient, filter normalization of a random direction (Li et al. 2018), the
condition number of a Hessian and the PCA projection of a training trajectory. Each
reference comes from the package (:mod:`course_utils.landscapes`,
:mod:`course_utils.netlandscape`, :mod:`course_utils.critical`), and a few typical mistakes
are recognised and named with a one-sentence hint.
"""

import numpy as np

from .. import critical, landscapes, netlandscape, network
from ._core import CheckResult, check_function, compare
from ._core import case_rng as _rng

__all__ = ["rosenbrock_grad", "filter_normalize", "condition_number", "pca_project"]


def _copies(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def _with_hint(result, fn, cases, mistakes):
    """If ``fn`` failed and matches a known mistake on every case, print and append its hint.

    ``mistakes`` is a list of ``(wrong_reference, hint)``; ``wrong_reference`` takes the same
    arguments as the reference and returns what that mistake computes.
    """
    if result.passed or "not implemented yet" in result.message:
        return result
    for wrong, hint in mistakes:
        try:
            with np.errstate(all="ignore"):
                matches = all(
                    compare(fn(*_copies(args)), wrong(*_copies(args))) is None for args in cases
                )
        except Exception:  # the learner's code may raise anything; then no hint applies
            matches = False
        if matches:
            print("Hint: " + hint)
            return CheckResult(result.name, False, result.message + " Hint: " + hint)
    return result


# --- the Rosenbrock gradient -----------------------------------------------------------


def _rosenbrock_reference(x, y, a, b):
    return landscapes.rosenbrock(a, b).grad(np.array([x, y]))


def _rosenbrock_outer_sign(x, y, a, b):
    return np.array([2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)])


def _rosenbrock_no_inner(x, y, a, b):
    return np.array([-2 * (a - x) + 2 * b * (y - x * x), 2 * b * (y - x * x)])


def rosenbrock_grad(fn):
    """Check ``fn(x, y, a, b) -> ndarray (2,)``: the gradient (df/dx, df/dy) of
    f(x, y) = (a - x)^2 + b (y - x^2)^2 at the point (x, y)."""
    x, y = _rng(0).uniform(-2.0, 2.0, size=2)
    cases = [
        (-1.2, 1.0, 1.0, 100.0),
        (round(float(x), 2), round(float(y), 2), 1.0, 100.0),
        (1.0, 1.0, 1.0, 100.0),
        (2.0, 1.5, 2.0, 10.0),
        (-0.7, 2.2, 0.5, 3.0),
    ]
    result = check_function(
        "rosenbrock_grad",
        fn,
        _rosenbrock_reference,
        cases,
        describe=lambda c: f"x={c[0]}, y={c[1]}, a={c[2]}, b={c[3]}",
    )
    return _with_hint(
        result,
        fn,
        cases,
        [
            (
                _rosenbrock_outer_sign,
                "the derivative of (a - x)^2 with respect to x is -2 (a - x): the inner "
                "derivative of (a - x) is -1.",
            ),
            (
                _rosenbrock_no_inner,
                "b (y - x^2)^2 gives 2 b (y - x^2) times the inner derivative of "
                "(y - x^2) with respect to x, which is -2x (the chain rule).",
            ),
        ],
    )


# --- filter normalization ---------------------------------------------------------------


def _filter_cases():
    cases = []
    for seed, (D, H, C) in enumerate([(2, 5, 3), (4, 3, 2), (3, 8, 1)]):
        r = _rng(seed)
        p = network.init_params(D, H, C, rng=r, init="normal", scale=0.5 + seed)
        p["b1"], p["b2"] = r.standard_normal(H), r.standard_normal(C)
        cases.append((int(r.integers(2**31)), p["W1"], p["b1"], p["W2"], p["b2"]))
    return cases


def _params(W1, b1, W2, b2):
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _raw_direction(seed, params):
    return netlandscape.random_direction(params, np.random.default_rng(seed), normalization="none")


def _filter_reference(seed, W1, b1, W2, b2):
    params = _params(W1, b1, W2, b2)
    return netlandscape.random_direction(
        params, np.random.default_rng(seed), normalization="filter"
    )


def _filter_learner(fn):
    """Hand ``fn`` the raw direction drawn with the case's seed, and the parameters."""

    def learner(seed, W1, b1, W2, b2):
        params = _params(W1, b1, W2, b2)
        d = _raw_direction(seed, params)
        d_copy = {k: v.copy() for k, v in d.items()}
        p_copy = {k: v.copy() for k, v in params.items()}
        out = fn(d_copy, p_copy)
        for name, given, original in (("d", d_copy, d), ("params", p_copy, params)):
            if any(not np.array_equal(given[k], original[k]) for k in original):
                raise ValueError(
                    f"filter_normalize modified its input {name}; build a new dict instead"
                )
        return out

    return learner


def _scaled(d, params, axis, zero_biases=True, bias_axis=None):
    """d[k] rescaled to the norm of params[k] along ``axis`` (None: the whole tensor)."""
    out = {}
    for k, v in d.items():
        if v.ndim == 1 and zero_biases:
            out[k] = np.zeros_like(v)
            continue
        ax = bias_axis if v.ndim == 1 else axis
        w = params[k]
        out[k] = (
            v
            * np.sqrt(np.sum(w * w, axis=ax, keepdims=True))
            / np.sqrt(np.sum(v * v, axis=ax, keepdims=True))
        )
    return out


def _wrong_filter(axis, zero_biases=True, raw_biases=False):
    def wrong(seed, W1, b1, W2, b2):
        params = _params(W1, b1, W2, b2)
        d = _raw_direction(seed, params)
        out = _scaled(d, params, axis, zero_biases=zero_biases)
        if raw_biases:
            out = {k: (d[k] if d[k].ndim == 1 else v) for k, v in out.items()}
        return out

    return wrong


def filter_normalize(fn):
    """Check ``fn(d, params) -> dict``: filter normalization of a raw direction ``d`` (a dict
    like ``params``), as in Li et al. (2018). Every column j of a weight matrix is rescaled so
    that ||d[k][:, j]|| = ||params[k][:, j]||, and every 1-D tensor (a bias) becomes zero.

    The raw direction is the one :func:`course_utils.netlandscape.random_direction` draws with
    ``normalization="none"``, and the reference is the same call with ``"filter"``.
    """
    cases = _filter_cases()
    learner = _filter_learner(fn)
    result = check_function(
        "filter_normalize",
        learner,
        _filter_reference,
        cases,
        describe=lambda c: (
            f"a raw direction d for a network with D={c[1].shape[0]}, H={c[1].shape[1]}, "
            f"C={c[3].shape[1]}"
        ),
    )
    bias_hint = (
        "the weights are right but not the biases: as in Li et al.'s code, the direction of "
        "every 1-D tensor (a bias) is set to zero."
    )
    return _with_hint(
        result,
        learner,
        cases,
        [
            (
                _wrong_filter(axis=None),
                "you scaled each whole matrix to ||W|| (layer normalization); filter "
                "normalization rescales every column d[:, j] separately to ||W[:, j]||.",
            ),
            (
                _wrong_filter(axis=1),
                "you normalized the rows; a filter is a column W[:, j], the weights into "
                "hidden unit j (sum over axis 0).",
            ),
            (_wrong_filter(axis=0, raw_biases=True), bias_hint),
            (_wrong_filter(axis=0, zero_biases=False), bias_hint),
        ],
    )


# --- the condition number ---------------------------------------------------------------


def _spd(seed, P):
    r = _rng(seed)
    Q, _ = np.linalg.qr(r.standard_normal((P, P)))
    H = Q @ np.diag(np.geomspace(0.5, 40.0, P)) @ Q.T
    return (H + H.T) / 2


def _describe_hessian(case):
    H = case[0]
    if H.shape == (2, 2):
        return f"H = {np.round(H, 3).tolist()}"
    return f"a random {H.shape[0]} x {H.shape[1]} symmetric positive definite H"


def _condition_reference(H):
    eigs = critical.eigenvalues(H)
    return float(eigs[-1] / eigs[0])


def condition_number(fn):
    """Check ``fn(H) -> float``: the condition number lambda_max / lambda_min of a symmetric
    positive definite Hessian ``H (P, P)`` (the Hessian at a strict minimum)."""
    cases = [
        (np.array(landscapes.quadratic(kappa=25.0, angle=0.4).A),),
        (landscapes.rosenbrock().hess(np.array([1.0, 1.0])),),
        (landscapes.beale().hess(np.array([3.0, 0.5])),),
        (_spd(0, 4),),
    ]
    result = check_function(
        "condition_number",
        fn,
        _condition_reference,
        cases,
        describe=_describe_hessian,
    )
    return _with_hint(
        result,
        fn,
        cases,
        [
            (
                lambda H: float(np.max(np.diag(H)) / np.min(np.diag(H))),
                "the diagonal entries are curvatures along the x and y axes; when H has "
                "off-diagonal entries the extreme curvatures are its eigenvalues "
                "(np.linalg.eigvalsh).",
            ),
            (
                lambda H: 1.0 / _condition_reference(H),
                "you divided the smallest eigenvalue by the largest; the condition number "
                "is largest / smallest, so it is >= 1.",
            ),
        ],
    )


# --- PCA of a trajectory ----------------------------------------------------------------


def _pca_cases():
    cases = []
    for seed, (T, P) in enumerate([(30, 5), (50, 12), (20, 3)]):
        r = _rng(seed)
        t = np.linspace(0.0, 1.0, T)
        u, v = r.standard_normal(P), r.standard_normal(P)
        w = r.standard_normal(P)
        traj = (
            w + np.outer(3 * t, u) + np.outer(0.6 * np.sin(4 * t), v)
        ) + 0.02 * r.standard_normal((T, P))
        cases.append((traj,))
    return cases


def _pca_reference(traj):
    pca = netlandscape.trajectory_pca(traj)
    return pca.coords, pca.components


def _signed(traj, out):
    """Flip each axis of a learner's ``(coords, components)`` so the trajectory runs towards +,
    the convention of :func:`course_utils.netlandscape.trajectory_pca` (signs are arbitrary)."""
    T, P = traj.shape
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        return out
    coords, components = (np.asarray(a, dtype=float) for a in out)
    if coords.shape != (T, 2) or components.shape != (2, P):
        return out
    signs = np.where((traj[-1] - traj[0]) @ components.T < 0, -1.0, 1.0)
    return coords * signs, components * signs[:, None]


def _pca_learner(fn):
    def learner(traj):
        return _signed(traj, fn(traj))

    return learner


def _pca_uncentred(traj):
    _, _, Vt = np.linalg.svd(traj, full_matrices=False)
    return _signed(traj, (traj @ Vt[:2].T, Vt[:2]))


def _pca_projects_uncentred(traj):
    pca = netlandscape.trajectory_pca(traj)
    return traj @ pca.components.T, pca.components


def pca_project(fn):
    """Check ``fn(traj) -> (coords, components)``: the two principal directions
    ``components (2, P)`` (orthonormal rows) of a trajectory ``traj (T, P)`` and its
    coordinates ``coords (T, 2)`` on them, ``(traj - mean) @ components.T``. The sign of each
    direction is arbitrary: the check flips the learner's axes so that the trajectory runs
    towards + on each, as :func:`course_utils.netlandscape.trajectory_pca` does."""
    cases = _pca_cases()
    learner = _pca_learner(fn)
    result = check_function(
        "pca_project",
        learner,
        _pca_reference,
        cases,
        rtol=1e-6,
        atol=1e-7,
        describe=lambda c: f"a trajectory of shape (T, P) = {c[0].shape}",
    )
    return _with_hint(
        result,
        learner,
        cases,
        [
            (
                _pca_uncentred,
                "subtract the mean point traj.mean(axis=0) before the SVD: PCA finds the "
                "directions of largest spread around the mean, not around the origin.",
            ),
            (
                _pca_projects_uncentred,
                "the directions are right; project the centred trajectory, "
                "(traj - mean) @ components.T.",
            ),
        ],
    )
