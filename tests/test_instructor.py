"""The instructor kit: student versions without solutions, and the nbgrader course directory
scored by the real nbgrader (in its own environment, .venv-instructor, made by make test).

Two tests execute notebooks and are marked slow (make test runs them, make unit does not):
each student version's checks run with the cells they need, and nbgrader grades notebook 01.
The other cells need no second execution: nbval runs them in the full notebook, and a fast
test shows that no cell after a stub uses what only its solution defines.
"""

import csv
import os
import pathlib
import shutil
import subprocess
import symtable

import nbformat
import pytest
from nbclient import NotebookClient

from tools import exercises, nbgrader_export, student

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WITH_EXERCISES = [p for p in NOTEBOOKS if exercises.find(nbformat.read(p, as_version=4))]
notebook = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)


def _solution_code(nb):
    """Distinctive solution lines: long enough not to be a plain `return x` or a comment,
    and not lesson code shown elsewhere in the notebook (an update rule taught in the text)."""
    found = exercises.find(nb)
    solutions = {ex.solution for ex in found}
    lesson = _all_text(
        nbformat.from_dict(
            {**nb, "cells": [c for i, c in enumerate(nb.cells) if i not in solutions]}
        )
    )
    lines = set()
    for ex in found:
        for line in exercises.solution_lines(nb.cells[ex.solution].source):
            text = line.strip()
            if len(text) >= 12 and not text.startswith("#") and text not in lesson:
                lines.add(text)
    return lines


def _all_text(nb):
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            parts.extend(str(v) for v in out.get("data", {}).values())
    return "\n".join(parts)


def test_every_exercise_notebook_has_at_least_three_exercises():
    for path in WITH_EXERCISES:
        if not path.name.startswith("00"):
            assert len(exercises.find(nbformat.read(path, as_version=4))) >= 3, path.name


@notebook
def test_student_version_has_no_solution_code(path):
    nb = nbformat.read(path, as_version=4)
    version = student.student_version(nb)
    text = _all_text(version)
    leaked = [line for line in _solution_code(nb) if line in text]
    assert not leaked, f"{path.name}: solution code in the student version: {leaked[:3]}"
    assert not any("solution" in c.metadata.get("tags", []) for c in version.cells)
    assert "<details>" not in text
    assert len(version.cells) == len(nb.cells) - len(exercises.find(nb))


def _reads(source):
    """Global names a cell's code reads, at its top level or inside its functions."""
    top = symtable.symtable(source, "<cell>", "exec")
    names, tables = set(), [top]
    while tables:
        table = tables.pop()
        for s in table.get_symbols():
            if s.is_referenced() and (
                s.is_global() if table is not top else not (s.is_assigned() or s.is_imported())
            ):
                names.add(s.get_name())
        tables.extend(table.get_children())
    return names


def _binds(source):
    top = symtable.symtable(source, "<cell>", "exec")
    return {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()}


def test_reads_finds_global_names_read_in_functions_and_not_the_cells_own():
    assert _reads("print(signed_distance(w, 1))") == {"print", "signed_distance", "w"}
    assert _reads("def f(x):\n    return g(x) + r\ny = 2") == {"g", "r"}
    assert _binds("import numpy as np\ndef f(): pass\nx, y = 1, 2") == {"np", "f", "x", "y"}


@notebook
def test_no_cell_after_a_stub_uses_what_only_the_solution_defines(path):
    """In the student version the stub stands where the solution was: a cell after it that
    called the learner's function or read a name the solution set would fail there. Only
    the checks take the learner's function."""
    nb = nbformat.read(path, as_version=4)
    for ex in exercises.find(nb):
        solved = _binds(nb.cells[ex.solution].source)
        for i, cell in enumerate(nb.cells[ex.stub + 1 :], start=ex.stub + 1):
            if (
                cell.cell_type == "code"
                and i != ex.solution
                and "check" not in exercises.tags(cell)
            ):
                used = sorted(_reads(cell.source) & solved)
                assert not used, f"{path.name} cell {i} uses {used} of the {ex.name} solution"


def _needed_by_checks(nb):
    """The cells a notebook's checks need: every stub and check, and every code cell that
    binds a name they read, directly or through another such cell."""
    keep = {i for i, c in enumerate(nb.cells) if {"exercise", "check"} & set(exercises.tags(c))}
    needed = set().union(*(_reads(nb.cells[i].source) for i in keep))
    for i in range(max(keep), -1, -1):
        cell = nb.cells[i]
        if cell.cell_type == "code" and i not in keep and _binds(cell.source) & needed:
            keep.add(i)
            needed |= _reads(cell.source)
    return sorted(keep)


def test_needed_by_checks_keeps_what_the_checks_read_and_nothing_else():
    cells = [
        nbformat.v4.new_code_cell("from course_utils import checks\nimport numpy as np"),
        nbformat.v4.new_code_cell("slow = sum(range(10**9))"),
        nbformat.v4.new_code_cell("X = np.ones(3)"),
        nbformat.v4.new_code_cell(
            "def f(x):\n    raise NotImplementedError", metadata={"tags": ["exercise"]}
        ),
        nbformat.v4.new_code_cell("checks.f(f, X)", metadata={"tags": ["check"]}),
        nbformat.v4.new_code_cell("plot(slow)"),
    ]
    assert _needed_by_checks(nbformat.v4.new_notebook(cells=cells)) == [0, 2, 3, 4]


@pytest.mark.slow
@pytest.mark.parametrize("path", WITH_EXERCISES, ids=lambda p: p.name)
def test_student_version_checks_say_not_implemented_with_stubs_unfilled(path, tmp_path):
    """Every check prints "not implemented yet", run with the cells it needs. The other cells
    are the full notebook's, run by nbval, and the test above shows that none needs a
    solution: executing them again here would only repeat nbval."""
    nb = student.student_version(nbformat.read(path, as_version=4))
    nb.cells = [nb.cells[i] for i in _needed_by_checks(nb)]
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    checks = [c for c in nb.cells if "check" in c.metadata.get("tags", [])]
    for cell in checks:
        text = "".join(o.get("text", "") for o in cell.outputs)
        assert "not implemented yet" in text, f"{path.name}: {cell.source!r} printed {text!r}"


def test_student_main_writes_every_notebook(tmp_path, capsys):
    student.main(["--out", str(tmp_path)])
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
    assert "wrote" in capsys.readouterr().out


def test_nbgrader_source_cells_are_well_formed(tmp_path):
    written = nbgrader_export.write_course(out=tmp_path)
    assert (tmp_path / "nbgrader_config.py").exists()
    assert {p.parent.name for p in written} == {p.stem for p in WITH_EXERCISES}
    for path in written:
        nb = nbformat.read(path, as_version=4)
        meta = [c.metadata["nbgrader"] for c in nb.cells if "nbgrader" in c.metadata]
        ids = [m["grade_id"] for m in meta]
        assert len(ids) == len(set(ids)), path
        answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
        tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert len(answers) == len(tests) >= 1
        for cell in answers:
            assert exercises.BEGIN in cell.source and exercises.END in cell.source
            assert "checks." not in cell.source.split(exercises.END)[-1]
        for cell in tests:
            m = cell.metadata["nbgrader"]
            assert m["locked"] and m["points"] >= 1 and m["schema_version"] == 3
            assert "### BEGIN HIDDEN TESTS" in cell.source and "assert" in cell.source
        assert not any("exercise" in c.metadata.get("tags", []) for c in nb.cells)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def _nbgrader():
    folder = os.environ.get("NBGRADER_BIN")
    exe = pathlib.Path(folder) / "nbgrader" if folder else None
    if exe is None or not exe.exists():
        if os.environ.get("CI"):
            pytest.fail("nbgrader is missing: make test builds .venv-instructor for this test")
        pytest.skip("run through `make test`, which builds the instructor environment")
    return exe


@pytest.mark.slow
def test_real_nbgrader_scores_reference_blank_and_partial(tmp_path):
    exe = _nbgrader()
    env = {**os.environ, "PATH": f"{exe.parent}{os.pathsep}{os.environ['PATH']}"}

    def nbgrader(*args):
        done = subprocess.run(
            [str(exe), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
        return done

    name = "01_perceptron"
    nbgrader_export.write_course([ROOT / "notebooks" / f"{name}.ipynb"], tmp_path)
    source_path = tmp_path / "source" / name / f"{name}.ipynb"
    assert "Success" in nbgrader("validate", str(source_path)).stdout
    nbgrader("generate_assignment", name, "--force")
    release = nbformat.read(tmp_path / "release" / name / f"{name}.ipynb", as_version=4)
    source = nbformat.read(source_path, as_version=4)
    leaked = [
        line
        for line in _solution_code(
            nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        )
        if line in _all_text(release)
    ]
    assert not leaked, leaked
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    ids = list(answers)
    wrong = {**answers, ids[1]: answers[ids[1]].replace("<= 0", "< 0")}
    assert wrong[ids[1]] != answers[ids[1]]
    del wrong[ids[2]]
    for who, filled in [("reference", answers), ("blank", {}), ("partial", wrong)]:
        nb = nbformat.from_dict(release)
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid in filled:
                cell.source = filled[gid]
        folder = tmp_path / "submitted" / who / name
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{name}.ipynb")
        nbgrader("db", "student", "add", who)
    nbgrader("autograde", name, "--force")
    nbgrader("export", "--to", "grades.csv")
    with open(tmp_path / "grades.csv") as f:
        scores = {
            r["student_id"]: (float(r["raw_score"]), float(r["max_score"]))
            for r in csv.DictReader(f)
        }
    full = float(len(ids))
    assert scores["reference"] == (full, full)
    assert scores["blank"] == (0.0, full)
    assert 0 < scores["partial"][0] < full
    nbgrader("generate_feedback", name, "--force")
    feedback = (tmp_path / "feedback" / "partial" / name / f"{name}.html").read_text()
    assert "Not yet: for perceptron_update" in feedback
    shutil.rmtree(tmp_path / "autograded")


def test_exercise_table_in_instructors_md_is_up_to_date():
    assert exercises.update_instructors(check=True), "run make map"
