"""Links made from the course's public address: Binder, nbgitpuller and the website's launch links.

One place holds the address of the repository: ``repository`` under ``[tool.course]`` in
``pyproject.toml``, a GitHub URL such as ``https://github.com/OWNER/REPO``, or ``""`` while the
course has no public address yet. From it this script writes, between markers,

- the Binder badge in ``README.md`` (``<!-- binder:start -->`` ... ``<!-- binder:end -->``);
- the nbgitpuller link in ``INSTRUCTORS.md`` (``<!-- nbgitpuller:start -->`` ...
  ``<!-- nbgitpuller:end -->``);

and the website build (``tools/build_site.py``) takes its Binder launch links from
:func:`binder_url`. While the address is empty, both blocks say so plainly instead of showing a
link that leads nowhere.

Usage (``make map`` runs it)::

    python tools/links.py          # rewrite both blocks
    python tools/links.py --check  # exit 1 if either is out of date
"""

import argparse
import re
import sys
import tomllib
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_NOTEBOOK = "00_start_here.ipynb"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
_GITHUB_RE = re.compile(r"^https://github\.com/([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+)$")


def repository(root=None):
    """Return the course's public address from ``pyproject.toml``, or ``""`` if not set.

    The value is normalized to ``https://github.com/OWNER/REPO`` (no trailing slash or
    ``.git``).

    Raises
    ------
    ValueError
        If ``[tool.course] repository`` is missing, or is neither empty nor a GitHub URL.
    """
    path = Path(root or ROOT) / "pyproject.toml"
    config = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        value = config["tool"]["course"]["repository"]
    except KeyError:
        raise ValueError(f"{path.name}: no 'repository' under [tool.course]") from None
    url = str(value).strip().removesuffix("/").removesuffix(".git")
    if url and not _GITHUB_RE.match(url):
        raise ValueError(
            f"{path.name}: [tool.course] repository should be empty or "
            f"'https://github.com/OWNER/REPO', not {value!r}"
        )
    return url


def _owner_repo(repo):
    match = _GITHUB_RE.match(repo)
    if match is None:
        raise ValueError(f"repo should be 'https://github.com/OWNER/REPO', not {repo!r}")
    return match.groups()


def binder_url(repo, notebook=FIRST_NOTEBOOK):
    """Return the Binder address that opens ``notebooks/<notebook>`` of ``repo`` in JupyterLab."""
    owner, name = _owner_repo(repo)
    return f"https://mybinder.org/v2/gh/{owner}/{name}/HEAD?urlpath=lab/tree/notebooks/{notebook}"


def nbgitpuller_url(repo, hub="https://HUB.example.edu", branch="main"):
    """Return a JupyterHub link that clones ``repo`` with nbgitpuller and opens notebook 00."""
    _, name = _owner_repo(repo)
    query = urllib.parse.urlencode(
        {"repo": repo, "branch": branch, "urlpath": f"lab/tree/{name}/notebooks/{FIRST_NOTEBOOK}"}
    )
    return f"{hub}/hub/user-redirect/git-pull?{query}"


_SET_IT = "set `repository` under `[tool.course]` in `pyproject.toml`, then run `make map`"


def readme_block(repo):
    """The Markdown between the Binder markers of README.md."""
    if not repo:
        return (
            "*No Binder link yet: the course's public address is not set.*\n"
            f"<!-- Maintainers: {_SET_IT}. -->"
        )
    return f"[![Binder]({BINDER_BADGE})]({binder_url(repo)})"


def instructors_block(repo):
    """The Markdown between the nbgitpuller markers of INSTRUCTORS.md."""
    if not repo:
        example = nbgitpuller_url("https://github.com/OWNER/REPO")
        return (
            f"```\n{example}\n```\n\n"
            "The course's public address is not set yet, so this link holds placeholders: replace\n"
            "`HUB.example.edu` with your hub's address, and `OWNER` and `REPO` with the GitHub\n"
            "path of the repository your learners should get.\n"
            f"<!-- Maintainers: {_SET_IT}. -->"
        )
    link = nbgitpuller_url(repo)
    return f"```\n{link}\n```\n\nReplace `HUB.example.edu` with your hub's address."


BLOCKS = {
    "README.md": ("<!-- binder:start -->", "<!-- binder:end -->", readme_block),
    "INSTRUCTORS.md": ("<!-- nbgitpuller:start -->", "<!-- nbgitpuller:end -->", instructors_block),
}


def replace_between(text, start, end, body):
    """Return ``text`` with the part between the markers ``start`` and ``end`` set to ``body``."""
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"no {start} ... {end} block found")
    return pattern.sub(lambda _: f"{start}\n{body}\n{end}", text, count=1)


def stale_files(root=None, write=False):
    """Return the files whose generated links are out of date; rewrite them if ``write``."""
    root = Path(root or ROOT)
    repo = repository(root)
    stale = []
    for name, (start, end, block) in BLOCKS.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        try:
            new_text = replace_between(text, start, end, block(repo))
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from None
        if new_text != text:
            stale.append(path)
            if write:
                path.write_text(new_text, encoding="utf-8")
    return stale


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 if stale")
    args = parser.parse_args(argv)
    stale = stale_files(write=not args.check)
    for path in stale:
        verb = "links are out of date (run make map)" if args.check else "links updated"
        print(f"{path.name}: {verb}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
