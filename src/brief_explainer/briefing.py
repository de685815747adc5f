"""The briefing kit's build side: the brief's words as data, and the generated briefing page. No MkDocs imports.

A reader collects passages of the brief into a briefing (the page :func:`briefing_markdown` writes, and the
front end's ``briefing.js``). The browser stores only their *addresses* (paragraph and sentence ids, word offsets,
the text fragment); the page renders their words from :func:`passages_script`, written at build from the pages
themselves, so a briefing can never show words that are not the brief's.

The flow, driven by the plugin:

1. ``on_page_content``, on each page that holds the brief: :func:`read_paragraphs` reads its numbered paragraphs
   from the rendered HTML with the parser of :mod:`.htmlwalk`: each sentence's words without the ¶ number or the
   footnote marks, the glossary entries each sentence mentions (the glossary's own :class:`TermMatcher`) or cites
   (a footnote mark whose reference is an entry's ``bibkey``), at the words where it does.
2. ``on_env``, when every page has been read: :func:`passages_data` adds each entry as the glossary page shows it
   (summary, first verified quotation with its pinpoint, official address), and :func:`passages_script` writes it as
   a script (pages read from ``file://`` cannot fetch JSON, but they can load a script).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .footnote_marks import FOOTNOTE_REF_ID_PREFIX
from .glossary.linker import FOOTNOTE_HREF_PREFIX, TermMatcher
from .glossary.model import Entry, Glossary
from .glossary.render import official_address, quote_attribution
from .htmlwalk import OpenElement, rewrite_html
from .pages import BRIEFING_PAGE, GLOSSARY_PAGE, front_matter
from .paragraphs import NUMBER_CLASS, PARAGRAPH_CLASS, SENTENCE_CLASS

DATA_PATH = "assets/javascripts/briefing-passages.js"
"""Where the site holds the passages' data (a script, so that it loads from ``file://`` too)."""

DATA_GLOBAL = "__briefPassages"
"""The ``window`` property the data script sets, which ``briefing.js`` reads."""

DATA_VERSION = 1
"""The data's shape; ``briefing.js`` refuses data of another version rather than misread it."""

APP_CLASS = "briefing"
"""The element of the briefing page that ``briefing.js`` fills (its parts are found by class: an id on the page would
be a published address, kept by the anchor lock for good)."""

LEFT_OUT_CLASSES = frozenset({NUMBER_CLASS, "anchor-tools"})
"""Not the brief's words: the ¶ number (and the reader tools, which the browser adds). Footnote marks are left out
by their id (:data:`FOOTNOTE_REF_ID_PREFIX`); ``briefing.js`` and the quote copier leave out the same."""


@dataclass(frozen=True)
class Reference:
    """A glossary entry that a sentence mentions or cites, at words ``first`` … ``last`` (inclusive, 0-based)."""

    entry_id: str
    first: int
    last: int


@dataclass
class Sentence:
    """One sentence of the brief: its id (``p-3.2``), its words (white space collapsed) and what it refers to."""

    id: str
    text: str = ""
    references: list[Reference] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        """The sentence's words, as the front end counts them (split at single spaces)."""
        return self.text.split(" ") if self.text else []


@dataclass
class Paragraph:
    """One numbered paragraph of the brief, on the page at ``page`` (its site path), under ``heading``."""

    id: str
    number: int
    page: str
    heading: str
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The paragraph's words: its sentences joined by single spaces."""
        return " ".join(sentence.text for sentence in self.sentences if sentence.text)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _left_out(stack: list[OpenElement]) -> bool:
    """Whether text at this point is apparatus, not the brief's words."""
    for element in stack:
        if LEFT_OUT_CLASSES.intersection(element.classes):
            return True
        if element.tag == "sup" and (element.attrs.get("id") or "").startswith(FOOTNOTE_REF_ID_PREFIX):
            return True
    return False


def _nearest(stack: list[OpenElement], css_class: str) -> OpenElement | None:
    return next((element for element in reversed(stack) if css_class in element.classes), None)


def read_paragraphs(
    html: str,
    *,
    page: str,
    matcher: TermMatcher,
    entries_by_bibkey: dict[str, list[str]] | None = None,
) -> list[Paragraph]:
    """The numbered paragraphs of one rendered page, in document order, with their sentences' words.

    Args:
        html: The page's content as rendered (glossary links may be in it already: only their text counts).
        page: The page's path in the site (``russia-position.html``), which addresses are made from.
        matcher: The glossary's wordings: which entries each sentence mentions.
        entries_by_bibkey: Reference key → ids of the entries that have it: a footnote mark citing that reference
            refers to those entries (as the glossary's "cited in" says).

    Returns:
        The paragraphs; a paragraph's sentences are those marked ``brief-sentence`` inside it.
    """
    by_bibkey = entries_by_bibkey or {}
    paragraphs: list[Paragraph] = []
    sentences: dict[str, Sentence] = {}
    pieces: dict[str, list[str]] = {}
    cited: dict[str, list[tuple[str, int]]] = {}
    heading: list[str] = []

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        classes = (attrs.get("class") or "").split()
        if tag == "h1":
            heading.clear()
        if tag == "p" and PARAGRAPH_CLASS in classes and attrs.get("id"):
            paragraphs.append(
                Paragraph(attrs["id"] or "", int(attrs.get("data-para") or 0), page, _squash("".join(heading)))
            )
        elif SENTENCE_CLASS in classes and attrs.get("id") and paragraphs:
            sentence = Sentence(attrs["id"] or "")
            paragraphs[-1].sentences.append(sentence)
            sentences[sentence.id] = sentence
            pieces[sentence.id] = []
        href = attrs.get("href") or ""
        if tag == "a" and href.startswith(FOOTNOTE_HREF_PREFIX):
            holder = _nearest(stack, SENTENCE_CLASS)
            if holder is not None:
                sentence_id = holder.attrs.get("id") or ""
                # The mark follows the word it stands after: the reference is at that word.
                at = max(len(_squash("".join(pieces.get(sentence_id, []))).split()) - 1, 0)
                key = href.removeprefix(FOOTNOTE_HREF_PREFIX).split("@")[0]
                cited.setdefault(sentence_id, []).append((key, at))

    def on_text(text: str, stack: list[OpenElement]) -> str | None:
        if any(element.tag == "h1" for element in stack):
            heading.append(text)
        holder = _nearest(stack, SENTENCE_CLASS)
        if holder is not None and not _left_out(stack):
            pieces.setdefault(holder.attrs.get("id") or "", []).append(text)
        return None  # observed, never changed

    rewrite_html(html, on_start=on_start, on_text=on_text)
    for sentence_id, sentence in sentences.items():
        sentence.text = _squash("".join(pieces[sentence_id]))
        references = [
            Reference(entry_id, _word_at(sentence.text, start), _word_at(sentence.text, max(end - 1, start)))
            for start, end, entry_id in matcher.find(sentence.text)
        ]
        for key, at in cited.get(sentence_id, []):
            references += [Reference(entry_id, at, at) for entry_id in by_bibkey.get(key, [])]
        sentence.references = sorted(set(references), key=lambda ref: (ref.first, ref.last, ref.entry_id))
    return paragraphs


@dataclass(frozen=True)
class DataScript:
    """A file to add to the site: its path there and its text."""

    path: str
    content: str


class PassageCollector:
    """The brief's paragraphs, gathered page by page during a build, and the data script made of them."""

    def __init__(self, glossary: Glossary, matcher: TermMatcher) -> None:
        self.glossary = glossary
        self.matcher = matcher
        self.by_bibkey = entries_by_bibkey(glossary)
        self.paragraphs: list[Paragraph] = []

    def read(self, html: str, page: str) -> None:
        """Gather the numbered paragraphs of one rendered page (its path in the site: ``page``)."""
        self.paragraphs += read_paragraphs(html, page=page, matcher=self.matcher, entries_by_bibkey=self.by_bibkey)

    def script(
        self, briefing_page: str, glossary_page: str, *, reference_urls: dict[str, str], brief: dict[str, Any]
    ) -> DataScript:
        """The data script: every paragraph gathered, by number, for the briefing page at ``briefing_page`` (its
        path in the site, as the glossary's is ``glossary_page``)."""
        ordered = sorted(self.paragraphs, key=lambda paragraph: paragraph.number)
        data = passages_data(
            ordered,
            self.glossary,
            briefing_page=briefing_page,
            glossary_page=glossary_page,
            reference_urls=reference_urls,
            brief=brief,
        )
        return DataScript(DATA_PATH, passages_script(data))


def _word_at(text: str, index: int) -> int:
    """The number of the word (0-based) that character ``index`` of single-spaced ``text`` is in."""
    return text.count(" ", 0, index)


def entries_by_bibkey(glossary: Iterable[Entry]) -> dict[str, list[str]]:
    """Reference key → the ids of the glossary entries that have it, in the glossary's order."""
    found: dict[str, list[str]] = {}
    for entry in glossary:
        if entry.bibkey:
            found.setdefault(entry.bibkey, []).append(entry.id)
    return found


def brief_citation(brief: dict[str, Any]) -> str:
    """The brief as a quotation cites it: author, “title”, series, publisher, date (each part the record has).

    From ``extra.brief`` in mkdocs.yml; nothing it does not hold (a Spotlight number, an address) is added.
    """
    title = brief.get("title")
    parts = [brief.get("author"), f"“{title}”" if title else None, brief.get("series"), brief.get("publisher")]
    parts.append(brief.get("date"))
    return ", ".join(str(part) for part in parts if part)


def entry_data(entry: Entry, glossary_url: str, reference_urls: dict[str, str]) -> dict[str, Any]:
    """One glossary entry as the briefing shows it: what its popover and its glossary entry show."""
    quote = entry.shown_quotes[0] if entry.shown_quotes else None
    return {
        "term": entry.term,
        "kind": entry.kind.value,
        "summary": entry.summary,
        "quote": {"text": quote.text, "pinpoint": quote_attribution(entry, quote)} if quote else None,
        "official": official_address(entry, reference_urls),
        "glossary": f"{glossary_url}#{entry.id}",
    }


def passages_data(
    paragraphs: Sequence[Paragraph],
    glossary: Glossary,
    *,
    briefing_page: str,
    glossary_page: str,
    reference_urls: dict[str, str],
    brief: dict[str, Any],
) -> dict[str, Any]:
    """Everything the briefing page renders: the brief's paragraphs and sentences, and the entries they refer to.

    Args:
        paragraphs: Every numbered paragraph of the brief, in reading order.
        glossary: The glossary (only the entries referred to are included).
        briefing_page: The briefing page's path in the site: page addresses are given relative to it.
        glossary_page: The glossary page's path in the site.
        reference_urls: The bibliography's address of each reference that has one (the entries' official text).
        brief: ``extra.brief``: the citation of every passage.
    """
    base = posixpath.dirname(briefing_page) or "."
    referred = {ref.entry_id for paragraph in paragraphs for s in paragraph.sentences for ref in s.references}
    glossary_url = posixpath.relpath(glossary_page, base)
    return {
        "version": DATA_VERSION,
        "citation": brief_citation(brief),
        "paragraphs": [
            {
                "id": paragraph.id,
                "number": paragraph.number,
                "page": posixpath.relpath(paragraph.page, base),
                "heading": paragraph.heading,
                "sentences": [
                    {
                        "id": sentence.id,
                        "text": sentence.text,
                        "refs": [[ref.entry_id, ref.first, ref.last] for ref in sentence.references],
                    }
                    for sentence in paragraph.sentences
                ],
            }
            for paragraph in paragraphs
        ],
        "entries": {
            entry.id: entry_data(entry, glossary_url, reference_urls) for entry in glossary if entry.id in referred
        },
    }


def passages_script(data: dict[str, Any]) -> str:
    """The data as a script that sets ``window.__briefPassages`` (JSON is a JavaScript expression)."""
    # "</" cannot end a script loaded by src; escaped anyway, so that the text stays inert if ever inlined.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"window.{DATA_GLOBAL}={body};\n"


BRIEFING_DESCRIPTION = (
    "Your briefing: passages of Łukasz Kulesa's PISM Spotlight collected from the explainer, each with its citation "
    "and pinpoint link, and the glossary entries they mention; copy, download as Markdown or print."
)


def _html_path(src_uri: str) -> str:
    """Where a page's source is written in the site (``use_directory_urls: false``, which the site sets)."""
    return posixpath.splitext(src_uri)[0] + ".html"


def briefing_markdown(page: str = BRIEFING_PAGE, glossary_page: str = GLOSSARY_PAGE) -> str:
    """The briefing page: what it is for, an empty state that says how to add a passage, the tools' buttons
    (hidden until there is something to act on) and the containers ``briefing.js`` fills.

    Args:
        page: The briefing page's source path (``briefing.md``): its links are made relative to it.
        glossary_page: The glossary page's source path.
    """
    here = posixpath.dirname(page) or "."
    data_script = posixpath.relpath(DATA_PATH, here)
    glossary_link = posixpath.relpath(_html_path(glossary_page), here)
    return "\n".join(
        [
            *front_matter("Briefing", BRIEFING_DESCRIPTION),
            "# Briefing { #briefing }",
            "",
            # Raw HTML: the page is the front end's to fill; nothing in it is a glossary mention.
            f'<div class="{APP_CLASS} no-gloss" data-passages="{data_script}" '
            f'data-glossary="{glossary_link}">',
            '<p class="briefing__intro">Passages of the brief that you collect for a meeting or a note, in the '
            "order you add them, each with its citation and a link to its exact place; then what the glossary "
            "says of the documents and terms they mention. Kept by this browser only: nothing is sent anywhere.</p>",
            "<noscript><p>Collecting passages needs JavaScript, which is switched off: the articles' ¶ links and "
            "citations work without it.</p></noscript>",
            '<div class="briefing__empty">',
            "<p><strong>No passages yet.</strong> To add one, open any article of the brief: hover over a "
            "paragraph (or tap its ¶ number) and choose <em>Add to briefing</em>, or select some of its words and "
            "choose <em>Add to briefing</em> beside them. The count in the header brings you back here.</p>",
            "</div>",
            '<p class="briefing__printed" hidden></p>',
            '<div class="briefing__actions" role="group" aria-label="Briefing actions" hidden>',
            '<button type="button" class="md-button" data-briefing="copy">Copy all</button>',
            '<button type="button" class="md-button" data-briefing="markdown">Download as Markdown</button>',
            '<button type="button" class="md-button" data-briefing="print">Print</button>',
            '<button type="button" class="md-button" data-briefing="clear">Clear the briefing</button>',
            "</div>",
            '<ol class="briefing__passages" aria-label="Collected passages" hidden></ol>',
            '<section class="briefing__entries" aria-labelledby="glossary-entries" hidden>',
            '<h2 id="glossary-entries">What the glossary says</h2>',
            '<ul class="briefing__entry-list"></ul>',
            "</section>",
            '<p class="briefing__source" hidden></p>',
            "</div>",
            # Loaded by the page itself, so that its words are there before the reader tools' script runs (both are
            # deferred, in this order): the passages are shown before the first paint, and nothing moves.
            f'<script src="{data_script}"></script>',
            "",
        ]
    )
