import io

import numpy as np
import pytest
from PIL import Image

from course_utils.viz import liveplots


def decode(png):
    assert png.startswith(b"\x89PNG")
    return np.asarray(Image.open(io.BytesIO(png)))


def make_boundary(n_classes=2, **kwargs):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    return liveplots.BoundaryPlot(X, np.arange(60) % n_classes, resolution=40, **kwargs)


def test_boundary_plot_grid_and_update(artist):
    plot = make_boundary(title="H = 4")
    P = plot.grid_points
    assert P.shape == (1600, 2)
    assert plot.update(1 / (1 + np.exp(-P[:, 0]))) == ""
    first = plot.png()
    readout = plot.update({"grid": (P[:, 1] > 0).astype(int), "text": "train accuracy 0.95"})
    assert readout == "train accuracy 0.95"
    assert plot.png() != first
    expected = plot.grid_points[:, 1].reshape(40, 40)[:, 0] > 0
    np.testing.assert_array_equal(artist(plot, "regions").get_array()[:, 0], expected)


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


def test_boundary_plot_accepts_an_annotated_result():
    plot = make_boundary()
    values = np.zeros(1600)
    values[0] = np.inf
    readout = plot.update(liveplots.Annotated(values, "H = 8"))
    assert readout == "H = 8 · 1 grid values are NaN/inf (diverged?)"


def separable(N=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(N, 2))
    return X, np.where(X @ [1.0, 2.0] + 0.3 > 0, 1, -1)


def test_perceptron_plot_draws_the_line_the_arrow_and_the_regions(artist):
    X, y = separable()
    plot = liveplots.PerceptronPlot(X, y, resolution=40, title="update 1")
    w, b = np.array([1.0, 2.0]), 0.3
    readout = plot.update({"w": w, "b": b, "w_prev": [0.0, 1.0], "b_prev": -0.5, "ring": 3})
    assert readout == ""
    # the regions are the perceptron's answers on the grid, as classes 0 (-1) and 1 (+1)
    expected = (plot.grid_points @ w + b > 0).astype(int)
    np.testing.assert_array_equal(artist(plot, "regions").get_array().ravel(), expected)
    # the solid line passes through two points with w . x + b = 0
    line = artist(plot, "boundary line")
    for xy in (line.get_xy1(), line.get_xy2()):
        assert abs(np.dot(w, xy) + b) < 1e-12
    assert abs(np.dot([0.0, 1.0], artist(plot, "previous boundary line").get_xy1()) - 0.5) < 1e-12
    # the arrow: length 0.5 along w, from the line's point closest to the data's centre
    arrow = artist(plot, "normal arrow")
    foot = arrow.get_offsets()[0]
    assert abs(w @ foot + b) < 1e-12
    np.testing.assert_allclose([arrow.U[0], arrow.V[0]], 0.5 * w / np.linalg.norm(w))
    d = foot - X.mean(axis=0)  # parallel to w
    assert abs(d[0] * w[1] - d[1] * w[0]) < 1e-12
    np.testing.assert_array_equal(np.ravel(artist(plot, "ring").get_data()), X[3])
    assert [t.get_text() for t in plot.ax.get_legend().get_texts()] == ["y = -1", "y = +1"]
    assert 0 < expected.sum() < expected.size and decode(plot.png()).shape[:2] == plot.size[::-1]


def test_perceptron_plot_with_zero_weights_hides_the_line_and_arrow(artist):
    X, y = separable()
    plot = liveplots.PerceptronPlot(X, y, resolution=30)
    first = plot.png()
    readout = plot.update({"w": np.zeros(2), "b": 0.0, "text": "start: w = 0"})
    assert readout == "start: w = 0"
    for gid in ("boundary line", "previous boundary line", "normal arrow"):
        assert not artist(plot, gid).get_visible(), gid
    assert len(artist(plot, "ring").get_xdata()) == 0
    assert np.all(artist(plot, "regions").get_array() == 0)  # z = 0 everywhere: the answer is -1
    assert plot.png() != first


@pytest.mark.parametrize(
    ("result", "error", "match"),
    [
        ({"w": np.ones(2)}, ValueError, "'b'"),
        ([1.0, 2.0], ValueError, "dict"),
        ({"w": np.ones(3), "b": 0.0}, ValueError, "w"),
        ({"w": np.ones(2), "b": [1.0, 2.0]}, ValueError, "b"),
        ({"w": np.ones(2), "b": 0.0, "ring": 40}, ValueError, "ring"),
        ({"w": np.ones(2), "b": 0.0, "ring": 1.5}, TypeError, "ring"),
    ],
)
def test_perceptron_plot_rejects_bad_results(result, error, match):
    X, y = separable()
    with pytest.raises(error, match=match):
        liveplots.PerceptronPlot(X, y, resolution=10).update(result)


def test_perceptron_plot_rejects_bad_data():
    X, y = separable()
    with pytest.raises(ValueError, match="y = 2 \\* y - 1"):
        liveplots.PerceptronPlot(X, (y + 1) // 2)
    with pytest.raises(ValueError, match="X"):
        liveplots.PerceptronPlot(np.zeros((4, 3)), [1, -1, 1, -1])
