"""Smoke test: every benchmark runs once at a tiny size. Nothing here measures speed."""

import json

import pytest

from benchmarks import __main__ as bench
from benchmarks import training_step


@pytest.mark.slow  # executes notebooks
def test_every_suite_runs_quick_and_writes_json(capsys):
    rows = bench.main(["--quick"])
    names = {r["name"] for r in rows}
    assert {
        "train step (tanh, CE, Adam)",
        "landscape slice float64",
        "notebook run time",
        "import course_utils (all modules)",
    } <= names
    assert all(r["value"] > 0 for r in rows)
    out = capsys.readouterr().out
    assert "benchmark" in out and "target" in out
    saved = json.loads(
        (bench.pathlib.Path(bench.__file__).parent / "results" / "quick.json").read_text()
    )
    assert len(saved) == len(rows)


def test_flop_count():
    # forward X W1 (2NDH) + A1 W2 (2NHC); backward A1^T dS (2NHC), dS W2^T (2NHC), X^T dZ1 (2NDH)
    assert training_step.flops_per_step(N=2, H=3) == 4 * 2 * 64 * 3 + 6 * 2 * 3 * 10


def test_unknown_suite_is_an_error():
    with pytest.raises(SystemExit):
        bench.main(["nope"])
