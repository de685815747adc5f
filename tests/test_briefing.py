"""The briefing kit's build side (issue 21): the brief's words as data for the briefing page, and the page itself.

A briefing stores addresses only and renders their words from this data: it must hold the brief's words exactly
(no ¶ numbers, no footnote marks), every sentence id the pages have, and what the glossary says of each entry.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from brief_explainer.briefing import (
    DATA_GLOBAL,
    DATA_PATH,
    Reference,
    brief_citation,
    briefing_markdown,
    passages_script,
    read_paragraphs,
)
from brief_explainer.glossary.linker import TermMatcher
from brief_explainer.glossary.model import Entry, Glossary, Kind, Quote, load_glossary
from brief_explainer.glossary.render import official_address, quote_attribution
from brief_explainer.htmlwalk import collect_ids

from . import brief_text
from .conftest import ROOT, pdf_text
from .test_build import ALL_PAGES, BRIEF_PAGES
from .test_glossary_render import glossary_sections

BRIEF = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["extra"]["brief"]


def entry(entry_id: str, term: str, **extra: Any) -> Entry:
    return Entry(id=entry_id, term=term, kind=Kind.document, summary=f"{term}.", description="About it.", **extra)


PARAGRAPH = (
    "<h1 id='meaning'>What does it mean?</h1>"
    '<p class="brief-para" data-para="2" id="p-2"><a class="para-num" href="#p-2">¶2</a> '
    '<span class="brief-sentence" id="p-2.1">The <a class="gloss-link" href="glossary.html#hfa" data-gloss="hfa">'
    'Helsinki Final Act</a> of the CSCE<sup data-search-exclude="" id="fnref:helsinki1975">'
    '<a aria-label="Footnote 1" class="footnote-ref" href="#fn:helsinki1975">1</a></sup>, and the\n   Paris '
    'Charter<sup id="fnref:paris1990@para 8"><a class="footnote-ref" href="#fn:paris1990@para 8">2</a></sup>.</span> '
    '<span class="brief-sentence" id="p-2.2">It is <em>one</em> principle.</span></p>'
    "<p>An editorial paragraph, not the brief.</p>"
)


def test_a_paragraphs_words_leave_out_its_number_and_footnote_marks() -> None:
    glossary = [entry("hfa", "Helsinki Final Act", bibkey="helsinki1975"), entry("paris", "Paris Charter")]
    matcher = TermMatcher(glossary)
    [paragraph] = read_paragraphs(
        PARAGRAPH, page="meaning.html", matcher=matcher, entries_by_bibkey={"helsinki1975": ["hfa"], "paris1990": []}
    )
    assert (paragraph.id, paragraph.number, paragraph.page) == ("p-2", 2, "meaning.html")
    assert paragraph.heading == "What does it mean?"
    assert [(s.id, s.text) for s in paragraph.sentences] == [
        ("p-2.1", "The Helsinki Final Act of the CSCE, and the Paris Charter."),
        ("p-2.2", "It is one principle."),
    ]
    assert paragraph.text == "The Helsinki Final Act of the CSCE, and the Paris Charter. It is one principle."
    # Mentioned at its words (1–3); cited by the mark after "CSCE," (word 6); a pinpointed citation is its key's.
    assert paragraph.sentences[0].references == [
        Reference("hfa", 1, 3),
        Reference("hfa", 6, 6),
        Reference("paris", 9, 10),
    ]
    assert paragraph.sentences[1].references == []


def test_the_data_script_sets_one_global_and_stays_inert() -> None:
    script = passages_script({"version": 1, "text": "a </script> b"})
    assert script.startswith(f"window.{DATA_GLOBAL}=") and script.endswith(";\n")
    assert "</script>" not in script
    assert json.loads(script.split("=", 1)[1].rstrip(";\n")) == {"version": 1, "text": "a </script> b"}


def test_the_citation_is_the_records_own_words() -> None:
    record = {"author": "A. Author", "title": "A Title", "series": "A Series", "publisher": "A Press"}
    record["date"] = "May 2020"
    assert brief_citation(record) == "A. Author, “A Title”, A Series, A Press, May 2020"
    # Nothing the record does not hold (a series number, an address) is made up; missing parts are left out.
    assert brief_citation({"author": "A. Author", "title": "A Title"}) == "A. Author, “A Title”"


def test_the_briefing_page_says_what_it_is_for_and_how_to_add_a_passage() -> None:
    page = briefing_markdown("briefing.md", "glossary.md")
    assert "# Briefing { #briefing }" in page
    assert "No passages yet." in page and "Add to briefing" in page
    assert "<noscript>" in page
    assert 'data-passages="assets/javascripts/briefing-passages.js"' in page
    assert 'data-glossary="glossary.html"' in page
    # The data's script, loaded by src (the CSP allows no inline script), and no other.
    assert page.count("<script") == 1 and '<script src="assets/javascripts/briefing-passages.js"></script>' in page
    # Links relative to the page, wherever it is.
    nested = briefing_markdown("reader/briefing.md", "reference/glossary.md")
    assert 'data-passages="../assets/javascripts/briefing-passages.js"' in nested
    assert 'data-glossary="../reference/glossary.html"' in nested


# --- The data of the real site ---------------------------------------------------------------------------------


def passages(site: Path) -> dict[str, Any]:
    script = (site / DATA_PATH).read_text(encoding="utf-8")
    prefix = f"window.{DATA_GLOBAL}="
    assert script.startswith(prefix)
    data: dict[str, Any] = json.loads(script.removeprefix(prefix).rstrip().removesuffix(";"))
    return data


@pytest.fixture(scope="module")
def data(built_site: Path) -> dict[str, Any]:
    return passages(built_site)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(ROOT / "glossary.yml")


def test_every_paragraph_holds_the_briefs_words_exactly(data: dict[str, Any]) -> None:
    assert data["version"] == 1
    paragraphs = data["paragraphs"]
    assert [p["id"] for p in paragraphs] == [f"p-{n}" for n in range(1, len(paragraphs) + 1)]
    assert [p["number"] for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    # The paragraphs as the importer reads the brief's source: word for word, nothing added, nothing missing.
    built = [" ".join(s["text"] for s in p["sentences"]) for p in paragraphs]
    assert built == brief_text.paragraphs()
    assert "¶" not in json.dumps(paragraphs, ensure_ascii=False)


def test_no_footnote_mark_is_glued_to_a_word(data: dict[str, Any]) -> None:
    p2 = {s["id"]: s["text"] for p in data["paragraphs"] for s in p["sentences"]}["p-2.1"]
    # The brief's ¶2 cites six documents here; their marks are numbers glued to the words on the page.
    assert "Final Act of the CSCE, and then repeated" in p2
    assert p2.endswith("and subsequent OSCE documents.")
    every = " ".join(s["text"] for p in data["paragraphs"] for s in p["sentences"])
    assert not re.search(r"[A-Za-z][.,;:]?\d", every.replace("OSCE", "")), "a footnote number glued to a word"


def test_every_sentence_id_of_the_pages_and_no_other(built_site: Path, data: dict[str, Any]) -> None:
    on_pages = {
        page: [i for i in collect_ids((built_site / page).read_text(encoding="utf-8")) if re.match(r"p-\d+\.\d+$", i)]
        for page in BRIEF_PAGES
    }
    in_data: dict[str, list[str]] = {}
    for paragraph in data["paragraphs"]:
        in_data.setdefault(paragraph["page"], []).extend(s["id"] for s in paragraph["sentences"])
    assert in_data == on_pages


def test_each_entrys_paragraphs_are_those_the_glossary_lists(
    built_site: Path, data: dict[str, Any], glossary: Glossary
) -> None:
    # The glossary page says where the brief mentions and cites each entry; the briefing refers to the same.
    sections = glossary_sections((built_site / "glossary.html").read_text(encoding="utf-8"))
    referred: dict[str, set[str]] = {}
    for paragraph in data["paragraphs"]:
        for sentence in paragraph["sentences"]:
            for entry_id, first, last in sentence["refs"]:
                assert 0 <= first <= last < len(sentence["text"].split(" ")), (sentence["id"], entry_id)
                referred.setdefault(entry_id, set()).add(f"¶{paragraph['number']}")
    assert len(referred) >= 20
    for item in glossary:
        listed = set(re.findall(r"¶\d+", sections[item.id]["mentions"]))
        assert referred.get(item.id, set()) == listed, item.id
    assert set(data["entries"]) == set(referred)


def test_the_entries_are_shown_as_the_glossary_shows_them(data: dict[str, Any], glossary: Glossary) -> None:
    from brief_explainer.citations import load_reference_urls

    urls = load_reference_urls(ROOT / "sources" / "references.bib")
    quoted = 0
    for entry_id, shown in data["entries"].items():
        item = glossary.by_id[entry_id]
        assert shown["term"] == item.term and shown["summary"] == item.summary
        assert shown["official"] == official_address(item, urls)
        assert shown["glossary"] == f"glossary.html#{entry_id}"
        if item.shown_quotes:
            quoted += 1
            first: Quote = item.shown_quotes[0]
            assert shown["quote"] == {"text": first.text, "pinpoint": quote_attribution(item, first)}
        else:
            assert shown["quote"] is None  # an unverified quotation is never shown
    assert quoted >= 5


def test_the_citation_comes_from_extra_brief(built_site: Path, data: dict[str, Any]) -> None:
    expected = f"{BRIEF['author']}, “{BRIEF['title']}”, {BRIEF['series']}, {BRIEF['publisher']}, {BRIEF['date']}"
    assert data["citation"] == expected
    for page in [*BRIEF_PAGES, "briefing.html"]:
        html = (built_site / page).read_text(encoding="utf-8")
        assert f'<meta name="brief-quote-citation" content="{expected}">' in html, page


def test_every_page_names_the_briefing_pages_address_as_its_navigation_links_it(built_site: Path) -> None:
    # The header's count finds the page by this address (page_briefing), not by a file name of its own.
    for page in ALL_PAGES:
        html = (built_site / page).read_text(encoding="utf-8")
        assert '<meta name="brief-briefing-page" content="briefing.html">' in html, page
        assert 'class="md-nav__link' in html and 'href="briefing.html"' in html, page


def test_the_briefing_page_is_in_the_reference_section_and_not_in_the_pdf(built_site: Path) -> None:
    html = (built_site / "briefing.html").read_text(encoding="utf-8")
    assert "No passages yet." in html and "<noscript>" in html
    assert 'data-passages="assets/javascripts/briefing-passages.js"' in html
    index = (built_site / "index.html").read_text(encoding="utf-8")
    reference = index[index.index("Reference\n") :]
    assert 'href="bibliography.html"' in reference and 'href="briefing.html"' in reference
    pdfs = sorted((built_site / "pdf").glob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        assert "No passages yet" not in pdf_text(pdf), pdf.name
