"""``python -m benchmarks [--quick] [names...]``: run the benchmarks, print one table and
write it as JSON to ``benchmarks/results/results.json`` (ignored by git)."""

import argparse
import json
import os
import pathlib
import platform

from . import browser, landscape_slice, notebooks, training_step

SUITES = {"training": training_step, "slice": landscape_slice, "notebooks": notebooks}
SUITES["browser"] = browser


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
    out = pathlib.Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / ("quick.json" if args.quick else "results.json")).write_text(json.dumps(rows, indent=1))
    return rows


if __name__ == "__main__":
    main()
