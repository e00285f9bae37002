"""The checks of the in-browser course's build (tools/build_lite.py), on small made-up inputs:
the closure of a lock, the sha256 check of every wheel taken from the carrier package, and
the wheels the build writes itself. The built site is tested in tests/lite."""

import hashlib
import json
import zipfile

import pytest

from tools import build_lite


def _lock(**files):
    """A lock in the official shape: {name: (bytes, depends)}."""
    packages = {
        name: {
            "name": name,
            "version": "1.0",
            "file_name": f"{name.replace('-', '_')}-1.0-py3-none-any.whl",
            "sha256": hashlib.sha256(data).hexdigest(),
            "depends": depends,
            "imports": [name],
            "install_dir": "site",
            "package_type": "package",
            "unvendored_tests": False,
        }
        for name, (data, depends) in files.items()
    }
    return {"info": {"version": "0.27.7"}, "packages": packages}


def _carrier(path, lock, override=None):
    with zipfile.ZipFile(path, "w") as archive:
        for name, entry in lock["packages"].items():
            data = (override or {}).get(name, f"bytes of {name}".encode())
            archive.writestr(build_lite.CARRIER_DIR + entry["file_name"], data)
    return path


@pytest.fixture
def lock():
    return _lock(
        **{
            "numpy": (b"bytes of numpy", []),
            "matplotlib": (b"bytes of matplotlib", ["numpy", "prompt_toolkit"]),
            "prompt-toolkit": (b"bytes of prompt-toolkit", []),
            "scipy": (b"bytes of scipy", ["numpy"]),
        }
    )


def test_closure_follows_depends_with_normalized_names(lock):
    assert build_lite.closure(lock, ["matplotlib"]) == ["matplotlib", "numpy", "prompt-toolkit"]
    with pytest.raises(build_lite.BuildError, match="'pandas' is not in the Pyodide"):
        build_lite.closure(lock, ["pandas"])


def test_verified_files_accepts_the_official_bytes(lock, tmp_path):
    carrier = _carrier(tmp_path / "carrier.whl", lock)
    files = build_lite.verified_files(lock, ["numpy", "matplotlib"], carrier)
    assert files == {
        "numpy-1.0-py3-none-any.whl": b"bytes of numpy",
        "matplotlib-1.0-py3-none-any.whl": b"bytes of matplotlib",
    }


def test_verified_files_refuses_a_tampered_file_naming_it(lock, tmp_path):
    carrier = _carrier(tmp_path / "carrier.whl", lock, {"matplotlib": b"bytes of matplotlib!"})
    with pytest.raises(build_lite.BuildError, match=r"matplotlib-1\.0-py3-none-any\.whl: sha256"):
        build_lite.verified_files(lock, ["numpy", "matplotlib"], carrier)


def test_verified_files_refuses_a_missing_file(lock, tmp_path):
    carrier = tmp_path / "carrier.whl"
    with zipfile.ZipFile(carrier, "w") as archive:
        archive.writestr("other.txt", b"")
    with pytest.raises(build_lite.BuildError, match="numpy-1.0-py3-none-any.whl: not in"):
        build_lite.verified_files(lock, ["numpy"], carrier)


def test_pinned_reads_a_requirements_file(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_text("# a comment\ncomm==0.2.3\nipywidgets==8.1.9\n")
    assert build_lite.pinned("comm", path) == "0.2.3"
    assert build_lite.pinned("IPyWidgets", path) == "8.1.9"
    with pytest.raises(build_lite.BuildError, match="numpy is not pinned"):
        build_lite.pinned("numpy", path)


def test_write_wheel_gives_a_wheel_with_its_record(tmp_path):
    path = build_lite.write_wheel(tmp_path, "demo_pkg", "1.2", {"demo/a.json": b"{}"}, "demo")
    assert path.name == "demo_pkg-1.2-py3-none-any.whl"
    assert build_lite.wheel_metadata(path) == ("demo_pkg", "1.2")
    with zipfile.ZipFile(path) as archive:
        record = archive.read("demo_pkg-1.2.dist-info/RECORD").decode()
        assert archive.read("demo/a.json") == b"{}"
    assert "demo/a.json,sha256=" in record
    entry = build_lite.lock_entry(path, "demo-pkg", [], ["numpy"])
    assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert entry["file_name"] == path.name and entry["depends"] == ["numpy"]
    assert json.dumps(entry)  # serializable as the lock is
