"""Write the conda environment files from the pip lock file ``requirements.txt``.

``requirements.txt`` is the single source of truth (made by ``make lock``). This script
derives from it, with the same packages at the same versions:

- ``environment.yml`` for ``conda env create -f environment.yml`` (installs ``-e .``);
- ``binder/environment.yml`` for Binder (repo2docker reads only ``binder/`` when that folder
  exists, and pip paths there are relative to the file, hence ``-e ..``).

Only the standard library is used, so it runs with any Python 3.

Usage::

    python tools/sync_env.py          # rewrite both files
    python tools/sync_env.py --check  # exit 1 if either differs from what it would write
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.txt"
TARGETS = {ROOT / "environment.yml": "-e .", ROOT / "binder" / "environment.yml": "-e .."}
ENV_NAME = "how-nets-learn"
PIN_RE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")
PYTHON_RE = re.compile(r"^#.*\bPython (\d+\.\d+)\b")


def read_lock(path=None):
    """Return ``(python_version, pins)`` from the lock file.

    ``pins`` is the list of ``name==version`` lines in file order; the Python version
    ("3.11") comes from the header comment.

    Raises
    ------
    ValueError
        If a line is not an exact pin or the header names no Python version.
    """
    path = Path(path or LOCK)
    python, pins = None, []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("#"):
            match = PYTHON_RE.match(line)
            python = python or (match.group(1) if match else None)
        elif line:
            if not PIN_RE.match(line):
                raise ValueError(f"{path}:{number}: not an exact pin 'name==version': {line!r}")
            pins.append(line)
    if python is None:
        raise ValueError(f"{path}: the header must say which Python it was made for")
    return python, pins


def render(python, pins, editable):
    """Return the text of a conda environment file for the given pins."""
    lines = [
        "# Generated from requirements.txt by tools/sync_env.py (run by `make lock`).",
        "# Do not edit by hand: change pyproject.toml, then run `make lock`.",
        f"name: {ENV_NAME}",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={python}",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {pin}" for pin in pins]
    lines.append(f"      - {editable}")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    args = parser.parse_args(argv)
    python, pins = read_lock()
    stale = False
    for path, editable in TARGETS.items():
        text = render(python, pins, editable)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale = True
        if args.check:
            print(f"{path.relative_to(ROOT)} is out of date (run: python tools/sync_env.py)")
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)} ({len(pins)} pins, Python {python})")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
