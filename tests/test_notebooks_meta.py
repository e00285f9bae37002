"""Every notebook is saved in a state nbval can check and a learner can trust: named and
titled by the course convention, executed top to bottom without errors or warnings, free of
local paths, widget state and unrounded numbers, with well-formed solution cells; and the
course map in README.md and notebook 00 matches the notebooks present."""

import re
from pathlib import Path

import nbformat
import pytest

from tools import course_map, execute_notebooks

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
MAX_BYTES = 3 * 1024**2
LOCAL_PATH_RE = re.compile(r"(?<![\w.])/(?:root|tmp|home|Users)/")
# 10 or more decimals: a float printed in full (0.30000000000000004, 1.2345678901e-07).
UNROUNDED_RE = re.compile(r"\d\.\d{10,}")


def _read(path):
    return nbformat.read(path, as_version=4)


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _texts(output):
    """The text of an output: a stream, a traceback, or every text/* representation."""
    if output.output_type == "stream":
        return [output.text]
    if output.output_type == "error":
        return output.traceback
    return [v for k, v in output.get("data", {}).items() if k.startswith("text/")]


IGNORE_TAG = "nbval-ignore-output"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _ignored(cell):
    return IGNORE_TAG in cell.metadata.get("tags", [])


def _shows_widget(cell):
    return any(WIDGET_VIEW in o.get("data", {}) for o in cell.outputs)


def _where(path, index):
    return f"{path.name}, code cell {index}"


notebook = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)


def test_there_is_a_start_here_notebook():
    assert ROOT / "notebooks" / "00_start_here.ipynb" in NOTEBOOKS


@notebook
def test_name_is_number_and_snake_title(path):
    assert course_map.NAME_RE.match(path.name), f"{path.name}: expected NN_snake_title.ipynb"


@notebook
def test_is_valid_and_starts_with_a_title_cell(path):
    nb = _read(path)
    nbformat.validate(nb)
    number, title, question = course_map.read_entry(path)
    assert number == path.name[:2] and title and question.endswith("?")


@notebook
def test_is_small(path):
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is over 3 MB"


@notebook
def test_has_no_widget_state(path):
    assert "widgets" not in _read(path).metadata, f"{path.name}: run make notebooks NB=..."


@notebook
def test_every_code_cell_ran_once_in_order(path):
    counts = [c.execution_count for c in _code_cells(_read(path))]
    expected = list(range(1, len(counts) + 1))
    assert counts == expected, f"{path.name}: execution counts {counts}; run make notebooks"


@notebook
def test_outputs_have_no_errors_warnings_or_local_paths(path):
    for i, cell in enumerate(_code_cells(_read(path))):
        for output in cell.outputs:
            assert output.output_type != "error", f"{_where(path, i)} raised an error"
            text = "".join(_texts(output))
            if output.output_type == "stream" and output.name == "stderr":
                assert "Warning" not in text, f"{_where(path, i)} warns: {text[:200]}"
            match = LOCAL_PATH_RE.search(text)
            assert not match, f"{_where(path, i)} shows a local path: {text[:200]}"


@notebook
def test_checked_numbers_are_rounded(path):
    for i, cell in enumerate(_code_cells(_read(path))):
        if _ignored(cell):
            continue
        for output in cell.outputs:
            match = UNROUNDED_RE.search("".join(_texts(output)))
            assert not match, (
                f"{_where(path, i)} prints {match.group()}...: round printed numbers to what "
                "the lesson needs, or print a bound with expect.below"
            )


@notebook
def test_nbval_markers_are_tags_not_comments(path):
    # One design course-wide: a cell whose output nbval must not compare carries the tag
    # nbval-ignore-output, invisible to a learner; no NBVAL_ comment markers in the code.
    for i, cell in enumerate(_code_cells(_read(path))):
        for line in cell.source.splitlines():
            assert not (line.strip().startswith("#") and "NBVAL_" in line), (
                f"{_where(path, i)}: {line.strip()!r}: use the cell tag {IGNORE_TAG} instead"
            )


TIMING_RE = re.compile(r"perf_counter|timeit|\btime\.time\(|median_time|__version__")


@notebook
def test_every_ignored_output_says_why_and_what_holds(path):
    # An output is left uncompared only when it cannot match on another machine, and then
    # the cell states what does hold everywhere: a widget (its view lives in the browser),
    # a timing or an installed version, or a result checked by course_utils.expect.
    for i, cell in enumerate(_code_cells(_read(path))):
        if not _ignored(cell):
            continue
        reason = _shows_widget(cell) or TIMING_RE.search(cell.source) or "expect." in cell.source
        assert reason, (
            f"{_where(path, i)} is tagged {IGNORE_TAG} but shows no widget, times nothing and "
            "calls no expect.close / expect.below / expect.among: state what every machine "
            "reproduces, or let nbval compare the output"
        )


def _solution_problem(cells, i):
    """Return why cells[i] (tagged solution) is malformed, or None."""
    cell = cells[i]
    if cell.cell_type != "code":
        return "is not a code cell"
    if not cell.metadata.get("jupyter", {}).get("source_hidden", False):
        return "is not collapsed (metadata.jupyter.source_hidden)"
    lines = [line.strip() for line in cell.source.splitlines()]
    begins = [n for n, line in enumerate(lines) if line == "### BEGIN SOLUTION"]
    ends = [n for n, line in enumerate(lines) if line == "### END SOLUTION"]
    if (
        not begins
        or len(begins) != len(ends)
        or any(b >= e for b, e in zip(begins, ends, strict=True))
    ):
        return "needs matching ### BEGIN SOLUTION / ### END SOLUTION lines"
    if not any("checks." in line for line in lines[ends[-1] :]):
        return "must run the exercise's check after ### END SOLUTION"
    output = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    if "Correct" not in output:
        return "does not pass its own check"
    earlier = [c for c in cells[:i] if c.cell_type == "code"]
    previous = [c for c in earlier if "solution" in c.metadata.get("tags", [])]
    since = earlier[earlier.index(previous[-1]) + 1 :] if previous else earlier
    if not any("exercise" in c.metadata.get("tags", []) for c in since):
        return "has no stub cell (tag exercise) before it"
    return None


@notebook
def test_solution_cells_are_well_formed(path):
    cells = _read(path).cells
    for i, cell in enumerate(cells):
        if "solution" in cell.metadata.get("tags", []):
            problem = _solution_problem(cells, i)
            assert problem is None, f"{path.name}, cell {i} (solution) {problem}"


@notebook
def test_exercise_stubs_raise_not_implemented(path):
    for i, cell in enumerate(_read(path).cells):
        if "exercise" in cell.metadata.get("tags", []):
            assert "raise NotImplementedError" in cell.source, f"{path.name}, cell {i}"


def test_course_map_in_readme_and_notebook_00_is_up_to_date():
    stale = course_map.stale_files(ROOT, write=False)
    assert not stale, f"course map out of date in {[p.name for p in stale]}: run make map"


# The tools themselves ----------------------------------------------------------------


def _write_notebook(path, *markdown):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text) for text in markdown]
    nbformat.write(nb, path)
    return path


def test_read_entry_takes_the_last_sentence_of_the_first_question_line(tmp_path):
    path = _write_notebook(
        tmp_path / "04_gradient_descent.ipynb",
        "# 04 · Gradient descent",
        "Some context.\n\nWe start somewhere. Which way is down?\nAnd later?",
    )
    assert course_map.read_entry(path) == ("04", "Gradient descent", "Which way is down?")


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (["Gradient descent", "Why?"], "title"),
        (["# 05 · Gradient descent", "Why?"], "differs from the file name"),
        (["# 04 · Gradient descent", "No question here."], "ends with"),
        (["# 04 · Gradient descent"], "ends with"),
    ],
)
def test_read_entry_explains_what_is_missing(tmp_path, cells, message):
    path = _write_notebook(tmp_path / "04_gradient_descent.ipynb", *cells)
    with pytest.raises(ValueError, match=message):
        course_map.read_entry(path)


def test_render_and_replace_block():
    table = course_map.render([("04_gd.ipynb", "04", "GD", "Why?")], "notebooks/")
    assert table.splitlines()[-1] == "| [04 · GD](notebooks/04_gd.ipynb) | Why? |"
    text = f"a\n{course_map.START}\nold\n{course_map.END}\nb"
    assert course_map.replace_block(text, "new") == (
        f"a\n{course_map.START}\nnew\n{course_map.END}\nb"
    )
    with pytest.raises(ValueError, match="course-map"):
        course_map.replace_block("no markers", "new")


def test_execute_notebooks_resolves_numbers_and_cleans_metadata():
    assert execute_notebooks.resolve(["00"]) == [ROOT / "notebooks" / "00_start_here.ipynb"]
    with pytest.raises(SystemExit, match="no notebook"):
        execute_notebooks.resolve(["99"])
    nb = nbformat.v4.new_notebook()
    nb.metadata.update(widgets={"state": {}}, language_info={"name": "python", "version": "3"})
    cell = nbformat.v4.new_code_cell("1", metadata={"execution": {"shell.execute_reply": "2026"}})
    view = {execute_notebooks.WIDGET_VIEW: {"model_id": "random"}, "text/plain": "x"}
    cell.outputs = [nbformat.v4.new_output("display_data", data=view)]
    nb.cells = [cell]
    execute_notebooks.clean_metadata(nb)
    assert "widgets" not in nb.metadata and "version" not in nb.metadata.language_info
    assert nb.cells[0].metadata == {}
    model_id = cell.outputs[0].data[execute_notebooks.WIDGET_VIEW]["model_id"]
    assert model_id != "random" and len(model_id) == 32
    execute_notebooks.clean_metadata(nb)  # the same id every time
    assert cell.outputs[0].data[execute_notebooks.WIDGET_VIEW]["model_id"] == model_id


@pytest.mark.slow  # executes notebooks
def test_execute_runs_a_notebook_in_place_and_keeps_a_failing_one(tmp_path, capsys):
    good = tmp_path / "01_good.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(round(0.1 + 0.2, 6))")]
    nbformat.write(nb, good)
    assert execute_notebooks.main([str(good)]) == 0
    cell = _read(good).cells[0]
    assert cell.execution_count == 1 and cell.outputs[0].text == "0.3\n"
    bad = tmp_path / "02_bad.ipynb"
    nb.cells = [nbformat.v4.new_code_cell("1 / 0")]
    nbformat.write(nb, bad)
    before = bad.read_text(encoding="utf-8")
    assert execute_notebooks.main([str(bad)]) == 1
    assert bad.read_text(encoding="utf-8") == before
    assert "ZeroDivisionError" in capsys.readouterr().err


def _copy_course(tmp_path):
    (tmp_path / "notebooks").mkdir()
    for name in ("README.md", "notebooks/00_start_here.ipynb"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    return tmp_path


def test_course_map_main_checks_then_rewrites_a_stale_map(tmp_path, monkeypatch, capsys):
    root = _copy_course(tmp_path)
    _write_notebook(root / "notebooks" / "99_extra.ipynb", "# 99 · Extra", "Is this new?")
    monkeypatch.setattr(course_map, "ROOT", root)
    assert course_map.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().out
    assert course_map.main([]) == 0
    assert "| [99 · Extra](notebooks/99_extra.ipynb) | Is this new? |" in (
        root / "README.md"
    ).read_text(encoding="utf-8")
    assert course_map.main(["--check"]) == 0


def test_course_map_needs_the_marker_cell_in_notebook_00(tmp_path):
    root = _copy_course(tmp_path)
    path = root / "notebooks" / "00_start_here.ipynb"
    nb = _read(path)
    nb.cells = [c for c in nb.cells if course_map.START not in c.source]
    nbformat.write(nb, path)
    with pytest.raises(ValueError, match="markers"):
        course_map.stale_files(root)
