"""The course website (``make site``) as a learner reads it, in headless Chromium.

Every page is loaded from a server on 127.0.0.1 with every request to any other address
blocked: nothing may be blocked or fail, formulas are typeset (no ``$$`` or ``\\(`` left in
the text), every image is loaded, every link inside the site resolves (anchors included),
and on a lesson page the collapsed solutions, figure code and answers open on click. The
lesson pages come in course order, each with its launch links; search finds a lesson; no
page is wider than a phone's screen.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tools import course_map

ROOT = Path(__file__).resolve().parent.parent.parent
LESSONS = [p.name for p in course_map.notebook_paths(ROOT / "notebooks")]
LESSON_PAGES = {Path(n).with_suffix(".html").name: ROOT / "notebooks" / n for n in LESSONS}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Text outside code that MathJax should have turned into formulas.
RAW_MATH_RE = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|\$[^$\s](?:[^$]*[^$\s])?\$")
_TEXT_JS = """() => {
  const skip = 'pre, code, script, style, textarea, mjx-container, .highlight';
  const root = document.querySelector('main') || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement.closest(skip)) parts.push(node.textContent);
  }
  return parts.join(' ');
}"""
_BROKEN_IMAGES_JS = """() => Array.from(document.images)
  .filter((img) => !(img.complete && img.naturalWidth > 0))
  .map((img) => img.getAttribute('src'))"""
_OUTPUTS_JS = """() => Array.from(document.querySelectorAll('.cell_output'),
  (o) => o.textContent).join(' ')"""
_LINKS_JS = "() => Array.from(document.querySelectorAll('a[href]'), (a) => a.href)"
# At a phone's width: the page must not scroll sideways, and no figure may leave the screen.
_TOO_WIDE_JS = """() => {
  const problems = [];
  const width = document.documentElement.scrollWidth;
  if (width > innerWidth) problems.push(`the page is ${width} px wide for ${innerWidth} px`);
  for (const img of document.querySelectorAll('article img'))
    if (img.getBoundingClientRect().right > innerWidth + 1)
      problems.push(`a figure leaves the screen: ${img.getAttribute('src')}`);
  return problems;
}"""
_MATHJAX_JS = """async () => {
  if (!document.querySelector('script[src*="mathjax"]')) return 'no math';
  for (let i = 0; i < 200 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  await MathJax.startup.promise;
  return document.querySelectorAll('mjx-container').length;
}"""


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


_anchor_cache = {}


def anchors(path):
    """The ids (and names) of the elements of an HTML file."""
    if path not in _anchor_cache:
        parser = _Anchors()
        parser.feed(path.read_text(encoding="utf-8"))
        _anchor_cache[path] = parser.ids
    return _anchor_cache[path]


def broken_link(href, site_url, site_dir):
    """Why ``href`` does not resolve inside the site, or None (links elsewhere: None)."""
    if not href.startswith(site_url):
        return None
    parts = urlsplit(href)
    path = site_dir / unquote(parts.path[len(urlsplit(site_url).path) :])
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return f"{href}: no such file"
    if parts.fragment and path.suffix == ".html" and unquote(parts.fragment) not in anchors(path):
        return f"{href}: no element with id {parts.fragment!r}"
    query = dict(q.split("=", 1) for q in parts.query.split("&") if "=" in q)
    if "path" in query and path.parent.name == "lab":  # the in-browser version
        if not (path.parent.parent / "files" / unquote(query["path"])).is_file():
            return f"{href}: the in-browser version has no {query['path']}"
    return None


def open_page(page, traffic, url):
    page.goto(url, wait_until="load")
    page.evaluate(_MATHJAX_JS)
    return traffic.problems()


def test_every_page_loads_whole_from_the_site(page_name, browser_page, site_url, site_dir):
    """One load per page: what it requests, shows and links to, on a desktop and a phone."""
    page, traffic = browser_page
    page.set_viewport_size(DESKTOP)
    problems = open_page(page, traffic, site_url + page_name)
    problems += [f"image not loaded: {src}" for src in page.evaluate(_BROKEN_IMAGES_JS)]
    text = page.evaluate(_TEXT_JS)
    problems += [f"formula not typeset: {m!r}" for m in RAW_MATH_RE.findall(text)]
    outputs = page.evaluate(_OUTPUTS_JS)
    for pattern in ("VBox(children", "HBox(children", WIDGET_VIEW, "Loading widget"):
        if pattern in outputs:
            problems.append(f"a widget output shown as text ({pattern})")
    for href in sorted(set(page.evaluate(_LINKS_JS))):
        problem = broken_link(href, site_url, site_dir)
        if problem:
            problems.append(f"broken link {problem}")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(100)  # layout
    problems += [f"on a phone: {p}" for p in page.evaluate(_TOO_WIDE_JS)]
    page.set_viewport_size(DESKTOP)
    if page_name in LESSON_PAGES:
        problems += collapsed_cell_problems(page, LESSON_PAGES[page_name])
    problems += traffic.problems()
    assert not problems, f"{page_name}:\n" + "\n".join(problems)


# Each collapsed part of a lesson page: closed, its label, and whether its code shows.
_COLLAPSED_JS = """() => Array.from(
  document.querySelectorAll('.cell.tag_solution > details, .cell.tag_hide-input > details, '
    + 'article details:not(.hide)'),
  (d) => {
    const code = d.querySelector('.cell_input');
    return {
      kind: d.matches('.tag_solution > details') ? 'solution'
        : d.matches('.tag_hide-input > details') ? 'figure code' : 'answer',
      open: d.open,
      label: d.querySelector('summary .collapsed')?.textContent.trim()
        ?? d.querySelector('summary').textContent.trim(),
      shown: code ? code.checkVisibility() : null,
      text: code ? code.textContent : d.textContent,
    };
  })"""


def collapsed_cell_problems(page, notebook):
    """Solutions, figure code and answers start collapsed, and open on click.

    The first of each kind is opened with a real mouse click; the others by a click event.
    """
    problems = []
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    tags = [c["metadata"].get("tags", []) for c in nb["cells"] if c["cell_type"] == "code"]
    closed = page.evaluate(_COLLAPSED_JS)
    counts = {
        "solution": sum("solution" in t for t in tags),
        "figure code": sum("hide-input" in t and "solution" not in t for t in tags),
    }
    for kind, expected in counts.items():
        found = sum(c["kind"] == kind for c in closed)
        if found != expected:
            problems.append(f"{found} collapsed {kind} cells on the page for {expected}")
    labels = {"solution": "Show solution", "figure code": "Show code"}
    for part in closed:
        if part["open"] or part["shown"]:
            problems.append(f"a {part['kind']} is not collapsed: {part['text'][:60]!r}")
        if part["kind"] in labels and part["label"] != labels[part["kind"]]:
            problems.append(f"a {part['kind']} toggle says {part['label']!r}")
    for kind in ("solution", "figure code", "answer"):
        selector = {
            "solution": ".cell.tag_solution > details",
            "figure code": ".cell.tag_hide-input > details",
            "answer": "article details:not(.hide)",
        }[kind]
        if page.locator(selector).count():
            page.locator(selector).first.locator("summary").click()
    page.evaluate(
        "() => document.querySelectorAll('article details:not([open]) > summary')"
        ".forEach((s) => s.click())"
    )
    for part in page.evaluate(_COLLAPSED_JS):
        if not part["open"] or part["shown"] is False:
            problems.append(f"a {part['kind']} does not open on click: {part['text'][:60]!r}")
        elif part["kind"] == "solution" and "### BEGIN SOLUTION" not in part["text"]:
            problems.append("a solution toggle holds no solution code")
    if counts["figure code"]:
        # the figure itself is outside the toggle: shown without a click
        if not page.locator(".cell.tag_hide-input .cell_output img").first.is_visible():
            problems.append("the figure of a collapsed figure cell is not shown")
    return problems


@pytest.mark.parametrize("name", LESSONS, ids=[Path(n).stem for n in LESSONS])
def test_widgets_are_replaced_by_a_note_after_their_figure(name, site_dir):
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    widgets = sum(
        WIDGET_VIEW in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", [])
    )
    page = (site_dir / Path(name).with_suffix(".html").name).read_text(encoding="utf-8")
    assert page.count('class="course-widget-note"') == widgets
    for note in re.finditer('class="course-widget-note"', page):
        before = page[: note.start()]
        # the cell before the widget's shows its static figure
        assert before.rfind("<img") > before.rfind('class="course-widget-note"')


def test_pages_follow_course_order(site_dir):
    order = ["index.html"] + [Path(n).with_suffix(".html").name for n in LESSONS]
    order += ["glossary.html", "instructors.html"]
    for before, after in zip(order, order[1:], strict=False):
        html = (site_dir / before).read_text(encoding="utf-8")
        nxt = re.search(r'<a class="right-next"\s+href="([^"]+)"', html)
        assert nxt and nxt.group(1) == after, f"{before}: next should be {after}"
        html = (site_dir / after).read_text(encoding="utf-8")
        prev = re.search(r'<a class="left-prev"\s+href="([^"]+)"', html)
        assert prev and prev.group(1) == before, f"{after}: previous should be {before}"


def test_home_page_maps_every_lesson(site_dir):
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", home)
    for name, *_ in course_map.course_entries(ROOT / "notebooks"):
        link = f'href="{Path(name).with_suffix(".html").name}"'
        assert link in home, f"the course map on the home page has no link to {name}"
    for way in ("make lab", "Binder", "conda"):
        assert way in text, f"the home page does not mention {way}"


@pytest.mark.parametrize("name", LESSONS, ids=[Path(n).stem for n in LESSONS])
def test_every_lesson_has_launch_links(name, site_dir):
    from tools import links

    page = (site_dir / Path(name).with_suffix(".html").name).read_text(encoding="utf-8")
    bar = re.search(r'<nav class="course-launch".*?</nav>', page, re.S)
    assert bar, f"{name}: no launch links under the title"
    bar = bar.group(0)
    assert f'href="notebooks/{name}" download' in bar
    assert (site_dir / "notebooks" / name).read_bytes() == (ROOT / "notebooks" / name).read_bytes()
    lite = (site_dir / "lite" / "lab" / "index.html").exists()
    assert (f'href="lite/lab/index.html?path={name}"' in bar) == lite
    repo = links.repository(ROOT)
    assert ("mybinder.org" in bar) == bool(repo)
    if repo:
        assert links.binder_url(repo, name) in bar.replace("&amp;", "&")


def test_nothing_is_loaded_from_another_host(site_dir):
    """Scripts, styles, fonts and images are all the site's own (MathJax included)."""
    resource = re.compile(r'<(?:script|img|link|iframe)\b[^>]*?\b(?:src|href)="([^"]+)"')
    for path in sorted(site_dir.glob("*.html")):
        for url in resource.findall(path.read_text(encoding="utf-8")):
            assert not re.match(r"^(?:[a-z]+:)?//", url), f"{path.name} loads {url}"
    assert (site_dir / "mathjax" / "tex-chtml.js").is_file()
    assert not list((site_dir / "_static").rglob("tex-chtml.js")), "MathJax under _static/"


def test_search_finds_a_lesson(browser_page, site_url):
    page, traffic = browser_page
    open_page(page, traffic, site_url + "search.html?q=momentum")
    results = page.locator("#search-results li a")
    results.first.wait_for(timeout=20_000)
    hrefs = [a.get_attribute("href") for a in results.all()]
    assert any(h.startswith("07_momentum.html") for h in hrefs), hrefs
    assert not traffic.problems()
