"""The check of ``eigen_components`` (notebook 04): the error of gradient descent on a
quadratic, split along the eigenvectors of its Hessian, in closed form (Goh 2017, "Why
Momentum Really Works")."""

import numpy as np

from .._core import case_rng as _rng
from .._core import check_function

__all__ = ["eigen_components"]


def _components_reference(hess, lr, e0, n_steps):
    """c[t, i] = (1 - lr lam_i)^t (q_i . e0), eigenvalues ascending (shape (n_steps + 1, P))."""
    lam, V = np.linalg.eigh(hess)
    t = np.arange(n_steps + 1)[:, None]
    return (1.0 - lr * lam) ** t * (V.T @ e0)


def _aligned(fn):
    """``fn`` with each column's sign matched to the reference's at t = 0.

    An eigenvector is defined only up to its sign, so q_i and -q_i give components of
    opposite signs; both answers are right.
    """

    def run(hess, lr, e0, n_steps):
        got = fn(hess, lr, e0, n_steps)
        ref = _components_reference(hess, lr, e0, n_steps)
        try:
            arr = np.array(got, dtype=float)
        except (TypeError, ValueError):
            return got
        if arr.shape == ref.shape:
            arr[:, np.sign(arr[0]) * np.sign(ref[0]) < 0] *= -1.0
        return arr

    return run


def _components_mistake(change):
    """A wrong version of the reference: ``change(lam, V, e0, t) -> c``."""

    def wrong(hess, lr, e0, n_steps):
        lam, V = np.linalg.eigh(hess)
        return change(lam, V, e0, np.arange(n_steps + 1)[:, None], lr)

    return wrong


_COMPONENT_MISTAKES = (
    (
        _components_mistake(lambda lam, V, e0, t, lr: (1 - lr * lam) ** t * e0),
        "e0 is given in the parameters' coordinates: first project it on the eigenvectors, "
        "c_i(0) = q_i . e0 (V.T @ e0).",
    ),
    (
        _components_mistake(lambda lam, V, e0, t, lr: (1 - lr * lam) ** t * (V @ e0)),
        "np.linalg.eigh returns the eigenvectors as the COLUMNS of V: the components are "
        "V.T @ e0, not V @ e0.",
    ),
    (
        _components_mistake(lambda lam, V, e0, t, lr: (1 - lr * lam) ** (t + 1) * (V.T @ e0)),
        "row t holds the components after t steps, so row 0 is the start itself: "
        "use t = 0, 1, ..., n_steps.",
    ),
    (
        _components_mistake(lambda lam, V, e0, t, lr: np.exp(-lr * lam * t) * (V.T @ e0)),
        "one step multiplies a component by exactly 1 - lr lambda_i, not by exp(-lr lambda_i).",
    ),
    (
        _components_mistake(lambda lam, V, e0, t, lr: (1 + lr * lam) ** t * (V.T @ e0)),
        "gradient descent subtracts lr times the gradient: the factor is 1 - lr lambda_i.",
    ),
    (
        _components_mistake(lambda lam, V, e0, t, lr: np.abs((1 - lr * lam) ** t * (V.T @ e0))),
        "keep the signs: when 1 - lr lambda_i < 0, the component changes sign at every step "
        "(the oscillating regime of section 2).",
    ),
    (
        _components_mistake(lambda lam, V, e0, t, lr: ((1 - lr * lam) ** t * (V.T @ e0))[:, ::-1]),
        "order the columns by increasing eigenvalue, as np.linalg.eigh does.",
    ),
)


def _rotation_hessian(r, eigenvalues):
    """A symmetric (P, P) matrix with the given eigenvalues and random eigenvectors."""
    P = len(eigenvalues)
    Q, _ = np.linalg.qr(r.standard_normal((P, P)))
    hess = Q @ np.diag(eigenvalues) @ Q.T
    return (hess + hess.T) / 2


def eigen_components(fn):
    """Check ``fn(hess, lr, e0, n_steps) -> c`` of shape (n_steps + 1, P).

    On a quadratic with Hessian ``hess (P, P)`` (symmetric, distinct eigenvalues), the error
    e_t = theta_t - theta* of gradient descent has, along the i-th eigenvector q_i (eigenvalues
    in increasing order), the component c[t, i] = (1 - lr lambda_i)^t (q_i . e0).
    """
    cases = []
    for seed, (eigs, lr, n_steps) in enumerate(
        [((0.5, 3.0), 0.5, 5), ((0.2, 1.0, 4.0), 0.3, 8), ((1.0, 10.0), 0.21, 6)]
    ):
        r = _rng(seed)
        e0 = r.standard_normal(len(eigs))
        cases.append((_rotation_hessian(r, np.array(eigs)), lr, e0, n_steps))
    return check_function(
        "eigen_components",
        _aligned(fn) if callable(fn) else fn,
        _components_reference,
        cases,
        describe=lambda a: (
            f"hess with eigenvalues {np.round(np.linalg.eigvalsh(a[0]), 3).tolist()}, "
            f"lr={a[1]}, n_steps={a[3]}"
        ),
        mistakes=tuple((_aligned(wrong), hint) for wrong, hint in _COMPONENT_MISTAKES),
    )
