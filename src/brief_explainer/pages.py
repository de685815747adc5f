"""Shared helpers for the pages the plugin generates. No MkDocs imports."""

from __future__ import annotations

import json

GLOSSARY_PAGE = "glossary.md"
TIMELINE_PAGE = "timeline.md"
BIBLIOGRAPHY_PAGE = "bibliography.md"
BRIEFING_PAGE = "briefing.md"
"""The pages the plugin generates, under their default names (the plugin's ``page_*`` options)."""


def front_matter(title: str, description: str) -> list[str]:
    """YAML front matter lines; values are written as JSON strings, which YAML reads verbatim."""
    return [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"description: {json.dumps(description, ensure_ascii=False)}",
        "---",
        "",
    ]
