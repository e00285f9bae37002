"""Generate the course map (one line per notebook with its guiding question).

The map is built only from the notebooks present in ``notebooks/``: the number and title come
from each notebook's title cell ``# NN · Title``, the question from the first line of its
motivation cell (the first Markdown cell after the title) that ends with "?"; when that line
holds several sentences, the last one is kept.

The same table is written in two places, between the markers
``<!-- course-map:start -->`` and ``<!-- course-map:end -->``:

- ``README.md``, with links relative to the repository root;
- the Markdown cell of ``notebooks/00_start_here.ipynb`` that holds the markers, with links
  relative to ``notebooks/``.

Usage::

    python tools/course_map.py          # rewrite both places
    python tools/course_map.py --check  # exit 1 if either is out of date
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
START_HERE = NOTEBOOKS / "00_start_here.ipynb"

START, END = "<!-- course-map:start -->", "<!-- course-map:end -->"
NAME_RE = re.compile(r"^(\d\d)_[a-z0-9]+(?:_[a-z0-9]+)*\.ipynb$")
TITLE_RE = re.compile(r"^# (\d\d) · (\S.*)$")
_BLOCK_RE = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def notebook_paths(folder=NOTEBOOKS):
    """Return the course notebooks (``NN_snake_title.ipynb``) in ``folder``, sorted."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if NAME_RE.match(p.name))


def read_entry(path):
    """Return ``(number, title, question)`` read from a notebook's first cells.

    Raises
    ------
    ValueError
        If the title cell or the question is missing, naming the notebook.
    """
    path = Path(path)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = _source(cells[0]).strip().splitlines() if cells else []
    match = TITLE_RE.match(lines[0]) if lines and cells[0]["cell_type"] == "markdown" else None
    if match is None:
        raise ValueError(f"{path.name}: the first cell must be a title '# NN · Title'")
    number, title = match.groups()
    if number != path.name[:2]:
        raise ValueError(f"{path.name}: title number {number} differs from the file name")
    motivation = next((c for c in cells[1:] if c["cell_type"] == "markdown"), None)
    for line in _source(motivation).splitlines() if motivation else []:
        line = line.strip()
        if line.endswith("?"):
            question = re.split(r"(?<=[.!?])\s+", line)[-1]
            return number, title.strip(), question
    raise ValueError(
        f"{path.name}: the motivation cell (first Markdown cell after the title) "
        "needs a line that ends with '?' (the notebook's guiding question)"
    )


def render(entries, link_prefix=""):
    """Return the course map as a Markdown table.

    Parameters
    ----------
    entries : list of (str, str, str, str)
        ``(file name, number, title, question)`` per notebook, in course order.
    link_prefix : str
        Prepended to every file name in the links (``"notebooks/"`` in the README).
    """
    rows = ["| Notebook | The question it answers |", "| --- | --- |"]
    for name, number, title, question in entries:
        rows.append(f"| [{number} · {title}]({link_prefix}{name}) | {question} |")
    return "\n".join(rows)


def course_entries(folder=NOTEBOOKS):
    """Return ``(file name, number, title, question)`` for every notebook in ``folder``."""
    return [(p.name, *read_entry(p)) for p in notebook_paths(folder)]


def replace_block(text, table):
    """Return ``text`` with the part between the course-map markers replaced by ``table``."""
    if not _BLOCK_RE.search(text):
        raise ValueError(f"no {START} ... {END} block found")
    return _BLOCK_RE.sub(lambda _: f"{START}\n{table}\n{END}", text, count=1)


def map_cell(nb):
    """Return the Markdown cell of notebook 00 that holds the course-map markers."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and START in cell.source:
            return cell
    raise ValueError(f"{START_HERE.name}: no Markdown cell holds the course-map markers")


def stale_files(root=None, write=False):
    """Return the files whose course map is out of date; rewrite them if ``write``.

    ``root`` is the repository (default: the one this script is in).
    """
    import nbformat  # a dev dependency: imported here so --help works anywhere

    root = Path(root or ROOT)
    readme, start_here = root / "README.md", root / "notebooks" / START_HERE.name
    entries = course_entries(root / "notebooks")
    stale = []
    text = readme.read_text(encoding="utf-8")
    new_text = replace_block(text, render(entries, "notebooks/"))
    if new_text != text:
        stale.append(readme)
        if write:
            readme.write_text(new_text, encoding="utf-8")
    nb = nbformat.read(start_here, as_version=4)
    cell = map_cell(nb)
    new_source = replace_block(cell.source, render(entries))
    if new_source != cell.source:
        stale.append(start_here)
        if write:
            cell.source = new_source
            nbformat.write(nb, start_here)
    return stale


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    args = parser.parse_args(argv)
    stale = stale_files(write=not args.check)
    for path in stale:
        verb = "course map is out of date (run make map)" if args.check else "updated"
        print(f"{path.relative_to(ROOT)}: {verb}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
