"""``python -m benchmarks [--quick] [names...]``: run the benchmarks, print one table and
write it as JSON to ``benchmarks/results/results.json`` (ignored by git)."""

import argparse
import json
import os
import pathlib
import platform

from . import browser, landscape_slice, lite, notebooks, training_step

SUITES = {"training": training_step, "slice": landscape_slice, "notebooks": notebooks}
SUITES["browser"] = browser
SUITES["lite"] = lite


def format_table(rows):
    lines = [f"{'benchmark':<46} {'size':<26} {'value':>10} {'unit':<8} {'target':<24} met"]
    lines.append("-" * len(lines[0]))
    for r in rows:
        met = {True: "yes", False: "NO", None: ""}[r["met"]]
        lines.append(
            f"{r['name']:<46} {r['size']:<26} {r['value']:>10.3g} {r['unit']:<8} "
            f"{r['target']:<24} {met}"
        )
    return "\n".join(lines)


# Rows of JupyterLab (suite browser) and of the in-browser course (suite lite) side by side.
SIDE_BY_SIDE = (
    ("open + Run All (s)", "browser: open + Run All", "lite: open + Run All"),
    (
        "median to new image (ms)",
        "browser: key to new image, median",
        "lite: click to new image, median",
    ),
)


def side_by_side(rows):
    """JupyterLab against the in-browser version, one line per notebook or dashboard; "" when
    the two suites did not both run."""
    lines = []
    for what, lab_name, lite_name in SIDE_BY_SIDE:
        lab = {r["size"]: r["value"] for r in rows if r["name"] == lab_name}
        lite_ = {r["size"]: r["value"] for r in rows if r["name"] == lite_name}
        if not lab or not lite_:
            continue
        lines.append(f"{what:<34} {'JupyterLab':>10} {'in browser':>10} {'ratio':>6}")
        for size in sorted(set(lab) | set(lite_)):
            a, b = lab.get(size), lite_.get(size)
            cells = [f"{v:>10.3g}" if v is not None else f"{'-':>10}" for v in (a, b)]
            ratio = f"{b / a:>6.1f}" if a and b else f"{'':>6}"
            lines.append(f"{size:<34} {cells[0]} {cells[1]} {ratio}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "suites",
        nargs="*",
        help=f"which to run (default: all of {', '.join(SUITES)})",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.suites) - set(SUITES))
    if unknown:
        parser.error(f"unknown suite {unknown[0]!r}; choose from {', '.join(SUITES)}")
    rows = []
    for name in args.suites or SUITES:
        rows += SUITES[name].run(quick=args.quick)
    print(
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(format_table(rows))
    comparison = side_by_side(rows)
    if comparison:
        print("\nJupyterLab (ipykernel) against the in-browser course (JupyterLite, Pyodide)")
        print(comparison)
    out = pathlib.Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / ("quick.json" if args.quick else "results.json")).write_text(json.dumps(rows, indent=1))
    return rows


if __name__ == "__main__":
    main()
