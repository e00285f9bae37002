"""Fixtures of the in-browser course's tests: the site that ``make lite`` built, served on a
loopback port, and headless Chromium with every other address blocked; in it, one notebook
at a time runs in the Pyodide kernel (the page's own).

These tests are collected only when this folder is named on the command line
(``pytest tests/lite``, as ``make test`` does), so ``pytest tests`` stays the fast unit run.
``make test`` runs them in two processes (``-n 2``): each has its own server, browser and
page, and one test is one whole notebook, so two notebooks run at a time. ``--lite-dir``
points them at another built site.
"""

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tools.lab_driver import CHROMIUM, LiteServer, NotebookPage, launch_browser, lite_settings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SHOTS = ROOT / "build" / "screenshots" / "lite"
RUN_TIMEOUT = 900  # seconds for Run All of one notebook (2 cores shared by two notebooks)


def pytest_addoption(parser):
    parser.addoption(
        "--lite-dir",
        default=str(ROOT / "build" / "site" / "lite"),
        help="the JupyterLite site the tests serve (default: build/site/lite, from make lite)",
    )


def pytest_ignore_collect(collection_path, config):
    named = (Path(arg.split("::")[0]).resolve() for arg in config.args)
    if not any(p == HERE or HERE in p.parents for p in named):
        return True
    return None


def site_dir(config):
    return Path(config.getoption("lite_dir")).resolve()


def notebook_names(config):
    """The notebooks of the site: those of ``notebooks/``, which the site must all hold."""
    return [p.name for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]


def pytest_generate_tests(metafunc):
    if "notebook_page" in metafunc.fixturenames:
        names = notebook_names(metafunc.config)
        metafunc.parametrize("notebook_page", names, ids=[n[:-6] for n in names], indirect=True)


def pytest_collection_modifyitems(items):
    """The notebooks last in the course first: they take longest, and the two workers then
    finish together with the short ones; the tests of the site itself after them."""

    def notebook(item):
        callspec = getattr(item, "callspec", None)
        return callspec.params.get("notebook_page") if callspec else None

    runs = sorted((i for i in items if notebook(i)), key=notebook, reverse=True)
    items[:] = runs + [i for i in items if not notebook(i)]


@pytest.fixture(scope="session")
def lite_dir(request):
    path = site_dir(request.config)
    if not (path / "jupyter-lite.json").exists():
        pytest.fail(f"no JupyterLite site in {path}: build it first with make lite")
    return path


@pytest.fixture(scope="session")
def lite(lite_dir):
    with LiteServer(lite_dir) as server:
        yield server


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"no browser at {CHROMIUM}, so the in-browser course is not run: install Debian's "
            "chromium (apt-get install --no-install-recommends chromium; .ci/run does) or set "
            "CHROMIUM to a Chromium executable"
        )
    with sync_playwright() as playwright:
        profile = tmp_path_factory.mktemp("chromium-profile")
        context = launch_browser(playwright, profile, offline=True)
        yield context
        context.close()


class Traffic:
    """Every request the page made to an address other than the site, and every request that
    failed (blocked, or answered with an error), from the page and its workers."""

    def __init__(self, page, site_url):
        self.site, self.outside, self.failed = site_url + "/", [], []
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        page.on("response", self._response)

    def _request(self, request):
        url = request.url
        if not url.startswith((self.site, "data:", "blob:")):
            self.outside.append(url)

    def _response(self, response):
        # The browser asks every site for /favicon.ico (JupyterLite names its own icon), and
        # the kernel's file system asks the site's contents for a path it looks up, which
        # may not be there (as a file a notebook opens may not be): neither is a failure.
        url = response.url.split("?")[0]
        lookup = url.startswith(self.site + "api/contents/") and url.endswith("/all.json")
        if response.status >= 400 and not (url.endswith("/favicon.ico") or lookup):
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def since(self, mark):
        """Requests outside the site and failures since ``mark`` (from :meth:`mark`)."""
        return self.outside[mark[0] :], self.failed[mark[1] :]

    def mark(self):
        return len(self.outside), len(self.failed)


@pytest.fixture(scope="session")
def lite_page(browser, lite):
    """The one page showing the site's JupyterLab (notebook windowing off in its settings);
    the notebooks are opened in it one after another."""
    page = browser.new_page()
    traffic = Traffic(page, lite.url)
    lite_settings(page, lite)
    return page, traffic


@pytest.fixture
def notebook_page(request, lite, lite_page):
    """The notebook open in the site, every cell run in a fresh Pyodide kernel; its kernel is
    shut down after. Attributes added: ``timing`` (seconds), ``traffic`` (outside requests,
    failed requests), ``committed`` (the notebook as committed)."""
    page, traffic = lite_page
    name = request.param
    mark = traffic.mark()
    start = time.perf_counter()
    nb = NotebookPage.open(page, lite, name, timeout=300)
    opened = time.perf_counter()
    try:
        nb.run_all(timeout=RUN_TIMEOUT)
        done = time.perf_counter()
        nb.timing = {"kernel_start_s": opened - start, "run_all_s": done - opened}
        nb.traffic = traffic.since(mark)
        nb.committed = json.loads((ROOT / "notebooks" / name).read_text())
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name[:-6]}.png"))
        yield nb
    finally:
        nb.close()


def pytest_terminal_summary(terminalreporter):
    """The time of every notebook in the browser version (kernel start, Run All)."""
    rows = []
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
        "failed", []
    ):
        props = dict(report.user_properties)
        if report.when == "call" and "run_all_s" in props:
            rows.append((props["notebook"], props["kernel_start_s"], props["run_all_s"]))
    if rows:
        terminalreporter.section("in-browser course (JupyterLite): time per notebook")
        terminalreporter.write_line(f"{'notebook':<34} {'kernel start':>12} {'Run All':>9}")
        for name, start, run in sorted(rows):
            terminalreporter.write_line(f"{name:<34} {start:>10.1f} s {run:>7.1f} s")
        total = sum(r[2] for r in rows)
        terminalreporter.write_line(f"{'all notebooks, Run All':<34} {'':>12} {total:>7.1f} s")
