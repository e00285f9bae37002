import logging

import ipywidgets as ipw
import numpy as np
import pytest

from course_utils.geometry import landscapes
from course_utils.viz import liveplots, widgets
from course_utils.viz.widgets import base as dashboard_base


def test_lr_slider_defaults():
    s = widgets.lr_slider()
    assert isinstance(s, ipw.FloatLogSlider)
    assert s.value == 0.1 and s.readout_format == ".3g" and s.continuous_update
    assert (s.min, s.max) == pytest.approx((-4, 1))
    assert not widgets.lr_slider(continuous_update=False).continuous_update


def test_beta_slider_defaults():
    s = widgets.beta_slider()
    assert isinstance(s, ipw.FloatSlider)
    assert (s.value, s.max, s.step, s.description) == (0.9, 0.999, 0.001, "beta")
    assert widgets.beta_slider(0.999, "beta2", max=0.9999, step=0.0001).readout_format == ".4f"


def test_other_builders():
    assert widgets.int_slider("H", 4, 1, 64).value == 4
    assert widgets.log_slider("k", 0.1, 0.01, 10, continuous_update=False).value == 0.1
    assert widgets.toggle("bias correction", True).value is True
    d = widgets.dropdown("activation", ["tanh", "relu"])
    assert d.value == "tanh" and widgets.dropdown("a", ["x", "y"], "y").value == "y"


@pytest.mark.parametrize(
    ("builder", "args", "error", "match"),
    [
        (widgets.lr_slider, (20.0,), ValueError, "value"),
        (widgets.lr_slider, (0.1, 1.0, 0.5), ValueError, "min"),
        (widgets.lr_slider, (-1.0,), ValueError, "value"),
        (widgets.beta_slider, (1.0,), ValueError, "value"),
        (widgets.beta_slider, (0.9995,), ValueError, "value"),
        (widgets.int_slider, ("H", 0, 1, 5), ValueError, "value"),
        (widgets.int_slider, ("H", 2.5, 1, 5), TypeError, "value"),
        (widgets.toggle, ("on", "yes"), TypeError, "value"),
        (widgets.dropdown, ("m", ["gd"], "adam"), ValueError, "value"),
        (widgets.dropdown, ("m", []), ValueError, "options"),
    ],
)
def test_builders_reject_bad_values(builder, args, error, match):
    with pytest.raises(error, match=match):
        builder(*args)


@pytest.fixture
def momentum_dash():
    return widgets.optimizer_dashboard(
        landscapes.quadratic(10), methods=("gd", "momentum"), n_steps=40, lr=0.05
    )


def test_slider_change_updates_the_image_and_the_readout(momentum_dash):
    box = momentum_dash.widget
    controls, image, readout = box.children
    assert image is momentum_dash.image and readout is momentum_dash.html
    before = image.value
    assert bytes(before).startswith(b"\x89PNG")
    assert image.layout.width == f"{momentum_dash.plot.size[0]}px"
    momentum_dash.controls["lr"].value = 0.08
    assert image.value != before
    assert "lr = 0.08" in readout.value


def test_readout_shows_the_effective_step(momentum_dash):
    assert isinstance(momentum_dash.widget, ipw.VBox)
    momentum_dash.controls["beta"].value = 0.5
    momentum_dash.controls["lr"].value = 0.1
    assert "effective step lr / (1 - beta) = 0.2" in momentum_dash.html.value


def test_largest_lr_shows_divergence_without_exception(momentum_dash):
    assert isinstance(momentum_dash.widget, ipw.VBox)
    momentum_dash.controls["lr"].value = momentum_dash.controls["lr"].max
    momentum_dash.controls["lr"].value = 10.0
    assert momentum_dash.last_error is None
    assert "lr too large" in momentum_dash.html.value
    assert momentum_dash.plot.message.get_visible()


def test_beta_0999_works(momentum_dash):
    assert isinstance(momentum_dash.widget, ipw.VBox)
    momentum_dash.controls["beta"].value = 0.999
    assert momentum_dash.last_error is None
    assert "lr / (1 - beta) = 50" in momentum_dash.html.value


def test_render_and_show_use_the_same_path(momentum_dash, monkeypatch):
    shown = []
    monkeypatch.setattr(dashboard_base, "display", shown.append)
    png = momentum_dash.render(lr=0.02)
    assert png.startswith(b"\x89PNG") and png != momentum_dash.render(lr=0.2)
    momentum_dash.show()
    assert shown[0].data.startswith(b"\x89PNG")
    momentum_dash._ipython_display_()
    assert shown[1] is momentum_dash.widget
    with pytest.raises(ValueError, match="unknown control"):
        momentum_dash.render(learning_rate=0.1)


def test_latency_returns_one_time_per_update(momentum_dash):
    times = momentum_dash.latency([{"lr": 0.01}, {"lr": 0.1}], repeats=2)
    assert len(times) == 4 and all(0 < t < 5 for t in times)
    with pytest.raises(ValueError, match="repeats"):
        momentum_dash.latency(repeats=0)


def test_errors_are_shown_in_red_and_logged(caplog):
    plot = liveplots.CurvesPlot("x", "y", ["f"], (0, 3))

    def compute(k):
        if k > 2:
            raise ValueError("k too large for this demo")
        return {"f": np.arange(4.0) * k}

    dash = widgets.dashboard(compute, plot, k=widgets.int_slider("k", 1, 0, 5))
    assert isinstance(dash.widget, ipw.VBox)
    good = dash.image.value
    with caplog.at_level(logging.WARNING, logger="course_utils.viz.widgets"):
        dash.controls["k"].value = 3
    assert "color" in dash.html.value and "ValueError: k too large" in dash.html.value
    assert isinstance(dash.last_error, ValueError)
    assert "ValueError" in caplog.text
    assert dash.image.value == good  # the last good picture stays
    dash.controls["k"].value = 2
    assert dash.last_error is None and "k = 2" in dash.html.value


def test_custom_readout_callback():
    plot = liveplots.CurvesPlot("x", "y", ["f"], (0, 3))
    dash = widgets.dashboard(
        lambda a: {"f": np.full(4, a)},
        plot,
        readout=lambda values, message: f"a is {values['a']:.2f}",
        a=widgets.beta_slider(0.5, "a"),
    )
    assert isinstance(dash.widget, ipw.VBox)
    assert dash.html.value == "a is 0.50"


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((None, liveplots.CurvesPlot("x", "y", ["f"], (0, 1)), {}), TypeError, "compute"),
        ((dict, object(), {}), TypeError, "plot"),
        ((dict, liveplots.CurvesPlot("x", "y", ["f"], (0, 1)), {"a": 1}), TypeError, "controls"),
    ],
)
def test_dashboard_rejects_bad_arguments(args, error, match):
    with pytest.raises(error, match=match):
        widgets.Dashboard(*args)


def test_dashboard_rejects_a_bad_readout():
    plot = liveplots.CurvesPlot("x", "y", ["f"], (0, 1))
    with pytest.raises(TypeError, match="readout"):
        widgets.Dashboard(dict, plot, {}, readout="text")


def test_a_slider_for_every_decay_rate_the_methods_take():
    dash = widgets.optimizer_dashboard(
        landscapes.rosenbrock(), methods=("momentum_ema", "adam"), n_steps=20, lr=0.01
    )
    assert list(dash.controls) == ["lr", "beta", "beta1", "beta2", "bias_correction"]
    assert isinstance(dash.widget, ipw.VBox)
    assert "momentum_ema: effective step = lr = 0.01" in dash.html.value
    assert "adam: f - f* =" in dash.html.value and "after 20 steps" in dash.html.value
    before = dash.image.value
    dash.controls["bias_correction"].value = False
    assert dash.image.value != before and "bias_correction = off" in dash.html.value
    assert dash.last_error is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"methods": ("gd", "sgd")}, "methods"),
        ({"methods": ()}, "methods"),
        ({"methods": "gd"}, "methods"),
        ({"n_steps": 0}, "n_steps"),
        ({"lr": 0.0}, "lr"),
        ({"beta": 1.0}, "beta"),
    ],
)
def test_optimizer_dashboard_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        widgets.optimizer_dashboard(landscapes.bowl(), **{"methods": ("gd",), **kwargs})


def test_optimizer_dashboard_for_gd_alone_has_only_the_lr_slider():
    dash = widgets.optimizer_dashboard(landscapes.bowl(), ("gd",))
    assert list(dash.controls) == ["lr"]
    png = dash.render(lr=0.3)
    assert png.startswith(b"\x89PNG")
    assert "effective step" not in dash.readout(dash.values, "")


def test_optimizer_dashboard_lr_range():
    dash = widgets.optimizer_dashboard(landscapes.bowl(), ("gd",), lr_range=(1e-3, 1))
    lr = dash.controls["lr"]
    assert (lr.min, lr.max) == pytest.approx((-3, 0)) and lr.value == pytest.approx(0.1)
    with pytest.raises(TypeError, match="lr_range"):
        widgets.optimizer_dashboard(landscapes.bowl(), ("gd",), lr_range=1.0)
    with pytest.raises(ValueError, match="value"):  # the start lr outside the range
        widgets.optimizer_dashboard(landscapes.bowl(), ("gd",), lr_range=(1.0, 10.0))


def test_float_slider():
    s = widgets.float_slider("x0", 1.0, -2.0, 2.0, 0.25)
    assert (s.value, s.min, s.max, s.step, s.description) == (1.0, -2.0, 2.0, 0.25, "x0")
    with pytest.raises(ValueError, match="value"):
        widgets.float_slider("x0", 3.0, -2.0, 2.0, 0.25)
    with pytest.raises(ValueError, match="min"):
        widgets.float_slider("x0", 1.0, float("nan"), 2.0, 0.25)
    with pytest.raises(ValueError, match="step"):
        widgets.float_slider("x0", 1.0, -2.0, 2.0, 0.0)


def test_log_slider_over_whole_numbers_shows_whole_numbers():
    hidden = widgets.log_slider("H", 8, 1, 64, base=2, steps_per_decade=1)
    assert hidden.readout_format == "d" and (hidden.min, hidden.max) == (0, 6)
    assert widgets.log_slider("n", 10, 1, 1000, steps_per_decade=1).readout_format == "d"
    assert widgets.log_slider("kappa", 10, 1, 1000, steps_per_decade=10).readout_format == ".3g"
    assert widgets.log_slider("k", 4, 0.5, 64, base=2, steps_per_decade=1).readout_format == ".3g"
    with pytest.raises(ValueError, match="base"):
        widgets.log_slider("H", 1, 1, 1, base=1)


def test_log_slider_snaps_its_value_onto_the_grid_the_browser_shows():
    # 20 positions per decade from 1e-4: 0.072 lies between 10**-1.15 and 10**-1.1
    assert widgets.log_slider("lr", 0.072, 1e-4, 10).value == pytest.approx(10**-1.15, rel=1e-12)
    assert widgets.lr_slider(0.05).value == pytest.approx(10**-1.3, rel=1e-12)
    assert widgets.lr_slider(0.1).value == 0.1  # values on the grid stay exact
    assert widgets.lr_slider(10.0).value == 10.0
    assert widgets.log_slider("H", 6, 1, 64, base=2, steps_per_decade=1).value == 8.0
    assert widgets.log_slider("x", 9.9, 1, 9.9, steps_per_decade=2).value == pytest.approx(10**0.5)


def test_readout_puts_each_item_of_the_message_on_its_own_line():
    message = "gd: lr too large: diverged at step 3 · momentum: f - f* = 0.01 after 60 steps"
    text = widgets.default_readout({"lr": 2.0, "beta": 0.5}, message)
    assert text.split("<br>") == [
        "lr = 2 · beta = 0.5",
        "gd: lr too large: diverged at step 3",
        "momentum: f - f* = 0.01 after 60 steps",
    ]
    assert widgets.default_readout({"a": 1.0}, "x < y") == "a = 1<br>x &lt; y"
    assert widgets.default_readout({"a": 1.0}, "") == "a = 1"


def test_readout_keeps_the_digits_of_a_beta_close_to_1():
    text = widgets.default_readout({"beta2": 0.9999, "beta1": 0.9, "lr": 1.0}, "")
    assert text == "beta2 = 0.9999 · beta1 = 0.9 · lr = 1"
    text = widgets.default_readout({"beta2": 0.9991, "lr": 0.070794578}, "")
    assert text == "beta2 = 0.9991 · lr = 0.0708"


def _adam_dash(**kwargs):
    return widgets.optimizer_dashboard(
        landscapes.quadratic(20.0),
        ("adam",),
        n_steps=100,
        lr=0.05,
        **kwargs,
    )


def test_message_option_writes_a_note_from_the_values_and_the_runs():
    seen = []

    def note(values, result):
        seen.append((dict(values), sorted(result)))
        return f"beta2 = {values['beta2']:g}: steps of {len(result['adam']) - 1}"

    dash = _adam_dash(message=note)
    dash.render(beta2=0.5)
    assert seen[-1] == (
        {"lr": pytest.approx(10**-1.3), "beta1": 0.9, "beta2": 0.5, "bias_correction": True},
        ["adam"],
    )
    assert dash.plot.message.get_text() == "beta2 = 0.5: steps of 100"
    result = dash.compute(lr=0.01)  # called directly: the other controls at their start values
    assert isinstance(result, liveplots.Annotated) and seen[-1][0]["beta2"] == 0.999
    assert isinstance(dash.widget, ipw.VBox)
    assert "beta2 = 0.999: steps of 100" in dash.html.value
    assert isinstance(_adam_dash().compute(), dict)  # no message: plain trajectories


def test_message_option_is_checked():
    with pytest.raises(TypeError, match="message"):
        _adam_dash(message="beta2 too small")
    dash = _adam_dash(message=lambda values, result: None)
    with pytest.raises(TypeError, match="must return a str"):
        dash.compute()


def test_divergence_blames_lr_only_where_lr_alone_can_cause_it():
    adam = _adam_dash()
    adam.render(beta2=0.0)  # Adam leaves the plot because of beta2, at a small lr
    assert adam.plot.blame is None
    assert adam.plot.message.get_text().startswith("diverging: left the plot at step")
    assert "lr too large" not in adam.plot.message.get_text()
    gd = widgets.optimizer_dashboard(landscapes.quadratic(10), ("gd", "momentum"), n_steps=40)
    assert gd.plot.blame == "lr"
