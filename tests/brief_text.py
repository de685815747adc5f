"""The brief as the importer reads it from the source, artefacts repaired (see tests/test_importer.py, which holds the
importer to the shipped pages and to the repairs written out below by hand)."""

from __future__ import annotations

import re

from brief_explainer.importer import parse_brief, read_source

from .conftest import ROOT

SOURCE = ROOT / "sources" / "indivisibility-of-security.pism-spotlight.txt"
IDS = ROOT / "sources" / "indivisibility-of-security.ids.yml"
# Paragraphs split across page breaks, as (end of the first part, start of the second): written out by hand.
PAGE_BREAK_SPLITS = [("members and", "partners"), ("responsibility of", "NATO members"), ("to the OSCE", "forum")]
BRIEF = parse_brief(read_source(SOURCE), str(SOURCE))


def title() -> str:
    return BRIEF.title


def questions() -> list[str]:
    return [question.text for question in BRIEF.questions]


def paragraphs() -> list[str]:
    """The author's paragraphs, in order (not the title, byline or questions)."""
    return [paragraph.text for paragraph in BRIEF.paragraphs]


def sentences(paragraph: str) -> list[str]:
    """A plain sentence split, independent of the site's own, for order checks."""
    return [s for s in re.split(r"(?<=[.?!])\s+(?=[A-Z\"])", paragraph) if s]
