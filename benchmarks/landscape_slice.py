"""3. A 2-D loss-landscape slice of a two-layer network with about 10,000 parameters on
1,000 examples (ReLU, cross-entropy, filter-normalized directions, as in Li et al. 2018).
Target: 101 x 101 points in <= 2 s, time growing linearly with the number of points.

The grid's rows are shared by one thread per core (the default of ``slice_2d_network``);
the single-thread time is printed too, so the share of each improvement is visible."""

import numpy as np

from course_utils.geometry import netlandscape
from course_utils.nn import network

from . import median_time, row

N, D, H, C = 1000, 64, 150, 10  # P = 64*150 + 150 + 150*10 + 10 = 11,260 parameters


def _problem(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((N, D))
    y = rng.integers(0, C, N)
    params = network.init_params(D, H, C, rng=rng, init="he")
    d1 = netlandscape.random_direction(params, rng)
    d2 = netlandscape.random_direction(params, rng)
    return X, y, params, d1, d2


def run(quick=False):
    X, y, params, d1, d2 = _problem()
    rows, per_point = [], {}
    for n in (5,) if quick else (51, 101, 201):
        grid = np.linspace(-1, 1, n)
        for dtype in (np.float64, np.float32):
            t = median_time(
                lambda g=grid, dt=dtype: netlandscape.slice_2d_network(
                    params, X, y, d1, d2, g, g, "relu", "cross_entropy", dtype=dt
                ),
                repeats=1 if quick else 3,
                warmup=0 if quick else 1,
            )
            per_point.setdefault(dtype.__name__, []).append(t / n**2)
            target, met = ("", None)
            if n == 101:
                target, met = "<= 2 s", t <= 2.0
            rows.append(row(f"landscape slice {dtype.__name__}", f"{n}x{n}", t, "s", target, met))
    grid = np.linspace(-1, 1, 5 if quick else 101)
    t1 = median_time(
        lambda: netlandscape.slice_2d_network(params, X, y, d1, d2, grid, grid, workers=1),
        repeats=1 if quick else 3,
        warmup=0 if quick else 1,
    )
    rows.append(row("landscape slice float64, 1 thread", f"{grid.size}x{grid.size}", t1, "s"))
    for name, values in per_point.items():
        spread = max(values) / min(values)
        rows.append(
            row(
                f"  time per point, max/min over sizes ({name})",
                "51..201",
                spread,
                "x",
                "~1 (linear in points)",
                None if quick else spread < 1.5,
            )
        )
    return rows
