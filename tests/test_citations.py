"""Citations: ``[@key]`` as footnotes from references.bib, by a Python-Markdown extension; what is shown as typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown import Markdown

from brief_explainer.citations import (
    Bibliography,
    CitationsExtension,
    citation_problems,
    load_bibliography,
)

from .conftest import ROOT

BIB = Bibliography(
    {
        "a": "Author A. \\emph{Title A}. 1990.",
        "b": "Author B. Title B. 1994.",
    }
)


def convert(markdown: str, bibliography: Bibliography = BIB) -> str:
    md = Markdown(
        extensions=["attr_list", "footnotes", CitationsExtension(bibliography=bibliography)],
        extension_configs={"footnotes": {"USE_DEFINITION_ORDER": False}},
    )
    return md.convert(markdown)


def test_a_citation_is_a_footnote_holding_the_reference() -> None:
    html = convert("Helsinki.[@a]")
    assert '<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup>' in html
    assert '<li id="fn:a">\n<p>Author A. \\emph{Title A}. 1990.' in html


def test_several_keys_are_adjacent_footnotes_numbered_in_reading_order() -> None:
    html = convert("First[^note] then [@b; @a].\n\n[^note]: The author's own note.")
    refs = [
        '<sup id="fnref:note"><a class="footnote-ref" href="#fn:note">1</a></sup>',
        '<sup id="fnref:b"><a class="footnote-ref" href="#fn:b">2</a></sup>'
        '<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">3</a></sup>',
    ]
    assert all(ref in html for ref in refs)
    assert html.index('id="fn:note"') < html.index('id="fn:b"') < html.index('id="fn:a"')


def test_a_citation_in_the_author_s_footnote_is_a_footnote_too() -> None:
    html = convert("Text[^n] and [@b].\n\n[^n]: See [@a], not `[@a]`.")
    assert 'See <sup id="fnref:a"><a class="footnote-ref" href="#fn:a">3</a></sup>, not <code>[@a]</code>.' in html
    assert html.index('id="fn:n"') < html.index('id="fn:b"') < html.index('id="fn:a"')
    assert "Author A." in html


def test_a_second_citation_of_a_key_links_to_the_same_footnote() -> None:
    html = convert("One [@a]. Two [@a].")
    assert html.count('<li id="fn:a">') == 1
    assert 'id="fnref:a"' in html and 'id="fnref2:a"' in html


@pytest.mark.parametrize(
    ("markdown", "literal"),
    [
        pytest.param("Code `[@a]` here.", "<code>[@a]</code>", id="code span"),
        pytest.param("Code ``x` [@a]`` here.", "<code>x` [@a]</code>", id="code span of two backticks"),
        pytest.param("Text.\n\n    [@a] in a code block\n", "[@a] in a code block", id="code block"),
        pytest.param("Escaped \\[@a] here.", "[@a]", id="escaped"),
        pytest.param("A [@a](https://example.org/) link.", '<a href="https://example.org/">@a</a>', id="link"),
        pytest.param("Unknown [@nokey].", "[@nokey]", id="unknown key"),
        pytest.param("Partly [@a; @nokey].", "[@a; @nokey]", id="one key unknown"),
        pytest.param("Locator [@a, p. 5].", "[@a, p. 5]", id="locator"),
    ],
)
def test_what_is_not_a_citation_is_shown_as_typed(markdown: str, literal: str) -> None:
    html = convert(markdown)
    assert literal in html
    assert "footnote" not in html


def test_citations_need_the_footnotes_extension() -> None:
    with pytest.raises(ValueError, match="needs the footnotes extension"):
        Markdown(extensions=[CitationsExtension(bibliography=BIB)])


def test_any_markdown_host_can_use_it_by_name() -> None:
    md = Markdown(
        extensions=["footnotes", "brief_explainer.citations"],
        extension_configs={"brief_explainer.citations": {"bib_file": str(ROOT / "sources" / "references.bib")}},
    )
    html = md.convert("The Charter of Paris [@paris1990].")
    assert 'href="#fn:paris1990"' in html and "Charter of Paris for a New Europe" in html


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("See [@nokey].", "unknown citation key '@nokey': add it to references.bib or fix the key"),
        ("See [@a; @nokey].", "unknown citation key '@nokey'"),
        ("See [see @a, p. 5].", "citation '[see @a, p. 5]' has a prefix or locator"),
        ("See [@a, para 8].", "citation '[@a, para 8]' has a prefix or locator"),
    ],
)
def test_problems_name_the_block_and_the_fix(markdown: str, message: str) -> None:
    problems = citation_problems(markdown, BIB.keys)
    assert len(problems) == 1 and message in problems[0].message
    assert problems[0].block in markdown


@pytest.mark.parametrize(
    "markdown",
    [
        "[@a]",
        "[@a; @b]",
        "[a link](https://example.org/@a)",
        "[write to me@example.org]",
        "[^note]",
        "[plain]",
        # What the extension shows as typed whatever it holds, so a strict build must not fail on it:
        "How to cite: `[@nokey]`.",
        "Code ``x` [@a, p. 5]`` here.",
        "Escaped \\[@nokey] here.",
        "A handle [@nokey](https://example.org/nokey) as a link.",
    ],
)
def test_well_formed_citations_and_other_brackets_are_no_problem(markdown: str) -> None:
    assert citation_problems(markdown, BIB.keys) == []


def test_the_extension_collects_the_problems_of_each_document_in_reading_order() -> None:
    extension = CitationsExtension(bibliography=BIB)
    md = Markdown(extensions=["footnotes", extension])
    md.convert(
        "First [@nokey].\n\n    [@incode] in a code block\n\nCode `[@inspan]`, then [@a, p. 5] and [@a].\n\n"
        "- [see @b][^n]\n\n[^n]: A footnote citing [@nokey2].\n"
    )
    blocks = [problem.block for problem in extension.problems]
    assert blocks == ["[@nokey]", "[@a, p. 5]", "[see @b]", "[@nokey2]"]
    md.reset()
    md.convert("Fine [@a].")
    assert extension.problems == []


def test_every_cited_key_of_the_site_is_in_the_bibliography() -> None:
    bibliography = load_bibliography(ROOT / "sources" / "references.bib")
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert citation_problems(page.read_text(encoding="utf-8"), bibliography.keys) == [], page.name


def test_the_references_are_formatted_once_for_the_same_file(tmp_path: Path) -> None:
    from brief_explainer.cache import DerivedCache

    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{k, title={First title}, year={1990}}\n", encoding="utf-8")
    cache = DerivedCache(tmp_path / "cache")
    assert "First title" in load_bibliography(bib, cache=cache).formatted["k"]
    [entry] = (tmp_path / "cache").glob("bibliography-*.json")
    assert load_bibliography(bib, cache=cache).formatted == load_bibliography(bib).formatted
    bib.write_text("@misc{k, title={Second title}, year={1990}}\n", encoding="utf-8")
    assert "Second title" in load_bibliography(bib, cache=cache).formatted["k"]
    assert [path.name for path in (tmp_path / "cache").glob("bibliography-*.json")] != [entry.name]
