"""Re-execute course notebooks in place, so their stored outputs are the reference for nbval.

Each notebook runs top to bottom in a fresh kernel of *this* Python environment (not whatever
kernel named "python3" happens to be registered on the machine), with the working directory
set to the notebook's folder. Then the volatile parts are dropped so diffs stay small:

- ``metadata.widgets`` (the saved widget state: large, and new ids on every run), and the
  random model ids of widget views, replaced by ids derived from the cell id (without the
  state they refer to nothing, and random ones would change on every run);
- per-cell execution timings and the interpreter's patch version in ``language_info``.

A notebook that raises an error is reported and left unchanged on disk.

Run it through ``make notebooks`` (all) or ``make notebooks NB=04`` (one), which also fixes
the environment the kernel inherits (``PYTHONHASHSEED=0``, one BLAS thread, the inline
Matplotlib backend) exactly as ``make test`` does for nbval. A notebook may be named by path,
by file name, or by its two-digit number.
"""

import argparse
import hashlib
import sys
import time
from pathlib import Path

import ipykernel.kernelspec
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNEL_NAME = "python3"
KERNELSPEC = {"name": KERNEL_NAME, "display_name": "Python 3 (ipykernel)", "language": "python"}
CELL_TIMEOUT = 600  # seconds
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class _ThisEnvironment(KernelSpecManager):
    """Always hand out the ipykernel of the running interpreter."""

    def get_kernel_spec(self, kernel_name):
        return self.kernel_spec_class(
            resource_dir=ipykernel.kernelspec.RESOURCES, **ipykernel.kernelspec.get_kernel_dict()
        )


def resolve(names):
    """Return notebook paths for names given as paths, file names or two-digit numbers."""
    if not names:
        return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    paths = []
    for name in names:
        candidates = [Path(name), NOTEBOOKS / name]
        if name.isdigit():
            candidates += sorted(NOTEBOOKS.glob(f"{name}_*.ipynb"))
        found = next((p for p in candidates if p.is_file() and p.suffix == ".ipynb"), None)
        if found is None:
            raise SystemExit(f"no notebook matches {name!r} (try a path, a file name or 04)")
        paths.append(found.resolve())
    return paths


def clean_metadata(nb):
    """Drop widget state and volatile metadata from ``nb`` (in place) and return it."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    language = nb.metadata.get("language_info", {})
    language.pop("version", None)
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        for k, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is not None:
                key = f"{cell.get('id', index)}:{k}".encode()
                view["model_id"] = hashlib.md5(key, usedforsecurity=False).hexdigest()
    return nb


def execute(path):
    """Execute one notebook in place; return True on success."""
    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=_ThisEnvironment())
    client = NotebookClient(
        nb,
        km=km,
        timeout=CELL_TIMEOUT,
        allow_errors=False,
        record_timing=False,
        store_widget_state=True,  # needed to route Output-widget messages; dropped below
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute(cleanup_kc=True)  # shut the kernel down: we passed our own km
    except CellExecutionError as exc:
        print(f"FAILED {path.name}: notebook left unchanged\n{exc}", file=sys.stderr)
        return False
    clean_metadata(nb)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="paths, file names or numbers (default all)")
    args = parser.parse_args(argv)
    failed = []
    for path in resolve(args.notebooks):
        start = time.perf_counter()
        ok = execute(path)
        print(f"{'ok' if ok else 'FAILED':6} {path.name} ({time.perf_counter() - start:.1f} s)")
        if not ok:
            failed.append(path.name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
