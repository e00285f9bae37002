"""Find the exercises of a course notebook.

The course convention (see ``course_utils/checks/_core.py``): an exercise is a stub cell
tagged ``exercise``, a check cell tagged ``check``, and a collapsed solution cell tagged
``solution`` whose reference body lies between ``### BEGIN SOLUTION`` and
``### END SOLUTION``, followed by the same check. A check cell may carry a tag ``points:N``
(default 1) for graders.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
TABLE_START, TABLE_END = "<!-- exercises:start -->", "<!-- exercises:end -->"
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Exercise:
    """Cell indices of one exercise in ``nb.cells`` and what graders need."""

    stub: int
    check: int
    solution: int
    name: str
    points: int


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def solution_lines(source):
    """The lines strictly between the BEGIN and END SOLUTION markers (all blocks)."""
    out, inside = [], False
    for line in source.splitlines():
        if line.strip() == BEGIN:
            inside = True
        elif line.strip() == END:
            inside = False
        elif inside:
            out.append(line)
    return out


def answer_source(solution_source):
    """The solution cell's code up to its last END marker, without a leading '# Solution'."""
    lines = solution_source.splitlines()
    last_end = max(i for i, line in enumerate(lines) if line.strip() == END)
    lines = lines[: last_end + 1]
    while lines and lines[0].strip().lower() in ("# solution", "# reference solution", ""):
        lines.pop(0)
    return "\n".join(lines)


def _points(cell):
    for tag in tags(cell):
        match = re.fullmatch(r"points:(\d+)", tag)
        if match:
            return int(match.group(1))
    return 1


def find(nb):
    """All exercises of a notebook, in order; ValueError if the convention is broken."""
    found, stub, check = [], None, None
    for i, cell in enumerate(nb.cells):
        if "exercise" in tags(cell):
            stub, check = i, None
        elif "check" in tags(cell):
            check = i
        elif "solution" in tags(cell):
            if stub is None or check is None:
                raise ValueError(
                    f"cell {i}: a solution needs an exercise cell and a check cell before it"
                )
            match = re.search(r"^def (\w+)\(", nb.cells[stub].source, re.M)
            if not match:
                raise ValueError(f"cell {stub}: an exercise stub must define a function")
            found.append(Exercise(stub, check, i, match.group(1), _points(nb.cells[check])))
            stub = check = None
    return found


def run_writer(doc, write, default_out, argv=None):
    """The command line shared by the version writers: ``[notebooks...] [--out DIR]``."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook")
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args(argv)
    for path in write(args.notebooks, args.out):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def exercise_table(paths=None):
    """A Markdown table of every notebook's exercises and points (for INSTRUCTORS.md)."""
    rows = ["| Notebook | Exercises (function to write) | Points |", "| --- | --- | --- |"]
    total = 0
    for path in paths or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        found = find(nbformat.read(path, as_version=4))
        if found:
            points = sum(e.points for e in found)
            total += points
            names = ", ".join(f"`{e.name}` ({e.points})" for e in found)
            rows.append(f"| {Path(path).stem} | {names} | {points} |")
    rows.append(f"| **All** | | **{total}** |")
    return "\n".join(rows)


def update_instructors(check=False, path=None):
    """Rewrite the generated table in INSTRUCTORS.md; with ``check``, only say if it is stale."""
    path = Path(path or ROOT / "INSTRUCTORS.md")
    text = path.read_text(encoding="utf-8")
    block = re.compile(re.escape(TABLE_START) + ".*?" + re.escape(TABLE_END), re.S)
    new = block.sub(lambda m: f"{TABLE_START}\n{exercise_table()}\n{TABLE_END}", text)
    if not check and new != text:
        path.write_text(new, encoding="utf-8")
    return new == text


if __name__ == "__main__":
    import sys

    if not update_instructors(check="--check" in sys.argv) and "--check" in sys.argv:
        sys.exit("INSTRUCTORS.md: the exercise table is out of date; run make map")
