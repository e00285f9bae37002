"""The package's own promises: every module is listed, nothing happens on import."""

import importlib
import pathlib
import pkgutil
import subprocess
import sys

import course_utils

PACKAGE = pathlib.Path(course_utils.__file__).parent
MODULES = sorted(
    m.name for m in pkgutil.walk_packages(course_utils.__path__, "course_utils.") if not m.ispkg
)


def test_all_lists_every_layer_and_top_module():
    modules = {p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("_")}
    modules |= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert sorted(course_utils.__all__) == sorted(modules)


def test_every_layer_lists_its_modules():
    for layer in ("geometry", "nn", "optim", "viz"):  # data and checks hand on functions
        package = importlib.import_module(f"course_utils.{layer}")
        found = {m.name for m in pkgutil.iter_modules(package.__path__) if m.name[0] != "_"}
        assert sorted(package.__all__) == sorted(found), layer


def test_every_module_has_an_explicit_all():
    for name in MODULES:
        if name.rsplit(".", 1)[1].startswith("_"):
            continue
        module = importlib.import_module(name)
        assert isinstance(module.__all__, (list, tuple)) and module.__all__, name
        for item in module.__all__:
            assert hasattr(module, item), f"{name}.__all__ names a missing {item!r}"


def test_import_changes_nothing():
    code = (
        "import sys, importlib, matplotlib as mpl; before = dict(mpl.rcParams); "
        "import numpy as np; state = np.random.get_state()[1][:5].tolist(); "
        f"[importlib.import_module(m) for m in {MODULES!r}]; "
        "assert dict(mpl.rcParams) == before, 'rcParams changed on import'; "
        "assert np.random.get_state()[1][:5].tolist() == state, 'global RNG touched'; "
        "import matplotlib.pyplot; print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
