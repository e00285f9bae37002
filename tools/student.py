"""Write student versions of the course notebooks: ``make student``
(``python -m tools.student [notebooks...]`` from the repository root).

A student version keeps every cell a learner needs and drops what would give an exercise
away: each solution cell (tag ``solution``) is removed, so the stub before it is where the
learner writes; the hidden answers of the conceptual questions (``<details>`` blocks in
Markdown) are replaced by a note; and the outputs of stub and check cells are cleared. The
notebook still runs top to bottom with the stubs unfilled: every check then reports
"not implemented yet", and later cells use the package's reference, not the learner's code.
"""

import re
from pathlib import Path

import nbformat

from tools import exercises

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "student"
ANSWER_NOTE = "*(Answer withheld in the student version: discuss it with your instructor.)*"
_DETAILS = re.compile(r"<details>.*?</details>", re.S)


def student_version(nb):
    """A new notebook: ``nb`` without its solutions (``nb`` is not modified)."""
    nb = nbformat.from_dict(nb)  # deep copy
    marked = exercises.find(nb)
    drop = {e.solution for e in marked}
    clear = {e.stub for e in marked} | {e.check for e in marked}
    cells = []
    for i, cell in enumerate(nb.cells):
        if i in drop:
            continue
        if cell.cell_type == "markdown":
            cell.source = _DETAILS.sub(ANSWER_NOTE, cell.source)
        if cell.cell_type == "code" and i in clear:
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


def write_all(paths=None, out=OUT):
    """Write the student version of each notebook to ``out``; return the written paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nb = student_version(nbformat.read(path, as_version=4))
        target = out / Path(path).name
        nbformat.write(nb, target)
        written.append(target)
    return written


def main(argv=None):
    exercises.run_writer(__doc__, write_all, OUT, argv)


if __name__ == "__main__":
    main()
