"""Search without footnote apparatus, and the timeline as a reader uses it (issue 24, section 6)."""

from __future__ import annotations

import json
from pathlib import Path

import markdown
import yaml

from brief_explainer.glossary.model import load_glossary
from brief_explainer.glossary.render import BriefOnTimeline, brief_on_timeline, timeline_markdown
from brief_explainer.htmlwalk import OpenElement, rewrite_html

ROOT = Path(__file__).resolve().parents[1]
POLISH_URL = "https://pism.pl/publikacje/spor-wokol-zasady-niepodzielnosci-bezpieczenstwa"
"""Reference §13: the brief's Polish version, the only address of the brief that is verified."""


def test_footnote_marks_and_footnotes_are_excluded_from_search() -> None:
    html = markdown.markdown(
        "Text[^a] and text.\n\n[^a]: The note.", extensions=["footnotes", "brief_explainer.footnote_marks"]
    )
    excluded: list[str] = []

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if "data-search-exclude" in attrs:
            excluded.append(attrs.get("id") or attrs.get("class") or "")

    rewrite_html(html, on_start=on_start)
    assert excluded == ["fnref:a", "footnote"]


def search_docs(site: Path) -> list[dict[str, str]]:
    return list(json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"])


def test_no_search_entry_holds_footnote_apparatus(built_site: Path) -> None:
    docs = search_docs(built_site)
    assert docs
    for doc in docs:
        assert "↩" not in doc["text"] and "Jump back to footnote" not in doc["text"], doc["location"]
    meaning = next(doc for doc in docs if doc["location"] == "meaning.html")
    # The mark's number no longer sticks to the word it follows; the text stays.
    assert "of the CSCE, and then repeated" in meaning["text"]


def test_a_search_for_medvedev_offers_the_timeline_event(built_site: Path) -> None:
    hits = [doc["location"] for doc in search_docs(built_site) if "Medvedev" in doc["text"] + doc["title"]]
    assert "timeline.html#t-european-security-treaty-2009" in hits
    assert "timeline.html" not in hits  # the page's top (Helsinki) is no longer the hit
    events = [doc for doc in search_docs(built_site) if doc["location"].startswith("timeline.html#t-")]
    assert len(events) >= 14


def timeline_items(html: str) -> dict[str, str]:
    """Heading id of each event → the text of its item (heading, summary, where the brief has it)."""
    items: dict[str, str] = {}
    current = [""]

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if tag == "h2" and "timeline__event" in (attrs.get("class") or "").split():
            current[0] = attrs.get("id") or ""
            items[current[0]] = ""

    def on_text(text: str, stack: list[OpenElement]) -> None:
        if current[0] and any("timeline" in e.classes for e in stack):
            items[current[0]] += text

    rewrite_html(html, on_start=on_start, on_text=on_text)
    return items


def test_the_timeline_links_events_to_paragraphs_and_holds_the_brief(built_site: Path) -> None:
    html = (built_site / "timeline.html").read_text(encoding="utf-8")
    items = timeline_items(html)
    assert 'class="timeline-intro"' in html
    # The two December 2021 drafts, handed over the same day, are one event; their anchors still resolve.
    assert [item for item in items if "2021" in item] == ["t-december-2021-drafts"]
    for anchor in ("t-russia-us-draft-treaty-2021", "t-russia-nato-draft-agreement-2021"):
        assert f'id="{anchor}"' in html
    assert "cited in ¶3" in items["t-december-2021-drafts"]
    assert 'href="russia-position.html#p-3"' in html
    assert "mentioned in ¶2; cited in ¶2" in items["t-helsinki-final-act"]
    assert "In the brief:" in items["t-nato-russia-founding-act"]
    brief = items["t-brief"]
    assert "Contested Interpretations of the Indivisibility of Security" in brief and "Łukasz Kulesa" in brief
    assert f'href="{POLISH_URL}"' in html
    order = list(items)
    assert (
        order.index("t-lavrov-letter-2022") < order.index("t-brief") < order.index("t-european-security-dialogue-2022")
    )


def test_the_brief_on_the_timeline_comes_from_extra_brief_only() -> None:
    brief = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["extra"]["brief"]
    event = brief_on_timeline(brief, "index.md")
    assert event is not None and event.datetime == "2022-02" and event.shown_date == "February 2022"
    assert brief["original"]["url"] == POLISH_URL
    assert brief_on_timeline({"title": "T"}, "index.md") is None
    without_original = brief_on_timeline({k: v for k, v in brief.items() if k != "original"}, "index.md")
    assert without_original == BriefOnTimeline(
        "2022-02",
        "2022-02",
        "February 2022",
        "[Contested Interpretations of the Indivisibility of Security](index.md), Łukasz Kulesa, PISM Spotlight: "
        "the brief this site explains.",
    )
    timeline = timeline_markdown(load_glossary(ROOT / "glossary.yml"), brief=event)
    assert timeline.count('id="t-brief"') == 1
