"""The links made from the course's public address (tools/links.py): one place holds it, and
the README's Binder badge and the nbgitpuller link of INSTRUCTORS.md are kept in sync with it."""

import shutil
from pathlib import Path

import pytest

from tools import links

ROOT = Path(__file__).resolve().parent.parent
REPO = "https://github.com/someone/how-nets-learn"


def _copy_repo(tmp_path, repository):
    for name in ("README.md", "INSTRUCTORS.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "pyproject.toml").write_text(f'[tool.course]\nrepository = "{repository}"\n')
    return tmp_path


def test_readme_and_instructors_links_are_up_to_date():
    stale = links.stale_files(ROOT, write=False)
    assert not stale, f"out of date: {[p.name for p in stale]}; run make map"


def test_the_address_is_read_from_pyproject_and_normalized(tmp_path):
    assert links.repository(_copy_repo(tmp_path, "")) == ""
    assert links.repository(_copy_repo(tmp_path, REPO + ".git")) == REPO
    assert links.repository(_copy_repo(tmp_path, REPO + "/")) == REPO


@pytest.mark.parametrize("value", ["github.com/a/b", "https://gitlab.com/a/b", "https://x"])
def test_an_address_that_is_not_a_github_repository_is_refused(tmp_path, value):
    with pytest.raises(ValueError, match="repository should be empty or"):
        links.repository(_copy_repo(tmp_path, value))


def test_a_missing_address_is_named(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.other]\n")
    with pytest.raises(ValueError, match=r"no 'repository' under \[tool.course\]"):
        links.repository(tmp_path)


def test_binder_and_nbgitpuller_urls():
    assert links.binder_url(REPO, "07_momentum.ipynb") == (
        "https://mybinder.org/v2/gh/someone/how-nets-learn/HEAD"
        "?urlpath=lab/tree/notebooks/07_momentum.ipynb"
    )
    assert links.nbgitpuller_url("https://github.com/OWNER/REPO") == (
        "https://HUB.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com"
        "%2FOWNER%2FREPO&branch=main&urlpath=lab%2Ftree%2FREPO%2Fnotebooks%2F00_start_here.ipynb"
    )
    with pytest.raises(ValueError, match="OWNER/REPO"):
        links.binder_url("")


def test_without_an_address_the_files_say_so_plainly():
    assert "not set" in links.readme_block("")
    assert "mybinder.org/v2" not in links.readme_block("")
    assert "not set yet" in links.instructors_block("")


def test_setting_the_address_writes_the_badge_and_the_hub_link(tmp_path, monkeypatch, capsys):
    root = _copy_repo(tmp_path, REPO)
    monkeypatch.setattr(links, "ROOT", root)
    assert links.main(["--check"]) == 1
    assert "run make map" in capsys.readouterr().out
    assert links.main([]) == 0
    assert links.main(["--check"]) == 0
    readme = (root / "README.md").read_text()
    assert f"[![Binder]({links.BINDER_BADGE})]({links.binder_url(REPO)})" in readme
    assert "No Binder link yet" not in readme
    instructors = (root / "INSTRUCTORS.md").read_text()
    assert links.nbgitpuller_url(REPO) in instructors
    assert "OWNER" not in instructors


def test_a_file_without_markers_is_named(tmp_path):
    root = _copy_repo(tmp_path, REPO)
    (root / "INSTRUCTORS.md").write_text("# no markers\n")
    with pytest.raises(ValueError, match="INSTRUCTORS.md: no <!-- nbgitpuller:start -->"):
        links.stale_files(root)
