"""The brief as received, with its PDF artefacts repaired exactly as the issue lists them; nothing else changes."""

from __future__ import annotations

import re

from .conftest import ROOT

SOURCE = ROOT / "sources" / "indivisibility-of-security.pism-spotlight.txt"
PAGE_HEADER = "## PISM SPOTLIGHT"
# Paragraphs split across page breaks, as (end of the first part, start of the second).
PAGE_BREAK_SPLITS = [("members and", "partners"), ("responsibility of", "NATO members"), ("to the OSCE", "forum")]


def repaired_blocks() -> list[str]:
    """The received text as blocks (headings and paragraphs), artefacts repaired."""
    blocks = [block.strip() for block in SOURCE.read_text(encoding="utf-8").split("\n\n") if block.strip()]
    blocks = [block for block in blocks if block != PAGE_HEADER]
    joined: list[str] = []
    for block in blocks:
        if joined and any(joined[-1].endswith(end) and block.startswith(start) for end, start in PAGE_BREAK_SPLITS):
            joined[-1] = f"{joined[-1]} {block}"
        else:
            joined.append(block)
    return joined


def title() -> str:
    return next(block for block in repaired_blocks() if block.startswith("## ")).removeprefix("## ")


def questions() -> list[str]:
    return [block.removeprefix("### ") for block in repaired_blocks() if block.startswith("### ")]


def paragraphs() -> list[str]:
    """The author's paragraphs, in order (not the title, byline or questions)."""
    return [block for block in repaired_blocks() if not block.startswith("#") and block != "Łukasz Kulesa"]


def sentences(paragraph: str) -> list[str]:
    """A plain sentence split, independent of the site's own, for order checks."""
    return [s for s in re.split(r"(?<=[.?!])\s+(?=[A-Z\"])", paragraph) if s]
