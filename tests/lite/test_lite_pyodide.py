"""course_utils in Pyodide itself, the WebAssembly Python of the in-browser course, under
Node.js (the npm package runs there too) with the packages the site serves.

What differs there from a 64-bit machine must not break the package: NumPy's index type
``intp`` is int32, so an index or count array made as int64 cannot go where NumPy casts it
'safely' to intp (``np.repeat``, ``np.bincount``: "Cannot cast array data from
dtype('int64') to dtype('int32') according to the rule 'safe'"), threads cannot start, and
matplotlib is 3.8, whose ``AxLine.set_xy1`` takes x and y where later ones take a point.
On a 64-bit machine int64 *is* intp, so only a run in Pyodide catches the first.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "lite" / "node_modules" / "pyodide" / "pyodide.mjs"

RUNNER = """\
const { loadPyodide } = await import(process.argv[2]);
const pyodide = await loadPyodide({ indexURL: process.argv[3] });
await pyodide.loadPackage(["numpy", "matplotlib", "matplotlib-fontcache", "course-utils"],
  { messageCallback: () => {} });
pyodide.setStdout({ batched: (s) => console.log(s) });
pyodide.setStderr({ batched: (s) => console.error(s) });
try {
  await pyodide.runPythonAsync(process.argv[4]);
} catch (error) {
  console.error(String(error.message ?? error));  // the Python traceback
  process.exit(1);
}
"""

CHECKS = """
import importlib, os, pkgutil, sys, warnings
import numpy as np
import course_utils

warnings.simplefilter("error")
assert sys.platform == "emscripten" and np.dtype(np.intp) == np.int32, np.intp

# Every module imports.
for module in pkgutil.walk_packages(course_utils.__path__, "course_utils."):
    importlib.import_module(module.name)

from course_utils import data
from course_utils.geometry import netlandscape
from course_utils.nn import network, perceptron

# 01: the perceptron's counts and indices go to np.repeat and np.bincount.
rng = np.random.default_rng(0)
X, y, _ = data.linearly_separable(40, rng=rng)
trained = perceptron.fit(X, y)
epochs = np.repeat(np.arange(1, len(trained.mistakes_per_epoch) + 1), trained.mistakes_per_epoch)
counts = np.bincount(trained.history_index, minlength=len(X))
assert len(epochs) == trained.n_updates == counts.sum()

# 01: the perceptron's line is an AxLine, whose setters take (x, y) in matplotlib 3.8; the
# one shown (no "w_prev": the previous line is hidden).
from matplotlib.lines import AxLine
from course_utils.viz import liveplots

plot = liveplots.PerceptronPlot(X, y, resolution=20)
plot.update({"w": trained.w, "b": trained.b})
(line,) = [a for a in plot.ax.lines if isinstance(a, AxLine) and a.get_visible()]
assert abs(trained.w @ np.array(line.get_xy1()) + trained.b) < 1e-9

# 05: the network's loss landscape on a plane of filter-normalized directions.
Xs, ys = data.spirals(60, n_classes=3, rng=rng)
params = network.init_params(2, 8, 3, rng)
d1 = netlandscape.random_direction(params, rng)
d2 = netlandscape.random_direction(params, rng)
grid = np.linspace(-1, 1, 5)
loss_fn = lambda p: network.loss_value(p, Xs, ys, "relu", "cross_entropy")  # noqa: E731
Z = netlandscape.slice_2d(loss_fn, params, d1, d2, grid, grid)
assert Z.shape == (5, 5) and np.isfinite(Z).all()
print("course_utils works in Pyodide", sys.version.split()[0], "numpy", np.__version__)
"""


def test_course_utils_works_in_pyodide(lite_dir, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("no Node.js (node) to run Pyodide outside the browser")
    runner = tmp_path / "run.mjs"
    runner.write_text(RUNNER)
    static = lite_dir / "static" / "pyodide"
    done = subprocess.run(
        [node, runner, PYODIDE.as_uri(), f"{static}/", CHECKS],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    assert "course_utils works in Pyodide" in done.stdout
