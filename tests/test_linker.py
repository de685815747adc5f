"""The glossary matcher and linker: parametrized tables and golden HTML."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import pytest

from brief_explainer.glossary.linker import LinkMode, TermMatcher, link_terms
from brief_explainer.glossary.model import Entry
from brief_explainer.glossary.render import popover_html


def entry(entry_id: str, term: str, *aliases: str, case_sensitive: bool = False, summary: str = "S.") -> Entry:
    return Entry(
        id=entry_id,
        term=term,
        aliases=list(aliases),
        case_sensitive=case_sensitive,
        kind="principle",
        summary=summary,
        description="D.",
    )


ENTRIES = [
    entry("osce", "OSCE", case_sensitive=True),
    entry("nato", "NATO", "the Alliance", case_sensitive=True),
    entry("nato-enlargement", "NATO enlargement"),
    entry("paris", "Charter of Paris", "Paris Charter", "Paris Charter for a New Europe"),
    entry("sphere", "sphere of influence", "spheres of influence"),
]
MATCHER = TermMatcher(ENTRIES)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the OSCE area", [("OSCE", "osce")]),
        ("the osce area", []),  # acronyms are case-sensitive
        ("NATO's actions", [("NATO", "nato")]),  # possessive
        ("criticism of NATO enlargement", [("NATO enlargement", "nato-enlargement")]),  # longest match
        ("nato enlargement", [("nato enlargement", "nato-enlargement")]),  # its own case rule
        ("the Paris Charter for a New Europe and", [("Paris Charter for a New Europe", "paris")]),
        ("the Paris Charter and", [("Paris Charter", "paris")]),
        ("its Sphere of Influence.", [("Sphere of Influence", "sphere")]),
        ("spheres of influence", [("spheres of influence", "sphere")]),
        ("NATOS", []),  # word boundary after
        ("preNATO", []),  # and before
        ("the OSCE-wide", []),  # a hyphen joins words
        ("OSCE and NATO", [("OSCE", "osce"), ("NATO", "nato")]),
        ("", []),
    ],
)
def test_matcher(text: str, found: list[tuple[str, str]]) -> None:
    assert [(text[s:e], i) for s, e, i in MATCHER.find(text)] == found


def link(html: str, **options: object) -> str:
    return link_terms(html, MATCHER, glossary_url="glossary.html", **options).html  # type: ignore[arg-type]


def test_golden_link() -> None:
    assert link("<p>The OSCE area.</p>") == (
        '<p>The <a class="gloss-link" href="glossary.html#osce" data-gloss="osce" '
        'aria-describedby="gloss-sum-osce">OSCE</a> area.</p>'
    )


@pytest.mark.parametrize(
    "html",
    [
        "<h2>The OSCE</h2>",
        '<p><a href="x">the OSCE</a></p>',
        "<p><code>OSCE</code></p>",
        "<pre><code>OSCE</code></pre>",
        '<p>x<sup id="fnref:osce"><a class="footnote-ref" href="#fn:osce">OSCE</a></sup></p>',
        '<div class="footnote"><ol><li><p>OSCE, 1994.</p></li></ol></div>',
        "<p><abbr>OSCE</abbr></p>",
        '<p class="x"><a class="para-num">OSCE</a></p>',
        "<script>var OSCE = 1;</script>",
    ],
)
def test_never_links_inside(html: str) -> None:
    assert link(html) == html


def test_first_mention_per_section() -> None:
    html = "<h2 id='a'>A</h2><p>OSCE and OSCE.</p><h2 id='b'>B</h2><p>OSCE.</p>"
    assert link(html).count("gloss-link") == 2
    assert link(html, mode=LinkMode.first_per_page).count("gloss-link") == 1
    assert link(html, mode=LinkMode.every).count("gloss-link") == 3


def test_own_section_on_glossary_page_is_not_linked() -> None:
    html = '<h3 id="osce">OSCE</h3><p>The OSCE and NATO.</p><h3 id="nato">NATO</h3><p>NATO and the OSCE.</p>'
    out = link_terms(html, MATCHER, glossary_url="", own_sections=True).html
    assert out.count('href="#osce"') == 1 and out.count('href="#nato"') == 1
    # The entry is on the same page: a plain cross-reference, no title or popover repeating it.
    assert '<p>The OSCE and <a class="gloss-xref" href="#nato">NATO</a>.</p>' in out
    assert "title=" not in out and "aria-describedby" not in out


def test_mentions_are_recorded_by_paragraph() -> None:
    html = '<p class="brief-para" id="p-3" data-para="3"><span id="p-3.1">NATO and NATO.</span></p><p>NATO</p>'
    result = link_terms(html, MATCHER, glossary_url="g.html")
    assert [(m.entry_id, m.paragraph_id, m.paragraph_number) for m in result.mentions] == [
        ("nato", "p-3", 3),
        ("nato", "p-3", 3),
    ]
    assert result.linked == ["nato"]


def test_text_and_attributes_are_escaped() -> None:
    # The model refuses < and > in summaries; the linker escapes anyway, so build the entry unvalidated.
    hostile = dataclasses.replace(entry("osce", "OSCE", case_sensitive=True), summary='He said "hi" & <b>')
    out = link_terms(
        "<p>OSCE &amp; &lt;script&gt;</p>",
        TermMatcher([hostile]),
        glossary_url='g.html"onmouseover="x',
    ).html
    assert 'href="g.html&quot;onmouseover=&quot;x#osce"' in out
    assert "&amp; &lt;script&gt;" in out and "<script>" not in out
    # The summary is no longer in the link (no title): the popover, which describes it, escapes it.
    assert "He said" not in out
    popover = popover_html(hostile, 'g.html"x')
    assert '<p class="gloss-pop__summary" id="gloss-sum-osce">He said &quot;hi&quot; &amp; &lt;b&gt;</p>' in popover
    assert 'href="g.html&quot;x#osce"' in popover


def test_untouched_html_is_byte_identical() -> None:
    html = '<p>Nothing here &amp; <em>nothing</em> &#8617; <br/> <img src="x.png" alt="OSCE"></p><!-- c -->'
    assert link(html) == html


def alternations(matcher: TermMatcher) -> list[list[object]]:
    """The first element of each branch of every ``|`` group in the matcher's regex, as the engine parses it.

    A backtracking engine tries a group's branches one after the other at each character of the text: the number
    of branches is the work it may do there, and branches that start alike are tried again on the same text.
    """
    from re import _parser  # the parse tree re.compile turns into the engine's program

    groups: list[list[object]] = []

    def walk(items: Iterable[tuple[object, Any]]) -> None:
        for op, argument in items:
            if op is _parser.BRANCH:
                groups.append([branch[0] if len(branch) else None for branch in argument[1]])
                for branch in argument[1]:
                    walk(branch)
            elif op is _parser.SUBPATTERN:
                walk(argument[3])
            elif op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT):
                walk(argument[2])

    regex = matcher._regex
    assert regex is not None
    walk(_parser.parse(regex.pattern, regex.flags))
    return groups


@pytest.mark.parametrize("count", [200, 2000])
def test_cost_does_not_depend_on_term_count(count: int) -> None:
    # The trie keeps the work per character of text bounded by the alphabet, not by the number of wordings: every
    # group's branches start with different characters (at most one of them goes on), and no group grows with
    # the number of terms. A flat "wording|wording|…" alternation has a group of 2,000 branches sharing "term ".
    many = [entry(f"t{i}", f"term number {i}") for i in range(count)]
    matcher = TermMatcher([*many, *ENTRIES])
    groups = alternations(matcher)
    assert groups, "the wordings are alternatives of one regex"
    for group in groups:
        distinct = len(set(map(repr, group)))
        assert distinct == len(group), f"{len(group) - distinct} of {len(group)} branches start like an earlier one"
    assert max(len(group) for group in groups) <= 10  # the ten digits after "term number "
    text = f"see term number {count - 1} and term number 1 and OSCE"
    assert [(text[s:e], i) for s, e, i in matcher.find(text)] == [
        (f"term number {count - 1}", f"t{count - 1}"),
        ("term number 1", "t1"),
        ("OSCE", "osce"),
    ]
