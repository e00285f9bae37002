"""Screenshots of notebooks as a learner sees them in JupyterLab: ``make look NB=04``.

Opens each notebook (its committed outputs, no kernel run) in JupyterLab in headless
Chromium and saves one PNG per screenful, top to bottom, to ``build/look/<notebook>/``,
so a maintainer can read a lesson page by page as it appears: collapsed figure code,
folded answers, figures at their display size. Needs Debian's chromium.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.execute_notebooks import resolve
from tools.lab_driver import LabServer, launch_browser

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "look"
_SCROLLER = (
    "document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')"
)


def look(page, lab, path, out, width, height, max_pages):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(lab.lab_url(path.name))
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
    page.wait_for_timeout(1500)  # images and MathJax
    page.evaluate("() => window.jupyterapp.commands.execute('application:toggle-left-area')")
    total = page.evaluate(f"() => {_SCROLLER}.scrollHeight")
    view = page.evaluate(f"() => {_SCROLLER}.clientHeight")
    out.mkdir(parents=True, exist_ok=True)
    shots, top = [], 0
    while top < total and len(shots) < max_pages:
        page.evaluate(f"(y) => {{ {_SCROLLER}.scrollTop = y; }}", top)
        page.wait_for_timeout(400)
        shot = out / f"page_{len(shots) + 1:02d}.png"
        page.screenshot(path=str(shot))
        shots.append(shot)
        top += int(view * 0.9)
    return shots


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="paths, file names or numbers (default all)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--max-pages", type=int, default=60)
    args = parser.parse_args(argv)
    paths = resolve(args.notebooks)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        tmp = Path(tmp)
        (tmp / "lab").mkdir()
        with LabServer(paths[0].parent, tmp / "lab") as lab:
            context = launch_browser(pw, tmp / "profile", args.width, args.height)
            page = context.new_page()
            for path in paths:
                shots = look(
                    page, lab, path, OUT / path.stem, args.width, args.height, args.max_pages
                )
                print(f"{path.name}: {len(shots)} screenshots in {shots[0].parent}")
            context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
