"""A two-dimensional surface f(x, y) with its gradient and Hessian, evaluated on points.

A :class:`Surface` evaluates at any array of points ``P`` of shape ``(..., 2)``: a single
point ``(2,)``, a trajectory ``(T, 2)`` or a grid ``(ny, nx, 2)``::

    s = landscapes.rosenbrock()
    s.f(traj)        # (T,)        values
    s.grad(traj)     # (T, 2)      gradients, usable as ``grad_fn`` of an optimizer
    s.hess(traj)     # (T, 2, 2)   Hessians
    Xg, Yg, Zg = s.grid()          # (n, n) arrays for ``ax.contour``

Points far outside the window (a diverging trajectory) give ``inf`` or ``nan`` quietly, and
NaN rows (how :func:`course_utils.optim.optimizers.run` marks divergence) give NaN. The
surfaces themselves are made in :mod:`course_utils.geometry.landscapes`.
"""

from dataclasses import dataclass, field

import numpy as np

from ..validate import as_array, check_int

__all__ = ["Surface"]


@dataclass(frozen=True)
class Surface:
    """A surface f(x, y) with its gradient and Hessian.

    Attributes
    ----------
    name : str
    latex : str
        The formula, for a title: ``ax.set_title(f"${s.latex}$")``.
    xlim, ylim : tuple of float
        A good plotting window.
    minima : tuple of (float, float)
        Known minimizers (empty when f is unbounded below).
    start : tuple of float
        A good default starting point for optimizer races.
    f_xy, grad_xy, hess_xy : callable
        The formulas in the coordinates x and y (floats, or arrays of one shape), without
        checks: ``f_xy(x, y)`` the value, ``grad_xy(x, y) -> (gx, gy)``,
        ``hess_xy(x, y) -> (hxx, hxy, hyy)``. The methods below call them on points.
    A : ndarray, shape (2, 2), or None
        The matrix of a quadratic surface f = 1/2 p^T A p (None for the others).
    """

    name: str
    latex: str
    xlim: tuple
    ylim: tuple
    minima: tuple
    start: tuple
    f_xy: object = field(repr=False, compare=False)
    grad_xy: object = field(repr=False, compare=False)
    hess_xy: object = field(repr=False, compare=False)
    A: object = field(default=None, repr=False, compare=False)

    def _points(self, P):
        if type(P) is not np.ndarray or P.dtype != np.float64:  # float64 arrays need no copy
            P = as_array(P, "P", allow_nan=True)
        if P.ndim == 0 or P.shape[-1] != 2:
            raise ValueError(f"P must have shape (..., 2) (points (x, y)); got shape {P.shape}")
        return P

    def _xy(self, P):
        P = self._points(P)
        return P[..., 0], P[..., 1]

    def f(self, P):
        """Value at the points ``P (..., 2)``; returns shape ``(...,)`` (a float for one point)."""
        x, y = self._xy(P)
        with np.errstate(over="ignore", invalid="ignore"):
            return self.f_xy(x, y)[()]

    def grad(self, P):
        """Gradient at the points ``P (..., 2)``; returns shape ``(..., 2)``.

        Fast for one point ``(2,)``, as :func:`course_utils.optim.optimizers.run` calls it
        at every step: a float64 array is used as it is, and x, y are taken as scalars.
        """
        P = self._points(P)
        with np.errstate(over="ignore", invalid="ignore"):
            if P.ndim == 1:
                return np.array(self.grad_xy(P[0], P[1]), dtype=float)
            gx, gy = self.grad_xy(P[..., 0], P[..., 1])
        out = np.empty(P.shape)
        out[..., 0], out[..., 1] = gx, gy
        return out

    def hess(self, P):
        """Hessian at the points ``P (..., 2)``; returns shape ``(..., 2, 2)``, symmetric.

        NaN where the point is NaN, even on surfaces with a constant Hessian.
        """
        x, y = self._xy(P)
        with np.errstate(over="ignore", invalid="ignore"):
            hxx, hxy, hyy = np.broadcast_arrays(*self.hess_xy(x, y), x)[:3]
            rows = (np.stack([hxx, hxy], axis=-1), np.stack([hxy, hyy], axis=-1))
            H = np.stack(rows, axis=-2)
        return np.where((np.isnan(x) | np.isnan(y))[..., None, None], np.nan, H)

    def grid(self, n=201):
        """Meshgrid over ``xlim`` x ``ylim`` for contour plots.

        Returns
        -------
        Xg, Yg, Zg : ndarray, shape (n, n)
            ``Zg[i, j] = f(Xg[i, j], Yg[i, j])``; rows follow y, columns follow x.
        """
        n = check_int(n, "n", minimum=2)
        Xg, Yg = np.meshgrid(np.linspace(*self.xlim, n), np.linspace(*self.ylim, n))
        return Xg, Yg, self.f(np.stack([Xg, Yg], axis=-1))
