import io
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from course_utils.viz import liveplots
from course_utils.viz.liveplots import base


def decode(png):
    assert png.startswith(b"\x89PNG")
    return np.asarray(Image.open(io.BytesIO(png)))


def test_curves_plot_keeps_its_limits():
    plot = liveplots.CurvesPlot("t", "value", ["data", "EWA"], (0, 9), styles={"data": {"ls": ""}})
    y = np.linspace(0, 1, 10)
    plot.update({"data": y, "EWA": (np.arange(10.0), y / 2)})
    limits = plot.ax.get_ylim()
    first = plot.png()
    plot.update({"data": 3 * y, "EWA": y})
    assert plot.ax.get_ylim() == limits and plot.png() != first


def test_curves_plot_nan_shows_a_message_and_the_finite_part(artist):
    plot = liveplots.CurvesPlot("epoch", "loss", ["sgd", "adam"], (0, 5), log_y=True)
    readout = plot.update({"sgd": [1.0, 0.5, 0.2, 0.1, 0.05, 0.02], "adam": [1.0, 2.0, np.inf]})
    assert plot.message.get_text() == "adam: diverged at epoch 2"
    assert "sgd: 0.02" in readout
    line, stop = artist(plot, "adam curve"), artist(plot, "adam divergence")
    assert len(line.get_xdata()) == 2 and len(stop.get_xdata()) == 1
    plot.update({"adam": [np.nan, np.nan]})
    assert plot.message.get_text() == "adam: no finite value"
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
        ({"legend_loc": "top"}, "legend_loc"),
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


def test_importing_changes_no_global_state_and_avoids_pyplot():
    # rcParams["backend"] would import pyplot, so the values are read with dict.__getitem__
    code = (
        "import sys, matplotlib; rc = matplotlib.rcParams;"
        "before = {k: dict.__getitem__(rc, k) for k in rc};"
        "import course_utils.viz.liveplots, course_utils.viz.widgets, course_utils.viz.plotting;"
        "assert 'matplotlib.pyplot' not in sys.modules;"
        "assert {k: dict.__getitem__(rc, k) for k in rc} == before"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_curves_plot_shows_an_annotated_message_only_while_given():
    curves = liveplots.CurvesPlot("t", "v", ["a"], xlim=(0, 5))
    curves.update(liveplots.Annotated({"a": np.arange(5.0)}, "too small: a slow crawl"))
    assert curves.message.get_text() == "too small: a slow crawl" and curves.message.get_visible()
    curves.update({"a": np.arange(5.0)})
    assert not curves.message.get_visible()
    curves.update(liveplots.Annotated({"a": np.arange(5.0)}, ""))
    assert not curves.message.get_visible()


def test_curves_plot_readout_labels_choose_what_the_readout_reports():
    plot = liveplots.CurvesPlot("x", "y", ["data", "fit"], (0, 3), readout_labels=["fit"])
    readout = plot.update({"data": np.arange(4.0), "fit": np.ones(4)})
    assert readout == "fit: 1"
    quiet = liveplots.CurvesPlot("x", "y", ["data"], (0, 3), readout_labels=())
    assert quiet.update(liveplots.Annotated({"data": np.arange(4.0)}, "H = 3")) == "H = 3"
    with pytest.raises(ValueError, match="readout_labels"):
        liveplots.CurvesPlot("x", "y", ["data"], (0, 3), readout_labels=["fit"])


def test_animated_artists_are_drawn_in_zorder(artist):
    plot = liveplots.CurvesPlot("x", "y", ["a"], (0, 1), ylim=(0, 1))
    # the line runs through the message's box, registered after it but of higher zorder (10)
    plot.update(liveplots.Annotated({"a": ([0.0, 1.0], [0.95, 0.95])}, "a note over the line"))
    line = artist(plot, "a curve")
    assert line.get_zorder() < plot.message.get_zorder()
    covered = decode(plot.png())
    line.set_zorder(plot.message.get_zorder() + 1)  # made first, now drawn last
    assert not np.array_equal(decode(plot.png()), covered)  # now the line is on top


def curve_plot(title, figsize=(4.0, 3.0)):
    return liveplots.CurvesPlot("x", "y", ["a"], (0, 3), title=title, figsize=figsize)


def test_plot_switch_shows_the_plot_of_each_key_and_keeps_it():
    made = []

    def make(key):
        made.append(key)
        return curve_plot(f"key {key}")

    switch = liveplots.PlotSwitch(make, key=1)
    assert made == [1] and switch.size == switch.current.size
    first = switch.png()
    assert switch.update((2, {"a": np.arange(4.0)})) == "a: 3"
    assert switch.current is switch.plots[2] and switch.png() != first
    switch.update((1, {"a": np.zeros(4)}))
    switch.update((2, {"a": np.ones(4)}))
    assert made == [1, 2]  # each plot is made once
    assert switch.plot(2).ax.get_title() == "key 2"


def test_plot_switch_over_a_dict_starts_with_its_first_key():
    plots = {"moons": curve_plot("moons"), "circles": curve_plot("circles")}
    switch = liveplots.PlotSwitch(plots)
    assert switch.current is plots["moons"]
    assert liveplots.PlotSwitch(plots, key="circles").current is plots["circles"]
    switch.update(("circles", liveplots.Annotated({"a": np.ones(3)}, "note")))
    assert plots["circles"].message.get_text() == "note"


def test_plot_switch_rejects_bad_input():
    with pytest.raises(ValueError, match="plots"):
        liveplots.PlotSwitch({})
    with pytest.raises(TypeError, match="plots"):
        liveplots.PlotSwitch([curve_plot("a")])
    with pytest.raises(ValueError, match="key"):
        liveplots.PlotSwitch(lambda k: curve_plot(k))
    with pytest.raises(TypeError, match="live plot"):
        liveplots.PlotSwitch({"a": object()})
    with pytest.raises(ValueError, match="size"):
        liveplots.PlotSwitch({"a": curve_plot("a"), "b": curve_plot("b", figsize=(5.0, 3.0))})
    switch = liveplots.PlotSwitch({"a": curve_plot("a")})
    with pytest.raises(ValueError, match="unknown key 'b'"):
        switch.update(("b", {"a": np.ones(3)}))
    with pytest.raises(TypeError, match="pair"):
        switch.update({"a": np.ones(3)})


def test_curves_plot_legend_goes_where_asked():
    plot = liveplots.CurvesPlot("x", "y", ["a", "b"], (0, 1), legend_loc="upper center")
    assert plot.ax.get_legend()._loc == 9  # Matplotlib's code of "upper center"
    assert liveplots.CurvesPlot("x", "y", ["a", "b"], (0, 1)).ax.get_legend()._loc == 1
    assert liveplots.CurvesPlot("x", "y", ["a"], (0, 1)).ax.get_legend()._loc == 0  # best


_WORDS = st.lists(st.text("abcdefghij", min_size=1, max_size=12), min_size=1, max_size=30)


@given(st.lists(_WORDS, min_size=1, max_size=4), st.integers(1, 60))
def test_wrap_lines_keeps_the_words_and_the_width(paragraphs, width):
    text = "\n".join(" ".join(words) for words in paragraphs)
    wrapped = base.wrap_lines(text, width, len)
    assert wrapped.split() == text.split()
    for line in wrapped.split("\n"):
        assert len(line) <= width or " " not in line  # only a single long word may stick out
    assert wrapped.count("\n") >= text.count("\n")  # the given line breaks stay


def test_wrap_lines_balances_a_broken_line():
    text = "aaaa bbbb cccc dddd e"  # greedy at 19 would leave "e" alone on a line
    assert base.wrap_lines(text, 19, len) == "aaaa bbbb\ncccc dddd e"
    assert base.wrap_lines("short\nlines", 19, len) == "short\nlines"


def test_message_wraps_to_the_axes_and_is_cut_after_its_lines():
    plot = liveplots.CurvesPlot("x", "y", ["f"], (0, 1))
    long = " ".join(["word"] * 60)
    plot.update(liveplots.Annotated({"f": [0.5]}, long))
    shown = plot.message.get_text()
    assert shown.count("\n") >= 1 and shown.split() == long.split()
    renderer = plot.canvas.get_renderer()
    plot.png()
    box = plot.message.get_bbox_patch().get_window_extent(renderer)
    ax = plot.ax.get_window_extent(renderer)
    assert ax.x0 <= box.x0 and box.x1 <= ax.x1
    plot.update({"f": [0.5]})
    assert plot.message.get_text() == "" and not plot.message.get_visible()
    # a histogram grid's message band holds message_lines (3) lines: "..." ends a longer one
    grid = liveplots.HistogramGrid(1, bins=4)
    result = {"acts": [np.ones(3)], "grads": [np.ones(3)]}
    grid.update(liveplots.Annotated(result, "one\ntwo\nthree"))
    assert grid.message_lines == 3 and grid.message.get_text() == "one\ntwo\nthree"
    grid.update(liveplots.Annotated(result, "one\ntwo\nthree\nfour"))
    assert grid.message.get_text() == "one\ntwo\n..."


def test_text_measure_remembers_a_bounded_number_of_widths():
    plot = liveplots.CurvesPlot("x", "y", ["f"], (0, 1))
    assert base.text_measure(plot.message, plot.canvas).cache_info().maxsize == 4096
    measure = base.text_measure(plot.message, plot.canvas, maxsize=3)
    width = measure("word")
    assert width > 0 and measure("word") == width and measure.cache_info().hits == 1
    assert measure("word word") > 2 * width and measure("WORD") > width  # the font's widths
    measure("other")
    assert measure("more") > 0 and measure.cache_info().currsize == 3  # full: the oldest go
    misses = measure.cache_info().misses
    assert measure("word") == width and measure.cache_info().misses == misses + 1


def test_curves_plot_with_one_curve_does_not_name_it_in_messages():
    plot = liveplots.CurvesPlot("step", "theta_t", ["theta_t"], (0, 3))
    plot.update({"theta_t": [1.0, -3.0, np.inf]})
    assert plot.message.get_text() == "diverged at step 2"
