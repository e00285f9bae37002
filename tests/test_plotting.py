from types import SimpleNamespace

import matplotlib
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from course_utils.geometry import landscapes
from course_utils.optim import optimizers
from course_utils.viz import artists, plotting


def new_ax(n=1):
    fig = Figure(figsize=(4, 3))
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, n, squeeze=False)[0]
    return axes[0] if n == 1 else list(axes)


def draw(ax):
    ax.figure.canvas.draw()  # any warning during drawing fails the test


def test_every_method_has_its_own_colour():
    colours = [plotting.color_for(m) for m in optimizers.METHODS]
    assert len(set(colours)) == len(colours)
    assert set(colours) <= set(plotting.PALETTE.values())


def test_color_for_rejects_unknown_method():
    with pytest.raises(ValueError, match="method"):
        plotting.color_for("sgd_with_magic")


def test_label_colors_keep_method_colours_and_cycle_the_rest():
    colours = plotting.label_colors(["train", "adam", "test"])
    assert colours[1] == plotting.color_for("adam")
    assert colours[0] != colours[2]


def test_course_style_is_a_valid_rc_dict_and_import_changes_nothing():
    style = plotting.course_style()
    assert 80 <= style["figure.dpi"] <= 90
    assert matplotlib.rcParams["figure.dpi"] != style["figure.dpi"]
    with matplotlib.rc_context(style):
        assert matplotlib.rcParams["axes.grid"] is True


def test_contour_rosenbrock_uses_log_levels_and_marks_the_minimum():
    ax = new_ax()
    s = landscapes.rosenbrock()
    assert plotting.contour(ax, s, n=61, levels=12) is ax
    levels = ax.collections[0].levels
    ratios = np.diff(levels - levels[0])[1:] / np.diff(levels - levels[0])[:-1]
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-9)  # geometric spacing above f*
    (minimum,) = ax.lines
    np.testing.assert_allclose(minimum.get_xydata(), [[1.0, 1.0]])
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x", "y")
    assert ax.get_xlim() == s.xlim
    draw(ax)


def test_contour_saddle_falls_back_to_linear_levels():
    ax = new_ax()
    plotting.contour(ax, landscapes.saddle(), n=41, levels=10)
    levels = ax.collections[0].levels
    np.testing.assert_allclose(np.diff(levels), np.diff(levels)[0])
    assert not ax.lines  # no minimum to mark
    draw(ax)


def test_contour_linear_when_asked():
    ax = new_ax()
    plotting.contour(ax, landscapes.bowl(), n=21, levels=5, log_scale=False)
    np.testing.assert_allclose(np.diff(ax.collections[0].levels), 2.0)


def test_contour_flat_surface_does_not_fail():
    zero = lambda x, y: 0 * x  # noqa: E731
    flat = landscapes.Surface(
        "flat",
        "f = 0",
        (-1.0, 1.0),
        (-1.0, 1.0),
        (),
        (0.0, 0.0),
        f_xy=zero,
        grad_xy=lambda x, y: (zero(x, y),) * 2,
        hess_xy=zero,
    )
    ax = new_ax()
    plotting.contour(ax, flat, n=11)
    draw(ax)


def test_contour_rejects_bad_grid_size():
    with pytest.raises(ValueError, match="n"):
        plotting.contour(new_ax(), landscapes.bowl(), n=1)


def test_trajectory_draws_the_finite_part_with_start_and_end():
    ax = new_ax()
    traj = np.array([[0.0, 0.0], [1.0, 0.5], [2.0, 1.0], [np.nan, np.nan]])
    assert plotting.trajectory(ax, traj, label="momentum") is ax
    line, start, end = ax.lines
    np.testing.assert_allclose(line.get_xydata(), traj[:3])
    np.testing.assert_allclose(start.get_xydata(), [[0.0, 0.0]])
    np.testing.assert_allclose(end.get_xydata(), [[2.0, 1.0]])
    assert line.get_color() == plotting.color_for("momentum")
    draw(ax)


def test_trajectory_with_only_nan_draws_nothing_and_does_not_warn():
    ax = new_ax()
    plotting.trajectory(ax, np.full((3, 2), np.nan), color="k")
    assert all(len(line.get_xdata()) == 0 for line in ax.lines)
    draw(ax)


def test_trajectory_rejects_bad_shape():
    with pytest.raises(ValueError, match="traj"):
        plotting.trajectory(new_ax(), np.zeros((5, 3)))


def blobs():
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal(-1, 0.3, (20, 2)), rng.normal(1, 0.3, (20, 2))])
    return X, np.repeat([0, 1], 20)


def test_decision_boundary_image_matches_the_classifier():
    X, y = blobs()
    ax = new_ax()
    plotting.decision_boundary(ax, lambda P: (P[:, 0] > 0).astype(int), X, y, resolution=30)
    (image,) = ax.images
    Z = image.get_array()
    assert Z.shape == (30, 30)
    assert Z[0, 0] == 0 and Z[0, -1] == 1  # origin="lower": columns follow x
    assert sum(isinstance(c, PathCollection) for c in ax.collections) == 2
    draw(ax)


def test_decision_boundary_three_classes():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(30, 2)), np.arange(30) % 3
    ax = new_ax()
    plotting.decision_boundary(ax, lambda P: np.argmax(P @ rng.normal(size=(2, 3)), 1), X, y, 20)
    draw(ax)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"y": np.zeros(3)}, "y"),
        ({"y": -np.ones(40)}, "y"),
        ({"X": np.zeros((40, 3))}, "X"),
        ({"resolution": 1}, "resolution"),
        ({"padding": 0.0}, "padding"),
        ({"predict_fn": lambda P: P}, "predict_fn"),
    ],
)
def test_decision_boundary_rejects_bad_input(kwargs, match):
    X, y = blobs()
    args = {"predict_fn": lambda P: P[:, 0] > 0, "X": X, "y": y, **kwargs}
    with pytest.raises(ValueError, match=match):
        plotting.decision_boundary(new_ax(), **args)


def test_loss_curves_stop_at_divergence_with_a_marker():
    ax = new_ax()
    bad = np.array([1.0, 0.5, 2.0, np.inf, np.nan])
    plotting.loss_curves(ax, {"sgd": np.geomspace(1, 1e-3, 5), "adam": bad})
    assert ax.get_yscale() == "log"
    sgd, adam, marker = ax.lines
    assert len(adam.get_xdata()) == 3
    np.testing.assert_allclose(marker.get_xydata(), [[2.0, 2.0]])
    assert "diverged at step 3" in adam.get_label()
    draw(ax)


def test_loss_curves_linear_when_values_are_not_positive():
    ax = new_ax()
    plotting.loss_curves(ax, {"a": [1.0, 0.0, -1.0]}, xlabel="epoch")
    assert ax.get_yscale() == "linear" and ax.get_xlabel() == "epoch"
    ax = new_ax()
    plotting.loss_curves(ax, {"a": [np.nan, 1.0]})  # nothing finite before the NaN
    assert ax.get_yscale() == "linear"
    draw(ax)


def test_loss_curves_rejects_bad_input():
    with pytest.raises(TypeError, match="curves"):
        plotting.loss_curves(new_ax(), {})
    with pytest.raises(ValueError, match="curves"):
        plotting.loss_curves(new_ax(), {"a": np.zeros((2, 2))})


@given(st.integers(0, 20), st.integers(0, 20), st.sampled_from([np.nan, np.inf, -np.inf]))
def test_finite_prefix_finds_the_first_bad_row(n, k, bad):
    values = np.ones((n, 2))
    if k < n:
        values[k:, 1] = bad
    assert artists.finite_prefix(values) == min(k, n)


def test_contour_min_spacing_thins_the_dense_rings_round_a_minimum():
    s = landscapes.quadratic(20.0)
    full, thin = new_ax(), new_ax()
    plotting.contour(full, s, n=101)
    plotting.contour(thin, s, n=101, min_spacing=2)
    levels, kept = full.collections[0].levels, thin.collections[0].levels
    assert set(kept) < set(levels) and kept[-1] == levels[-1]
    assert np.all(np.isin(levels[-10:], kept))  # the widely spaced outer rings all stay
    Xg, Yg, Zg = s.grid(101)
    slope = np.hypot(*np.gradient(Zg))
    for c, d in zip(kept[:-1], kept[1:], strict=True):  # neighbours at least 2 cells apart
        assert d - c >= 2 * np.median(slope[(Zg >= c) & (Zg <= d)])
    draw(thin)
    with pytest.raises(ValueError, match="min_spacing"):
        plotting.contour(new_ax(), s, n=11, min_spacing=11)


def test_contour_min_spacing_keeps_levels_where_the_surface_is_flat():
    def grid(n):
        Xg, Yg = np.meshgrid(np.linspace(-1, 1, n), np.linspace(-1, 1, n))
        return Xg, Yg, np.zeros_like(Xg)

    flat = SimpleNamespace(grid=grid, minima=(), xlim=(-1, 1), ylim=(-1, 1))
    full, thin = new_ax(), new_ax()
    plotting.contour(full, flat, n=5, levels=3)
    plotting.contour(thin, flat, n=5, levels=3, min_spacing=2)
    kept = thin.collections[0].levels
    np.testing.assert_array_equal(kept, full.collections[0].levels)
    np.testing.assert_array_equal(kept, [-1, 0, 1])
