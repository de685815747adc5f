"""The glossary page as a reader meets it (issue 24, sections 1 and 2): where the brief mentions and cites each
entry, summary first, the long parts collapsed, the verification trail out of the way, one address per document."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief_explainer.citations import load_reference_urls
from brief_explainer.glossary.linker import Citation, Mention, TermMatcher, link_terms
from brief_explainer.glossary.model import Glossary, Kind, load_glossary
from brief_explainer.glossary.render import (
    fill_mentions,
    glossary_markdown,
    mentions_html,
    mentions_placeholder,
    official_address,
    popover_html,
)
from brief_explainer.htmlwalk import OpenElement, rewrite_html

from .test_build import BRIEF_PAGES

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary.yml")


@pytest.fixture(scope="module")
def reference_urls() -> dict[str, str]:
    return load_reference_urls(ROOT / "sources" / "references.bib")


# --- Unit: citations found, and shown ------------------------------------------------------------------------------


def test_the_linker_records_each_footnote_mark_in_a_numbered_paragraph() -> None:
    html = (
        '<p class="brief-para" data-para="4" id="p-4">Text<sup id="fnref:a1997">'
        '<a class="footnote-ref" href="#fn:a1997">1</a></sup> and<sup id="fnref:b2009">'
        '<a class="footnote-ref" href="#fn:b2009">2</a></sup>.</p>'
        '<p>Editorial<sup id="fnref:c2010"><a class="footnote-ref" href="#fn:c2010">3</a></sup></p>'
    )
    result = link_terms(html, TermMatcher([]), glossary_url="glossary.html")
    assert result.citations == [Citation("a1997", "p-4", 4), Citation("b2009", "p-4", 4)]
    assert result.html == html


def test_a_cited_entry_says_where_it_is_cited_and_never_unmentioned(glossary: Glossary) -> None:
    entry = glossary.by_id["nato-russia-founding-act"]
    urls = {"p-4": "russian-arguments.html", "p-2": "meaning.html"}
    html = mentions_html(entry, [], urls, [Citation("foundingact1997", "p-4", 4), Citation("other", "p-2", 2)])
    assert html == (
        '<p class="gloss-mentions"><strong>In the brief:</strong> cited in '
        '<a href="russian-arguments.html#p-4">¶4</a></p>'
    )
    both = mentions_html(entry, [Mention(entry.id, "p-2", 2)], urls, [Citation("foundingact1997", "p-4", 4)] * 2)
    assert 'mentioned in <a href="meaning.html#p-2">¶2</a>; cited in <a' in both
    assert "neither" in mentions_html(entry, [], urls, [])


def test_the_glossary_shows_the_bibliographys_address(glossary: Glossary, reference_urls: dict[str, str]) -> None:
    medvedev = glossary.by_id["european-security-treaty-2009"]
    assert official_address(medvedev, reference_urls) == reference_urls["est2009"]
    for entry in glossary:
        if entry.bibkey and entry.shown_url:
            # One address per document: where both name one, they agree.
            assert reference_urls.get(entry.bibkey) == entry.shown_url, entry.id
    markdown = glossary_markdown(glossary, reference_urls=reference_urls)
    assert "no verified address" not in markdown
    assert f"<{reference_urls['est2009']}>" in markdown
    # The popover links the same address.
    popover = popover_html(medvedev, "glossary.html", official_address(medvedev, reference_urls))
    assert f'class="gloss-pop__official" href="{reference_urls["est2009"]}"' in popover


def test_documents_and_events_are_in_date_order(glossary: Glossary) -> None:
    markdown = glossary_markdown(glossary)
    for kind in (Kind.document, Kind.event):
        dated = sorted(
            (e for e in glossary if e.kind is kind and e.date), key=lambda e: (e.date or "", e.term.casefold())
        )
        positions = [markdown.index(f"{{ #{entry.id} }}") for entry in dated]
        assert positions == sorted(positions), kind


# --- The built page ------------------------------------------------------------------------------------------------


def cited_paragraphs(site: Path) -> dict[str, set[str]]:
    """Bibkey → the numbered paragraphs of the built brief whose footnote marks point at its reference."""
    found: dict[str, set[str]] = {}
    for page in BRIEF_PAGES:

        def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
            href = attrs.get("href") or ""
            if tag == "a" and href.startswith("#fn:"):
                para = next((e for e in stack if "brief-para" in e.classes), None)
                if para is not None:
                    found.setdefault(href[4:], set()).add(f"¶{para.attrs.get('data-para')}")

        rewrite_html((site / page).read_text(encoding="utf-8"), on_start=on_start)
    return found


def glossary_sections(html: str) -> dict[str, dict[str, str]]:
    """Entry id → {'visible': text outside any collapsed block, 'mentions': its 'In the brief' line,
    'check': its 'How this was checked' text}."""
    sections: dict[str, dict[str, str]] = {}
    current = [""]

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if tag == "h3":
            current[0] = attrs.get("id") or ""
            sections[current[0]] = {"visible": "", "mentions": "", "check": "", "summary": ""}
        elif tag == "h2":
            current[0] = ""

    def on_text(text: str, stack: list[OpenElement]) -> None:
        if not current[0] or any(e.tag in ("script", "style") for e in stack):
            return
        section = sections[current[0]]
        in_details = [e for e in stack if e.tag == "details"]
        in_summary = any(e.tag == "summary" for e in stack)
        if not in_details or (in_summary and len(in_details) == 1):
            section["visible"] += text
        if any("gloss-check" in e.classes for e in in_details):
            section["check"] += text
        if any("gloss-mentions" in e.classes for e in stack):
            section["mentions"] += text
        if any("gloss-summary" in e.classes for e in stack):
            section["summary"] += text

    rewrite_html(html, on_start=on_start, on_text=on_text)
    return sections


def test_every_document_the_brief_cites_lists_the_paragraphs_that_cite_it(built_site: Path, glossary: Glossary) -> None:
    cited = cited_paragraphs(built_site)
    sections = glossary_sections((built_site / "glossary.html").read_text(encoding="utf-8"))
    assert len(cited) >= 10  # the brief's footnotes cite a dozen documents
    checked = 0
    for entry in glossary:
        mentions = sections[entry.id]["mentions"]
        assert mentions.startswith("In the brief:"), entry.id
        if entry.bibkey in cited:
            checked += 1
            assert "not mentioned" not in mentions and "neither" not in mentions, entry.id
            listed = mentions.split("cited in", 1)[1]
            assert {part.strip().rstrip(".") for part in listed.split(",")} == cited[entry.bibkey], entry.id
    assert checked >= 10
    # The examples: each cited in its paragraph.
    for entry_id, paragraph in [
        ("nato-russia-founding-act", "¶4"),
        ("istanbul-charter", "¶2"),
        ("astana-declaration", "¶2"),
        ("code-of-conduct-1994", "¶2"),
        ("russia-us-draft-treaty-2021", "¶3"),
        ("russia-nato-draft-agreement-2021", "¶3"),
        ("nac-statement-1997", "¶4"),
    ]:
        assert f"cited in {paragraph}" in sections[entry_id]["mentions"], entry_id


def test_entries_show_the_summary_first_and_the_trail_only_when_asked(built_site: Path, glossary: Glossary) -> None:
    html = (built_site / "glossary.html").read_text(encoding="utf-8")
    sections = glossary_sections(html)
    for entry in glossary:
        section = sections[entry.id]
        assert section["summary"] == entry.summary, entry.id
        # No provenance of a quotation's wording or an address outside the collapsed "How this was checked".
        for jargon in ("wording checked in", "wording seen in", "Reference §", "no verified address", ".com"):
            assert jargon not in section["visible"], (entry.id, jargon)
        for quote in entry.shown_quotes:
            assert quote.source in section["check"], entry.id
    assert "labouraffairs.com" in html  # kept, but only under "How this was checked"
    assert html.count('<details class="gloss-more"') == len(glossary)
    assert html.count("<details") == html.count("</details>")
    # The compact index comes before the first entry and links every one.
    index_at = html.index('class="gloss-index')
    assert index_at < html.index('<h3 id="')
    index = html[index_at : html.index("</nav>", index_at)]
    for entry in glossary:
        assert f'href="#{entry.id}"' in index, entry.id


def test_fill_mentions_replaces_each_entrys_placeholder(glossary: Glossary) -> None:
    entry = glossary.by_id["nato-russia-founding-act"]
    other = next(candidate for candidate in glossary if candidate.id != entry.id)
    page = f"<h2>A</h2>{mentions_placeholder(entry.id)}<h2>B</h2>{mentions_placeholder(other.id)}"
    urls = {"p-4": "russian-arguments.html"}
    filled = fill_mentions(
        page, [entry, other], [Mention(other.id, "p-4", 4)], urls, [Citation("foundingact1997", "p-4", 4)]
    )
    assert filled == (
        f"<h2>A</h2>{mentions_html(entry, [], urls, [Citation('foundingact1997', 'p-4', 4)])}"
        f"<h2>B</h2>{mentions_html(other, [Mention(other.id, 'p-4', 4)], urls)}"
    )
    assert 'gloss-mentions" data-entry' not in filled
