"""Two-dimensional test surfaces: bowls, valleys, classic test functions and saddles.

Each function returns a :class:`~course_utils.geometry.surface.Surface`, which evaluates its
value, gradient and Hessian on any array of points ``(..., 2)``::

    s = landscapes.rosenbrock()
    s.f(traj), s.grad(traj), s.hess(traj)   # (T,), (T, 2), (T, 2, 2)
"""

import numpy as np

from ..validate import as_array, check_positive
from .surface import Surface

__all__ = [
    "bowl",
    "quadratic",
    "rosenbrock",
    "beale",
    "himmelblau",
    "saddle",
    "monkey_saddle",
    "double_well",
]


def _scalar(value, name):
    return float(as_array(value, name, shape=()))


# fmt: off
def bowl():
    """The convex bowl f = x^2 + y^2, minimum (0, 0)."""
    return Surface(
        "bowl", r"f(x, y) = x^2 + y^2", (-2.0, 2.0), (-2.0, 2.0), ((0.0, 0.0),), (1.5, 1.0),
        f_xy=lambda x, y: x * x + y * y,
        grad_xy=lambda x, y: (2 * x, 2 * y),
        hess_xy=lambda x, y: (2.0, 0.0, 2.0),
    )


def quadratic(kappa=10.0, angle=0.0):
    """The quadratic f = 1/2 theta^T A theta with A = R diag(1, kappa) R^T, minimum (0, 0).

    R is the rotation by ``angle`` radians (phi in the title), so the eigenvalues are
    lambda_min = 1 and lambda_max = kappa (the condition number) with eigenvectors R e_1 and
    R e_2; ``s.A`` holds A. Gradient descent converges for lr < 2 / lambda_max, and Polyak's
    (1964) heavy ball is fastest with lr = 4 / (sqrt(lambda_max) + sqrt(lambda_min))^2 and
    beta = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))^2.

    Parameters
    ----------
    kappa : float >= 1
    angle : float
    """
    kappa = check_positive(kappa, "kappa")
    if kappa < 1:
        raise ValueError(
            f"kappa must be >= 1 (the condition number lambda_max / lambda_min); got {kappa}"
        )
    angle = _scalar(angle, "angle")
    c, s = np.cos(angle), np.sin(angle)
    R = np.array([[c, -s], [s, c]])
    A = R @ np.diag([1.0, kappa]) @ R.T
    A = (A + A.T) / 2
    A.setflags(write=False)
    a, b, d = A[0, 0], A[0, 1], A[1, 1]
    shown = f"{float(f'{kappa:.4g}'):g}"  # 4 significant digits, no trailing zeros: 12.59
    latex = (
        r"f(\theta) = \frac{1}{2}\, \theta^\top R_\varphi \operatorname{diag}(1, \kappa)"
        rf" R_\varphi^\top \theta,\ \kappa = {shown},\ \varphi = {np.degrees(angle):.3g}^\circ"
    )
    return Surface(
        "quadratic", latex, (-2.0, 2.0), (-2.0, 2.0), ((0.0, 0.0),),
        tuple(float(v) for v in R @ [-1.5, 1.0]),
        f_xy=lambda x, y: 0.5 * (a * x * x + 2 * b * x * y + d * y * y),
        grad_xy=lambda x, y: (a * x + b * y, b * x + d * y),
        hess_xy=lambda x, y: (a, b, d),
        A=A,
    )


def rosenbrock(a=1.0, b=100.0):
    """Rosenbrock's (1960) banana valley f = (a - x)^2 + b (y - x^2)^2, minimum (a, a^2).

    The classic start (-1.2, 1) is the default for a = 1 (shifted with a otherwise).
    """
    a, b = _scalar(a, "a"), check_positive(b, "b")
    return Surface(
        "rosenbrock", rf"f(x, y) = ({a:g} - x)^2 + {b:g}\,(y - x^2)^2",
        (min(-2.0, a - 3.0), max(2.0, a + 1.0)), (-1.0, max(3.0, a * a + 1.0)), ((a, a * a),),
        (a - 2.2, 1.0),
        f_xy=lambda x, y: (a - x) ** 2 + b * (y - x * x) ** 2,
        grad_xy=lambda x, y: (-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)),
        hess_xy=lambda x, y: (2 - 4 * b * y + 12 * b * x * x, -4 * b * x, 2 * b),
    )


_BEALE_C = (1.5, 2.25, 2.625)


def _beale_f(x, y):
    return sum((c - x + x * y**i) ** 2 for i, c in enumerate(_BEALE_C, start=1))


def _beale_grad(x, y):
    gx = gy = 0.0
    for i, c in enumerate(_BEALE_C, start=1):
        t = c - x + x * y**i
        gx = gx + 2 * t * (y**i - 1)
        gy = gy + 2 * t * i * x * y ** (i - 1)
    return gx, gy


def _beale_hess(x, y):
    # f = sum t_i^2 with t_i = c_i - x + x y^i: H = 2 sum (grad t_i grad t_i^T + t_i Hess t_i)
    hxx = hxy = hyy = 0.0
    for i, c in enumerate(_BEALE_C, start=1):
        t = c - x + x * y**i
        u, v = y**i - 1, i * x * y ** (i - 1)
        hxx = hxx + 2 * u * u
        hxy = hxy + 2 * (u * v + t * i * y ** (i - 1))
        hyy = hyy + 2 * v * v + (2 * t * i * (i - 1) * x * y ** (i - 2) if i > 1 else 0.0)
    return hxx, hxy, hyy


def beale():
    """Beale's function, minimum (3, 0.5) (Beale 1958; test function of Jamil & Yang 2013)."""
    return Surface(
        "beale", r"f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
        (-4.5, 4.5), (-4.5, 4.5), ((3.0, 0.5),), (1.0, 1.5),
        f_xy=_beale_f, grad_xy=_beale_grad, hess_xy=_beale_hess,
    )


def himmelblau():
    """Himmelblau's (1972) function f = (x^2 + y - 11)^2 + (x + y^2 - 7)^2: four minima, f = 0."""
    minima = (
        (3.0, 2.0),
        (-2.805118086952745, 3.131312518250573),
        (-3.779310253377747, -3.2831859912861696),
        (3.5844283403304917, -1.8481265269644036),
    )
    return Surface(
        "himmelblau", r"f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2", (-5.0, 5.0), (-5.0, 5.0),
        minima, (0.0, 0.0),
        f_xy=lambda x, y: (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
        grad_xy=lambda x, y: (
            4 * x * (x * x + y - 11) + 2 * (x + y * y - 7),
            2 * (x * x + y - 11) + 4 * y * (x + y * y - 7),
        ),
        hess_xy=lambda x, y: (12 * x * x + 4 * y - 42, 4 * (x + y), 4 * x + 12 * y * y - 26),
    )


def saddle():
    """The saddle f = x^2 - y^2: a critical point at (0, 0) that is not a minimum; no minima."""
    return Surface(
        "saddle", r"f(x, y) = x^2 - y^2", (-2.0, 2.0), (-2.0, 2.0), (), (-1.5, 1e-3),
        f_xy=lambda x, y: x * x - y * y,
        grad_xy=lambda x, y: (2 * x, -2 * y),
        hess_xy=lambda x, y: (2.0, 0.0, -2.0),
    )


def double_well(lam_max=10.0, lam_min=-1.0, angle=0.0):
    """A saddle between two minima: f = lam_max / 2 u^2 + |lam_min| / 4 (v^2 - 1)^2.

    (u, v) are the coordinates along the axes rotated by ``angle`` radians, (x, y) = R (u, v).
    The saddle at (0, 0) has Hessian eigenvalues ``lam_max`` (along u) and ``lam_min`` (along
    v), like the ill-conditioned saddles of notebook 06 when lam_max >> |lam_min|; the minima
    R (0, +-1) have f = 0. The start R (-1.5, 1e-3) lies 1e-3 from the saddle's stable
    manifold (the u axis), so an optimizer first slides towards the saddle, then leaves it.

    Parameters
    ----------
    lam_max : float > 0
    lam_min : float < 0
    angle : float
    """
    lam_max = check_positive(lam_max, "lam_max")
    lam_min = _scalar(lam_min, "lam_min")
    if not lam_min < 0:
        raise ValueError(f"lam_min must be < 0 (the saddle's negative curvature); got {lam_min}")
    angle = _scalar(angle, "angle")
    c, s = np.cos(angle), np.sin(angle)
    R = np.array([[c, -s], [s, c]])
    half, quarter = lam_max / 2, -lam_min / 4
    if angle == 0:
        latex = rf"f(x, y) = {half:g}\,x^2 + {quarter:g}\,(y^2 - 1)^2"
    else:
        latex = (
            rf"f(x, y) = {half:g}\,u^2 + {quarter:g}\,(v^2 - 1)^2,\ (u, v)^\top = "
            rf"R_\varphi^\top (x, y)^\top,\ \varphi = {np.degrees(angle):.3g}^\circ"
        )

    def uv(x, y):
        return c * x + s * y, -s * x + c * y

    def f(x, y):
        u, v = uv(x, y)
        return half * u * u + quarter * (v * v - 1) ** 2

    def grad(x, y):
        u, v = uv(x, y)
        fu, fv = lam_max * u, -lam_min * v * (v * v - 1)
        return c * fu - s * fv, s * fu + c * fv

    def hess(x, y):
        _, v = uv(x, y)
        fvv = -lam_min * (3 * v * v - 1)
        return c * c * lam_max + s * s * fvv, c * s * (lam_max - fvv), s * s * lam_max + c * c * fvv

    minima = tuple(tuple(float(w) for w in R @ [0.0, sign]) for sign in (1.0, -1.0))
    return Surface(
        "double_well", latex, (-2.0, 2.0), (-2.0, 2.0), minima,
        tuple(float(w) for w in R @ [-1.5, 1e-3]), f_xy=f, grad_xy=grad, hess_xy=hess,
    )  # fmt: skip


def monkey_saddle():
    """The monkey saddle f = x^3 - 3 x y^2: zero Hessian at (0, 0) (degenerate); no minima."""
    return Surface(
        "monkey_saddle", r"f(x, y) = x^3 - 3xy^2", (-2.0, 2.0), (-2.0, 2.0), (), (1.0, 1e-3),
        f_xy=lambda x, y: x**3 - 3 * x * y * y,
        grad_xy=lambda x, y: (3 * x * x - 3 * y * y, -6 * x * y),
        hess_xy=lambda x, y: (6 * x, -6 * y, -6 * x),
    )
# fmt: on
