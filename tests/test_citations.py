"""Citations: ``[@key]`` as footnotes from references.bib, by a Python-Markdown extension; what is shown as typed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown import Markdown
from markdown.extensions.footnotes import FootnoteExtension

from brief_explainer.citations import (
    FOOTNOTES_NEEDED,
    Bibliography,
    CitationProblem,
    CitationsExtension,
    CitedItem,
    citation_problems,
    cited_key,
    lists_footnotes,
    load_bibliography,
    parse_citation,
    problem_lines,
)

from .conftest import HTML_ONLY, ROOT, assert_edit_fails_the_build, build_in_process, copy_project, edit

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
        pytest.param("Dangling [@a, p.].", "[@a, p.]", id="locator without a value"),
        pytest.param("Two keys [@a @b].", "[@a @b]", id="two keys in one item"),
        pytest.param("Empty item [@a;; @b].", "[@a;; @b]", id="empty item"),
        pytest.param("Suppressed [-@a].", "[-@a]", id="author suppressed"),
    ],
)
def test_what_is_not_a_citation_is_shown_as_typed(markdown: str, literal: str) -> None:
    html = convert(markdown)
    assert literal in html
    assert "footnote" not in html


def test_citations_need_the_footnotes_extension() -> None:
    with pytest.raises(ValueError, match="needs the footnotes extension") as raised:
        Markdown(extensions=[CitationsExtension(bibliography=BIB)])
    assert str(raised.value) == FOOTNOTES_NEEDED


@pytest.mark.parametrize(
    ("extensions", "listed"),
    [
        (["attr_list", "footnotes"], True),
        (["markdown.extensions.footnotes"], True),
        ([FootnoteExtension()], True),
        (["attr_list", "pymdownx.footnotes_extra"], False),
        ([], False),
    ],
)
def test_lists_footnotes_by_name_or_instance(extensions: list[object], listed: bool) -> None:
    assert lists_footnotes(extensions) is listed


def test_problem_lines_name_each_blocks_own_line() -> None:
    source = "# Title\n\nFirst [@x] here.\n\nThen [@x] again,\nand [@y].\n\n[^1]: A note [@z].\n"
    problems = [CitationProblem(block, f"bad {block}") for block in ("[@x]", "[@x]", "[@y]", "[@x]")]
    assert [(line, problem.block) for line, problem in problem_lines(source, problems)] == [
        (3, "[@x]"),
        (5, "[@x]"),
        (6, "[@y]"),
        (3, "[@x]"),  # none after the last: a footnote's, converted after the text; its first occurrence
    ]


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
        ("See [@a, p.].", "citation '[@a, p.]' is malformed: the locator 'p.' has no value: write it as 'p. 3'"),
        ("See [@a @b].", "citation '[@a @b]' is malformed: '@a @b' holds two keys: separate them with ';'"),
        ("See [@a;; @b].", "citation '[@a;; @b]' is malformed: item 2 is empty"),
        ("See [@a, {iv].", "citation '[@a, {iv]' is malformed: a braced locator '{…' is not closed"),
        ("See [-@a].", "citation '[-@a]' is malformed: '-@a' (author suppressed) means nothing in a footnote"),
        ("See [see @nokey, p. 5].", "unknown citation key '@nokey'"),
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
        "[see @a, p. 5]",
        "[@a, para 8]",
        "[see @a, sec. 1(a); @b, p. 3]",
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
    assert blocks == ["[@nokey]", "[@nokey2]"]
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


# --- Pandoc's syntax: prefix, locator, suffix ----------------------------------------------------------------------

PINPOINT_BIB = Bibliography(
    {
        "a": "Author A. Title A. 1990.",
        "b": "Author B. Title B. 1994.",
        "org:osce.1999": "OSCE. Charter. 1999.",
    }
)


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("@a", [CitedItem("a")]),
        ("@a; @b", [CitedItem("a"), CitedItem("b")]),
        ("see @a, p. 3", [CitedItem("a", prefix="see", term="p.", locator="3")]),
        ("@a, pp. 33-35, 38 and *passim*", [CitedItem("a", term="pp.", locator="33-35, 38", suffix="and *passim*")]),
        ("@a, para. 8, emphasis added", [CitedItem("a", term="para.", locator="8", suffix=", emphasis added")]),
        ("@a, paras. 3–4", [CitedItem("a", term="paras.", locator="3–4")]),
        ("@a, art. 1", [CitedItem("a", term="art.", locator="1")]),
        ("@a, ch. iv", [CitedItem("a", term="ch.", locator="iv")]),
        ("@a, chapter 6", [CitedItem("a", term="chapter", locator="6")]),
        ("@a, § 3", [CitedItem("a", term="§", locator="3")]),
        ("@a, ¶ 12", [CitedItem("a", term="¶", locator="12")]),
        ("@a, s.v. 7", [CitedItem("a", term="s.v.", locator="7")]),
        ("@a, 33", [CitedItem("a", term="p.", locator="33")]),
        ("@a, 33-35", [CitedItem("a", term="pp.", locator="33-35")]),
        ("@a, {Annex (xv)}", [CitedItem("a", locator="Annex (xv)")]),
        ("@a and passim", [CitedItem("a", suffix="and passim")]),
        ("@a, line of argument", [CitedItem("a", suffix="line of argument")]),
        ("@org:osce.1999, para. 8", [CitedItem("org:osce.1999", term="para.", locator="8")]),
        ("@a.", [CitedItem("a", suffix=".")]),  # Pandoc: a key never ends in punctuation
        (
            "see @a, sec. 1(a); also @b, p. 3",
            [
                CitedItem("a", prefix="see", term="sec.", locator="1(a)"),
                CitedItem("b", prefix="also", term="p.", locator="3"),
            ],
        ),
    ],
)
def test_a_citation_is_read_as_pandoc_reads_it(inner: str, expected: list[CitedItem]) -> None:
    assert parse_citation(inner) == expected


@pytest.mark.parametrize(
    ("markdown", "name", "footnote"),
    [
        ("[@a]", "a", "Author A. Title A. 1990."),
        ("[see @a]", "a@see", "See Author A. Title A. 1990."),
        ("[@a, p. 3]", "a@p-3", "Author A. Title A. 1990. At p.\N{NO-BREAK SPACE}3."),
        ("[@a, Sec. 1(a)]", "a@sec-1-a", "Author A. Title A. 1990. At sec.\N{NO-BREAK SPACE}1(a)."),
        ("[@a, § 3]", "a@3", "Author A. Title A. 1990. At §\N{NO-BREAK SPACE}3."),
        ("[@a, 33]", "a@p-33", "Author A. Title A. 1990. At p.\N{NO-BREAK SPACE}33."),
        ("[@a, {Annex (xv)}]", "a@annex-xv", "Author A. Title A. 1990. At Annex (xv)."),
        ("[@a, para. 8, emphasis added]", "a@para-8-emphasis-added", "At para.\N{NO-BREAK SPACE}8, emphasis added."),
        ("[@a, pp. 33-35 and *passim*]", "a@pp-33-35-and-passim", "At pp.\N{NO-BREAK SPACE}33-35 and <em>passim</em>."),
        ("[@a emphasis added]", "a@emphasis-added", "Author A. Title A. 1990. Emphasis added."),
        ("[see also @org:osce.1999, para. 8]", "org:osce.1999@see-also-para-8", "See also OSCE. Charter. 1999. At"),
    ],
)
def test_prefix_locator_and_suffix_are_in_the_footnote(markdown: str, name: str, footnote: str) -> None:
    html = convert(f"Text {markdown}.", PINPOINT_BIB)
    assert f'<sup id="fnref:{name}"><a class="footnote-ref" href="#fn:{name}">1</a></sup>' in html
    item = html[html.index(f'<li id="fn:{name}">') :]
    assert footnote in item[: item.index("</li>")].replace("&#160;", "\N{NO-BREAK SPACE}")


def test_a_grouped_citation_is_one_footnote_per_item_in_order() -> None:
    html = convert("Text [see @a, sec. 1(a); @b, p. 3; @a].", PINPOINT_BIB)
    assert (
        '<sup id="fnref:a@see-sec-1-a"><a class="footnote-ref" href="#fn:a@see-sec-1-a">1</a></sup>'
        '<sup id="fnref:b@p-3"><a class="footnote-ref" href="#fn:b@p-3">2</a></sup>'
        '<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">3</a></sup>'
    ) in html
    assert "<p>See Author A. Title A. 1990. At sec.\N{NO-BREAK SPACE}1(a).&#160;<a" in html
    assert "<p>Author B. Title B. 1994. At p.\N{NO-BREAK SPACE}3.&#160;<a" in html
    assert "<p>Author A. Title A. 1990.&#160;<a" in html


def test_the_same_pinpoint_twice_is_one_footnote_and_different_ones_are_two() -> None:
    html = convert("One [@a, p. 3]. Two [@a, P. 3]. Three [@a, p. 4]. Four [@a, {p 3}].", PINPOINT_BIB)
    assert html.count('<li id="fn:a@p-3">') == 1 and 'id="fnref2:a@p-3"' in html
    assert '<li id="fn:a@p-4">' in html
    assert '<li id="fn:a@p-3-2">' in html and "At p 3." in html  # same slug, other text: a footnote of its own


@pytest.mark.parametrize(
    ("name", "key"), [("paris1990", "paris1990"), ("paris1990@p-3", "paris1990"), ("org:osce.1999@x", "org:osce.1999")]
)
def test_the_key_of_a_citation_footnote(name: str, key: str) -> None:
    assert cited_key(name) == key


def test_pinpointed_citations_in_a_real_strict_build(tmp_path: Path) -> None:
    """A real ``--strict`` build (in process): the footnotes of a grouped, pinpointed citation in an editorial note,
    and the warning, with file and line, for a malformed one (which fails the strict build and is shown as typed)."""
    project = copy_project(tmp_path / "project")
    note = (
        '!!! note "Pinpoints"\n\n'
        "    See the Final Act and the Charter [see @helsinki1975, sec. 1(a); @paris1990, p. 3; @helsinki1975].\n\n"
    )
    page = project / "docs" / "meaning.md"
    page.write_text(f"{page.read_text(encoding='utf-8')}\n{note}", encoding="utf-8")
    result = build_in_process(project, env=HTML_ONLY)
    assert result.returncode == 0, result.log[-3000:]
    html = (project / "site" / "meaning.html").read_text(encoding="utf-8")
    assert 'href="#fn:helsinki1975@see-sec-1-a"' in html and 'href="#fn:paris1990@p-3"' in html
    footnote = html[html.index('<li id="fn:helsinki1975@see-sec-1-a">') :]
    footnote = footnote[: footnote.index("</li>")]
    assert footnote.startswith('<li id="fn:helsinki1975@see-sec-1-a">\n<p>See Conference on Security and Co-operation')
    assert "download=true</a>. At sec.\N{NO-BREAK SPACE}1(a).&#160;<a" in footnote
    paris = html[html.index('<li id="fn:paris1990@p-3">') :]
    assert "https://osce.org/mc/87189</a>. At p.\N{NO-BREAK SPACE}3.&#160;<a" in paris[: paris.index("</li>")]
    assert html.count('<li id="fn:helsinki1975">') == 1  # the bare citation: the brief's own footnote, reused

    edit(project / "docs" / "meaning.md", "@paris1990, p. 3;", "@paris1990, p.;")
    result = build_in_process(project, env=HTML_ONLY)
    assert result.returncode != 0
    line = (
        (project / "docs" / "meaning.md")
        .read_text(encoding="utf-8")
        .split("\n")
        .index("    See the Final Act and the Charter [see @helsinki1975, sec. 1(a); @paris1990, p.; @helsinki1975].")
    )
    assert (
        f"WARNING -  brief_explainer: Doc file 'meaning.md', line {line + 1}: citation "
        "'[see @helsinki1975, sec. 1(a); @paris1990, p.; @helsinki1975]' is malformed: the locator 'p.' has no "
        "value: write it as 'p. 3'"
    ) in result.log


# --- The bibliography's order -------------------------------------------------------------------------------------

ORDER_BIB = """
@misc{nac1997, author = {{North Atlantic Council}}, title = {{Statement}}, year = 1997}
@misc{nac1996, author = {{North Atlantic Council}}, title = {{Final Communiqué}}, year = 1996}
@misc{treaty, title = {{The Treaty on Security}}, year = 2021}
@misc{agreement, title = {{Agreement on Measures}}, year = 2021}
@misc{lavrov, author = {Lavrov, Sergey}, title = {Message}, year = 2022}
@misc{csce, author = {{Conference on Security and Co-operation in Europe}}, title = {{Final Act}}, year = 1975}
@misc{edited, editor = {Ėditor, Anna}, title = {Collected}, year = 2000}
"""


def test_the_bibliography_is_ordered_by_author_or_title_then_year(tmp_path: Path) -> None:
    bib = tmp_path / "order.bib"
    bib.write_text(ORDER_BIB, encoding="utf-8")
    # "The Treaty" files under T; a corporate author by its name, not its brace; an editor as an author.
    expected = ["agreement", "csce", "edited", "lavrov", "nac1996", "nac1997", "treaty"]
    assert list(load_bibliography(bib).formatted) == expected


def test_the_bibliography_page_lists_the_references_in_order(built_site: Path) -> None:
    html = (built_site / "bibliography.html").read_text(encoding="utf-8")
    keys = re.findall(r'<li id="ref-([^"]+)">', html)
    assert keys == [
        "natoagreement2021",  # Agreement on Measures… (no author: by title)
        "helsinki1975",  # Conference on Security and Co-operation in Europe, 1975
        "paris1990",  # … 1990
        "codeofconduct1994",  # … 1994, "Code of Conduct"
        "budapest1994",  # … 1994, "CSCE Budapest Document"
        "est2009",  # European Security Treaty
        "foundingact1997",  # Founding Act…
        "kulesa2022",  # Kulesa (shown as "Łukasz Kulesa": the plain style puts first names first)
        "lavrov2022",
        "nac1996",  # North Atlantic Council, 1996
        "nac1997",  # … 1997
        "lisbon1996",  # Organization for Security and Co-operation in Europe, 1996
        "istanbul1999",
        "astana2010",
        "ustreaty2021",  # Treaty between the United States…
    ]


# --- In a build of the project: the message names the page, the line and the fix ------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        pytest.param(
            "docs/meaning.md",
            "[@paris1990]",
            "[@paris1991]",
            "Doc file 'meaning.md', line 10: unknown citation key '@paris1991': add it to references.bib or fix "
            "the key",
            id="unknown-citation-key",
        ),
        pytest.param(
            "docs/meaning.md",
            "[@paris1990]",
            "[@paris1990, p.]",
            "Doc file 'meaning.md', line 10: citation '[@paris1990, p.]' is malformed: the locator 'p.' has no "
            "value: write it as 'p. 3'",
            id="citation-malformed",
        ),
        pytest.param(
            "sources/references.bib",
            "@misc{helsinki1975",
            "@legal{helsinki1975",
            "references.bib: entry 'helsinki1975': type @legal cannot be formatted in plain mode; use @misc or "
            "@techreport",
            id="biblatex-type",
        ),
        pytest.param(
            "mkdocs.yml",
            "  - footnotes:\n      # Number footnotes by first reference in the text, not by definition order.\n"
            "      USE_DEFINITION_ORDER: false\n",
            "",
            "Citations are footnotes: add 'footnotes' to markdown_extensions in mkdocs.yml",
            id="no-footnotes",
        ),
    ],
)
def test_a_citation_problem_fails_the_build_with_a_clear_message(
    project_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    assert_edit_fails_the_build(project_copy, file, old, new, message)


def test_bibtex_pitfalls_are_configured_around(project_copy: Path) -> None:
    # Only [@key] cites: an @key in code or in a URL stays as written.
    (project_copy / "docs" / "notes.md").write_text(
        "# Notes { #notes }\n\nCode `@helsinki1975` and [a link](https://example.org/@helsinki1975).\n\n"
        # Shown as typed, and no warning (a strict build failed on these): the syntax in a code span, a handle as
        # a link's text, escaped brackets.
        "Cite as `[@nokey]`, ask [@someone](https://example.org/someone), or write \\[@nokey2].\n",
        encoding="utf-8",
    )
    edit(project_copy / "mkdocs.yml", "  - Reference:", "  - notes.md\n  - Reference:")
    result = build_in_process(project_copy, env=HTML_ONLY)
    assert result.returncode == 0, result.log
    assert "citation" not in result.log
    html = (project_copy / "site" / "notes.html").read_text(encoding="utf-8")
    assert "<code>@helsinki1975</code>" in html
    assert 'href="https://example.org/@helsinki1975"' in html
    assert "<code>[@nokey]</code>" in html and ">@someone</a>" in html and "[@nokey2]" in html
