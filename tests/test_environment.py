"""The pinned environment: requirements.txt, environment.yml and binder/environment.yml agree,
the lock covers pyproject.toml, the running environment is the locked one, and the set-up
commands keep the Jupyter token on."""

import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from tools import sync_env

ROOT = Path(__file__).resolve().parent.parent
ENV_FILES = {"environment.yml": "-e .", "binder/environment.yml": "-e .."}


def _normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines):
    return {_normalize(n): v for n, v in (line.split("==", 1) for line in lines)}


@pytest.fixture(scope="module")
def lock():
    return sync_env.read_lock(ROOT / "requirements.txt")


def test_lock_header_says_how_and_for_which_python(lock):
    header = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()[:3]
    assert all(line.startswith("#") for line in header)
    assert "make lock" in " ".join(header)
    assert lock[0] == "3.11"


def test_lock_pins_every_package_exactly_once(lock):
    _, pins = lock
    names = [_normalize(pin.split("==")[0]) for pin in pins]
    assert len(names) == len(set(names)), "a package is pinned twice"
    assert "course-utils" not in names, "the course package itself must not be in the lock"


def test_lock_covers_runtime_and_dev_dependencies(lock):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    names = {_normalize(re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0]) for req in wanted}
    missing = names - set(_pins(lock[1]))
    assert not missing, f"not pinned in requirements.txt (run make lock): {sorted(missing)}"


@pytest.mark.parametrize("relpath", sorted(ENV_FILES))
def test_conda_files_agree_with_the_lock(lock, relpath):
    python, pins = lock
    env = yaml.safe_load((ROOT / relpath).read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    deps = env["dependencies"]
    assert f"python={python}" in deps and "pip" in deps
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict))
    assert pip_section[-1] == ENV_FILES[relpath]
    in_file, in_lock = _pins(pip_section[:-1]), _pins(pins)
    differ = {n: (in_file.get(n), in_lock.get(n)) for n in in_file.keys() | in_lock.keys()}
    differ = {n: v for n, v in differ.items() if v[0] != v[1]}
    assert not differ, f"{relpath} vs requirements.txt (run make lock): {differ}"


@pytest.mark.parametrize("relpath", sorted(ENV_FILES))
def test_conda_files_are_exactly_what_sync_env_writes(lock, relpath):
    text = sync_env.render(*lock, ENV_FILES[relpath])
    assert (ROOT / relpath).read_text(encoding="utf-8") == text


def test_running_environment_has_the_locked_versions(lock):
    wrong = {}
    for name, version in _pins(lock[1]).items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (installed, version)
    assert not wrong, f"installed vs locked (run make test to reinstall .venv): {wrong}"


def test_read_lock_rejects_unpinned_lines_and_a_missing_python(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_text("# for Python 3.11\nnumpy>=2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="exact pin"):
        sync_env.read_lock(path)
    path.write_text("# no version here\nnumpy==2.4.6\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Python"):
        sync_env.read_lock(path)


def test_ci_runs_make_test():
    script = ROOT / ".ci" / "run"
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text and re.search(r"^make test$", text, re.MULTILINE)
    assert script.stat().st_mode & 0o111, ".ci/run must be executable"


def test_makefile_has_the_documented_targets():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("lab", "test", "notebooks", "lint", "format", "lock", "clean", "distclean"):
        assert re.search(rf"^{target}:", text, re.MULTILINE), target


@pytest.mark.parametrize("relpath", ["Makefile", "README.md", "binder/environment.yml"])
def test_the_jupyter_token_is_never_disabled(relpath):
    path = ROOT / relpath
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    for switch in ("token=''", 'token=""', "token= ", "disable_check_xsrf", "password=''"):
        assert switch not in text, f"{relpath} disables Jupyter's authentication ({switch})"


def test_sync_env_main_writes_then_checks(tmp_path, monkeypatch, capsys):
    (tmp_path / "requirements.txt").write_text("# Python 3.11\nnumpy==2.4.6\n", encoding="utf-8")
    targets = {tmp_path / "environment.yml": "-e .", tmp_path / "binder" / "env.yml": "-e .."}
    monkeypatch.setattr(sync_env, "ROOT", tmp_path)
    monkeypatch.setattr(sync_env, "LOCK", tmp_path / "requirements.txt")
    monkeypatch.setattr(sync_env, "TARGETS", targets)
    assert sync_env.main(["--check"]) == 1
    assert sync_env.main([]) == 0
    assert sync_env.main(["--check"]) == 0
    assert "wrote binder/env.yml (1 pins, Python 3.11)" in capsys.readouterr().out
    text = (tmp_path / "binder" / "env.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["dependencies"][-1] == {"pip": ["numpy==2.4.6", "-e .."]}
