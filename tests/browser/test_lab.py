"""Every notebook runs in JupyterLab in a real browser, and every slider redraws its dashboard.

For each notebook: Run All in a fresh kernel, then no error output, no traceback, and every
widget view rendered. For each slider: a small step (ArrowRight, or PageUp when one step
leaves the picture unchanged), the maximum (End), the minimum (Home) and back to the start
value (typed into the readout), each of which must give the dashboard a new image within
30 s. Screenshots of every dashboard at each of these values, and the time from each key
press to the new image, go to ``build/screenshots/<notebook>/``.
"""

import json
import re
from pathlib import Path

import pytest

# Notebooks whose lessons depend on their sliders: they must have at least one that works.
NEED_SLIDERS = ("04", "07", "08")
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
TIMEOUT = 30  # seconds from a key press to a new image
SMALL_TIMEOUT = 2  # one step may leave the picture unchanged: then PageUp is tried


def test_runs_without_errors(notebook_page):
    problems = notebook_page.problems()
    assert not problems, "\n".join([f"{notebook_page.path}:", *problems])


def _slug(text):
    return re.sub(r"\W+", "_", text).strip("_")


class _Exercise:
    """Moves one notebook's sliders, collecting failures, latencies and screenshots."""

    def __init__(self, nb):
        self.nb, self.failures, self.latencies, self.shot_boxes = nb, [], {}, set()
        self.folder = SHOTS / nb.path.removesuffix(".ipynb")

    def shot(self, slider, state):
        name = f"{slider['name']}-{slider['box']}"
        if state != "default":
            name += f"_{_slug(slider['label'])}"
        self.nb.screenshot(slider["box"], self.folder / f"{name}_{state}.png")

    def move(self, slider, what, act, state=None, timeout=TIMEOUT, required=True):
        """``act(timeout)``, then a failure unless it gave a new image and no error."""
        label = f"{slider['name']} (cell {slider['cell']}) slider {slider['label']!r}, {what}"
        seconds = act(timeout)
        now = self.nb.state(slider["index"])
        if now["error"]:
            self.failures.append(f"{label}: the dashboard reports {now['error']!r}")
        if seconds is not None:
            key = f"{slider['name']}-{slider['box']}"
            self.latencies.setdefault(key, []).append(seconds)
            if state is not None:
                self.shot(slider, state)
        elif required:
            self.failures.append(f"{label} (now {now['readout']}): no new image in {timeout} s")
        return seconds

    def key(self, index, key):
        return lambda timeout: self.nb.press(index, key, timeout)

    def slider(self, slider):
        nb, i = self.nb, slider["index"]
        if not slider["has_image"]:
            self.failures.append(f"{slider['name']} slider {slider['label']!r}: no image")
            return
        if slider["box"] not in self.shot_boxes:
            self.shot_boxes.add(slider["box"])
            self.shot(slider, "default")
        start = nb.state(i)
        up = start["value"] < start["max"]
        step = "ArrowRight" if up else "ArrowLeft"
        if self.move(slider, step, self.key(i, step), "step", SMALL_TIMEOUT, False) is None:
            page = "PageUp" if up else "PageDown"
            if self.move(slider, f"{step} then {page}", self.key(i, page), "step") is None:
                return  # one failure per slider is enough
        if nb.state(i)["value"] < start["max"]:
            if self.move(slider, "End", self.key(i, "End"), "max") is None:
                return
        if self.move(slider, "Home", self.key(i, "Home"), "min") is None:
            return
        if start["value"] > start["min"]:
            text = start["readout"]
            self.move(slider, f"typing {text}", lambda t: nb.type_value(i, text, t))


def test_sliders_redraw_their_dashboard(notebook_page):
    nb = notebook_page
    sliders = nb.sliders()
    if not sliders:
        assert not nb.path.startswith(NEED_SLIDERS), f"{nb.path} has no slider"
        pytest.skip("no slider in this notebook")
    run = _Exercise(nb)
    for slider in sliders:
        run.slider(slider)
    run.folder.mkdir(parents=True, exist_ok=True)
    ms = {k: [round(s * 1e3, 1) for s in v] for k, v in run.latencies.items()}
    (run.folder / "latency_ms.json").write_text(json.dumps(ms, indent=1))
    assert not run.failures, "\n".join([f"{nb.path}:", *run.failures])
