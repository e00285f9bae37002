"""How long each lesson is: ``python -m tools.lesson_stats [notebooks...]``.

A lesson of 30 to 60 minutes holds at most about 3,000 words of prose and about 250 visible
lines of code on its core path (STYLE.md). The core path is everything before the optional
"Going further" section; its prose is the Markdown without what a learner does not read as
prose: answers folded in ``<details>``, tables, display equations, the References cell and
HTML comments. Visible code is every non-blank line of a code cell that is not collapsed
(``metadata.jupyter.source_hidden``). Exercises are the stub cells tagged ``exercise``;
those also tagged ``experiment`` ask for an experiment whose check verifies a property of
the learner's result.
"""

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
GOING_FURTHER_RE = re.compile(r"^#+\s.*going further", re.I | re.M)
REFERENCES_RE = re.compile(r"^#+\s*references\b", re.I)
_NOT_PROSE = [
    re.compile(r"<details>.*?</details>", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"\$\$.*?\$\$", re.S),
    re.compile(r"^\s*\|.*\|\s*$", re.M),  # table rows
    re.compile(r"```.*?```", re.S),  # code blocks shown in text
]


@dataclass(frozen=True)
class Stats:
    name: str
    words: int
    code_lines: int
    hidden_lines: int
    exercises: int
    experiments: int
    going_further: bool


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def hidden(cell):
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden", False))


def core_cells(nb):
    """The cells before the "Going further" heading (all cells if there is none)."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and GOING_FURTHER_RE.search(cell.source):
            return nb.cells[:i], True
    return nb.cells, False


def prose_words(text):
    if REFERENCES_RE.match(text.lstrip()):
        return 0
    for pattern in _NOT_PROSE:
        text = pattern.sub(" ", text)
    return len(text.split())


def stats(path):
    nb = nbformat.read(path, as_version=4)
    core, further = core_cells(nb)
    words = sum(prose_words(c.source) for c in core if c.cell_type == "markdown")
    code = [c for c in core if c.cell_type == "code"]
    lines = [len([x for x in c.source.splitlines() if x.strip()]) for c in code]
    visible = sum(n for c, n in zip(code, lines, strict=True) if not hidden(c))
    exercises = [c for c in nb.cells if "exercise" in tags(c)]
    return Stats(
        name=Path(path).name,
        words=words,
        code_lines=visible,
        hidden_lines=sum(lines) - visible,
        exercises=len(exercises),
        experiments=sum("experiment" in tags(c) for c in exercises),
        going_further=further,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="paths (default: every notebook)")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    print(f"{'notebook':42} {'words':>6} {'code':>5} {'hidden':>6} {'ex':>3} {'exp':>3}  further")
    for path in paths:
        s = stats(path)
        print(
            f"{s.name:42} {s.words:6d} {s.code_lines:5d} {s.hidden_lines:6d} "
            f"{s.exercises:3d} {s.experiments:3d}  {'yes' if s.going_further else 'no'}"
        )


if __name__ == "__main__":
    main()
