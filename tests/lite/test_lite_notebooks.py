"""Every notebook runs in the in-browser course (JupyterLite, Pyodide), and its dashboards
answer a slider.

For each notebook, in headless Chromium with every address other than the site's blocked:
Run All in a fresh Pyodide kernel, then no error output, no traceback, no text on stderr
(warnings included) that the committed notebook does not have, every widget view rendered,
no request outside the site and none failed. For each dashboard (a box of controls around an
image): a click on one slider's track (scrolled into view first) must give it a new image
within 30 s. Screenshots go to ``build/screenshots/lite/``; the time of each notebook is
printed at the end of the run.
"""

from pathlib import Path

TIMEOUT = 30  # seconds from a click to a new image
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots" / "lite"


def _committed_stderr(committed):
    return {
        "".join(o.get("text", ""))
        for cell in committed["cells"]
        for o in cell.get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stderr"
    }


def _widget_outputs(committed):
    mime = "application/vnd.jupyter.widget-view+json"
    return sum(
        mime in o.get("data", {}) for cell in committed["cells"] for o in cell.get("outputs", [])
    )


def test_notebook_runs_and_its_dashboards_answer(notebook_page, record_property):
    nb = notebook_page
    record_property("notebook", nb.path)
    for key, seconds in nb.timing.items():
        record_property(key, round(seconds, 1))
    problems = run_problems(nb) or dashboard_problems(nb)
    assert not problems, "\n".join([f"{nb.path} in the browser version:", *problems])


def run_problems(nb):
    """Errors, tracebacks, stderr, widget views not rendered, requests outside or failed."""
    problems = nb.problems()
    expected = _committed_stderr(nb.committed)
    for cell, text in nb.stderr():
        if text not in expected:
            problems.append(f"cell {cell}: on stderr: {text.strip()[:300]}")
    outside, failed = nb.traffic
    problems += [f"request outside the site: {url}" for url in outside]
    problems += [f"request failed: {what}" for what in failed]
    return problems


def dashboard_problems(nb):
    """A click on one slider of each dashboard, which must give it a new image."""
    sliders = nb.sliders()
    if not sliders and _widget_outputs(nb.committed):
        return ["its widgets show no slider"]
    failures, boxes = [], {}
    for slider in sliders:
        boxes.setdefault(slider["box"], slider)  # the first slider of each dashboard
    for box, slider in boxes.items():
        label = f"{slider['name']} (cell {slider['cell']}) slider {slider['label']!r}"
        if not slider["has_image"]:
            failures.append(f"{label}: its dashboard has no image")
            continue
        nb.screenshot(box, _shot(nb, slider, "before"))
        seconds = nb.click_track(slider["index"], TIMEOUT)
        state = nb.state(slider["index"])
        if state["error"]:
            failures.append(f"{label}: the dashboard reports {state['error']!r}")
        if seconds is None:
            failures.append(f"{label} (now {state['readout']}): no new image in {TIMEOUT} s")
        else:
            nb.screenshot(box, _shot(nb, slider, "after"))
    return failures


def _shot(nb, slider, when):
    return SHOTS / nb.path[:-6] / f"{slider['name']}-{slider['box']}_{when}.png"
