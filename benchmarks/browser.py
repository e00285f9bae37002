"""6. End to end in a real browser: from a key press on a slider to the dashboard's new image.

Every notebook is opened in JupyterLab in headless Chromium (through ``tools/lab_driver``, as
the browser tests do) and run; then each slider of each dashboard is moved by PageUp and
PageDown in turn, and the time from the key press to the new image in the page is measured
there (``performance.now()``). It includes everything a learner waits for: the widget
message to the kernel, compute, redraw, PNG, the message back and the browser's update.
Target: median <= 300 ms per dashboard. Needs Chromium (``CHROMIUM``, /usr/bin/chromium by
default); without it this suite measures nothing.

``quick=True`` uses a one-dashboard notebook written to a temporary folder, one press per
slider.
"""

import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np
from playwright.sync_api import sync_playwright

from tools.lab_driver import CHROMIUM, LabServer, NotebookPage, launch_browser

from . import row

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PRESSES = 8  # per slider
TIMEOUT = 30  # seconds to wait for a new image
QUICK_CELLS = (
    "from course_utils import landscapes, widgets",
    "surface = landscapes.quadratic(10)\n"
    "dash = widgets.optimizer_dashboard(surface, methods=('gd', 'momentum'), n_steps=5)\n"
    "dash",
)


def _quick_notebook(folder):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in QUICK_CELLS])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = folder / "00_quick.ipynb"
    nbformat.write(nb, path)
    return path


def slider_latencies(nb, index, presses):
    """Seconds from key press to new image for ``presses`` PageUp/PageDown presses (the
    direction turns at each press, or when the slider is at its end); None: no new image."""
    state = nb.state(index)
    up = state["value"] < state["max"]
    times = []
    for _ in range(presses):
        times.append(nb.press(index, "PageUp" if up else "PageDown", TIMEOUT))
        state = nb.state(index)
        up = state["value"] <= state["min"] or (not up and state["value"] < state["max"])
    return times


def latency_rows(size, times):
    """Median and p95 in ms of the presses that gave a new image, and how many did not."""
    done = np.array([t for t in times if t is not None]) * 1e3
    rows = []
    if len(done) < len(times):
        rows.append(row("browser: presses with no new image", size, len(times) - len(done), ""))
    if len(done):
        median, p95 = float(np.median(done)), float(np.percentile(done, 95))
        name = "browser: key to new image"
        rows.append(row(f"{name}, median", size, median, "ms", "<= 300 ms", median <= 300))
        rows.append(row(f"{name}, p95", size, p95, "ms"))
    return rows


def notebook_rows(page, lab, path, presses):
    """Rows for one notebook: open + Run All time, then latencies per dashboard."""
    start = time.perf_counter()
    nb = NotebookPage.open(page, lab, path)
    try:
        nb.run_all()
        seconds = time.perf_counter() - start
        rows = [row("browser: open + Run All", path.removesuffix(".ipynb"), seconds, "s")]
        sliders, times = nb.sliders(), {}
        names = [s["name"] for s in {s["box"]: s for s in sliders}.values()]  # one per box
        for slider in sliders:
            size = f"{path[:2]}:{slider['name']}"
            if names.count(slider["name"]) > 1:
                size += f" [cell {slider['cell']}]"
            times.setdefault(size, []).extend(slider_latencies(nb, slider["index"], presses))
    finally:
        nb.close()
    for size, seconds in times.items():
        rows += latency_rows(size, seconds)
    return rows


def run(quick=False):
    if not Path(CHROMIUM).exists():
        return []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if quick:
            (tmp / "notebooks").mkdir()
            paths = [_quick_notebook(tmp / "notebooks")]
        else:
            paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
        (tmp / "lab").mkdir()
        rows = []
        with LabServer(paths[0].parent, tmp / "lab") as lab, sync_playwright() as playwright:
            context = launch_browser(playwright, tmp / "profile")
            try:
                page = context.new_page()
                for path in paths:
                    rows += notebook_rows(page, lab, path.name, 1 if quick else PRESSES)
            finally:
                context.close()
    return rows
