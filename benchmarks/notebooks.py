"""4-5. Each notebook's execution time, the import time of ``course_utils``, and the
in-kernel update latency of every dashboard the notebooks build.

Each notebook is executed by nbclient in a fresh kernel (the same environment as nbval);
then one extra cell, run in that kernel, finds every ``widgets.Dashboard`` the notebook
made and times full updates (compute, redraw, PNG) while each control sweeps its range.
"""

import json
import pathlib
import subprocess
import sys
import time

import nbformat
from nbclient import NotebookClient

from . import row

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

LATENCY_CELL = r"""
import json as _json
import numpy as _np
from course_utils.viz import widgets as _widgets

def _sweep(w, n=6):
    # up to n values the control can really take, spread over its range (on its step grid)
    if hasattr(w, "options") and not hasattr(w, "min"):
        return [o[1] if isinstance(o, tuple) else o for o in w.options][:n]
    if isinstance(w.value, bool):
        return [True, False]
    if not hasattr(w, "min"):
        return [w.value]
    grid = _np.arange(w.min, w.max + 0.5 * w.step, w.step)
    grid = grid[_np.unique(_np.linspace(0, len(grid) - 1, n).round().astype(int))]
    if hasattr(w, "base"):
        return list(w.base ** grid)
    return [type(w.value)(v) for v in grid]

_results = {}
for _name, _obj in list(globals().items()):
    if isinstance(_obj, _widgets.Dashboard) and not _name.startswith("_"):
        _times = []
        try:
            for _cname, _w in _obj.controls.items():
                _times += _obj.latency([{_cname: v} for v in _sweep(_w)], repeats=2)
            _results[_name] = [float(_np.median(_times)), float(_np.percentile(_times, 95))]
        except Exception as _exc:  # reported as a failed row, not a crashed suite
            _results[_name] = [float("nan"), float("nan")]
            print(f"{_name}: {type(_exc).__name__}: {_exc}")
print(_json.dumps(_results))
"""


def import_time():
    """Seconds to import course_utils and every module a notebook may use, in a new process."""
    code = (
        "import time; t = time.perf_counter(); import importlib, pkgutil, course_utils; "
        "[importlib.import_module(m.name) for m in "
        "pkgutil.walk_packages(course_utils.__path__, 'course_utils.')]; "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def execute(path, timeout=600):
    """Execute a notebook; return (seconds without the latency cell, {dashboard: (median, p95)})."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(LATENCY_CELL))
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    total = time.perf_counter() - start
    last = nb.cells[-1]
    timing = last.metadata.get("execution", {})
    t0, t1 = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if t0 and t1:
        from datetime import datetime

        total -= (
            datetime.fromisoformat(t1.rstrip("Z")) - datetime.fromisoformat(t0.rstrip("Z"))
        ).total_seconds()
    text = "".join(o.get("text", "") for o in last.outputs if o.get("output_type") == "stream")
    return total, json.loads(text.strip().splitlines()[-1]) if text.strip() else {}


def run(quick=False, pattern="[0-9][0-9]_*.ipynb"):
    rows = [row("import course_utils (all modules)", "", import_time(), "s")]
    paths = sorted(NOTEBOOKS.glob(pattern))
    if quick:
        paths = paths[:1]
    course_total = 0.0
    for path in paths:
        seconds, latencies = execute(path)
        course_total += seconds
        rows.append(row("notebook run time", path.stem, seconds, "s", "< 20 s", seconds < 20))
        for name, (median, p95) in latencies.items():
            rows.append(
                row(
                    "dashboard update, median",
                    f"{path.stem[:2]}:{name}",
                    median * 1e3,
                    "ms",
                    "<= 100 ms",
                    median <= 0.1,
                )
            )
            rows.append(row("dashboard update, p95", f"{path.stem[:2]}:{name}", p95 * 1e3, "ms"))
    if not quick:
        rows.append(
            row(
                "whole course run time",
                f"{len(paths)} notebooks",
                course_total,
                "s",
                "< 120 s",
                course_total < 120,
            )
        )
    return rows
