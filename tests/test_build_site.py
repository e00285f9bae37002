"""How tools/build_site.py prepares the notebooks and pages of the course website (make site).

The website itself is tested in a browser by tests/site (make test runs it after make site)."""

import json
from pathlib import Path

import pytest

from tools import build_site

ROOT = Path(__file__).resolve().parent.parent
REPO = "https://github.com/someone/how-nets-learn"
WIDGET = {
    "output_type": "execute_result",
    "execution_count": 3,
    "metadata": {},
    "data": {
        build_site.WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0},
        "text/plain": ["VBox(children=(FloatSlider(value=1.0),))"],
    },
}


def _notebook(cells):
    return {"cells": cells, "metadata": {"widgets": {"state": {}}}, "nbformat": 4}


def _code(source, tags=(), outputs=(), hidden=False):
    metadata = {"tags": list(tags)}
    if hidden:
        metadata["jupyter"] = {"source_hidden": True}
    return {"cell_type": "code", "id": source[:8], "metadata": metadata, "source": source,
            "outputs": list(outputs), "execution_count": 1}  # fmt: skip


def _markdown(source):
    return {"cell_type": "markdown", "id": source[:8], "metadata": {}, "source": source}


LIST_WITH_MATH = """Four steps:

1. **Initialize** the parameters.
2. **Measure** the loss:

$$
L = \\frac{1}{N} \\sum_n (\\hat y_n - y_n)^2 .
$$

3. **Minimize** it: step against
   its gradient."""


def test_display_math_between_list_items_moves_into_the_item_before_it():
    text = build_site.indent_math_in_lists(LIST_WITH_MATH)
    assert "\n   $$\n   L = \\frac{1}{N}" in text and "\n   $$\n\n3. **Minimize**" in text
    assert text.replace("   $$", "$$").replace("   L =", "L =") == LIST_WITH_MATH


@pytest.mark.parametrize(
    "text",
    [
        "A paragraph:\n\n$$\nx = 1\n$$\n\n1. a list after it",  # not in a list
        "1. one\n2. two\n\n$$\nx = 1\n$$\n\nA paragraph after the list.",  # after the list
        "1. one\n\nA paragraph ends the list.\n\n$$\nx = 1\n$$\n\n2. two",
        "- one\n  $$x$$\n- two",  # already inside
    ],
)
def test_display_math_outside_a_list_stays_where_it_is(text):
    assert build_site.indent_math_in_lists(text) == text


def test_display_math_in_a_bullet_list_and_on_one_line():
    text = "- one\n\n$$x = 1$$\n\n- two"
    assert build_site.indent_math_in_lists(text) == "- one\n\n  $$x = 1$$\n\n- two"


def test_inline_math_is_joined_onto_one_line():
    text = "1. The length:\n   $a^2 = b^2\n   + 2c$, because\n   $x$ and `$not\n math$`."
    assert build_site.join_inline_math(text) == (
        "1. The length:\n   $a^2 = b^2 + 2c$, because\n   $x$ and `$not\n math$`."
    )
    for text in ("$$\na\n+ b\n$$", "costs \\$5 and\n- \\$6", "$a$\n\n- b $c$"):
        assert build_site.join_inline_math(text) == text


def test_math_in_the_title_of_a_folded_answer_is_typeset():
    text = "<details><summary>Why is $a < b$?</summary>\n\nBecause $a$.\n</details>"
    assert build_site.math_in_summaries(text) == (
        '<details><summary>Why is <span class="math notranslate nohighlight">'
        "\\(a &lt; b\\)</span>?</summary>\n\nBecause $a$.\n</details>"
    )


@pytest.mark.parametrize("repo, lite", [("", False), (REPO, True)])
def test_prepare_notebook(repo, lite):
    nb = _notebook(
        [
            _markdown("# 07 · Momentum"),
            _code("dash.show()", ["hide-input"], hidden=True),
            _code("dash", ["nbval-ignore-output"], [WIDGET]),
            _code("# Solution\nx = 1", ["solution"], hidden=True),
            _code("plot()", hidden=True),
        ]
    )
    original = json.dumps(nb)
    site_links = build_site.Links(repo, lite)
    page = build_site.prepare_notebook(nb, "07_momentum.ipynb", site_links)
    assert json.dumps(nb) == original, "the notebook itself is left as it was"
    assert "widgets" not in page["metadata"]
    title, bar, figure, widget, solution, plot = page["cells"]
    assert bar["id"] and 'href="notebooks/07_momentum.ipynb" download' in bar["source"]
    assert ("lite/lab/index.html?path=07_momentum.ipynb" in bar["source"]) == lite
    assert ("mybinder.org" in bar["source"]) == bool(repo)
    (output,) = widget["outputs"]
    assert build_site.WIDGET_VIEW not in output["data"] and output["output_type"] == "display_data"
    note = output["data"]["text/html"]
    assert "sliders" in note and "make lab" in note
    assert ("lite/lab/index.html?path=07_momentum.ipynb" in note) == lite
    assert ("mybinder.org" in note) == bool(repo)
    assert "hide-cell" in solution["metadata"]["tags"]
    assert solution["metadata"]["mystnb"]["code_prompt_show"] == "Show solution"
    assert figure["metadata"]["tags"] == ["hide-input"]
    assert plot["metadata"]["tags"] == ["hide-input"], "collapsed in JupyterLab: collapsed here"


def test_glossary_page_links_notebook_numbers_to_lessons():
    nb = _notebook(
        [
            _markdown("# 00 · Start here"),
            _markdown("## Notation\n\n| Symbol | Meaning |\n| --- | --- |\n| N | examples |"),
            _markdown(
                "## Glossary · 术语对照\n\n| English | 中文 | Notebook |\n| --- | --- | --- |\n"
                "| momentum | 动量 | 07 |\n| batch | 批量 | 04, 07 |\n| old | 旧 | 12 |"
            ),
            _markdown("## Summary\n\nNot in the glossary."),
        ]
    )
    names = ["00_start_here.ipynb", "04_gd.ipynb", "07_momentum.ipynb"]
    page = build_site.glossary_page(nb, names)
    assert page.startswith("# Glossary and notation\n")
    assert "| N | examples |" in page and "Not in the glossary" not in page
    assert "| 动量 | [07](07_momentum.ipynb) |" in page
    assert "| [04](04_gd.ipynb), [07](07_momentum.ipynb) |" in page
    assert "| 旧 | 12 |" in page, "a number with no lesson stays plain text"
    with pytest.raises(ValueError, match="no '## Glossary' section"):
        build_site.glossary_page(_notebook([_markdown("## Notation\n")]), names)


def test_instructors_page_links_become_links_between_pages():
    text = (
        "See [notebook 01](notebooks/01_perceptron.ipynb), [the README](README.md), "
        "[the licence](LICENSE), [a site](https://example.org) and ![x](img.png)."
    )
    names = ["01_perceptron.ipynb"]
    assert build_site.instructors_page(text, "", names) == (
        "See [notebook 01](01_perceptron.ipynb), [the README](index.md), "
        "the licence, [a site](https://example.org) and ![x](img.png)."
    )
    assert f"[the licence]({REPO}/blob/main/LICENSE)" in build_site.instructors_page(
        text, REPO, names
    )


def test_home_page_fills_its_placeholders():
    entries = [("00_start_here.ipynb", "00", "Start here", "How?")]
    template = "{{ course_map }}\n{{ in_browser }}\n{{ binder }}\nclone{{ clone }}"
    page = build_site.home_page(template, entries, build_site.Links(REPO, True), "")
    assert "| [00 · Start here](00_start_here.ipynb) | How? |" in page
    assert "lite/lab/index.html?path=00_start_here.ipynb" in page
    assert "mybinder.org" in page and f"(`git clone {REPO}`)" in page
    page = build_site.home_page(template, entries, build_site.Links("", False), "")
    assert "lite/" not in page and "mybinder" not in page and "clone\n" not in page
    with pytest.raises(ValueError, match="unknown placeholder"):
        build_site.home_page("{{ nothing }}", entries, build_site.Links("", False), "")


def test_the_home_page_template_uses_only_known_placeholders():
    entries = [("00_start_here.ipynb", "00", "Start here", "How?")]
    template = (ROOT / "site" / "index.md").read_text(encoding="utf-8")
    page = build_site.home_page(template, entries, build_site.Links(REPO, True), "")
    assert "{{" not in page


def test_readme_can_give_the_in_browser_paragraph():
    readme = "x\n<!-- in-browser:start -->\nIt takes 30 MB.\n<!-- in-browser:end -->\n"
    assert build_site.readme_in_browser_paragraph(readme) == "It takes 30 MB."
    assert build_site.readme_in_browser_paragraph("no markers") == ""
