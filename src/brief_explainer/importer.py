"""Import a brief: the explainer's pages made from the text extracted from its PDF, every repair reported.

The source has the shape of a PISM Spotlight as extracted from its PDF: ``## Title``, a line with the author,
the opening paragraph(s), then ``### Question`` headings, each followed by its answer. The PDF's layout leaves
artefacts in it: running page headers (``## PISM SPOTLIGHT``) and page numbers that land mid-text, and
paragraphs split across a page break (a blank line inside a sentence). These are repaired and each repair is
reported with its line numbers; nothing else in the author's words changes. A line that is none of these stops
the import with its line number rather than being guessed at.

The pages are checked the way the site reads them: Markdown is rendered with the site's own Markdown extensions
(``markdown_extensions``, read from its mkdocs.yml) and paragraphs extension (the same sentence splitter), and the
brief's layer (headings, ids, paragraphs, sentences, author, list of questions) is read from the HTML with
:mod:`htmlwalk`. The same reading serves ``--check`` (existing pages against a fresh import, editorial additions
ignored) and the anchor lock (no locked address may go).
No MkDocs imports.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from markdown import Markdown
from markdown.extensions import Extension

from .anchors import read_lock
from .citations import CITATION_RE  # the citation marks of the editorial layer
from .htmlwalk import HEADING_TAGS, OpenElement, rewrite_html
from .pages import BIBLIOGRAPHY_PAGE, BRIEFING_PAGE, GLOSSARY_PAGE, TIMELINE_PAGE
from .paragraphs import (
    NUMBER_CLASS,
    PARAGRAPH_CLASS,
    PARAGRAPH_ID_RE,
    SENTENCE_CLASS,
    BriefParagraphsExtension,
    split_sentences,
)
from .textfiles import UndecodableFileError, decode, read_text

TITLE_RE = re.compile(r"^##\s+(?P<text>.*?)(?:\s+#+)?$")
QUESTION_RE = re.compile(r"^###\s+(?P<text>.*?)(?:\s+#+)?$")
# A running header or footer: a line in capitals, as a level-2 heading (``## PISM SPOTLIGHT``) or bare, with no
# full stop (never the author's), or a page number.
RUNNING_HEADER_RE = re.compile(r"^(?:##\s+)?(?=[^a-z]*[A-Z][^a-z]*[A-Z])[^a-z.?!]+$")
PAGE_NUMBER_RE = re.compile(r"^[–—-]?\s*[0-9]{1,3}\s*[–—-]?$")
# Lines whose Markdown would not be a plain paragraph: placing them would be a guess.
BLOCK_SYNTAX = [
    (re.compile(r"^#"), "a heading of a level the brief does not use (## is the title, ### a question)"),
    (re.compile(r"^(?:[-*+]|[0-9]+[.)])\s"), "a list item"),
    (re.compile(r"^>"), "a block quote"),
    (re.compile(r"^(?:```|~~~)"), "a code fence"),
    (re.compile(r"^\|"), "a table row"),
    (re.compile(r"^<"), "HTML"),
    (re.compile(r"^(?:[-*_=]\s*){3,}$"), "a rule or an underline"),
    (re.compile(r"^(?:!!!|\?\?\?|:\s|\[\^)"), "Markdown of the editorial layer (admonition, definition, footnote)"),
]
AUTHOR_MAX_WORDS = 12
TERMINAL_RE = re.compile(r"[.?!…][\"'”’)\]]*$")
"""How the last paragraph before a heading ends: the end of a sentence, perhaps inside quotes or brackets."""
FRONT_MATTER_RE = re.compile(r"^---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL)
CONFIG_FILE_NAME = "mkdocs.yml"
"""The site's configuration, which lists the Markdown extensions its pages are written with."""
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAKEN_PAGE_IDS = frozenset({"index", "title", "questions", "glossary", "timeline", "bibliography", "404"})
"""Ids a question page cannot take: the overview's own, and the pages the plugin generates."""
# Python-Markdown would read these characters of the author's text as markup.
_MARKDOWN_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]{}"} | {"<": "&lt;"})
_ENTITY_RE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
EDITORIAL_CLASSES = frozenset({"admonition", "footnote", NUMBER_CLASS})
"""Editorial containers and machinery whose text is not the brief's."""


class BriefImportError(Exception):
    """The brief cannot be imported; the message names the file, the line and the fix."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source, self.line, self.message = source, line, message
        super().__init__(f"{source}:{line}: {message}" if line else f"{source}: {message}")


@dataclass(frozen=True)
class Repair:
    """One artefact of the PDF's layout, repaired: where it was in the source and what was done."""

    lines: tuple[int, ...]
    what: str

    def __str__(self) -> str:
        where = ", ".join(str(line) for line in self.lines)
        return f"line{'s' if len(self.lines) > 1 else ''} {where}: {self.what}"


@dataclass
class Paragraph:
    """A paragraph of the author's text and the source lines it came from."""

    text: str
    lines: list[int]


@dataclass
class Question:
    """A question heading and its answer."""

    text: str
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Brief:
    """The brief as read from its source, artefacts repaired."""

    source: str
    title: str
    author: str
    opening: list[Paragraph]
    questions: list[Question]
    repairs: list[Repair]

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph of the author's text, in order."""
        return [*self.opening, *(p for question in self.questions for p in question.paragraphs)]


class LayerItem(NamedTuple):
    """One piece of the brief's layer of a page, as a reader's browser gets it."""

    kind: str  # "h1".."h6", "paragraph", "sentence", "author", "question"
    key: str  # the id (headings, paragraphs, sentences) or link target (questions)
    text: str

    def __str__(self) -> str:
        if self.kind == "paragraph":
            return f"¶ #{self.key}"
        if self.kind == "sentence":
            return f"  #{self.key}: {self.text}"
        if self.kind == "question":
            return f"question → {self.key}: {self.text}"
        if self.kind == "author":
            return f"author: {self.text}"
        return f"{self.kind} #{self.key}: {self.text}"


@dataclass(frozen=True)
class SiteMarkdown:
    """The Markdown extensions of the site's pages, as its mkdocs.yml lists them (:func:`read_site_markdown`)."""

    extensions: list[str]
    configs: dict[str, dict[str, Any]]

    def render(self, text: str, *more: Extension) -> str:
        """``text`` as HTML, with the site's extensions and ``more``."""
        return Markdown(extensions=[*self.extensions, *more], extension_configs=self.configs).convert(text)


class _ConfigLoader(yaml.SafeLoader):
    """YAML as mkdocs.yml writes it: ``!ENV`` tags read the environment; other tags (``!!python/name:``, a theme's
    or a plugin's) are read as the plain value under them, which the Markdown extensions' list never needs."""


def _environment_value(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER_NAME, default]``, as MkDocs reads it (pyyaml-env-tag)."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    for name in names:
        if str(name) in os.environ:
            return yaml.load(os.environ[str(name)], Loader=_ConfigLoader)  # a SafeLoader
    return default


def _plain_value(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_ConfigLoader.add_constructor("!ENV", _environment_value)
_ConfigLoader.add_multi_constructor("!", _plain_value)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _plain_value)


def read_site_markdown(config_file: Path) -> SiteMarkdown:
    """The site's Markdown extensions, read from its mkdocs.yml (``markdown_extensions``: names, or one-key
    mappings of a name to its options), the one list of them.

    Raises:
        BriefImportError: The file cannot be read, is not YAML, or lists extensions Python-Markdown cannot load.
    """
    name = str(config_file)
    try:
        config = yaml.load(read_text(config_file), Loader=_ConfigLoader)  # a SafeLoader
    except OSError as exc:
        raise BriefImportError(name, None, f"cannot read the site's configuration ({exc.strerror})") from exc
    except UndecodableFileError as exc:
        raise BriefImportError(name, exc.line, f"not UTF-8 (byte 0x{exc.byte:02x}): save it as UTF-8") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BriefImportError(name, mark.line + 1 if mark else None, f"not valid YAML ({exc})") from exc
    listed = config.get("markdown_extensions") if isinstance(config, dict) else None
    extensions: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for item in listed or []:
        if isinstance(item, str):
            extensions.append(item)
        elif isinstance(item, dict) and len(item) == 1 and isinstance(next(iter(item)), str):
            name, options = next(iter(item.items()))
            extensions.append(name)
            configs[name] = dict(options or {})
        else:
            raise BriefImportError(
                name, None, f"markdown_extensions: {item!r} is neither a name nor a name with its options"
            )
    site_markdown = SiteMarkdown(extensions, configs)
    try:
        site_markdown.render("")
    except (ImportError, AttributeError, TypeError, KeyError, ValueError) as exc:
        raise BriefImportError(name, None, f"markdown_extensions cannot be loaded: {exc}") from exc
    return site_markdown


@dataclass
class Imported:
    """A brief's pages (file name → Markdown) and what a reader gets from each."""

    brief: Brief
    pages: dict[str, str]
    layers: dict[str, list[LayerItem]]
    site_markdown: SiteMarkdown
    """How the site renders a page: the layers were read with it, and existing pages are compared with it."""

    @property
    def sentence_count(self) -> int:
        """Sentences of the author's text, as the site numbers them."""
        return sum(item.kind == "sentence" for layer in self.layers.values() for item in layer)

    def nav_yaml(self) -> str:
        """``mkdocs.yml``'s ``nav`` for these pages in reading order (the overview, then each question), then the
        reference pages the plugin generates, under their default names."""
        files = list(self.pages)
        questions = ({q.text: f} for q, f in zip(self.brief.questions, files[1:], strict=True))
        reference = {"Reference": [GLOSSARY_PAGE, TIMELINE_PAGE, BIBLIOGRAPHY_PAGE, BRIEFING_PAGE]}
        entries = [{"Overview": files[0]}, *questions, reference]
        return yaml.safe_dump({"nav": entries}, allow_unicode=True, sort_keys=False, width=1000)

    def summary(self) -> str:
        """One line: paragraphs, sentences, questions, repairs."""
        brief = self.brief
        return (
            f"{len(brief.paragraphs)} paragraphs, {self.sentence_count} sentences, "
            f"{len(brief.questions)} questions, {len(brief.repairs)} repairs"
        )


# -- Reading the source ------------------------------------------------------------------------------------------


def read_source(path: Path) -> str:
    """The text of a source file; a binary or non-UTF-8 file is refused with the line of its first bad byte."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BriefImportError(name, None, f"cannot read the file ({exc.strerror})") from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise BriefImportError(name, line, "a binary file, not text: give the text extracted from the brief's PDF")
    try:
        text = decode(data, path)
    except UndecodableFileError as exc:
        raise BriefImportError(
            name, exc.line, f"not UTF-8 text (byte 0x{exc.byte:02x}): save the extracted text as UTF-8"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unplaceable(line: str) -> str | None:
    """Why a line of text cannot be placed as part of a paragraph, or None when it can."""
    for pattern, what in BLOCK_SYNTAX:
        if pattern.search(line):
            return what
    if any(unicodedata.category(char) == "Cc" and char != "\t" for char in line):
        return "a control character"
    return None


@dataclass
class _Piece:
    """Consecutive lines of text, between blank lines, headings or the edges of the file."""

    lines: list[tuple[int, str]]
    question: int  # index of the question it answers; -1 before the first question

    @property
    def text(self) -> str:
        return " ".join(text for _, text in self.lines)


def parse_brief(text: str, source: str) -> Brief:
    """Read a brief from its extracted text, repairing the PDF's artefacts.

    Args:
        text: The source text (see :func:`read_source`).
        source: The file's name, for messages.

    Returns:
        The brief, with every repair listed in source order.

    Raises:
        BriefImportError: A line cannot be placed, or the brief's shape is incomplete.
    """
    lines = text.split("\n")
    if not text.strip():
        raise BriefImportError(source, 1, "the file is empty: expected the brief's text, starting with '## Title'")
    repairs: list[Repair] = []
    title: tuple[int, str] | None = None
    questions: list[Question] = []
    pieces: list[_Piece] = []
    current: _Piece | None = None  # the piece being read; a blank line or a heading ends it
    for number, raw in enumerate(lines, start=1):
        line = raw.replace("\f", "").strip()
        if "\f" in raw:  # pdftotext's page break; on a line of its own, it stands where a blank line would
            repairs.append(Repair((number,), "form feed (page break) removed"))
        if not line:
            current = None
            continue
        if RUNNING_HEADER_RE.match(line) or (title and PAGE_NUMBER_RE.match(line)):
            kind = "page number" if PAGE_NUMBER_RE.match(line) else "page header"
            inside = current is not None and number < len(lines) and lines[number].strip() != ""
            where = " from the middle of a paragraph (the lines around it joined)" if inside else ""
            repairs.append(Repair((number,), f"{kind} '{line}' removed{where}"))
            continue  # the piece being read, if any, goes on after it
        if title is None:
            match = TITLE_RE.match(line)
            if not match or not match.group("text"):
                raise BriefImportError(
                    source, number, f"expected the title as '## Title', found '{_clip(line)}': is this the brief?"
                )
            title, current = (number, match.group("text")), None
            continue
        match = QUESTION_RE.match(line)
        if match:
            questions.append(Question(match.group("text"), number))
            current = None
            continue
        if TITLE_RE.match(line):
            raise BriefImportError(
                source,
                number,
                f"a second title '{_clip(line)}' (a '## ' line that is not a page header in capitals): "
                "a brief has one title; questions are '### ' headings",
            )
        why = _unplaceable(line)
        if why:
            raise BriefImportError(
                source, number, f"cannot place '{_clip(line)}': it looks like {why}, not the text of the brief"
            )
        if current is None:
            current = _Piece([], len(questions) - 1)
            pieces.append(current)
        current.lines.append((number, line))
    assert title is not None  # the file has text, and the first line of text is the title or an error
    return _assemble(source, title, questions, pieces, repairs, len(lines))


def _clip(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _inside_sentence(before: str, after: str) -> bool:
    """Whether a blank line between two pieces of text falls inside a sentence: the site's sentence splitter ends
    no sentence there, and the text before it does not end in a full stop before a capital (as after 'U.S.')."""
    if TERMINAL_RE.search(before) and after[:1].isupper():
        return False
    position = 0
    for sentence in split_sentences(f"{before} {after}"):
        position += len(sentence)
        if position == len(before) + 1:
            return False
    return True


def _assemble(
    source: str,
    title: tuple[int, str],
    questions: list[Question],
    pieces: list[_Piece],
    repairs: list[Repair],
    line_count: int,
) -> Brief:
    title_line, title_text = title
    if not pieces or pieces[0].question != -1:
        raise BriefImportError(
            source,
            questions[0].line if questions else line_count,
            f"no author: expected the author's name on a line of its own after the title (line {title_line})",
        )
    author_piece, *pieces = pieces
    author_line, author = author_piece.lines[0]
    if len(author_piece.lines) > 1 or len(author.split()) > AUTHOR_MAX_WORDS or author.endswith((".", "?", "!", ":")):
        raise BriefImportError(
            source,
            author_line,
            f"expected the author's name after the title, found '{_clip(author)}': "
            "the line after the title is the author's name alone, with a blank line after it",
        )
    if not questions:
        raise BriefImportError(
            source, line_count, "no questions: a brief's questions are '### ' headings, each followed by its answer"
        )
    sections: list[list[Paragraph]] = [[] for _ in range(len(questions) + 1)]  # the opening, then each answer
    previous: _Piece | None = None
    for piece in pieces:
        section = sections[piece.question + 1]
        lines = [number for number, _ in piece.lines]
        if (
            previous is not None
            and previous.question == piece.question
            and _inside_sentence(section[-1].text, piece.text)
        ):
            repairs.append(
                Repair(
                    (previous.lines[-1][0], lines[0]),
                    f"paragraph split across a page break rejoined ('…{_clip(previous.lines[-1][1][-25:], 25)}' + "
                    f"'{_clip(piece.lines[0][1], 25)}')",
                )
            )
            section[-1].text += " " + piece.text
            section[-1].lines += lines
        else:
            section.append(Paragraph(piece.text, lines))
        previous = piece
    for index, question in enumerate(questions):
        question.paragraphs = sections[index + 1]
        following = questions[index + 1].line if index + 1 < len(questions) else None
        after = f"the next question follows on line {following}" if following else "the file ends"
        if not question.paragraphs:
            raise BriefImportError(source, question.line, f"question '{_clip(question.text)}' has no answer: {after}")
    for index, section in enumerate(sections):
        if section and not TERMINAL_RE.search(section[-1].text):
            follows = (
                f"a question follows on line {questions[index].line}" if index < len(questions) else "the file ends"
            )
            raise BriefImportError(
                source,
                section[-1].lines[-1],
                f"the paragraph ends inside a sentence ('…{section[-1].text[-30:]}') and {follows}: is a page's "
                "text out of order in the extraction? Put it right in the source",
            )
    repairs.sort(key=lambda repair: repair.lines)
    return Brief(source, title_text, author, sections[0], questions, repairs)


# -- Ids ---------------------------------------------------------------------------------------------------------


def slugify(text: str, max_length: int = 50) -> str:
    """A lower-case, hyphenated ASCII id made from a question."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text.replace("'", "")).split()
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > max_length:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "question"


def _normalise(text: str) -> str:
    return " ".join(text.split())


class IdChoice(NamedTuple):
    """An editor's id for a question, and the line of the ids file that chose it."""

    id: str
    line: int


def load_ids(path: Path) -> dict[str, IdChoice]:
    """Read an ids file: a YAML mapping from each question, as written in the source, to its page's id."""
    name = str(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except OSError as exc:
        raise BriefImportError(name, None, f"cannot read the ids file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise BriefImportError(name, None, "the ids file is not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise BriefImportError(
            name, mark.line + 1 if mark else None, f"not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from exc
    expected = "expected a mapping of each question (as in the source) to its id, one per line"
    if not isinstance(root, yaml.MappingNode):
        raise BriefImportError(name, root.start_mark.line + 1 if root else 1, expected)
    chosen: dict[str, IdChoice] = {}
    for key, value in root.value:
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
            raise BriefImportError(name, line, expected)
        chosen[_normalise(key.value)] = IdChoice(value.value, line)
    return chosen


def question_ids(
    brief: Brief, chosen: dict[str, IdChoice], ids_source: str = "ids file"
) -> tuple[list[str], list[str]]:
    """Each question's id (the editor's choice, else made from its text), and notes on the ids made.

    Raises:
        BriefImportError: A chosen id is malformed, reserved or taken twice, or names no question.
    """
    questions = [_normalise(question.text) for question in brief.questions]
    for question, choice in chosen.items():
        if question not in questions:
            listed = "; ".join(f"'{q}'" for q in questions)
            raise BriefImportError(
                ids_source, choice.line, f"'{question}' is not a question of {brief.source} (its questions: {listed})"
            )
        if not SLUG_RE.match(choice.id) or choice.id in TAKEN_PAGE_IDS or PARAGRAPH_ID_RE.match(choice.id):
            raise BriefImportError(
                ids_source,
                choice.line,
                f"id '{choice.id}' for '{question}': use lower-case letters, digits and hyphens, and none of "
                f"{sorted(TAKEN_PAGE_IDS)} or p-N",
            )
        first = next(other for other in chosen.values() if other.id == choice.id)
        if first is not choice:
            raise BriefImportError(ids_source, choice.line, f"id '{choice.id}' is given on line {first.line} too")
    taken = {choice.id for choice in chosen.values()}
    ids: list[str] = []
    notes: list[str] = []
    for question in questions:
        if question in chosen:
            ids.append(chosen[question].id)
            continue
        base = slugify(question)
        base = f"q-{base}" if base in TAKEN_PAGE_IDS or PARAGRAPH_ID_RE.match(base) else base
        page_id, suffix = base, 2
        while page_id in taken:
            page_id, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(page_id)
        ids.append(page_id)
        notes.append(f"'{question}' → {page_id} (made from its text; choose ids in an --ids file)")
    return ids, notes


# -- Writing the pages ---------------------------------------------------------------------------------------------


def escape_markdown(text: str) -> str:
    """The author's text as Markdown that renders back to exactly that text."""
    return _ENTITY_RE.sub("&amp;", text).translate(_MARKDOWN_ESCAPES)


def _heading(level: int, text: str, heading_id: str) -> str:
    return f"{'#' * level} {escape_markdown(text).replace('#', chr(92) + '#')} {{ #{heading_id} }}"


def _number_of_questions(count: int) -> str:
    if count == 1:
        return "The question"
    return f"The {_NUMBER_WORDS[count - 1] if count <= len(_NUMBER_WORDS) else count} questions"


def pages_markdown(brief: Brief, ids: list[str]) -> dict[str, str]:
    """The explainer's pages: ``index.md`` (title, author, opening, questions), then one page per question.

    Each paragraph carries its number through the whole brief (``{ #p-N }``); the front matter marks the page
    as holding the brief, so that the site numbers it and its sentences.
    """
    front = ["---", "brief: true", "---", ""]
    number = 0

    def paragraph_lines(paragraphs: list[Paragraph]) -> list[str]:
        nonlocal number
        lines = []
        for paragraph in paragraphs:
            number += 1
            lines += [escape_markdown(paragraph.text), f"{{ #p-{number} }}", ""]
        return lines

    index = [
        *front,
        _heading(1, brief.title, "title"),
        "",
        '<div class="byline" markdown>',
        "",
        f"**{escape_markdown(brief.author)}**",
        "",
        "</div>",
        "",
        *paragraph_lines(brief.opening),
        _heading(2, _number_of_questions(len(brief.questions)), "questions"),
        "",
        '<div class="questions" markdown>',
        "",
        *(
            f"{n}. [{escape_markdown(q.text)}]({page_id}.md)"
            for n, (q, page_id) in enumerate(zip(brief.questions, ids, strict=True), 1)
        ),
        "",
        "</div>",
    ]
    pages = {"index.md": "\n".join(index) + "\n"}
    for question, page_id in zip(brief.questions, ids, strict=True):
        lines = [*front, _heading(1, question.text, page_id), "", *paragraph_lines(question.paragraphs)]
        pages[f"{page_id}.md"] = "\n".join(lines).rstrip("\n") + "\n"
    return pages


def import_brief(
    source: Path, ids_file: Path | None = None, *, site_markdown: SiteMarkdown
) -> tuple[Imported, list[str]]:
    """Read, repair and render a brief (as ``site_markdown`` renders pages); nothing is written.

    Returns:
        The import, and notes on ids made from question text.
    """
    brief = parse_brief(read_source(source), str(source))
    chosen = load_ids(ids_file) if ids_file else {}
    ids, notes = question_ids(brief, chosen, str(ids_file) if ids_file else "ids file")
    pages = pages_markdown(brief, ids)
    layers = {name: brief_layer(markdown, site_markdown) for name, markdown in pages.items()}
    return Imported(brief, pages, layers, site_markdown), notes


def write_pages(pages: dict[str, str], out: Path) -> None:
    """Write the pages into ``out``, all or none; a page that exists already is never overwritten."""
    if out.exists() and not out.is_dir():
        raise BriefImportError(str(out), None, "exists and is not a folder: give --out a new folder")
    clashes = [name for name in pages if (out / name).exists()]
    if clashes:
        raise BriefImportError(
            str(out / clashes[0]),
            None,
            "exists: the importer never overwrites a page (it may carry editorial additions); import into a new "
            "folder, or compare with --check",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.import-", dir=out.parent))
    try:
        for name, markdown in pages.items():
            (staging / name).write_text(markdown, encoding="utf-8")
        if out.exists():
            for name in pages:
                os.replace(staging / name, out / name)
        else:
            staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# -- Reading pages back: the brief's layer -------------------------------------------------------------------------


def split_front_matter(markdown: str) -> tuple[dict[str, object], str]:
    """A page's YAML front matter (empty when absent or not a mapping) and its body."""
    match = FRONT_MATTER_RE.match(markdown)
    if not match:
        return {}, markdown
    try:
        meta = yaml.safe_load(match.group("yaml") or "")
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), markdown[match.end() :]


def brief_layer(markdown: str, site_markdown: SiteMarkdown) -> list[LayerItem]:
    """What a reader gets of the brief from a page: rendered as the site renders it, editorial layer left out.

    Citation marks, admonitions, footnotes and ¶ marks are left out; headings, the brief's paragraphs and their
    sentences (with their ids), the byline's author and the list of questions are kept, in reading order.
    """
    meta, body = split_front_matter(markdown)
    paragraphs = BriefParagraphsExtension(enabled=bool(meta.get("brief")))
    html = site_markdown.render(CITATION_RE.sub("", body), paragraphs)
    items: list[LayerItem] = []
    texts: list[tuple[OpenElement, int]] = []  # elements whose text is collected, and their item's index

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        element, inside = stack[-1], stack[:-1]
        if any(EDITORIAL_CLASSES.intersection(e.classes) or e.tag in ("sup", "details") for e in stack):
            return
        classes = element.classes
        if tag in HEADING_TAGS:
            items.append(LayerItem(tag, attrs.get("id") or "", ""))
        elif tag == "p" and PARAGRAPH_CLASS in classes:
            items.append(LayerItem("paragraph", attrs.get("id") or "", ""))
            return
        elif SENTENCE_CLASS in classes:
            items.append(LayerItem("sentence", attrs.get("id") or "", ""))
        elif tag == "strong" and any("byline" in e.classes for e in inside):
            items.append(LayerItem("author", "", ""))
        elif tag == "a" and any("questions" in e.classes for e in inside):
            items.append(LayerItem("question", attrs.get("href") or "", ""))
        else:
            return
        texts.append((element, len(items) - 1))

    def on_text(text: str, stack: list[OpenElement]) -> None:
        if any(EDITORIAL_CLASSES.intersection(e.classes) or e.tag in ("sup", "details") for e in stack):
            return
        for element in reversed(stack):
            for collecting, index in texts:
                if collecting is element:
                    kind, key, collected = items[index]
                    items[index] = LayerItem(kind, key, collected + text)
                    return

    rewrite_html(html, on_start=on_start, on_text=on_text)
    return [LayerItem(kind, key, _normalise(text)) for kind, key, text in items]


def layer_ids(layer: list[LayerItem]) -> set[str]:
    """The ids of a page's brief layer: headings, paragraphs and sentences."""
    return {item.key for item in layer if item.kind not in ("author", "question") and item.key}


# -- Checking ------------------------------------------------------------------------------------------------------


def check_pages(imported: Imported, directory: Path) -> list[str]:
    """Differences between the brief's layer of the pages in ``directory`` and a fresh import (empty if none).

    Editorial additions are ignored: citation marks, admonitions, footnotes, front matter other than ``brief``,
    and headings the import does not write (below the page title).
    """
    problems = []
    for name, expected in imported.layers.items():
        path = directory / name
        if not path.is_file():
            problems.append(f"{path}: missing (the import writes this page)")
            continue
        heading_ids = {item.key for item in expected if item.kind in HEADING_TAGS}
        found = [
            item
            for item in brief_layer(path.read_text(encoding="utf-8"), imported.site_markdown)
            if item.kind not in HEADING_TAGS[1:] or item.key in heading_ids
        ]
        if found != expected:
            diff = difflib.unified_diff(
                [str(item) for item in expected],
                [str(item) for item in found],
                fromfile=f"import of {imported.brief.source}",
                tofile=str(path),
                lineterm="",
                n=1,
            )
            problems.append(f"{path}: the brief's text differs from a fresh import:\n" + "\n".join(diff))
    return problems


def _page_of_url(url: str) -> str:
    """The Markdown page a site URL is built from (``meaning.html``, ``meaning/`` or ``''`` → ``meaning.md``)."""
    if url in ("", "index.html") or url.endswith("/index.html"):
        return url.removesuffix("index.html") + "index.md"
    if url.endswith("/"):
        return url.rstrip("/") + ".md"
    return url.removesuffix(".html") + ".md"


def find_lock(directory: Path) -> Path | None:
    """The ``anchors.lock`` of the project holding ``directory``: in it or the nearest folder above it."""
    return _nearest(directory, "anchors.lock")


def find_config(directory: Path) -> Path | None:
    """The ``mkdocs.yml`` of the project holding ``directory`` (in it or the nearest folder above it), else the
    current folder's (an import into a new folder, from the project's root)."""
    return _nearest(directory, CONFIG_FILE_NAME) or _nearest(Path.cwd(), CONFIG_FILE_NAME)


def _nearest(directory: Path, name: str) -> Path | None:
    for folder in [directory.resolve(), *directory.resolve().parents]:
        if (folder / name).is_file():
            return folder / name
    return None


def check_lock(imported: Imported, addresses: list[str]) -> tuple[list[str], int]:
    """Locked addresses of the brief that this import would drop or move, and how many it keeps.

    The brief's addresses are its pages, their headings and every ``p-N`` and ``p-N.K`` id; a page holding a
    locked paragraph id is a page of the brief. Other locked anchors on its pages (``#how-to-cite``) belong to the
    editorial layer and are left to it.
    """
    page_of_id: dict[str, str] = {}
    for name, layer in imported.layers.items():
        for element_id in layer_ids(layer):
            page_of_id.setdefault(element_id, name)
    locked = [(address, _page_of_url(address.partition("#")[0]), address.partition("#")[2]) for address in addresses]
    brief_pages = set(imported.pages) | {page for _, page, anchor in locked if _is_paragraph_id(anchor)}
    problems, kept = [], 0
    for address, page, anchor in locked:
        if page not in brief_pages:
            continue  # a page the importer does not write (glossary, bibliography …)
        if page not in imported.pages:
            problems.append(f"{address}: page {page} would be dropped (give its question the id '{page[:-3]}')")
        elif not anchor or page_of_id.get(anchor) == page:
            kept += 1
        elif anchor in page_of_id:
            problems.append(f"{address}: would move to {page_of_id[anchor]} (a paragraph or heading renumbered)")
        elif _is_paragraph_id(anchor) or anchor == Path(page).stem:
            problems.append(f"{address}: would be dropped (no such paragraph, sentence or heading in the import)")
        # Otherwise an editorial anchor (#how-to-cite): not the importer's to keep.
    return problems, kept


def _is_paragraph_id(anchor: str) -> bool:
    """A paragraph's or sentence's id: ``p-3`` or ``p-3.2``."""
    return bool(PARAGRAPH_ID_RE.match(anchor.split(".")[0]))


def check_lock_file(imported: Imported, lock: Path) -> tuple[list[str], int]:
    """:func:`check_lock` against a lock file."""
    try:
        addresses = read_lock(lock)
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefImportError(str(lock), None, f"cannot read the anchor lock ({exc})") from exc
    return check_lock(imported, addresses)
