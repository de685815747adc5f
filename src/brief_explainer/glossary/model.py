"""The glossary's data model, its loader and its JSON Schema: one model serves validation and editors.

``load_glossary`` reads ``glossary.yml`` and reports every problem at once, each as
``glossary.yml:42: entry 'paris-charter': 'url' must be an https URL``. It imports nothing from MkDocs.

The entries are plain dataclasses; pydantic validates them (a ``TypeAdapter`` reads their annotations, the
:class:`Text` constraints and each field's description) and writes the JSON Schema. It is imported only to
validate: a validated glossary is kept in the build's cache (:mod:`..cache`), so a build whose glossary, bibliography
keys and model are unchanged reads the entries back without loading pydantic at all (a tenth of a build).
"""

from __future__ import annotations

import importlib.metadata
import json
import re
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import yaml
from annotated_types import MinLen

from ..cache import DerivedCache, source_of
from ..textfiles import UndecodableFileError, read_text

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

ENTRY_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
SCHEMA_FILE_NAME = "glossary.schema.json"
RAW_HTML_RE = re.compile(r"<(?!https://)[A-Za-z/!?]")
"""Raw HTML in Markdown (an autolink <https://…> is fine)."""
SCHEMA_TITLE = "Glossary of the indivisibility-of-security explainer"


@dataclass(frozen=True)
class Text:
    """Constraints on a string field, which pydantic reads from ``Annotated[str, Text(...)]`` when it validates.

    The same constraints as pydantic's ``StringConstraints`` and an after-validator, without importing pydantic
    where the model is only used (pydantic calls :meth:`__get_pydantic_core_schema__` when it builds a validator).
    """

    pattern: str | None = None
    strip: bool = False
    min_length: int | None = None
    check: Callable[[str], str] | None = None
    """Called with the (stripped) value; raises ValueError with the message to show."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        schema = core_schema.str_schema(pattern=self.pattern, strip_whitespace=self.strip, min_length=self.min_length)
        return core_schema.no_info_after_validator_function(self.check, schema) if self.check else schema


def doc(description: str) -> dict[str, str]:
    """A dataclass field's metadata: the description pydantic puts into the JSON Schema."""
    return {"description": description}


def _https_url(value: str) -> str:
    if not re.match(r"^https://[^\s/$.?#][^\s<>\"]*$", value):
        raise ValueError("must be an https URL")
    return value


def _markdown_without_html(value: str) -> str:
    # Markdown only: raw HTML (a <script>, an onclick) and javascript: links are refused outright.
    if RAW_HTML_RE.search(value):
        raise ValueError("must be Markdown without raw HTML tags")
    if "javascript:" in value.casefold():
        raise ValueError("must not contain javascript: links")
    return value


def _real_date(value: str) -> str:
    if len(value) == 10:
        date.fromisoformat(value)
    return value


NonEmpty = Annotated[str, Text(strip=True, min_length=1)]
"""A string with something in it besides white space."""
PlainText = Annotated[str, Text(strip=True, min_length=1, pattern=r"^[^<>]*$")]
"""Text shown in attributes and popovers: no markup."""
Markdown = Annotated[str, Text(strip=True, min_length=1, check=_markdown_without_html)]
"""Markdown text without raw HTML."""
EntryId = Annotated[str, Text(pattern=ENTRY_ID_PATTERN)]
"""An entry's id: lower-case words joined by hyphens."""

_FORBID_EXTRA = {"extra": "forbid"}
"""pydantic's configuration of a dataclass (a ConfigDict is a dict): unknown fields are errors."""


class Kind(StrEnum):
    """What an entry names; entries are grouped by kind on the glossary page."""

    document = "document"
    organisation = "organisation"
    principle = "principle"
    event = "event"


@dataclass(kw_only=True)
class Quote:
    """A verbatim passage of a document, with its pinpoint and where the wording was checked."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _FORBID_EXTRA

    text: PlainText = field(metadata=doc("The passage, word for word, without surrounding quotation marks."))
    pinpoint: PlainText = field(metadata=doc('Where it stands in the document: "para 8", "Section IV", "Article 1".'))
    source: PlainText = field(
        metadata=doc(
            "Where this wording was checked: the copy seen (a mirror, an archive, a press report); "
            "shown as 'wording checked in'."
        )
    )
    checked: PlainText = field(
        metadata=doc(
            "Which check of the project's reference (osce-documents.md) verified the wording, by section: "
            "'Reference §6 (first reading)', 'Reference §13 (second reading, 1 December 2026)'. For maintainers."
        )
    )
    verified: bool = field(
        metadata=doc("True only if the wording was seen verbatim; unverified quotes are never shown.")
    )
    attribution: PlainText | None = field(
        metadata=doc(
            "Whose words these are when they are not the entry's own document (a statement, a study, a "
            "press report quoting the text); shown instead of the entry's title."
        ),
        default=None,
    )
    press: bool = field(
        metadata=doc("True when the wording was seen only as quoted by the press; labelled as a press quotation."),
        default=False,
    )


@dataclass(kw_only=True)
class Entry:
    """One glossary entry: a document, organisation, principle or event the brief talks about."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _FORBID_EXTRA

    id: EntryId = field(metadata=doc("Stable anchor on the glossary page; never derived from the display text."))
    term: PlainText = field(metadata=doc("The display name."))
    aliases: list[PlainText] = field(metadata=doc("Other names and forms that link here."), default_factory=list)
    case_sensitive: bool = field(
        metadata=doc("Match the term and aliases only in this exact case (acronyms)."), default=False
    )
    kind: Kind = field(metadata=doc("document, organisation, principle or event."))
    summary: PlainText = field(metadata=doc("One plain-text sentence for the popover."))
    description: Markdown = field(metadata=doc("Longer explanation, in Markdown."))
    related: list[EntryId] = field(metadata=doc("Ids of related entries."), default_factory=list)
    official_title: PlainText | None = field(metadata=doc("The document's official title."), default=None)
    date: Annotated[str, Text(pattern=DATE_PATTERN, check=_real_date)] | None = field(
        metadata=doc("YYYY, YYYY-MM or YYYY-MM-DD; orders the timeline. Required for documents and events."),
        default=None,
    )
    date_text: PlainText | None = field(
        metadata=doc("Dates of adoption, signature or publication, in words."), default=None
    )
    place: PlainText | None = field(metadata=doc("Where it was adopted or signed."), default=None)
    adopted_by: PlainText | None = field(metadata=doc("Who adopted or signed it."), default=None)
    url: Annotated[str, Text(check=_https_url)] | None = field(
        metadata=doc("Address of the official text (https)."), default=None
    )
    url_verified: bool | None = field(
        metadata=doc("Whether the address was seen in a source; required with url."), default=None
    )
    url_source: PlainText | None = field(metadata=doc("Where the address was seen."), default=None)
    bibkey: NonEmpty | None = field(metadata=doc("Key of the document in sources/references.bib."), default=None)
    note: Markdown | None = field(
        metadata=doc(
            "The explainer's own inference or comparison, in Markdown, shown labelled as the explainer's "
            "note: never the brief's or a document's words."
        ),
        default=None,
    )
    quotes: list[Quote] = field(metadata=doc("Verbatim passages; the first is the key quote."), default_factory=list)

    def __post_init__(self) -> None:
        self.kind = Kind(self.kind)  # given as text by the cache (and by hand-made entries in tests)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Entry:
        """An entry from :func:`dataclasses.asdict` of a validated one (the cache), without validating again."""
        return cls(**{**data, "quotes": [Quote(**quote) for quote in data["quotes"]]})

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


@dataclass
class GlossaryFile:
    """The whole of glossary.yml."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {**_FORBID_EXTRA, "title": SCHEMA_TITLE}

    entries: Annotated[list[Entry], MinLen(1)] = field(metadata=doc("The entries, in any order."))


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
    from pydantic import TypeAdapter

    schema = TypeAdapter(GlossaryFile).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def write_json_schema(path: Path) -> None:
    """Write the JSON Schema next to glossary.yml (``brief-explainer schema``)."""
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
    elif kind in ("extra_forbidden", "unexpected_keyword_argument"):
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


def parse_glossary(
    text: str,
    *,
    file_name: str = "glossary.yml",
    bibkeys: set[str] | None = None,
    reserved_ids: Collection[str] = (),
    cache: DerivedCache | None = None,
) -> Glossary:
    """Validate glossary text; raise :class:`GlossaryError` listing every problem with its line.

    Args:
        text: The YAML text.
        file_name: Used in messages.
        bibkeys: Known bibliography keys; each entry's ``bibkey`` must be one of them when given.
        reserved_ids: Ids no entry may take (the anchors of the pages the glossary is rendered on).
        cache: Where a validated glossary is kept between builds; it is valid for the same text, keys and model.

    Returns:
        The validated glossary.
    """
    inputs: list[str | bytes] = [
        text,
        "\n".join(sorted(bibkeys)) if bibkeys is not None else "\0no keys",
        source_of(__file__),
        importlib.metadata.version("pydantic"),
    ]
    validated = (cache or DerivedCache(None)).get_or_make(
        "glossary", inputs, lambda: [asdict(entry) for entry in _validate(text, file_name, bibkeys)]
    )
    glossary = Glossary([Entry.from_data(data) for data in validated])
    # After the cache: the reserved ids are the caller's, not part of what the cache is keyed on.
    clashes = sorted(set(reserved_ids).intersection(glossary.by_id))
    if clashes:
        raise GlossaryError([f"{file_name}: entry ids {clashes} are reserved for the glossary page's own: rename them"])
    return glossary


def _validate(text: str, file_name: str, bibkeys: set[str] | None) -> list[Entry]:
    from pydantic import TypeAdapter, ValidationError

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
        parsed = TypeAdapter(GlossaryFile).validate_python(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where, what = _describe(dict(error), data)
            problems.append(f"{file_name}:{_line_of(node, tuple(error['loc']))}: {where}{what}")
        raise GlossaryError(problems) from exc
    problems = _cross_check(parsed.entries, node, file_name, bibkeys)
    if problems:
        raise GlossaryError(problems)
    return parsed.entries


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


def load_glossary(
    path: Path,
    *,
    bibkeys: set[str] | None = None,
    reserved_ids: Collection[str] = (),
    cache: DerivedCache | None = None,
) -> Glossary:
    """Read and validate a glossary file; see :func:`parse_glossary`."""
    try:
        text = read_text(path)
    except UndecodableFileError as exc:
        raise GlossaryError([str(exc)]) from exc
    except OSError as exc:
        raise GlossaryError([f"{path.name}: cannot be read: {exc.strerror}"]) from exc
    return parse_glossary(text, file_name=path.name, bibkeys=bibkeys, reserved_ids=reserved_ids, cache=cache)
