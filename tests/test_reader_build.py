"""The built pages keep the article as written: the glossary popovers live outside it (issue 11)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from brief_explainer.htmlwalk import OpenElement, rewrite_html

from .test_build import BRIEF_PAGES, read


@dataclass
class PagePopovers:
    """What a built page holds of the glossary: links' descriptions, popovers, summaries."""

    described: list[str] = field(default_factory=list)
    popovers: list[str] = field(default_factory=list)
    in_article: list[str] = field(default_factory=list)
    summaries: dict[str, str] = field(default_factory=dict)


def page_popovers(html: str) -> PagePopovers:
    found = PagePopovers()

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        classes = (attrs.get("class") or "").split()
        element_id = attrs.get("id") or ""
        if "gloss-link" in classes:
            found.described.append(attrs.get("aria-describedby") or "")
        if "gloss-pop" in classes:
            found.popovers.append(element_id)
            if any(element.tag == "article" for element in stack):
                found.in_article.append(element_id)
        if element_id.startswith("gloss-sum-"):
            found.summaries[element_id] = ""

    def on_text(text: str, stack: list[OpenElement]) -> None:
        holder = next((e for e in reversed(stack) if (e.attrs.get("id") or "").startswith("gloss-sum-")), None)
        if holder is not None:
            found.summaries[holder.attrs.get("id") or ""] += text

    rewrite_html(html, on_start=on_start, on_text=on_text)
    return found


def test_popovers_are_rendered_once_outside_the_article(built_site: Path) -> None:
    for page in BRIEF_PAGES:
        found = page_popovers(read(built_site, page))
        assert found.described, f"{page}: no glossary links"
        assert found.in_article == [], f"{page}: popovers inside the article: {found.in_article}"
        assert len(found.popovers) == len(set(found.popovers)) == len(set(found.described)), page
        for summary_id in found.described:
            # Each link is described by its entry's summary: one sentence, nothing else.
            text = " ".join(found.summaries[summary_id].split())
            assert text.endswith(".") and text.count(". ") == 0, (page, summary_id, text)


def test_search_index_holds_the_articles_without_popover_text(built_site: Path) -> None:
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    brief_docs = [doc for doc in docs if doc["location"].split("#")[0] in BRIEF_PAGES]
    assert brief_docs
    for doc in brief_docs:
        assert "Glossary entry" not in doc["text"] and "gloss-pop" not in doc["text"], doc["location"]


def test_glossary_links_each_entry_once_per_entry(built_site: Path) -> None:
    sections: list[list[str]] = [[]]

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if tag in ("h2", "h3"):
            sections.append([])
        elif tag == "a" and "gloss-xref" in (attrs.get("class") or "").split():
            sections[-1].append(attrs.get("href") or "")

    rewrite_html(read(built_site, "glossary.html"), on_start=on_start)
    assert sum(map(len, sections)) > 10, "the glossary's entries cross-reference each other"
    for hrefs in sections:
        assert len(hrefs) == len(set(hrefs)), f"an entry links another twice: {sorted(hrefs)}"
