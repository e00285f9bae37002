"""The course reads as one work: every link between notebooks resolves, each notebook ends
with a link to the next one, and the notebook-level conventions hold everywhere."""

import pathlib
import re

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LINK = re.compile(r"\]\(([^)\s#]+\.ipynb)(?:#[^)]*)?\)")
notebook = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)


def _markdown(path):
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


@notebook
def test_every_notebook_link_resolves(path):
    for text in _markdown(path):
        for target in LINK.findall(text):
            assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


@notebook
def test_last_cell_links_to_the_next_notebook(path):
    later = [p for p in NOTEBOOKS if p.name > path.name]
    if not later:
        return
    last = _markdown(path)[-1]
    assert later[0].name in last, f"{path.name}: the last cell should link to {later[0].name}"


@notebook
def test_has_the_sections_every_lesson_has(path):
    text = "\n".join(_markdown(path)).lower()
    for heading in ("learning objectives", "prerequisites", "summary", "references"):
        assert heading in text, f"{path.name} has no {heading!r} section"


@notebook
def test_setup_cell_fixes_the_seed(path):
    code = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    setup = next((s for s in code if "SEED" in s), "")
    assert "SEED = " in setup and "np.random.default_rng(SEED)" in setup, path.name
    assert not any("np.random.seed(" in s or "sys.path" in s for s in code), path.name
