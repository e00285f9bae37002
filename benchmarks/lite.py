"""7. The in-browser course (JupyterLite, ``make lite``) in headless Chromium, beside JupyterLab.

The site in ``build/site/lite/`` is served on a loopback port and opened in a fresh browser
profile with every other address blocked, as a learner's first visit: the bytes it downloads
until the first notebook's Pyodide kernel is ready (and what they would be if the host
compressed every file with gzip), and that time. Then every notebook is opened in the same page
(the browser's cache warm, as for a learner's next notebook): the kernel's start, Run All, and
for every dashboard the time from a click on a slider's track to its new image, measured in
the page (``performance.now()``), over ``CLICKS`` clicks that alternate sides of the handle.
Target: median <= 300 ms per dashboard, as in JupyterLab (suite 6, ``browser``). Needs the
built site and Chromium; without either this suite measures nothing.

``quick=True`` measures the site's size only (no browser).
"""

import gzip
import tempfile
import time
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

from tools.lab_driver import CHROMIUM, LiteServer, NotebookPage, launch_browser, lite_settings

from . import row

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "build" / "site" / "lite"
CLICKS = 6  # per dashboard
TIMEOUT = 30  # seconds to wait for a new image


def site_rows(site):
    files = [p for p in site.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 1e6
    return [row("lite: site size", f"{len(files)} files", size, "MB")]


def _gzip_size(site, paths):
    """Bytes of the files at these URL paths once gzipped (level 6), as a compressing host
    would send them."""
    total = 0
    for path in paths:
        file = site / path.split("?")[0].lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if file.is_file():
            total += len(gzip.compress(file.read_bytes(), compresslevel=6))
    return total


def first_visit_rows(page, lite, site, name):
    """A learner's first visit: the notebook's link opened in a fresh profile."""
    start = time.perf_counter()
    nb = NotebookPage.open(page, lite, name, timeout=600)
    seconds = time.perf_counter() - start
    nb.close()
    ok = [(path, size) for path, status, size in lite.served if status == 200]
    sent = sum(size for _, size in ok) / 1e6
    zipped = _gzip_size(site, {path for path, _ in ok}) / 1e6
    stem = name.removesuffix(".ipynb")
    return [
        row("lite: first visit, downloaded", f"{stem}, {len(ok)} files", sent, "MB"),
        row("lite: first visit, if gzipped", stem, zipped, "MB"),
        row("lite: first visit, link to kernel ready", stem, seconds, "s"),
    ]


def click_latencies(nb, index, clicks):
    """Seconds from a click on the track to a new image, for ``clicks`` clicks (None: no new
    image)."""
    return [nb.click_track(index, TIMEOUT) for _ in range(clicks)]


def notebook_rows(page, lite, name, clicks):
    """Kernel start, Run All, and each dashboard's click latency (median, p95)."""
    start = time.perf_counter()
    nb = NotebookPage.open(page, lite, name, timeout=600)
    opened = time.perf_counter()
    stem = name.removesuffix(".ipynb")
    try:
        nb.run_all(timeout=900)
        done = time.perf_counter()
        rows = [
            row("lite: kernel start", stem, opened - start, "s"),
            row("lite: Run All", stem, done - opened, "s"),
            row("lite: open + Run All", stem, done - start, "s"),
        ]
        boxes = {}
        for slider in nb.sliders():
            boxes.setdefault(slider["box"], slider)
        names = [s["name"] for s in boxes.values()]
        for slider in boxes.values():
            size = f"{name[:2]}:{slider['name']}"
            if names.count(slider["name"]) > 1:
                size += f" [cell {slider['cell']}]"
            rows += latency_rows(size, click_latencies(nb, slider["index"], clicks))
    finally:
        nb.close()
    return rows


def latency_rows(size, times):
    done = np.array([t for t in times if t is not None]) * 1e3
    rows = []
    if len(done) < len(times):
        rows.append(row("lite: clicks with no new image", size, len(times) - len(done), ""))
    if len(done):
        median, p95 = float(np.median(done)), float(np.percentile(done, 95))
        name = "lite: click to new image"
        rows.append(row(f"{name}, median", size, median, "ms", "<= 300 ms", median <= 300))
        rows.append(row(f"{name}, p95", size, p95, "ms"))
    return rows


def run(quick=False, site=SITE):
    if not (site / "jupyter-lite.json").exists():
        return []
    rows = site_rows(site)
    if quick or not Path(CHROMIUM).exists():
        return rows
    paths = sorted((site / "files").glob("[0-9][0-9]_*.ipynb"))
    with tempfile.TemporaryDirectory() as tmp, LiteServer(site) as lite:
        with sync_playwright() as playwright:
            context = launch_browser(playwright, Path(tmp) / "profile", offline=True)
            try:
                page = context.new_page()
                rows += first_visit_rows(page, lite, site, paths[0].name)
                lite_settings(page, lite)
                for path in paths:
                    rows += notebook_rows(page, lite, path.name, CLICKS)
            finally:
                context.close()
    return rows
