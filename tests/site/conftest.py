"""Fixtures of the website tests: the built site (``make site``) served on the loopback, and
headless Chromium that may reach nothing else.

These tests are collected only when this folder is named on the command line
(``pytest tests/site``, as ``make test`` does after ``make site``), so ``pytest tests`` stays
the fast unit run. ``--site-dir`` points them at another build.
"""

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from tools.lab_driver import CHROMIUM, CHROMIUM_ARGS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def pytest_addoption(parser):
    parser.addoption(
        "--site-dir",
        default=str(ROOT / "build" / "site"),
        help="folder of the built website (default: build/site/, written by make site)",
    )


def pytest_ignore_collect(collection_path, config):
    named = (Path(arg.split("::")[0]).resolve() for arg in config.args)
    if not any(p == HERE or HERE in p.parents for p in named):
        return True
    return None


def site_pages(config):
    """The site's HTML pages (its top folder), as names relative to the site."""
    folder = Path(config.getoption("site_dir")).resolve()
    return sorted(p.name for p in folder.glob("*.html"))


def pytest_generate_tests(metafunc):
    if "page_name" in metafunc.fixturenames:
        names = site_pages(metafunc.config)
        metafunc.parametrize("page_name", names, ids=[Path(n).stem for n in names])


@pytest.fixture(scope="session")
def site_dir(request):
    folder = Path(request.config.getoption("site_dir")).resolve()
    if not (folder / "index.html").exists():
        pytest.fail(f"no website in {folder}: run make site first")
    return folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site_dir):
    """The site served over HTTP on a free port of 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class Traffic:
    """What a browser context asked for outside the site, and what failed."""

    def __init__(self, site_url):
        self.host = urlsplit(site_url).netloc
        self.blocked, self.failed = [], []

    def route(self, route):
        url = route.request.url
        if urlsplit(url).netloc == self.host:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def watch(self, page):
        def on_failed(request):
            if request.url not in self.blocked:
                self.failed.append(f"{request.url}: {request.failure}")

        def on_response(response):
            if response.status >= 400:
                self.failed.append(f"{response.url}: HTTP {response.status}")

        page.on("requestfailed", on_failed)
        page.on("response", on_response)

    def problems(self):
        """Requests blocked or failed since the last call (the lists are emptied)."""
        found = [f"blocked (not the loopback): {u}" for u in self.blocked] + self.failed
        self.blocked.clear()
        self.failed.clear()
        return found


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"no browser at {CHROMIUM}: install Debian's chromium "
            "(apt-get install --no-install-recommends chromium; .ci/run does) "
            "or set CHROMIUM to a Chromium executable"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser_page(chromium, site_url):
    """``(page, traffic)``: one page for the whole session, every request off the loopback
    blocked and recorded; the tests set its size (a desktop, 1280 px, or a phone, 390 px)."""
    traffic = Traffic(site_url)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", traffic.route)
    page = context.new_page()
    traffic.watch(page)
    yield page, traffic
    context.close()
