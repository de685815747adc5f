"""Citations: load references.bib, turn ``[@key]`` into a footnote holding the formatted reference, render the page.

The citation syntax, the footnotes and their text are those of mkdocs-bibtex in plain mode (pybtex's plain style,
Markdown backend), which the site used before: ``[@a; @b]`` becomes Python-Markdown footnotes ``#fn:a`` and
``#fn:b``. It is done here by a Python-Markdown extension instead: code spans and code blocks are left alone
(mkdocs-bibtex rewrote raw Markdown, code included), an unknown key or a citation with a prefix or locator is
shown as typed (mkdocs-bibtex warned with a traceback or dropped the affix) and listed in the extension's
``problems`` for the host to report (what is shown as typed in any case, a code span, escaped brackets, a link's
text, is no problem), a citation in the author's own footnote is a footnote too, every ``@entry`` type is checked
up front, and any Python-Markdown host (Zensical runs extensions, not MkDocs plugins) can use it. It also spares
every build mkdocs-bibtex's import of ``requests`` and its own formatting of every reference on every page.

    markdown.Markdown(extensions=["footnotes", "brief_explainer.citations"],
                      extension_configs={"brief_explainer.citations": {"bib_file": "sources/references.bib"}})

No MkDocs imports.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Container
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

from .cache import DerivedCache, source_of
from .pages import front_matter
from .textfiles import UndecodableFileError, read_text

CITATION_RE = re.compile(r"(?<!\\)\[@[\w:.-]+(?:\s*;\s*@[\w:.-]+)*\](?!\()")
"""A citation as the site writes it: bare keys in brackets, ``[@key]`` or ``[@a; @b]`` (not escaped, not a link)."""
CITED_KEY_RE = re.compile(r"@([\w:.-]+)")
BRACKETED_RE = re.compile(r"\[([^\[\]]*)\]")
"""Any bracketed text: a citation if it holds an ``@key`` (with a prefix or locator, one the site cannot show)."""
AFFIXED_KEY_RE = re.compile(r"(?<![\w.%+-])@[\w:.-]*\w")
"""An ``@key`` that is not the middle of an e-mail address."""
CODE_SPAN_RE = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
"""A code span as Python-Markdown reads one (a run of backticks, up to the same run): never a citation inside."""


class BibliographyError(Exception):
    """references.bib cannot be used."""


@dataclass(frozen=True)
class Bibliography:
    """The references, each rendered as mkdocs-bibtex renders its footnotes (pybtex plain style, Markdown)."""

    formatted: dict[str, str]
    """Citation key → the reference in Markdown, in the plain style's order (by author, year, title)."""

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


def _formatted(text: str, file_name: str) -> dict[str, str]:
    try:
        data = parse_string(text, bib_format="bibtex")
    except (PybtexError, BibliographyDataError) as exc:
        raise BibliographyError(f"{file_name}: not valid BibTeX: {exc}") from exc
    style = PlainStyle()
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


@dataclass(frozen=True)
class CitationProblem:
    """A citation block that cannot be rendered as written, and why."""

    block: str
    """The block as written, brackets included: ``[@key]``."""
    message: str


def code_spans_of(text: str) -> list[tuple[int, int]]:
    """Where the text's code spans are (start, end)."""
    return [match.span() for match in CODE_SPAN_RE.finditer(text)]


def citation_problems(
    text: str, keys: Container[str], code_spans: list[tuple[int, int]] | None = None
) -> list[CitationProblem]:
    """Citations in Markdown text that will be shown as typed: an unknown key, a prefix or a locator.

    What the extension leaves alone is not a citation, and so not a problem either: a code span, escaped brackets,
    a link's text (``[@handle](https://…)``). Code blocks are the caller's to skip (the extension never reads them).
    ``code_spans``: the text's, when the caller has them already.
    """
    code_spans = code_spans_of(text) if code_spans is None else code_spans
    problems = []
    for match in BRACKETED_RE.finditer(text):
        if is_literal(text, match, code_spans):
            continue
        block = match.group(0)
        if CITATION_RE.fullmatch(block):
            for key in CITED_KEY_RE.findall(block):
                if key not in keys:
                    message = f"unknown citation key '@{key}': add it to references.bib or fix the key"
                    problems.append(CitationProblem(block, message))
        elif AFFIXED_KEY_RE.search(match.group(1)):
            message = (
                f"citation '{block}' has a prefix or locator, which plain mode would drop: "
                "cite the bare key and put the pinpoint in the text"
            )
            problems.append(CitationProblem(block, message))
    return problems


def is_literal(text: str, match: re.Match[str], code_spans: list[tuple[int, int]]) -> bool:
    """Whether bracketed text is to be shown as typed whatever it holds: escaped, a link's text, or in a code span."""
    start, end = match.span()
    escaped = start > 0 and text[start - 1] == "\\"
    return escaped or text.startswith("(", end) or any(a <= start < b for a, b in code_spans)


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
        if "[@" not in text:
            return text
        return CITATION_RE.sub(lambda match: self._footnote_refs(text, match, code_spans), text)

    def _footnote_refs(self, text: str, match: re.Match[str], code_spans: list[tuple[int, int]]) -> str:
        formatted = self.extension.bibliography.formatted
        keys = CITED_KEY_RE.findall(match.group(0))
        if is_literal(text, match, code_spans) or not all(key in formatted for key in keys):
            return match.group(0)  # shown as typed; the problem is in ``problems`` for the host to report
        for key in keys:
            if key not in self.footnotes.footnotes:
                # As mkdocs-bibtex wrote its footnotes: one line, with pybtex's escaped brackets and full stops
                # unescaped.
                text = formatted[key].replace("\n", " ").replace("\\(", "(").replace("\\)", ")").replace("\\.", ".")
                self.footnotes.setFootnote(key, text)
        return "".join(f"[^{key}]" for key in keys)


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
            raise ValueError("brief_explainer.citations needs the footnotes extension: list 'footnotes' before it")
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
            "the brief itself and the OSCE, NATO and Russian documents it refers to.",
        ),
        f"# {title} {{ #bibliography }}",
        "",
        '<ol class="bibliography" markdown>',
    ]
    for key, text in bibliography.formatted.items():
        lines += [f'<li id="ref-{key}" markdown>{text}</li>']
    lines += ["</ol>", ""]
    return "\n".join(lines)
