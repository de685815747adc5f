"""Shared helpers for the pages the plugin generates. No MkDocs imports."""

from __future__ import annotations

import json


def front_matter(title: str, description: str) -> list[str]:
    """YAML front matter lines; values are written as JSON strings, which YAML reads verbatim."""
    return [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"description: {json.dumps(description, ensure_ascii=False)}",
        "---",
        "",
    ]
