"""Fixtures of the browser tests: one JupyterLab server, one headless Chromium and one page
showing JupyterLab for the whole session; in it, one notebook at a time (its cells run).

These tests are collected only when this folder is named on the command line
(``pytest tests/browser``, as ``make browser`` and ``make test`` do), so ``pytest tests`` stays
the fast unit run. ``--notebook-dir`` points them at another folder of notebooks, e.g. a
scratch copy.
"""

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tools.lab_driver import CHROMIUM, LabServer, NotebookPage, launch_browser

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def pytest_addoption(parser):
    parser.addoption(
        "--notebook-dir",
        default=str(ROOT / "notebooks"),
        help="folder of the notebooks the browser tests open (default: notebooks/)",
    )


def pytest_ignore_collect(collection_path, config):
    named = (Path(arg.split("::")[0]).resolve() for arg in config.args)
    if not any(p == HERE or HERE in p.parents for p in named):
        return True
    return None


def notebook_paths(config):
    return sorted(Path(config.getoption("notebook_dir")).resolve().glob("[0-9][0-9]_*.ipynb"))


def pytest_generate_tests(metafunc):
    if "notebook_page" in metafunc.fixturenames:
        paths = notebook_paths(metafunc.config)
        ids = [p.stem for p in paths]
        metafunc.parametrize("notebook_page", paths, ids=ids, indirect=True, scope="module")


@pytest.fixture(scope="session")
def lab(request, tmp_path_factory):
    root = request.config.getoption("notebook_dir")
    with LabServer(root, tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"no browser at {CHROMIUM}: install Debian's chromium "
            "(apt-get install --no-install-recommends chromium; .ci/run does) "
            "or set CHROMIUM to a Chromium executable"
        )
    with sync_playwright() as playwright:
        context = launch_browser(playwright, tmp_path_factory.mktemp("chromium-profile"))
        yield context
        context.close()


@pytest.fixture(scope="session")
def lab_page(browser):
    """The one page showing JupyterLab; the notebooks are opened in it one after another."""
    return browser.new_page()


@pytest.fixture(scope="module")
def notebook_page(request, lab, lab_page):
    """The notebook open in JupyterLab, every cell run; closed (kernel shut down) after."""
    path = request.param
    page = NotebookPage.open(lab_page, lab, path.name)
    queue = [getattr(i, "callspec", None) for i in request.session.items]
    queue = [c and c.params.get("notebook_page") for c in queue]
    later = [p for p in queue[queue.index(path) :] if p not in (None, path)]
    if later:  # the next notebook's kernel starts while this one runs
        lab.start_kernel(later[0].name)
    try:
        page.run_all()
        yield page
        assert page.saves() == 0, f"{path.name} was saved"
    finally:
        page.close()
