import io

import numpy as np
import pytest
from PIL import Image

from course_utils.geometry import landscapes
from course_utils.optim import optimizers
from course_utils.viz import liveplots


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
    result = {"gd": run("gd", s, 0.1), "momentum": run("momentum", s, 0.02)}
    quad_plot.update({"gd": run("gd", s, 0.01), "momentum": run("momentum", s, 0.1)})
    quad_plot.png()  # the static layers are drawn and kept
    quad_plot.update(result)
    fast = quad_plot.png()  # drawn over the kept background
    fresh = liveplots.TrajectoryPlot(s, ["gd", "momentum"], 30)
    fresh.update(result)
    assert fresh.png() == fast  # a new plot draws everything


def test_divergence_shows_a_message_and_the_finite_part(artist):
    s = landscapes.quadratic(10)
    plot = liveplots.TrajectoryPlot(s, ["momentum"], 100)
    traj = run("momentum", s, 30.0, 100)
    k = optimizers.diverged_at(traj)
    readout = plot.update({"momentum": traj})
    assert plot.message.get_visible()
    assert plot.message.get_text().split() == (
        f"lr too large: left the plot at step 1, diverged at step {k}".split()
    )  # the first step outside the plot comes long before the overflow
    assert f"diverged at step {k}" in readout
    line, curve = artist(plot, "momentum path"), artist(plot, "momentum progress")
    assert len(line.get_xdata()) == 2  # drawn up to its exit, not back across the window
    assert len(curve.get_xdata()) == k  # the loss curve keeps the whole finite part ...
    assert np.nanmax(curve.get_ydata()) > plot.ax_progress.get_ylim()[1]  # ... leaving the axes
    assert decode(plot.png()).std() > 0


def test_a_run_that_comes_back_is_drawn_whole_and_a_zero_loss_is_not_drawn(artist):
    s = landscapes.quadratic(10)
    plot = liveplots.TrajectoryPlot(s, ["gd"], 3)
    traj = np.array([[-1.5, 1.0], [-1.5, 9.0], [-1.0, 0.5], [0.0, 0.0]])  # out and back, f* = 0
    plot.update({"gd": traj})
    line, curve = artist(plot, "gd path"), artist(plot, "gd progress")
    assert len(line.get_xdata()) == 4
    assert np.isnan(curve.get_ydata()[-1]) and np.isfinite(curve.get_ydata()[:-1]).all()


def test_divergence_inside_the_plot_names_only_the_step_it_diverged():
    plot = liveplots.TrajectoryPlot(landscapes.quadratic(10), ["gd"], 5)
    traj = np.array([[-1.5, 1.0], [-1.0, 0.5], [np.nan, np.nan]])
    plot.update({"gd": traj})
    assert plot.message.get_text() == "lr too large: diverged at step 2"


def test_getting_worse_inside_the_plot_says_no_progress():
    plot = liveplots.TrajectoryPlot(landscapes.quadratic(10), ["gd"], 5)
    readout = plot.update({"gd": np.array([[-1.5, 1.0], [-1.5, -1.0], [-1.5, 1.25]])})
    assert plot.message.get_text() == "no progress: f - f* is 146% of its start"
    assert readout == "gd: no progress: f - f* is 146% of its start"


def test_the_minimum_star_is_drawn_over_the_trajectories():
    s = landscapes.quadratic(10)
    plot = liveplots.TrajectoryPlot(s, ["gd"], 30)
    (star,) = [line for line in plot.ax.lines if line.get_gid() == "minima"]
    assert star.get_animated() and star.get_zorder() > 6  # above the lines and end markers
    plot.update({"gd": run("gd", s, 0.1, 30)})  # converges onto the minimum
    x, y = plot.ax.transData.transform((0.0, 0.0))
    pixel = decode(plot.png())[int(plot.size[1] - y), int(x)]
    assert pixel[:3].min() > 240  # the star's white centre, not the run's colour


def test_leaving_the_plot_while_getting_worse_is_flagged():
    s = landscapes.quadratic(10)
    plot = liveplots.TrajectoryPlot(s, ["gd", "momentum"], 20)
    readout = plot.update({"gd": run("gd", s, 0.21, 20), "momentum": run("momentum", s, 0.01, 20)})
    assert "gd: lr too large: left the plot at step" in plot.message.get_text()
    assert "momentum: f - f* =" in readout


def test_a_tiny_lr_says_barely_moved_and_a_good_lr_says_nothing():
    s = landscapes.quadratic(10)
    plot = liveplots.TrajectoryPlot(s, ["gd"], 30)
    plot.update({"gd": run("gd", s, 1e-4)})
    assert plot.message.get_text() == "barely moved: lr too small?"
    plot.update({"gd": run("gd", s, 0.1)})
    assert not plot.message.get_visible()


def test_saddle_shows_the_gradient_norm_and_hidden_labels(artist):
    s = landscapes.saddle()
    plot = liveplots.TrajectoryPlot(s, ["gd", "adam"], 30)
    readout = plot.update({"gd": run("gd", s, 0.1)})
    assert "|grad f|" in readout and "adam" not in readout
    assert "nabla" in plot.ax_progress.get_ylabel()
    assert len(artist(plot, "adam path").get_xdata()) == 0
    assert [t.get_text() for t in plot.ax_progress.get_legend().get_texts()] == ["gd"]
    plot.png()
    both = {"gd": run("gd", s, 0.1), "adam": run("adam", s, 0.1)}
    plot.update(both)
    assert [t.get_text() for t in plot.ax_progress.get_legend().get_texts()] == ["gd", "adam"]
    fresh = liveplots.TrajectoryPlot(s, ["gd", "adam"], 30)
    fresh.update(both)
    assert plot.png() == fresh.png()  # the legend is static: the next png redraws it


def test_all_nan_input_keeps_a_picture_and_a_message():
    plot = liveplots.TrajectoryPlot(landscapes.bowl(), ["gd"], 5)
    plot.update({"gd": np.full((6, 2), np.nan)})
    assert plot.message.get_text() == "no finite point to show"
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


def test_annotated_message_joins_the_no_progress_message():
    surface = landscapes.quadratic(25.0)
    plot = liveplots.TrajectoryPlot(surface, ["momentum"], n_steps=60)
    traj = optimizers.run("momentum", surface.grad, surface.start, 60, lr=0.03, beta=0.999)
    text = plot.update({"momentum": traj})
    assert "little progress" in text
    assert "little progress" in plot.message.get_text()
    text = plot.update(liveplots.Annotated({"momentum": traj}, "note in the figure"))
    shown = plot.message.get_text()
    assert shown.startswith("little progress") and shown.endswith("\nnote in the figure")
    assert text.endswith(" · note in the figure")
    assert plot.png()[:4] == b"\x89PNG"


def test_blame_none_gives_neutral_words():
    s = landscapes.quadratic(10)
    plot = liveplots.TrajectoryPlot(s, ["gd", "momentum"], 100, blame=None)
    plot.update({"gd": run("gd", s, 1e-5, 100), "momentum": run("momentum", s, 30.0, 100)})
    k = optimizers.diverged_at(run("momentum", s, 30.0, 100))
    left_then = "left the plot at step 1, diverged at step"
    text = plot.message.get_text()
    assert text.startswith("gd: barely moved\nmomentum: left the plot")
    assert text.split() == f"gd: barely moved momentum: {left_then} {k}".split()
    plot.update({"gd": run("gd", s, 0.21, 20)})
    assert plot.message.get_text().startswith("diverging: left the plot at step")
    with pytest.raises(ValueError, match="blame"):
        liveplots.TrajectoryPlot(s, ["gd"], 30, blame="")


def _extents(plot):
    renderer = plot.canvas.get_renderer()
    text = plot.message.get_window_extent(renderer)
    box = plot.message.get_bbox_patch().get_window_extent(renderer)
    return text, box, plot.ax.get_window_extent(renderer)


@pytest.mark.parametrize("start", [(-1.5, 1.0), (1.5, 1.0), (1.5, -1.0), (-1.5, -1.0)])
def test_a_long_message_is_wrapped_inside_the_panel_away_from_the_start(start):
    s = landscapes.quadratic(25.0)
    plot = liveplots.TrajectoryPlot(s, ["gd", "momentum"], 60)
    runs = {m: optimizers.run(m, s.grad, np.array(start), 60, lr=1e-4) for m in ("gd", "momentum")}
    note = "lr = 0.0001 too small: a crawl; per step the error shrinks by 0.9999 (gd), by 0.9998"
    plot.update(liveplots.Annotated(runs, note))
    plot.png()
    text, box, ax = _extents(plot)
    assert plot.message.get_text().count("\n") >= 4  # every message took more than one line
    assert ax.x0 <= box.x0 and box.x1 <= ax.x1 and ax.y0 <= box.y0 and box.y1 <= ax.y1
    assert box.x0 <= text.x0 and text.x1 <= box.x1 and box.y0 <= text.y0 and text.y1 <= box.y1
    mark = plot.ax.transData.transform(start)
    assert not box.contains(*mark)  # the start point stays visible
    assert (box.x0 - ax.x0 < ax.x1 - box.x1) == (start[0] > 0)  # on the side away from it
    assert (box.y0 - ax.y0 > ax.y1 - box.y1) == (start[1] > 0)
    words = plot.message.get_text().split()
    assert words[-len(note.split()) :] == note.split()  # wrapping changes only the spaces


def test_a_message_that_fits_keeps_its_lines():
    s = landscapes.quadratic(10)
    plot = liveplots.TrajectoryPlot(s, ["gd"], 30)
    plot.update(liveplots.Annotated({"gd": run("gd", s, 0.1)}, "short\nnote"))
    assert plot.message.get_text() == "short\nnote"


def test_progress_axis_is_labelled_with_the_iterate_theta_t(quad_plot):
    assert quad_plot.ax_progress.get_ylabel() == r"$f(\theta_t) - f^*$"
    saddle = liveplots.TrajectoryPlot(landscapes.saddle(), ["gd"], 10)
    assert saddle.ax_progress.get_ylabel() == r"$\|\nabla f(\theta_t)\|$"
