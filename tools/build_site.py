"""Build the course website (``make site``): every lesson as a web page, in ``build/site/``.

Jupyter Book 1 (``requirements-site.txt``, run from ``.venv-site``) renders the notebooks of
``notebooks/`` with their committed outputs; nothing is executed. The steps:

1. **Stage** the book's sources in ``build/site-src/``: ``site/_config.yml`` (with the
   repository's address from ``pyproject.toml``), ``site/_static/``, a ``_toc.yml`` in course
   order (home, the lessons read from the folder, the glossary, the instructors' guide), the
   home page ``site/index.md`` with its course map and launch links filled in, a glossary page
   taken from notebook 00 (notation and the English-Chinese table), ``INSTRUCTORS.md`` with its
   links made into links between pages, and a copy of every notebook, prepared for the web
   (:func:`prepare_notebook`): launch links under the title, each widget's output replaced by
   a note saying where its slider is live, solutions and figure code collapsed, and display
   math that sits inside a numbered list kept inside its list item.
2. **Build** with ``jupyter-book build --warningiserror`` inside ``unshare -n`` (a network
   namespace with no network at all), so the build can neither warn nor reach the network;
   where ``unshare`` is not permitted, the build says so and runs without that isolation.
3. **Publish** to ``build/site/``: the HTML, MathJax 3 from ``site/node_modules`` (npm,
   ``site/package-lock.json``) in ``mathjax/``, and the original notebooks in ``notebooks/``
   for download. An existing ``build/site/lite/`` (the in-browser course, ``make lite``) is
   kept; the lesson pages link to it only when it is there.

Usage: ``python -m tools.build_site`` (``make site`` installs what it needs first).
"""

import argparse
import copy
import html
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools import course_map, links

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
STAGE = ROOT / "build" / "site-src"
OUT = ROOT / "build" / "site"
MATHJAX = SITE / "node_modules" / "mathjax" / "es5"
# What the site serves of MathJax: the TeX-to-HTML bundle, the TeX extensions it loads on
# demand (\boldsymbol, ...), its fonts, and what its menu's accessibility options load.
MATHJAX_FILES = ["tex-chtml.js", "input/tex/extensions", "output/chtml", "ui", "a11y", "sre"]
LITE = "lite"  # build/site/lite/, written by make lite
KEEP = {LITE}  # entries of build/site/ that this build leaves in place

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LIST_ITEM_RE = re.compile(r"^( {0,3})(?:\d{1,9}[.)]|[-*+])( +|$)")
PLACEHOLDER_RE = re.compile(r"\{\{ *([a-z_]+) *\}\}")


def log(message):
    print(f"site: {message}", flush=True)


# --- Launch links ---------------------------------------------------------------------------


class Links:
    """Where a lesson can be run: the in-browser version, Binder, and its download."""

    def __init__(self, repo, lite):
        self.repo, self.lite = repo, lite

    def lite_url(self, name):
        return f"{LITE}/lab/index.html?path={name}" if self.lite else ""

    def binder_url(self, name):
        return links.binder_url(self.repo, name) if self.repo else ""

    @staticmethod
    def download_url(name):
        return f"notebooks/{name}"

    def launch_bar(self, name):
        """HTML of the bar under a lesson's title."""
        items = []
        if self.lite:
            items.append((self.lite_url(name), "In your browser", "nothing to install", ""))
        if self.repo:
            items.append((self.binder_url(name), "On Binder", "a temporary JupyterLab", ""))
        download = self.download_url(name)
        items.append((download, "Download the notebook", "for your own JupyterLab", " download"))
        rows = "".join(
            f'<li><a href="{html.escape(url)}"{attribute}>{label}</a> '
            f'<span class="course-launch-hint">({hint})</span></li>'
            for url, label, hint, attribute in items
        )
        return (
            '<nav class="course-launch" aria-label="Run this lesson">'
            f'<span class="course-launch-label">Run this lesson</span><ul>{rows}</ul></nav>'
        )

    def widget_note(self, name):
        """HTML that stands in for a widget's output on the page."""
        where = []
        if self.lite:
            where.append(f'<a href="{html.escape(self.lite_url(name))}">in your browser</a>')
        if self.repo:
            where.append(f'on <a href="{html.escape(self.binder_url(name))}">Binder</a>')
        where.append("in JupyterLab on your own machine (<code>make lab</code>)")
        places = ", ".join(where[:-1]) + (" or " if len(where) > 1 else "") + where[-1]
        return (
            '<div class="course-widget-note"><p><strong>Interactive figure.</strong> '
            "When the notebook runs, this cell shows sliders that redraw the figure above, "
            "which is drawn here at their starting values. The sliders are live when you run "
            f"this lesson {places}.</p></div>"
        )


# --- Notebooks ------------------------------------------------------------------------------


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _next_nonblank(lines, start):
    return next((k for k in range(start, len(lines)) if lines[k].strip()), len(lines))


def indent_math_in_lists(text):
    """Return Markdown ``text`` with ``$$`` blocks that interrupt a list moved into the list.

    In a notebook, a display equation written at the start of a line between two items of a
    numbered list (``3. ...``, blank line, ``$$ ... $$``, blank line, ``4. ...``) shows inside
    the list, but a Markdown parser ends the list before it and starts a new one after it. The
    block is indented to the content of the item before it, so it stays in that item.
    """
    lines = text.split("\n")
    out, indent, previous_blank, i = [], None, True, 0
    while i < len(lines):
        line = lines[i]
        item = LIST_ITEM_RE.match(line)
        if item:
            indent = len(item.group(0)) if item.group(2) else len(item.group(0)) + 1
        elif indent is not None and line.startswith("$$"):
            if line.strip() != "$$" and line.rstrip().endswith("$$"):
                end = i  # $$ ... $$ on one line
            else:
                end = next((k for k in range(i + 1, len(lines)) if "$$" in lines[k]), None)
            after = _next_nonblank(lines, end + 1) if end is not None else len(lines)
            if end is not None and after < len(lines) and LIST_ITEM_RE.match(lines[after]):
                out.extend(" " * indent + x if x.strip() else x for x in lines[i : end + 1])
                i, previous_blank = end + 1, False
                continue
            indent = None
        elif line.strip() and not line.startswith(" ") and previous_blank:
            indent = None  # a paragraph after a blank line ends the list
        previous_blank = not line.strip()
        out.append(line)
        i += 1
    return "\n".join(out)


# Code (fenced or inline) and display math, left as they are; inline math $...$ (MyST's rule:
# no space just inside the dollars, no blank line within).
_MARKDOWN_TOKEN_RE = re.compile(
    r"```.*?```|~~~.*?~~~|`(?:[^`\n]|\n(?!\s*\n))*`|\$\$.*?\$\$"
    r"|(?<![\\$])\$(?=\S)(?:[^$\\]|\\.)+?(?<=\S)\$",
    re.S,
)
_SUMMARY_RE = re.compile(r"<summary>.*?</summary>", re.S)


def join_inline_math(text):
    r"""Return Markdown ``text`` with every inline formula ``$...$`` on one line.

    A formula that continues on a line starting with ``+`` or ``-`` (``$a\n   + b$``) reads
    as one formula in JupyterLab, but a Markdown parser takes that line for a list item and
    breaks the formula; inside a formula a line break is only a space, so it becomes one.
    """

    def join(match):
        token = match.group(0)
        if not token.startswith("$") or token.startswith("$$") or "\n" not in token:
            return token
        if re.search(r"\n\s*\n", token):
            return token  # a blank line: not a formula
        return re.sub(r"\s*\n\s*", " ", token)

    return _MARKDOWN_TOKEN_RE.sub(join, text)


def math_in_summaries(text):
    r"""Return ``text`` with ``$...$`` inside ``<summary>`` (raw HTML) made into MathJax math.

    Markdown leaves raw HTML as it is, so a formula in the title of a folded answer stays
    ``$x$``; it becomes ``<span class="math">\(x\)</span>``, which MathJax typesets.
    """

    def convert(match):
        return re.sub(
            r"(?<![\\$])\$(?=\S)((?:[^$\\]|\\.)+?)(?<=\S)\$",
            lambda m: (
                '<span class="math notranslate nohighlight">\\('
                + html.escape(m.group(1), quote=False)
                + "\\)</span>"
            ),
            match.group(0),
        )

    return _SUMMARY_RE.sub(convert, text)


def prepare_notebook(nb, name, site_links):
    """Return a copy of notebook ``nb`` (a dict, nbformat 4) prepared for its web page.

    - the launch bar (in-browser version, Binder, download) goes under the title cell;
    - an output that shows a widget becomes a note saying where its sliders are live (the
      static figure before it stays);
    - solution cells (tag ``solution``) are collapsed behind "Show solution", and code cells
      collapsed in JupyterLab (``source_hidden``, tag ``hide-input``) behind "Show code";
    - display math that interrupts a numbered list is moved into the list item, inline math
      is kept on one line, and math in the title of a folded answer is typeset.
    """
    nb = copy.deepcopy(nb)
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb["cells"]:
        metadata = cell.setdefault("metadata", {})
        tags = metadata.setdefault("tags", [])
        if cell["cell_type"] == "markdown":
            text = indent_math_in_lists(join_inline_math(_source(cell)))
            cell["source"] = math_in_summaries(text)
            continue
        if cell["cell_type"] != "code":
            continue
        if "solution" in tags:
            metadata["tags"] = [t for t in tags if t not in ("hide-input", "hide-output")]
            metadata["tags"].append("hide-cell")
            metadata["mystnb"] = {
                "code_prompt_show": "Show solution",
                "code_prompt_hide": "Hide solution",
            }
        elif metadata.get("jupyter", {}).get("source_hidden") and "hide-input" not in tags:
            tags.append("hide-input")
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                output["output_type"] = "display_data"
                output["data"] = {
                    "text/html": site_links.widget_note(name),
                    "text/plain": "Interactive figure: sliders, live when the notebook runs.",
                }
                output["metadata"] = {}
                output.pop("execution_count", None)
    bar = {"cell_type": "markdown", "metadata": {}, "source": site_links.launch_bar(name)}
    if any("id" in cell for cell in nb["cells"]):
        bar["id"] = "course-launch-links"
    nb["cells"].insert(1, bar)
    return nb


# --- Pages made from other files ------------------------------------------------------------


def _section(markdown_cells, heading):
    """The Markdown of the section that starts with ``## <heading>``, up to the next ``## ``."""
    text = "\n\n".join(markdown_cells)
    match = re.search(rf"^## {re.escape(heading)}.*?(?=^## |\Z)", text, re.M | re.S)
    if match is None:
        raise ValueError(f"{course_map.START_HERE.name}: no '## {heading}' section")
    return match.group(0).strip()


def glossary_page(notebook_00, names):
    """The glossary page: the notation and the glossary sections of notebook 00.

    In the glossary's tables, the notebook numbers become links to the lessons.
    """
    cells = [_source(c) for c in notebook_00["cells"] if c["cell_type"] == "markdown"]
    by_number = {name[:2]: name for name in names}

    def link_numbers(match):
        numbers = [n.strip() for n in match.group(1).split(",")]
        if not all(n in by_number for n in numbers):
            return match.group(0)
        return "| " + ", ".join(f"[{n}]({by_number[n]})" for n in numbers) + " |"

    numbers = re.compile(r"\| (\d\d(?:, \d\d)*) \|$", re.M)
    glossary = numbers.sub(link_numbers, _section(cells, "Glossary"))
    notation = _section(cells, "Notation")
    first = names[0]
    return (
        "# Glossary and notation\n\n"
        f"The notation and the glossary of [{first[:2]} · Start here]({first}), on one page "
        "to keep open beside any lesson.\n\n"
        f"{notation}\n\n{glossary}\n"
    )


def instructors_page(text, repo, names):
    """INSTRUCTORS.md as a page: links to notebooks and to the README point to pages."""
    names = set(names)

    def relink(match):
        label, target = match.group(1), match.group(2)
        path = target.split("#")[0]
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            return match.group(0)
        if Path(path).name in names:
            return f"[{label}]({Path(path).name})"
        if path == "README.md":
            return f"[{label}](index.md)"
        if repo:
            return f"[{label}]({repo}/blob/main/{target})"
        return label

    return re.sub(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)", relink, text)


IN_BROWSER_CAVEATS = (
    "The first visit downloads Python and the course's packages, tens of megabytes, once; "
    "the versions are those that run in a browser (Python 3.12, NumPy 2.0, Matplotlib 3.8), "
    "not the pinned ones, the code runs more slowly than on your machine, and your changes "
    "are saved only in the browser's own storage: download a notebook to keep it."
)


def home_page(template, entries, site_links, in_browser):
    """The home page: ``site/index.md`` with its ``{{ placeholders }}`` filled in."""
    rows = ["| Lesson | The question it answers |", "| --- | --- |"]
    rows += [f"| [{n} · {t}]({name}) | {q} |" for name, n, t, q in entries]
    first = entries[0][0]
    repo = site_links.repo
    if site_links.lite:
        url = site_links.lite_url(first)
        browser = (
            f'**In your browser, with nothing to install**: <a href="{html.escape(url)}">open '
            "the course in JupyterLite</a>, a JupyterLab that runs Python in the web page "
            "itself. " + (in_browser or IN_BROWSER_CAVEATS)
        )
    else:
        browser = ""
    values = {
        "course_map": "\n".join(rows),
        "in_browser": browser,
        "binder": (
            f": [open the course on Binder]({site_links.binder_url(first)})."
            if repo
            else " (no link yet: the course's public address is not set)."
        ),
        "clone": f" (`git clone {repo}`)" if repo else "",
    }

    def fill(match):
        if match.group(1) not in values:
            raise ValueError(f"site/index.md: unknown placeholder {match.group(0)}")
        return values[match.group(1)]

    return PLACEHOLDER_RE.sub(fill, template)


def readme_in_browser_paragraph(readme):
    """The README's paragraph on the in-browser version, if it marks one, else ``""``."""
    match = re.search(r"<!-- in-browser:start -->\n(.*?)\n<!-- in-browser:end -->", readme, re.S)
    return match.group(1).strip() if match else ""


# --- The build ------------------------------------------------------------------------------


def stage(stage_dir, repo, lite):
    """Write the book's sources to ``stage_dir``; return the lesson file names."""
    import yaml  # in .venv-site (and .venv), imported here so --help works anywhere

    site_links = Links(repo, lite)
    if stage_dir.exists():
        shutil.rmtree(stage_dir)
    stage_dir.mkdir(parents=True)
    shutil.copytree(SITE / "_static", stage_dir / "_static")

    config = yaml.safe_load((SITE / "_config.yml").read_text(encoding="utf-8"))
    config["repository"]["url"] = repo
    config["html"]["use_repository_button"] = bool(repo)
    (stage_dir / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")

    entries = course_map.course_entries(ROOT / "notebooks")
    names = [name for name, *_ in entries]
    for name in names:
        nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
        page = prepare_notebook(nb, name, site_links)
        (stage_dir / name).write_text(json.dumps(page, ensure_ascii=False, indent=1), "utf-8")

    nb00 = json.loads((ROOT / "notebooks" / names[0]).read_text(encoding="utf-8"))
    (stage_dir / "glossary.md").write_text(glossary_page(nb00, names), "utf-8")
    instructors = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")
    (stage_dir / "instructors.md").write_text(instructors_page(instructors, repo, names), "utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    template = (SITE / "index.md").read_text(encoding="utf-8")
    home = home_page(template, entries, site_links, readme_in_browser_paragraph(readme))
    (stage_dir / "index.md").write_text(home, "utf-8")

    toc = {
        "format": "jb-book",
        "root": "index",
        "parts": [
            {"caption": "Lessons", "chapters": [{"file": Path(n).stem} for n in names]},
            {"caption": "Reference", "chapters": [{"file": "glossary"}, {"file": "instructors"}]},
        ],
    }
    (stage_dir / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), "utf-8")
    return names


def network_isolation():
    """The command prefix that runs a command without network, or [] where not permitted."""
    unshare = shutil.which("unshare")
    if unshare is None:
        log("unshare not found: building WITHOUT network isolation")
        return []
    # As root, a new network namespace; otherwise inside a user namespace of one's own.
    for flags in (["-n"], ["--map-root-user", "-n"]):
        probe = subprocess.run([unshare, *flags, "true"], capture_output=True, text=True)
        if probe.returncode == 0:
            return [unshare, *flags, "--"]
    reason = probe.stderr.strip() or f"exit code {probe.returncode}"
    log(f"unshare -n is not permitted here ({reason}): building WITHOUT network isolation")
    return []


def build_book(stage_dir, isolate=True):
    """Run Jupyter Book on ``stage_dir``, warnings as errors; return the HTML folder."""
    book = Path(sys.executable).parent / "jupyter-book"
    if not book.exists():
        raise SystemExit(f"site: {book} not found: run make site (it installs .venv-site)")
    prefix = network_isolation() if isolate else []
    command = [*prefix, str(book), "build", str(stage_dir), "--builder", "html"]
    command += ["--warningiserror", "--keep-going", "--quiet"]
    if prefix:
        how = " ".join(["unshare", *prefix[1:-1]])
        log(f"building with Jupyter Book, without network ({how}), warnings as errors")
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"site: Jupyter Book failed (exit code {result.returncode}): see above")
    return stage_dir / "_build" / "html"


def publish(html_dir, out, names):
    """Copy the HTML, MathJax and the notebooks to ``out``, keeping ``out/lite``."""
    if not (MATHJAX / MATHJAX_FILES[0]).exists():
        raise SystemExit(f"site: {MATHJAX} not found: run make site (it runs npm ci in site/)")
    out.mkdir(parents=True, exist_ok=True)
    for entry in out.iterdir():
        if entry.name not in KEEP:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    shutil.copytree(html_dir, out, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".buildinfo"))
    for part in MATHJAX_FILES:
        source, target = MATHJAX / part, out / "mathjax" / part
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    shutil.copy2(MATHJAX.parent / "LICENSE", out / "mathjax" / "LICENSE")
    (out / "notebooks").mkdir()
    for name in names:
        shutil.copy2(ROOT / "notebooks" / name, out / "notebooks" / name)
    (out / ".nojekyll").write_text("")  # GitHub Pages: serve _static/ as it is


def _size(path):
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (build/site)")
    parser.add_argument(
        "--no-isolation", action="store_true", help="do not run the build in unshare -n"
    )
    args = parser.parse_args(argv)
    start = time.monotonic()
    repo = links.repository()
    lite = (args.out / LITE / "lab" / "index.html").exists()
    if not repo:
        log(
            "Binder links are left out: the course's public address is not set "
            "([tool.course] repository in pyproject.toml)"
        )
    if not lite:
        log(f"no in-browser version in {args.out / LITE} (make lite): its links are left out")
    names = stage(STAGE, repo, lite)
    html_dir = build_book(STAGE, isolate=not args.no_isolation)
    publish(html_dir, args.out, names)
    size = (_size(args.out) - _size(args.out / LITE)) / 1e6
    pages = len(list(args.out.glob("*.html")))
    log(
        f"{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}/ written: "
        f"{pages} pages, {size:.1f} MB without lite/, in {time.monotonic() - start:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
