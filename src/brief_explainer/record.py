"""The brief's bibliographic record, ``extra.brief`` in mkdocs.yml: checked before anything prints it.

The templates (meta tags, attribution), the citation exports, the PDF and the EPUB all print it, so a missing or
empty key would publish pages with an empty title or author. Every problem is named at once, with the key and
what to write there. The plugin checks it when the configuration is read; the PDF and EPUB writers, which the
background worker runs too, check it with the same function. No MkDocs imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

REQUIRED_KEYS = {
    "title": "the brief's title, as published",
    "short_title": "a short form of the title, for page titles",
    "author": "the author's name, as printed (Łukasz Kulesa)",
    "author_sort": "the author's name for sorting (Kulesa, Łukasz)",
    "series": "the publication series (PISM Spotlight)",
    "publisher": "the publisher",
    "date": "the date as printed (February 2022)",
    "citation_date": "the date for citation tags, YYYY/MM or YYYY/MM/DD",
    "language": "the brief's language code (en)",
}
"""Keys every output prints, with what each holds (the error message's fix)."""

OPTIONAL_KEYS = {
    "keywords": "a list of keywords",
    "original": "the brief in another language or edition: language, language_name, title, url, date",
    "explainer": "who made the explainer: editor and/or publisher (nothing is shown when absent)",
}

ORIGINAL_KEYS = ("title", "url", "date", "language", "language_name")
ORIGINAL_REQUIRED = ("title", "url", "date")
EXPLAINER_KEYS = ("editor", "publisher")


class BriefRecordError(ValueError):
    """``extra.brief`` is missing a key the outputs print, or holds one of the wrong shape."""

    def __init__(self, problems: list[str]) -> None:
        listed = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"The brief's record in mkdocs.yml (extra.brief) is incomplete:\n{listed}")
        self.problems = problems


@dataclass(frozen=True)
class BriefRecord:
    """The validated record (the mapping itself stays in ``extra.brief`` for the templates)."""

    title: str
    short_title: str
    author: str
    author_sort: str
    series: str
    publisher: str
    date: str
    citation_date: str
    language: str
    keywords: tuple[str, ...] = ()


def _text(value: object) -> str | None:
    """A non-empty string (numbers as YAML reads them count: a date may be written unquoted), else None."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return text or None


def _check_mapping(
    name: str, value: object, keys: tuple[str, ...], *, required: tuple[str, ...], problems: list[str]
) -> None:
    if not isinstance(value, Mapping):
        problems.append(f"extra.brief.{name} must be a mapping with {', '.join(keys)}")
        return
    for key in value:
        if key not in keys:
            problems.append(f"extra.brief.{name}: unknown key '{key}' (known: {', '.join(keys)})")
    for key in keys:
        if key in value and _text(value[key]) is None:
            problems.append(f"extra.brief.{name}.{key} is empty: give it a value or remove the key")
        elif key in required and key not in value:
            problems.append(f"extra.brief.{name}.{key} is missing")


def read_brief_record(value: object) -> BriefRecord:
    """Check ``extra.brief`` and return it typed.

    Raises:
        BriefRecordError: Every missing, empty, unknown or ill-shaped key, each with its fix.
    """
    if not isinstance(value, Mapping):
        what = "is missing" if value is None else "must be a mapping"
        keys = ", ".join(REQUIRED_KEYS)
        raise BriefRecordError([f"extra.brief in mkdocs.yml {what}: give the brief's {keys}"])
    problems = []
    for key, meaning in REQUIRED_KEYS.items():
        if key not in value:
            problems.append(f"extra.brief.{key} is missing: add {meaning}")
        elif _text(value[key]) is None:
            problems.append(f"extra.brief.{key} is empty: give {meaning}")
    for key in value:
        if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
            known = ", ".join([*REQUIRED_KEYS, *OPTIONAL_KEYS])
            problems.append(f"extra.brief: unknown key '{key}' (a typo? the known keys: {known})")
    keywords = value.get("keywords") or []
    if not isinstance(keywords, list) or any(_text(keyword) is None for keyword in keywords):
        problems.append("extra.brief.keywords must be a list of words")
        keywords = []
    if "original" in value:
        original = value["original"]
        _check_mapping("original", original, ORIGINAL_KEYS, required=ORIGINAL_REQUIRED, problems=problems)
        url = _text(original.get("url")) if isinstance(original, Mapping) else None
        if url and not url.startswith("https://"):
            problems.append(f"extra.brief.original.url '{url}' is not an https:// address")
    if "explainer" in value:
        _check_mapping("explainer", value["explainer"], EXPLAINER_KEYS, required=(), problems=problems)
    if problems:
        raise BriefRecordError(problems)
    fields = {key: str(_text(value[key])) for key in REQUIRED_KEYS}
    return BriefRecord(**fields, keywords=tuple(str(keyword) for keyword in keywords))
