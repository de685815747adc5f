"""The glossary's data model, its loader and its JSON Schema: one model serves validation and editors.

``load_glossary`` reads ``glossary.yml`` and reports every problem at once, each as
``glossary.yml:42: entry 'paris-charter': 'url' must be an https URL``. It imports nothing from MkDocs.
"""

from __future__ import annotations

import json
import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from ..textfiles import UndecodableFileError, read_text

ENTRY_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
SCHEMA_FILE_NAME = "glossary.schema.json"
RAW_HTML_RE = re.compile(r"<(?!https://)[A-Za-z/!?]")
"""Raw HTML in Markdown (an autolink <https://…> is fine)."""

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A string with something in it besides white space."""
PlainText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[^<>]*$")]
"""Text shown in attributes and popovers: no markup."""


class Kind(StrEnum):
    """What an entry names; entries are grouped by kind on the glossary page."""

    document = "document"
    organisation = "organisation"
    principle = "principle"
    event = "event"


class Quote(BaseModel):
    """A verbatim passage of a document, with its pinpoint and where the wording was checked."""

    model_config = ConfigDict(extra="forbid")

    text: PlainText = Field(description="The passage, word for word, without surrounding quotation marks.")
    pinpoint: PlainText = Field(description='Where it stands in the document: "para 8", "Section IV", "Article 1".')
    source: PlainText = Field(
        description="Where this wording was checked: the copy seen (a mirror, an archive, a press report); "
        "shown as 'wording checked in'."
    )
    checked: PlainText = Field(
        description="Which check of the project's reference (osce-documents.md) verified the wording, by section: "
        "'Reference §6 (first reading)', 'Reference §13 (second reading, 1 December 2026)'. For maintainers."
    )
    verified: bool = Field(description="True only if the wording was seen verbatim; unverified quotes are never shown.")
    attribution: PlainText | None = Field(
        None,
        description="Whose words these are when they are not the entry's own document (a statement, a study, a "
        "press report quoting the text); shown instead of the entry's title.",
    )
    press: bool = Field(
        False, description="True when the wording was seen only as quoted by the press; labelled as a press quotation."
    )


class Entry(BaseModel):
    """One glossary entry: a document, organisation, principle or event the brief talks about."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, StringConstraints(pattern=ENTRY_ID_PATTERN)] = Field(
        description="Stable anchor on the glossary page; never derived from the display text."
    )
    term: PlainText = Field(description="The display name.")
    aliases: list[PlainText] = Field(default_factory=list, description="Other names and forms that link here.")
    case_sensitive: bool = Field(False, description="Match the term and aliases only in this exact case (acronyms).")
    kind: Kind = Field(description="document, organisation, principle or event.")
    summary: PlainText = Field(description="One plain-text sentence for the popover.")
    description: NonEmpty = Field(description="Longer explanation, in Markdown.")
    related: list[Annotated[str, StringConstraints(pattern=ENTRY_ID_PATTERN)]] = Field(
        default_factory=list, description="Ids of related entries."
    )
    official_title: PlainText | None = Field(None, description="The document's official title.")
    date: Annotated[str, StringConstraints(pattern=DATE_PATTERN)] | None = Field(
        None, description="YYYY, YYYY-MM or YYYY-MM-DD; orders the timeline. Required for documents and events."
    )
    date_text: PlainText | None = Field(None, description="Dates of adoption, signature or publication, in words.")
    place: PlainText | None = Field(None, description="Where it was adopted or signed.")
    adopted_by: PlainText | None = Field(None, description="Who adopted or signed it.")
    url: str | None = Field(None, description="Address of the official text (https).")
    url_verified: bool | None = Field(None, description="Whether the address was seen in a source; required with url.")
    url_source: PlainText | None = Field(None, description="Where the address was seen.")
    bibkey: NonEmpty | None = Field(None, description="Key of the document in sources/references.bib.")
    note: NonEmpty | None = Field(
        None,
        description="The explainer's own inference or comparison, in Markdown, shown labelled as the explainer's "
        "note: never the brief's or a document's words.",
    )
    quotes: list[Quote] = Field(default_factory=list, description="Verbatim passages; the first is the key quote.")

    @field_validator("url")
    @classmethod
    def _https_only(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https://[^\s/$.?#][^\s<>\"]*$", value):
            raise ValueError("must be an https URL")
        return value

    @field_validator("description", "note")
    @classmethod
    def _no_raw_html(cls, value: str | None) -> str | None:
        # Markdown only: raw HTML (a <script>, an onclick) and javascript: links are refused outright.
        if value is None:
            return value
        if RAW_HTML_RE.search(value):
            raise ValueError("must be Markdown without raw HTML tags")
        if "javascript:" in value.casefold():
            raise ValueError("must not contain javascript: links")
        return value

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        if value is not None and len(value) == 10:
            date.fromisoformat(value)
        return value

    @property
    def forms(self) -> list[str]:
        """The term and its aliases: every wording that links to this entry."""
        return [self.term, *self.aliases]

    @property
    def shown_quotes(self) -> list[Quote]:
        """Quotes that may be shown: verified ones only."""
        return [quote for quote in self.quotes if quote.verified]

    @property
    def shown_url(self) -> str | None:
        """The official address, if it was verified."""
        return self.url if self.url and self.url_verified else None


class GlossaryFile(BaseModel):
    """The whole of glossary.yml."""

    model_config = ConfigDict(extra="forbid", title="Glossary of the indivisibility-of-security explainer")

    entries: list[Entry] = Field(min_length=1, description="The entries, in any order.")


class GlossaryError(Exception):
    """glossary.yml cannot be used; the message lists every problem, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Glossary:
    """Validated glossary entries, by id."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.by_id = {entry.id: entry for entry in entries}

    def __iter__(self) -> Any:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of glossary.yml, generated from the model the plugin validates with."""
    schema = GlossaryFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def write_json_schema(path: Path) -> None:
    """Write the JSON Schema next to glossary.yml (``python -m brief_explainer.glossary.schema``)."""
    path.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _line_of(node: yaml.Node | None, location: tuple[int | str, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree; return the 1-based line."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in location:
        if isinstance(node, yaml.MappingNode):
            found = next((value for key, value in node.value if key.value == step), None)
            if found is None:
                key_node = next((key for key, _ in node.value if key.value == step), None)
                return key_node.start_mark.line + 1 if key_node is not None else line
            node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            break
        line = node.start_mark.line + 1
    return line


def _entry_label(data: Any, index: int) -> str:
    try:
        entry_id = data["entries"][index]["id"]
    except (KeyError, IndexError, TypeError):
        entry_id = None
    return f"entry '{entry_id}'" if isinstance(entry_id, str) and entry_id else f"entry #{index + 1}"


def _describe(error: dict[str, Any], data: Any) -> tuple[str, str]:
    """Turn one pydantic error into (where, what) with readable words."""
    location = error["loc"]
    where = ""
    field_path = list(location)
    if len(location) >= 2 and location[0] == "entries" and isinstance(location[1], int):
        where = _entry_label(data, location[1]) + ": "
        field_path = list(location[2:])
    name = ".".join(str(step) for step in field_path) or "the file"
    kind = error["type"]
    message = str(error["msg"])
    if kind == "missing":
        what = f"'{name}' is required"
    elif kind == "extra_forbidden":
        what = f"unknown field '{name}' (check its spelling against glossary.schema.json)"
    elif kind == "string_pattern_mismatch" and (field_path[-1:] == ["id"] or field_path[:1] == ["related"]):
        what = f"'{name}' must be lower-case words joined by hyphens, like 'charter-of-paris'"
    elif kind == "string_pattern_mismatch" and field_path[-1:] == ["date"]:
        what = f"'{name}' must be a date as YYYY, YYYY-MM or YYYY-MM-DD (in quotes)"
    elif kind == "string_pattern_mismatch":
        what = f"'{name}' must be plain text without < or >"
    elif kind == "enum":
        what = f"'{name}' must be one of: document, organisation, principle, event"
    elif kind == "value_error":
        what = f"'{name}' {message.removeprefix('Value error, ')}"
    else:
        what = f"'{name}': {message[0].lower() + message[1:]}"
    return where, what


_YAML_DATES = yaml.SafeLoader.yaml_implicit_resolvers  # dates stay strings: see _StringDateLoader


class _StringDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader (libyaml's when present) that keeps dates as strings: '1975-08-01' stays text."""


_StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _YAML_DATES.items()
}


def parse_glossary(text: str, *, file_name: str = "glossary.yml", bibkeys: set[str] | None = None) -> Glossary:
    """Validate glossary text; raise :class:`GlossaryError` listing every problem with its line.

    Args:
        text: The YAML text.
        file_name: Used in messages.
        bibkeys: Known bibliography keys; each entry's ``bibkey`` must be one of them when given.

    Returns:
        The validated glossary.
    """
    try:
        # One parse gives both the nodes (for line numbers) and the data.
        loader = _StringDateLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"{mark.line + 1}" if mark is not None else "1"
        problem = getattr(exc, "problem", None) or str(exc)
        raise GlossaryError([f"{file_name}:{line}: not valid YAML: {problem}"]) from exc
    if not isinstance(data, dict):
        raise GlossaryError([f"{file_name}:1: expected a mapping with a list under 'entries:'"])
    try:
        parsed = GlossaryFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where, what = _describe(dict(error), data)
            problems.append(f"{file_name}:{_line_of(node, tuple(error['loc']))}: {where}{what}")
        raise GlossaryError(problems) from exc
    problems = _cross_check(parsed.entries, node, file_name, bibkeys)
    if problems:
        raise GlossaryError(problems)
    return Glossary(parsed.entries)


def _cross_check(entries: list[Entry], node: yaml.Node | None, file_name: str, bibkeys: set[str] | None) -> list[str]:
    """Checks that span entries: unique ids and wordings, existing references, required document fields."""
    problems: list[str] = []
    ids = {entry.id for entry in entries}
    seen_ids: set[str] = set()
    wording_owner: dict[str, str] = {}

    def report(index: int, field: str | tuple[int | str, ...] | None, what: str) -> None:
        path = (field,) if isinstance(field, str) else field or ()
        location: tuple[int | str, ...] = ("entries", index, *path)
        problems.append(f"{file_name}:{_line_of(node, location)}: entry '{entries[index].id}': {what}")

    for index, entry in enumerate(entries):
        if entry.id in seen_ids:
            report(index, "id", f"duplicate id '{entry.id}': every entry needs its own id")
        seen_ids.add(entry.id)
        for wording in entry.forms:
            key = wording.casefold()
            owner = wording_owner.get(key)
            if owner is not None:
                field = "term" if wording == entry.term else "aliases"
                report(index, field, f"'{wording}' is already a term or alias of entry '{owner}'")
            else:
                wording_owner[key] = entry.id
        for related in entry.related:
            if related not in ids:
                report(index, "related", f"related entry '{related}' does not exist (check the id)")
            elif related == entry.id:
                report(index, "related", "an entry cannot be related to itself")
        if entry.kind in (Kind.document, Kind.event) and entry.date is None:
            report(index, None, f"'date' is required for a {entry.kind.value}")
        if entry.kind is Kind.document and entry.bibkey is None:
            report(index, None, "'bibkey' is required for a document (a key in references.bib)")
        if entry.bibkey is not None and bibkeys is not None and entry.bibkey not in bibkeys:
            report(index, "bibkey", f"bibliography key '{entry.bibkey}' is not in the bibliography")
        if entry.url is not None and entry.url_verified is None:
            report(index, "url", "'url_verified' is required with 'url' (true only if the address was checked)")
        for number, quote in enumerate(entry.quotes):
            if quote.press and quote.attribution is None:
                report(
                    index,
                    ("quotes", number, "press"),
                    f"'quotes.{number}.attribution' is required with 'press' "
                    "(name the press report, like 'Financial Times, 7 February 2022')",
                )
    return problems


def load_glossary(path: Path, *, bibkeys: set[str] | None = None) -> Glossary:
    """Read and validate a glossary file; see :func:`parse_glossary`."""
    try:
        text = read_text(path)
    except UndecodableFileError as exc:
        raise GlossaryError([str(exc)]) from exc
    except OSError as exc:
        raise GlossaryError([f"{path.name}: cannot be read: {exc.strerror}"]) from exc
    return parse_glossary(text, file_name=path.name, bibkeys=bibkeys)
