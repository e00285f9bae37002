import io

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from course_utils.nn import deep
from course_utils.viz import liveplots


def decode(png):
    assert png.startswith(b"\x89PNG")
    return np.asarray(Image.open(io.BytesIO(png)))


def layer_result(scale, L, rng):
    X = rng.normal(size=(50, 20))
    Ws = deep.init_weights(20, 20, L, rng, init="normal", scale=scale)
    return deep.layer_stats(Ws, X, "tanh", rng)


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


def range_labels(plot, row):
    """The labels of a row's shared x range under its first panel, from left to right."""
    texts = sorted(plot.axes[row, 0].texts, key=lambda t: t.get_position()[0])
    return [t.get_text() for t in texts]


def test_histogram_grid_tick_labels_follow_the_shared_range():
    plot = liveplots.HistogramGrid(2, bins=4)
    plot.update({"acts": [np.array([0.0, 0.3]), np.array([0.1])], "grads": [[-4e-4], [1e-4]]})
    assert range_labels(plot, 0) == ["0", "0.25", "0.5"]
    assert range_labels(plot, 1) == ["-5e-4", "0", "5e-4"]


def test_histogram_grid_overflow_gives_one_message_line_per_row():
    plot = liveplots.HistogramGrid(5, bins=10)
    acts = [np.ones(4)] * 3 + [np.array([1.0, np.inf, 2.0, 3.0])] * 2
    grads = [np.array([1.0, np.inf, np.nan, 2.0])] * 5
    readout = plot.update({"acts": acts, "grads": grads})
    assert plot.message.get_text().splitlines() == [
        "activations: values overflowed in layers 4, 5",
        "weight gradients: values overflowed in layers 1, 2, 3, 4, 5",
    ]
    assert readout.startswith("activations: values overflowed in layers 4, 5 · activations std")
    plot.update({"acts": [np.full(3, np.nan)], "grads": [np.zeros(3)]})
    assert plot.message.get_text() == "activations: values overflowed in layer 1"
    assert decode(plot.png()).std() > 0


def test_histogram_grid_cuts_a_message_longer_than_its_band():
    plot = liveplots.HistogramGrid(2, bins=4)
    result = {"acts": [np.ones(3)] * 2, "grads": [np.ones(3)] * 2}
    plot.update(liveplots.Annotated(result, "one\ntwo\nthree\nfour"))
    assert plot.message.get_text() == "one\ntwo\n..."


def _extent(artist, renderer):
    return artist.get_window_extent(renderer)


@pytest.mark.parametrize("depth", [1, 4, 10])
def test_histogram_grid_message_is_inside_the_figure_and_covers_no_panel(depth):
    plot = liveplots.HistogramGrid(10)
    layers = [np.linspace(-1, 1, 50)] * depth
    note = "activations explode: std x 4e+07 over 10 layers\nweight gradients keep their scale"
    plot.update(liveplots.Annotated({"acts": layers, "grads": layers}, note + ", all huge"))
    plot.png()
    renderer = plot.canvas.get_renderer()
    box = _extent(plot.message.get_bbox_patch(), renderer)
    assert plot.message.get_text().count("\n") == 1
    assert 0 <= box.x0 and box.x1 <= plot.size[0] and 0 <= box.y0 and box.y1 <= plot.size[1]
    for ax in plot.axes[0, :depth]:
        assert box.y0 > _extent(ax.title, renderer).y1  # above every layer title
        assert box.y0 > ax.get_window_extent(renderer).y1


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


_ONE_LAYER = liveplots.HistogramGrid(1, bins=4)


@given(st.floats(1e-30, 1e30))
def test_the_range_ends_at_the_next_1_2_5_number(value):
    _ONE_LAYER.update({"acts": [[0.0, value]], "grads": [[-value, 0.0]]})
    for row in range(2):
        high = float(range_labels(_ONE_LAYER, row)[2])  # the right end of the shared range
        assert value * (1 - 1e-9) <= high < 2.5 * value
        mantissa = high / 10 ** np.floor(np.log10(high) + 1e-12)
        assert any(np.isclose(mantissa, m) for m in (1, 2, 5, 10))


def test_histogram_grid_writes_an_annotated_message_first():
    plot = liveplots.HistogramGrid(2, bins=4)
    result = {"acts": [np.ones(3), np.ones(3)], "grads": [np.ones(3), [np.nan, 1.0, 1.0]]}
    readout = plot.update(liveplots.Annotated(result, "scale 10: exploding"))
    assert plot.message.get_text().splitlines() == [
        "scale 10: exploding",
        "weight gradients: values overflowed in layer 2",
    ]
    assert readout.startswith("scale 10: exploding · weight gradients: values overflowed")


def _deep_result(activation, gain, rng, H=50, L=6):
    X = rng.normal(size=(200, H))
    Ws = deep.init_weights(H, H, L, rng, init="normal", scale=gain / np.sqrt(H))
    return deep.layer_stats(Ws, X, activation, rng)


def test_histogram_grid_names_saturated_tanh_and_sigmoid_layers():
    rng = np.random.default_rng(0)
    plot = liveplots.HistogramGrid(6, bins=20)
    readout = plot.update(liveplots.Annotated(_deep_result("tanh", 10.0, rng), "note"))
    assert plot.message.get_text().splitlines() == [
        "note",
        "activations saturate at ±1 in layers 1-6",
    ]
    assert readout.startswith("note · activations saturate at ±1 in layers 1-6 · ")
    plot.update(_deep_result("sigmoid", 40.0, rng))
    assert plot.message.get_text().startswith("activations saturate at 0 and 1 in layers ")
    for activation, gain in (("tanh", 1.0), ("relu", 0.3), ("sigmoid", 1.0)):
        plot.update(_deep_result(activation, gain, rng))
        assert "saturate" not in plot.message.get_text()


def _saturation_message(acts):
    plot = liveplots.HistogramGrid(len(acts), bins=10)
    plot.update({"acts": acts, "grads": [np.zeros(3)] * len(acts)})
    return plot.message.get_text()


def test_layer_lists_are_short():
    half = np.r_[np.full(30, -1.0), np.full(30, 1.0), np.zeros(40)]
    calm = np.linspace(-0.5, 0.5, 100)
    message = "activations saturate at ±1 in {}"
    assert _saturation_message([calm, calm, half]) == message.format("layer 3")
    assert _saturation_message([half] * 4) == message.format("layers 1-4")
    assert _saturation_message([half, calm, calm, half, half]) == message.format("layers 1, 4, 5")
    # one end only, or nothing to judge: not saturated
    assert _saturation_message([np.ones(10), np.empty(0)]) == ""
