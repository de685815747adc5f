"""The PDF's cover separates the brief from the explainer (issue 24, section 4)."""

from __future__ import annotations

import datetime

from brief_explainer.htmlwalk import OpenElement, rewrite_html
from brief_explainer.pdf import _cover

BRIEF = {
    "title": "Contested Interpretations of the Indivisibility of Security",
    "author": "Łukasz Kulesa",
    "series": "PISM Spotlight",
    "date": "February 2022",
    "publisher": "Polish Institute of International Affairs (PISM)",
}
BUILT = datetime.date(2026, 12, 3)


def parts(html: str) -> dict[str, str]:
    """Class of each paragraph of the cover → its text."""
    found: dict[str, str] = {}

    def on_text(text: str, stack: list[OpenElement]) -> None:
        holder = next((e for e in reversed(stack) if e.tag in ("p", "h1")), None)
        if holder is not None:
            key = (holder.attrs.get("class") or "").split()[0]
            found[key] = found.get(key, "") + text

    rewrite_html(html, on_text=on_text)
    return {key: " ".join(text.split()) for key, text in found.items()}


def test_the_publisher_stands_with_the_brief_and_the_explainer_apart() -> None:
    cover = parts(_cover(BRIEF, "", BUILT))
    assert cover["cover__publisher"] == BRIEF["publisher"]
    assert cover["cover__kind"].startswith("An explainer of this brief: ")
    assert "editorial additions made for this explainer, not part of the brief" in cover["cover__attribution"]
    # No editor or publisher of the explainer is invented, nor an address without a SITE_URL.
    assert "edited by" not in " ".join(cover.values()) and "published by" not in " ".join(cover.values())
    assert "Online edition" not in cover["cover__edition"]


def test_a_configured_editor_and_the_site_address_are_named() -> None:
    brief = {**BRIEF, "explainer": {"editor": "A. Editor", "publisher": "Example Press"}}
    cover = parts(_cover(brief, "https://example.org/explainer/", BUILT))
    assert cover["cover__kind"].startswith(
        "An explainer of this brief, edited by A. Editor and published by Example Press"
    )
    assert "Online edition: https://example.org/explainer/" in cover["cover__edition"]
