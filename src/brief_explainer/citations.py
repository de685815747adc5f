"""Citations: load references.bib, turn ``[@key]`` into a footnote holding the formatted reference, render the page.

The citation syntax, the footnotes and their text are those of mkdocs-bibtex in plain mode (pybtex's plain style,
Markdown backend), which the site used before: ``[@a; @b]`` becomes Python-Markdown footnotes ``#fn:a`` and
``#fn:b``. It is done here by a Python-Markdown extension instead: code spans and code blocks are left alone
(mkdocs-bibtex rewrote raw Markdown, code included), an unknown key or a malformed citation is shown as typed
(mkdocs-bibtex warned with a traceback or dropped the affix) and listed in the extension's ``problems`` for the
host to report (what is shown as typed in any case, a code span, escaped brackets, a link's text, is no problem),
a citation in the author's own footnote is a footnote too, every ``@entry`` type is checked up front, and any
Python-Markdown host (Zensical runs extensions, not MkDocs plugins) can use it. It also spares every build
mkdocs-bibtex's import of ``requests`` and its own formatting of every reference on every page.

Pandoc's citation syntax is read whole: each item of ``[see @helsinki1975, sec. 1(a); @paris1990, p. 3]`` may have
a prefix (``see``), a locator (a term of Pandoc's English list, ``p.``, ``paras.``, ``sec.``, ``§``…, then its
value; a bare number is a page; ``{…}`` is taken as is) and a suffix (what follows). An item with any of them is a
footnote of its own, named ``key@…`` (:func:`cited_key` gives the key back): the prefix, the reference, then the
locator and the suffix. A bare ``[@key]`` is the footnote ``key``, as before.

    markdown.Markdown(extensions=["footnotes", "brief_explainer.citations"],
                      extension_configs={"brief_explainer.citations": {"bib_file": "sources/references.bib"}})

No MkDocs imports.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pybtex
from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pybtex.backends.markdown import Backend as MarkdownBackend
from pybtex.database import BibliographyDataError, parse_string
from pybtex.scanner import PybtexError
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleSorting

from .cache import DerivedCache, source_of
from .pages import front_matter
from .textfiles import UndecodableFileError, read_text

BRACKETED_RE = re.compile(r"\[([^\[\]]*)\]")
"""Any bracketed text: a citation if it holds an ``@key``."""
CITATION_RE = re.compile(r"(?<!\\)\[[^\[\]]*?(?<![\w.%+-])-?@[\w:.-]*\w[^\[\]]*\](?!\()")
"""A citation mark as the pages write one, well formed or not (not escaped, not a link's text): what the importer's
``--check`` removes before it compares a page with the brief."""
AFFIXED_KEY_RE = re.compile(r"(?<![\w.%+-])-?@[\w:.-]*\w")
"""An ``@key`` that is not the middle of an e-mail address (``-@key``: Pandoc's author-suppressing form)."""
ITEM_RE = re.compile(r"(?P<prefix>.*?)(?P<minus>-?)@(?P<key>\w(?:[\w:.-]*\w)?)(?P<rest>.*)", re.DOTALL)
"""One item of a citation: a prefix, ``@key`` (its last character a letter or digit, as in Pandoc), the rest."""
LOCATOR_TERMS = (
    # Pandoc's English locator terms (CSL's en-US locale: each locator's long and short forms, singular and
    # plural, and the symbols), plus "ch."/"chs." and "art."/"arts." (CSL 1.0.2's article-locator).
    "book", "books", "bk.", "bks.", "chapter", "chapters", "chap.", "chaps.", "ch.", "chs.",
    "column", "columns", "col.", "cols.", "figure", "figures", "fig.", "figs.", "folio", "folios", "fol.", "fols.",
    "number", "numbers", "no.", "nos.", "line", "lines", "l.", "ll.", "note", "notes", "n.", "nn.",
    "opus", "opera", "op.", "opp.", "page", "pages", "p.", "pp.", "paragraph", "paragraphs", "para.", "paras.",
    "part", "parts", "pt.", "pts.", "section", "sections", "sec.", "secs.", "sub verbo", "sub verbis", "s.v.",
    "s.vv.", "verse", "verses", "v.", "vv.", "volume", "volumes", "vol.", "vols.",
    "article", "articles", "art.", "arts.", "¶¶", "¶", "§§", "§",
)  # fmt: skip
_VALUE_TOKEN = r"(?:\d|\(|(?:[ivxlcdm]+|[IVXLCDM]+)(?![A-Za-z]))[\w().:/–-]*"
LOCATOR_RE = re.compile(
    r"(?P<term>"
    + "|".join(re.escape(term) for term in sorted(LOCATOR_TERMS, key=len, reverse=True))
    + rf")(?:(?<=[.¶§])|(?=\s|$))\s*(?P<value>{_VALUE_TOKEN}(?:\s*(?:,|&|–|-)\s*{_VALUE_TOKEN})*)?",
    re.IGNORECASE,
)
"""A locator term and its value (``sec. 1(a)``, ``pp. 33-35, 38``, ``§ 3``, ``ch. iv``): the value is numbers
(arabic or roman), with the ranges and lists that join them; the first word that is not one starts the suffix."""
BARE_PAGE_RE = re.compile(rf"(?P<value>\d[\w().:/–-]*(?:\s*(?:,|&|–|-)\s*{_VALUE_TOKEN})*)")
"""A locator without a term: Pandoc takes it for a page (``[@key, 33]``)."""
NAME_SEPARATOR = "@"
"""Between the key and the rest of the name of a pinpointed citation's footnote (never in a key)."""
CODE_SPAN_RE = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
"""A code span as Python-Markdown reads one (a run of backticks, up to the same run): never a citation inside."""


class BibliographyError(Exception):
    """references.bib cannot be used."""


@dataclass(frozen=True)
class Bibliography:
    """The references, each rendered as mkdocs-bibtex renders its footnotes (pybtex plain style, Markdown)."""

    formatted: dict[str, str]
    """Citation key → the reference in Markdown, in a bibliography's order (:class:`BibliographySorting`)."""

    @property
    def keys(self) -> set[str]:
        """Every citation key."""
        return set(self.formatted)


def load_bibliography(path: Path, *, cache: DerivedCache | None = None) -> Bibliography:
    """Parse a BibTeX file, check every entry type is one plain mode can format, and format every entry.

    Args:
        path: The BibTeX file.
        cache: Where the formatted references are kept between builds (pybtex takes a tenth of a second).

    Raises:
        BibliographyError: The file is missing, not UTF-8, not BibTeX, or has an entry plain mode cannot format.
    """
    if not path.is_file():
        raise BibliographyError(f"{path}: bibliography file not found")
    try:
        text = read_text(path)
    except UndecodableFileError as exc:
        raise BibliographyError(str(exc)) from exc
    inputs = [text, pybtex.__version__, source_of(__file__)]
    formatted = (cache or DerivedCache(None)).get_or_make("bibliography", inputs, lambda: _formatted(text, path.name))
    return Bibliography(formatted)


class BibliographySorting(AuthorYearTitleSorting):  # type: ignore[misc]
    """pybtex's author-year-title order, as a bibliography is ordered: by author (or editor), or by title where
    there is neither (pybtex puts those first), then year, then title; braces, case and a leading article aside
    (pybtex sorts a corporate author, ``{{North Atlantic Council}}``, by its brace, after every letter)."""

    def sorting_key(self, entry: Any) -> tuple[str, str, str]:
        """(author or title, year, title), each as it would be read."""
        persons = entry.persons.get("author") or entry.persons.get("editor")
        title = _sortable(entry.fields.get("title", ""))
        author = _sortable(self.persons_key(persons)) if persons else ""
        return (author or title, entry.fields.get("year", ""), title)


def _sortable(text: str) -> str:
    """Text as it is alphabetised: no braces, lower case, diacritics and a leading article dropped."""
    text = unicodedata.normalize("NFKD", text.replace("{", "").replace("}", "")).casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"^(?:the|an?)\s+", "", " ".join(text.split()))


def _formatted(text: str, file_name: str) -> dict[str, str]:
    try:
        data = parse_string(text, bib_format="bibtex")
    except (PybtexError, BibliographyDataError) as exc:
        raise BibliographyError(f"{file_name}: not valid BibTeX: {exc}") from exc
    style = PlainStyle(sorting_style=BibliographySorting)
    problems = [
        f"{file_name}: entry '{key}': type @{entry.type} cannot be formatted in plain mode; use @misc or @techreport"
        for key, entry in data.entries.items()
        if not hasattr(style, f"get_{entry.type.lower()}_template")
    ]
    if problems:
        raise BibliographyError("\n".join(problems))
    backend = MarkdownBackend()
    return {entry.key: entry.text.render(backend) for entry in style.format_entries(data.entries.values())}


def load_reference_urls(path: Path, *, cache: DerivedCache | None = None) -> dict[str, str]:
    """Citation key → the ``url`` field of each reference that has one: the one address the site gives for it
    (the glossary shows the same). Read from a file :func:`load_bibliography` has accepted."""
    text = read_text(path)

    def urls() -> dict[str, str]:
        entries = parse_string(text, bib_format="bibtex").entries
        return {key: entry.fields["url"] for key, entry in entries.items() if entry.fields.get("url")}

    return dict((cache or DerivedCache(None)).get_or_make("reference-urls", [text, pybtex.__version__], urls))


FOOTNOTES_NEEDED = (
    "Citations are footnotes: add 'footnotes' to markdown_extensions in mkdocs.yml (brief_explainer.citations "
    "needs the footnotes extension, listed before it)"
)
"""What a host is told when the footnotes extension is missing: before any page (the plugin) or on the first one."""


def lists_footnotes(extensions: Iterable[object]) -> bool:
    """Whether Python-Markdown's footnotes extension is among ``extensions``, given by name
    (``footnotes``, ``markdown.extensions.footnotes``) or as an instance."""
    return any(
        isinstance(extension, FootnoteExtension) or str(extension).rsplit(".", 1)[-1] == "footnotes"
        for extension in extensions
    )


@dataclass(frozen=True)
class CitationProblem:
    """A citation block that cannot be rendered as written, and why."""

    block: str
    """The block as written, brackets included: ``[@key]``."""
    message: str


def problem_lines(source: str, problems: Iterable[CitationProblem]) -> list[tuple[int, CitationProblem]]:
    """Each problem with the line of ``source`` (the page's Markdown) its block is on, counted from 1.

    Problems come in reading order, so the next occurrence of a block is the one meant; a block that occurs only
    earlier (a footnote's citation, converted after the text) is taken at its first occurrence.
    """
    located = []
    searched_from = 0
    for problem in problems:
        found = source.find(problem.block, searched_from)
        found = source.find(problem.block) if found < 0 else found
        searched_from = found + 1
        located.append((source[: max(found, 0)].count("\n") + 1, problem))
    return located


@dataclass(frozen=True)
class CitedItem:
    """One item of a citation: ``see @key, p. 3 and passim`` is the prefix ``see``, the key, the locator ``p.``
    ``3`` and the suffix ``and passim``."""

    key: str
    prefix: str = ""
    term: str = ""
    """The locator term as typed (``p.``, ``sec.``, ``§``); empty for a bare page number or a braced locator."""
    locator: str = ""
    """The locator's value (``3``, ``1(a)``, ``33-35, 38``)."""
    suffix: str = ""
    """What follows, as typed: ``and passim``, or ``, emphasis added`` with the comma that joins it."""

    @property
    def is_bare(self) -> bool:
        """A plain ``@key``: the footnote is the reference alone."""
        return not (self.prefix or self.locator or self.suffix)

    @property
    def pinpoint(self) -> str:
        """The locator and the suffix, as the footnote shows them after the reference: ``At sec. 1(a).``, ``At
        pp. 33-35, 38, and passim.``, ``Emphasis added.`` (the term in lower case, joined to its value by a
        no-break space)."""
        locator = f"At {self.term.lower()}\N{NO-BREAK SPACE}{self.locator}" if self.term else self.locator
        if locator and not self.term:
            locator = f"At {locator}"
        if not locator:
            text = self.suffix.removeprefix(",").strip()
        elif self.suffix:
            text = f"{locator}{'' if self.suffix.startswith(',') else ' '}{self.suffix}"
        else:
            text = locator
        text = f"{text[:1].upper()}{text[1:]}"
        return text if not text or text.endswith((".", "!", "?")) else f"{text}."


def parse_citation(inner: str) -> list[CitedItem]:
    """The items of a citation, from the text between its brackets.

    Raises:
        ValueError: It is not a citation as Pandoc writes one; the message says what is wrong.
    """
    items = []
    for index, raw in enumerate(inner.split(";")):
        match = ITEM_RE.fullmatch(raw.strip())
        if not raw.strip():
            raise ValueError(f"item {index + 1} is empty: separate items with one ';'")
        if match is None or AFFIXED_KEY_RE.search(match["prefix"]):
            raise ValueError(f"'{raw.strip()}' is not one item: write [prefix @key, locator suffix; @key2]")
        if match["minus"]:
            raise ValueError(
                f"'-@{match['key']}' (author suppressed) means nothing in a footnote: cite @{match['key']}"
            )
        rest = match["rest"]
        if AFFIXED_KEY_RE.search(rest):
            raise ValueError(f"'{raw.strip()}' holds two keys: separate them with ';'")
        items.append(CitedItem(match["key"], " ".join(match["prefix"].split()), *_locator_and_suffix(rest)))
    return items


def _locator_and_suffix(rest: str) -> tuple[str, str, str]:
    """(term, value, suffix) of what follows a key: ``, sec. 1(a), emphasis added`` or `` and passim``."""
    text = " ".join(rest.split())
    if not text.startswith(","):
        return "", "", text.strip()  # Pandoc: a suffix without a comma, ``[@key and passim]``
    text = text[1:].strip()
    if text.startswith("{"):
        close = text.find("}")
        if close < 0:
            raise ValueError("a braced locator '{…' is not closed")
        return "", text[1:close].strip(), _suffix(text[close + 1 :])
    if (bare := BARE_PAGE_RE.match(text)) and _ends_word(text, bare.end()):
        return "p." if not re.search(r"[,&–-]", bare["value"]) else "pp.", bare["value"], _suffix(text[bare.end() :])
    located = LOCATOR_RE.match(text)
    if located is None or not _ends_word(text, located.end()):
        return "", "", text
    if not located["value"]:
        if located["term"].endswith(".") or located["term"] in ("§", "§§", "¶", "¶¶"):
            raise ValueError(f"the locator '{located['term']}' has no value: write it as '{located['term']} 3'")
        return "", "", text  # a word that names a locator, not followed by one (``line of argument``)
    return located["term"], located["value"], _suffix(text[located.end() :])


def _ends_word(text: str, end: int) -> bool:
    return end == len(text) or not (text[end].isalnum() or text[end] in "_")


def _suffix(text: str) -> str:
    text = text.strip()
    return f", {text[1:].strip()}" if text.startswith(",") else text


def cited_key(footnote_name: str) -> str:
    """The citation key of a footnote the extension made (``paris1990`` or ``paris1990@p-3``)."""
    return footnote_name.partition(NAME_SEPARATOR)[0]


def code_spans_of(text: str) -> list[tuple[int, int]]:
    """Where the text's code spans are (start, end)."""
    return [match.span() for match in CODE_SPAN_RE.finditer(text)]


def citation_problems(
    text: str, keys: Container[str], code_spans: list[tuple[int, int]] | None = None
) -> list[CitationProblem]:
    """Citations in Markdown text that will be shown as typed: an unknown key, or one Pandoc's syntax cannot read.

    What the extension leaves alone is not a citation, and so not a problem either: a code span, escaped brackets,
    a link's text (``[@handle](https://…)``). Code blocks are the caller's to skip (the extension never reads them).
    ``code_spans``: the text's, when the caller has them already.
    """
    code_spans = code_spans_of(text) if code_spans is None else code_spans
    problems = []
    for match in BRACKETED_RE.finditer(text):
        if is_literal(text, match, code_spans) or not AFFIXED_KEY_RE.search(match.group(1)):
            continue
        block = match.group(0)
        try:
            items = parse_citation(match.group(1))
        except ValueError as exc:
            message = f"citation '{block}' is malformed: {exc}"
            problems.append(CitationProblem(block, message))
            continue
        for item in items:
            if item.key not in keys:
                message = f"unknown citation key '@{item.key}': add it to references.bib or fix the key"
                problems.append(CitationProblem(block, message))
    return problems


def is_literal(text: str, match: re.Match[str], code_spans: list[tuple[int, int]]) -> bool:
    """Whether bracketed text is to be shown as typed whatever it holds: escaped, a link's text, or in a code span."""
    start, end = match.span()
    escaped = start > 0 and text[start - 1] == "\\"
    return escaped or text.startswith("(", end) or any(a <= start < b for a, b in code_spans)


def footnote_text(reference: str, item: CitedItem) -> str:
    """What a citation's footnote holds: the prefix, the reference (as mkdocs-bibtex wrote it: one line, with
    pybtex's escaped brackets and full stops unescaped), then the locator and the suffix."""
    text = reference.replace("\n", " ").replace("\\(", "(").replace("\\)", ")").replace("\\.", ".")
    if item.prefix:
        text = f"{item.prefix[:1].upper()}{item.prefix[1:]} {text}"
    if item.pinpoint:
        text = f"{text}{'' if text.endswith(('.', '!', '?')) else '.'} {item.pinpoint}"
    return text


def _name_of(item: CitedItem) -> str:
    """The footnote's name: the key, then (for a pinpointed citation) its affixes as an id-safe slug."""
    if item.is_bare:
        return item.key
    words = " ".join(part for part in (item.prefix, item.term, item.locator, item.suffix) if part)
    slug = re.sub(r"[^\w]+", "-", words.lower(), flags=re.ASCII).strip("-")[:40].strip("-")
    return f"{item.key}{NAME_SEPARATOR}{slug or 'x'}"


class CitationsTreeprocessor(Treeprocessor):
    """Turn ``[@a; @b]`` into ``[^a][^b]`` and define those footnotes, before the footnotes extension runs."""

    def __init__(self, md: Markdown, extension: CitationsExtension, footnotes: FootnoteExtension) -> None:
        super().__init__(md)
        self.extension = extension
        self.footnotes = footnotes

    def run(self, root: etree.Element) -> None:
        """Rewrite citations in every text of the tree but code (inline code spans are still raw text here), then
        in the author's footnotes, which are still Markdown waiting for the footnotes extension to parse them."""
        authored = list(self.footnotes.footnotes.items())
        for element in root.iter():
            if element.text and not isinstance(element.text, AtomicString):
                element.text = self._cite(element.text)
            if element.tail and not isinstance(element.tail, AtomicString):
                element.tail = self._cite(element.tail)
        for key, markdown in authored:
            self.footnotes.footnotes[key] = self._cite(markdown)

    def _cite(self, text: str) -> str:
        if "@" not in text or "[" not in text:
            return text
        code_spans = code_spans_of(text)
        self.extension.problems += citation_problems(text, self.extension.bibliography.formatted, code_spans)
        return BRACKETED_RE.sub(lambda match: self._footnote_refs(text, match, code_spans), text)

    def _footnote_refs(self, text: str, match: re.Match[str], code_spans: list[tuple[int, int]]) -> str:
        formatted = self.extension.bibliography.formatted
        if is_literal(text, match, code_spans) or not AFFIXED_KEY_RE.search(match.group(1)):
            return match.group(0)
        try:
            items = parse_citation(match.group(1))
        except ValueError:
            return match.group(0)  # shown as typed; the problem is in ``problems`` for the host to report
        if not all(item.key in formatted for item in items):
            return match.group(0)
        return "".join(f"[^{self._footnote(item, formatted[item.key])}]" for item in items)

    def _footnote(self, item: CitedItem, reference: str) -> str:
        """The name of the footnote holding this item, defined on first use (a second use links to the same one;
        two different pinpoints whose slugs agree get ``-2``, ``-3``…)."""
        text = footnote_text(reference, item)
        base = _name_of(item)
        for number in range(1, 1000):
            name = base if number == 1 else f"{base}-{number}"
            known = self.footnotes.footnotes.get(name)
            if known is None:
                self.footnotes.setFootnote(name, text)
                return name
            if known == text:
                return name
        raise AssertionError("a thousand different pinpoints with one slug")  # pragma: no cover


class CitationsExtension(Extension):
    """Citations ``[@key]`` as footnotes holding the formatted reference; needs the footnotes extension."""

    def __init__(self, bibliography: Bibliography | None = None, **kwargs: Any) -> None:
        """``bibliography``: the references, already loaded (the MkDocs plugin passes the one it checked); or
        the ``bib_file`` option names the BibTeX file, loaded on first use."""
        self.config = {"bib_file": ["", "The BibTeX file, when no bibliography is given."]}
        self._bibliography = bibliography
        self.problems: list[CitationProblem] = []
        """The citations of the last document converted that are shown as typed, in reading order."""
        super().__init__(**kwargs)

    def reset(self) -> None:
        """Forget the previous document's problems."""
        self.problems = []

    @property
    def bibliography(self) -> Bibliography:
        """The references cited from."""
        if self._bibliography is None:
            self._bibliography = load_bibliography(Path(self.getConfig("bib_file")))
        return self._bibliography

    def extendMarkdown(self, md: Markdown) -> None:
        """Run after the blocks are parsed and before the footnotes' treeprocessor (50) makes their list."""
        footnotes = next((ext for ext in md.registeredExtensions if isinstance(ext, FootnoteExtension)), None)
        if footnotes is None:
            raise ValueError(FOOTNOTES_NEEDED)
        md.registerExtension(self)
        md.treeprocessors.register(CitationsTreeprocessor(md, self, footnotes), "brief_citations", 55)


def makeExtension(**kwargs: Any) -> CitationsExtension:
    """Entry point for ``markdown.Markdown(extensions=["brief_explainer.citations"])``."""
    return CitationsExtension(**kwargs)


def bibliography_markdown(bibliography: Bibliography, *, title: str = "Bibliography") -> str:
    """The bibliography page: every reference, sorted by author or title, each with a ``#ref-<key>`` anchor."""
    lines = [
        *front_matter(
            title,
            "Sources cited in the explainer of Łukasz Kulesa's PISM Spotlight on the indivisibility of security: "
            "the brief itself and the OSCE, NATO and Russian documents the explainer refers to.",
        ),
        f"# {title} {{ #bibliography }}",
        "",
        '<ol class="bibliography" markdown>',
    ]
    for key, text in bibliography.formatted.items():
        lines += [f'<li id="ref-{key}" markdown>{text}</li>']
    lines += ["</ol>", ""]
    return "\n".join(lines)
