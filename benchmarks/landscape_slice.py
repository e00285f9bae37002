"""3. A 2-D loss-landscape slice of notebook 05's network: ReLU, cross-entropy, 200 training
examples, H = 16 (P = 82 parameters), filter-normalized directions (Li et al. 2018), computed
by :func:`course_utils.geometry.netlandscape.slice_2d` with the network's own loss
(:func:`course_utils.nn.network.loss_value`, inputs validated once, work arrays reused).
Target: one 61 x 61 plane, as notebook 05 draws six of them, in <= 1 s; time linear in the
number of points. Every point is one call of the loss, so the time is mostly Python's
per-call cost, the same for a larger network up to a few thousand parameters."""

import numpy as np

from course_utils import data
from course_utils.geometry import netlandscape
from course_utils.nn import network

from . import median_time, row

N, H = 300, 16  # 300 moons, 200 of them for training, as in notebook 05


def _problem(seed=0):
    rng = np.random.default_rng(seed)
    X, y = data.moons(N, noise=0.25, rng=rng)
    X_train, _, y_train, _ = data.train_test_split(X, y, test_fraction=1 / 3, rng=rng)
    params = network.init_params(2, H, 2, rng=rng, init="he")
    d1 = netlandscape.random_direction(params, rng)
    d2 = netlandscape.random_direction(params, rng)
    X_train, y_train = network.check_inputs(params, X_train, "relu", y_train, "cross_entropy")[1:]
    work = {}

    def loss_fn(p):
        return network.loss_value(
            p, X_train, y_train, "relu", "cross_entropy", check=False, work=work
        )

    return loss_fn, params, d1, d2


def run(quick=False):
    loss_fn, params, d1, d2 = _problem()
    rows, per_point = [], []
    for n in (5,) if quick else (31, 61, 121):
        grid = np.linspace(-1, 1, n)
        t = median_time(
            lambda g=grid: netlandscape.slice_2d(loss_fn, params, d1, d2, g, g),
            repeats=1 if quick else 3,
            warmup=0 if quick else 1,
        )
        per_point.append(t / n**2)
        target, met = ("<= 1 s", t <= 1.0) if n == 61 else ("", None)
        rows.append(row("landscape slice float64", f"{n}x{n}, P=82", t, "s", target, met))
    spread = max(per_point) / min(per_point)
    rows.append(
        row(
            "  time per point, max/min over sizes",
            "31..121",
            spread,
            "x",
            "~1 (linear in points)",
            None if quick else spread < 1.5,
        )
    )
    return rows
