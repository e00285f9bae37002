import io
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from course_utils import deep, landscapes, liveplots, optimizers


def decode(png):
    assert png.startswith(b"\x89PNG")
    return np.asarray(Image.open(io.BytesIO(png)))


def run(method, surface, lr, n_steps=30):
    return optimizers.run(method, surface.grad, np.array(surface.start), n_steps, lr=lr)


@pytest.fixture(scope="module")
def quad_plot():
    return liveplots.TrajectoryPlot(landscapes.quadratic(10), ["gd", "momentum"], 30)


def test_png_has_the_fixed_size_and_changes_with_the_data(quad_plot):
    s = quad_plot.surface
    quad_plot.update({"gd": run("gd", s, 0.05), "momentum": run("momentum", s, 0.05)})
    first = quad_plot.png()
    assert decode(first).shape[:2] == quad_plot.size[::-1]
    quad_plot.update({"gd": run("gd", s, 0.15), "momentum": run("momentum", s, 0.01)})
    assert quad_plot.png() != first


def test_blitted_picture_equals_a_full_redraw(quad_plot):
    s = quad_plot.surface
    quad_plot.update({"gd": run("gd", s, 0.1), "momentum": run("momentum", s, 0.02)})
    fast = quad_plot.png()
    quad_plot._invalidate()
    assert quad_plot.png() == fast


def test_divergence_shows_a_message_and_the_finite_part():
    s = landscapes.quadratic(10)
    plot = liveplots.TrajectoryPlot(s, ["momentum"], 100)
    traj = run("momentum", s, 30.0, 100)
    k = optimizers.diverged_at(traj)
    readout = plot.update({"momentum": traj})
    assert plot._message.get_visible()
    assert plot._message.get_text() == f"lr too large: diverged at step {k}"
    assert f"diverged at step {k}" in readout
    line = plot._artists["momentum"][0]
    assert len(line.get_xdata()) == k  # the finite part stays visible
    assert decode(plot.png()).std() > 0


def test_leaving_the_plot_while_getting_worse_is_flagged():
    s = landscapes.quadratic(10)
    plot = liveplots.TrajectoryPlot(s, ["gd", "momentum"], 20)
    readout = plot.update({"gd": run("gd", s, 0.21, 20), "momentum": run("momentum", s, 0.01, 20)})
    assert "gd: lr too large: diverging, left the plot" in plot._message.get_text()
    assert "momentum: f - f* =" in readout


def test_a_tiny_lr_says_barely_moved_and_a_good_lr_says_nothing():
    s = landscapes.quadratic(10)
    plot = liveplots.TrajectoryPlot(s, ["gd"], 30)
    plot.update({"gd": run("gd", s, 1e-4)})
    assert plot._message.get_text() == "barely moved: lr too small?"
    plot.update({"gd": run("gd", s, 0.1)})
    assert not plot._message.get_visible()


def test_saddle_shows_the_gradient_norm_and_hidden_labels():
    s = landscapes.saddle()
    plot = liveplots.TrajectoryPlot(s, ["gd", "adam"], 30)
    readout = plot.update({"gd": run("gd", s, 0.1)})
    assert "|grad f|" in readout and "adam" not in readout
    assert "nabla" in plot.ax_progress.get_ylabel()
    assert len(plot._artists["adam"][0].get_xdata()) == 0
    assert [t.get_text() for t in plot._legend.get_texts()] == ["gd"]
    plot.png()
    plot.update({"gd": run("gd", s, 0.1), "adam": run("adam", s, 0.1)})
    assert [t.get_text() for t in plot._legend.get_texts()] == ["gd", "adam"]
    assert plot._background is None  # the legend is static: the next png redraws it


def test_all_nan_input_keeps_a_picture_and_a_message():
    plot = liveplots.TrajectoryPlot(landscapes.bowl(), ["gd"], 5)
    plot.update({"gd": np.full((6, 2), np.nan)})
    assert plot._message.get_text() == "no finite point to show"
    assert decode(plot.png()).std() > 0  # contours are still there


def test_trajectory_plot_rejects_bad_input(quad_plot):
    with pytest.raises(ValueError, match="result"):
        quad_plot.update({"adam": np.zeros((3, 2))})
    with pytest.raises(TypeError, match="result"):
        quad_plot.update([np.zeros((3, 2))])
    with pytest.raises(ValueError, match="result"):
        quad_plot.update({"gd": np.zeros((3, 3))})
    with pytest.raises(ValueError, match="labels"):
        liveplots.TrajectoryPlot(landscapes.bowl(), ["gd", "gd"], 5)
    with pytest.raises(ValueError, match="n_steps"):
        liveplots.TrajectoryPlot(landscapes.bowl(), "gd", 0)
    with pytest.raises(ValueError, match="dpi"):
        liveplots.TrajectoryPlot(landscapes.bowl(), "gd", 5, dpi=0)


def test_curves_plot_keeps_its_limits_unless_asked():
    plot = liveplots.CurvesPlot("t", "value", ["data", "EWA"], (0, 9), styles={"data": {"ls": ""}})
    y = np.linspace(0, 1, 10)
    plot.update({"data": y, "EWA": (np.arange(10.0), y / 2)})
    limits = plot.ax.get_ylim()
    first = plot.png()
    plot.update({"data": 3 * y, "EWA": y})
    assert plot.ax.get_ylim() == limits and plot.png() != first
    plot.update({"data": 3 * y}, rescale=True)
    assert plot.ax.get_ylim()[1] > 3


def test_curves_plot_nan_shows_a_message_and_the_finite_part():
    plot = liveplots.CurvesPlot("epoch", "loss", ["sgd", "adam"], (0, 5), log_y=True)
    readout = plot.update({"sgd": [1.0, 0.5, 0.2, 0.1, 0.05, 0.02], "adam": [1.0, 2.0, np.inf]})
    assert plot._message.get_text() == "adam: diverged at epoch 2"
    assert "sgd: 0.02" in readout
    line, stop = plot._lines["adam"]
    assert len(line.get_xdata()) == 2 and len(stop.get_xdata()) == 1
    plot.update({"adam": [np.nan, np.nan]})
    assert plot._message.get_text() == "adam: no finite value"
    assert decode(plot.png()).std() > 0


def test_curves_plot_fixed_ylim_and_all_nan_first_update():
    plot = liveplots.CurvesPlot("x", "y", ["f"], (0, 1), ylim=(1e-3, 10), log_y=True, title="fit")
    plot.update({"f": [np.nan]})
    assert plot.ax.get_ylim() == pytest.approx((1e-3, 10))
    plot = liveplots.CurvesPlot("x", "y", ["f"], (0, 1))
    plot.update({"f": [np.nan]})  # nothing to scale to: limits stay as they are
    plot.png()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"xlim": (1, 0)}, "xlim"),
        ({"ylim": (0, 1), "log_y": True}, "ylim"),
        ({"ylim": (2, 1)}, "ylim"),
        ({"labels": []}, "labels"),
    ],
)
def test_curves_plot_rejects_bad_arguments(kwargs, match):
    args = {"xlabel": "x", "ylabel": "y", "labels": ["a"], "xlim": (0, 1), **kwargs}
    with pytest.raises(ValueError, match=match):
        liveplots.CurvesPlot(**args)


def test_curves_plot_rejects_mismatched_x_and_y():
    plot = liveplots.CurvesPlot("x", "y", ["a"], (0, 1))
    with pytest.raises(ValueError, match=r"result\['a'\]\[1\]"):
        plot.update({"a": (np.arange(3.0), np.zeros(4))})


def make_boundary(n_classes=2, **kwargs):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    return liveplots.BoundaryPlot(X, np.arange(60) % n_classes, resolution=40, **kwargs)


def test_boundary_plot_grid_and_update():
    plot = make_boundary(title="H = 4")
    P = plot.grid_points
    assert P.shape == (1600, 2)
    assert plot.update(1 / (1 + np.exp(-P[:, 0]))) == ""
    first = plot.png()
    readout = plot.update({"grid": (P[:, 1] > 0).astype(int), "text": "train accuracy 0.95"})
    assert readout == "train accuracy 0.95"
    assert plot.png() != first
    expected = plot.grid_points[:, 1].reshape(40, 40)[:, 0] > 0
    np.testing.assert_array_equal(plot._image.get_array()[:, 0], expected)


def test_boundary_plot_nan_values_are_reported():
    plot = make_boundary(n_classes=3)
    values = np.zeros(1600)
    values[:10] = np.nan
    assert "10 grid values are NaN/inf" in plot.update(values)
    assert decode(plot.png()).std() > 0


def test_boundary_plot_rejects_bad_input():
    plot = make_boundary()
    with pytest.raises(ValueError, match="result"):
        plot.update(np.zeros(10))
    with pytest.raises(ValueError, match="grid"):
        plot.update({"text": "no grid"})
    with pytest.raises(ValueError, match="resolution"):
        liveplots.BoundaryPlot(np.zeros((3, 2)), [0, 1, 0], resolution=1)


def layer_result(scale, L, rng):
    X = rng.normal(size=(50, 20))
    Ws = deep.init_weights(20, 20, L, rng, init="normal", scale=scale)
    return deep.layer_stats(X, Ws, "tanh", rng)


def test_histogram_grid_depth_hides_panels_and_png_changes():
    rng = np.random.default_rng(0)
    plot = liveplots.HistogramGrid(6, bins=20)
    readout = plot.update(layer_result(0.5, 6, rng))
    assert readout.count(",") == 2 * 5 and "activations std by layer" in readout
    first = plot.png()
    plot.update(layer_result(0.05, 3, rng))
    assert [ax.get_visible() for ax in plot.axes[0]] == [True] * 3 + [False] * 3
    assert plot.png() != first
    assert decode(first).shape[:2] == plot.size[::-1]


def test_histogram_grid_tick_labels_follow_the_shared_range():
    plot = liveplots.HistogramGrid(2, bins=4)
    plot.update({"acts": [np.array([0.0, 0.3]), np.array([0.1])], "grads": [[-4e-4], [1e-4]]})
    assert [t.get_text() for t in plot._ticks[0]] == ["0", "0.25", "0.5"]
    assert [t.get_text() for t in plot._ticks[1]] == ["-5e-4", "0", "5e-4"]


def test_histogram_grid_overflow_gives_a_message():
    plot = liveplots.HistogramGrid(5, bins=10)
    acts = [np.ones(4)] * 5
    grads = [np.array([1.0, np.inf, np.nan, 2.0])] * 5
    readout = plot.update({"acts": acts, "grads": grads})
    assert "weight gradients, layer 1: 2 values overflowed" in readout
    assert plot._message.get_text().endswith("...")
    plot.update({"acts": [np.full(3, np.nan)], "grads": [np.zeros(3)]})
    assert decode(plot.png()).std() > 0


@pytest.mark.parametrize(
    "result",
    [
        {"acts": [np.zeros(2)]},
        {"acts": [np.zeros(2)] * 2, "grads": [np.zeros(2)]},
        {"acts": [np.zeros(2)] * 4, "grads": [np.zeros(2)] * 4},
        [np.zeros(2)],
    ],
)
def test_histogram_grid_rejects_bad_results(result):
    with pytest.raises(ValueError, match="result"):
        liveplots.HistogramGrid(3).update(result)


@given(st.floats(1e-30, 1e30))
def test_nice_ceil_is_the_next_1_2_5_number(value):
    nice = liveplots._nice_ceil(value)
    assert value * (1 - 1e-9) <= nice < 2.5 * value
    mantissa = nice / 10 ** np.floor(np.log10(nice) + 1e-12)
    assert any(np.isclose(mantissa, m) for m in (1, 2, 5, 10))


def test_importing_changes_no_global_state_and_avoids_pyplot():
    # rcParams["backend"] would import pyplot, so the values are read with dict.__getitem__
    code = (
        "import sys, matplotlib; rc = matplotlib.rcParams;"
        "before = {k: dict.__getitem__(rc, k) for k in rc};"
        "import course_utils.liveplots, course_utils.widgets, course_utils.plotting;"
        "assert 'matplotlib.pyplot' not in sys.modules;"
        "assert {k: dict.__getitem__(rc, k) for k in rc} == before"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_annotated_results_and_no_progress_message():
    from course_utils import landscapes, optimizers

    surface = landscapes.quadratic(25.0)
    plot = liveplots.TrajectoryPlot(surface, ["momentum"], n_steps=60)
    traj = optimizers.run("momentum", surface.grad, surface.start, 60, lr=0.03, beta=0.999)
    text = plot.update({"momentum": traj})
    assert "little progress" in text
    assert "little progress" in plot._message.get_text()
    text = plot.update(liveplots.Annotated({"momentum": traj[:3]}, "note in the figure"))
    assert "note in the figure" in plot._message.get_text() and "note in the figure" in text
    curves = liveplots.CurvesPlot("t", "v", ["a"], xlim=(0, 5))
    curves.update(liveplots.Annotated({"a": np.arange(5.0)}, "too small: a slow crawl"))
    assert curves._message.get_text() == "too small: a slow crawl" and curves._message.get_visible()
    curves.update({"a": np.arange(5.0)})
    assert not curves._message.get_visible()
    assert plot.png()[:4] == b"\x89PNG"
