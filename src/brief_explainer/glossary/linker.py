"""Find mentions of glossary terms in rendered HTML and link them to their entries.

The matcher compiles every term and alias into one regular expression shaped as a trie, so the work at
each position of the text depends on the length of the longest wording, not on how many terms there are.
The linker walks the HTML with a parser and touches text only: never inside headings, links, code,
footnote marks or footnotes, nor an entry's own section on the glossary page. Imports nothing from MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from html import escape

from ..htmlwalk import HEADING_TAGS, OpenElement, rewrite_html
from ..paragraphs import NUMBER_CLASS, PARAGRAPH_CLASS
from .model import Entry

UNLINKED_TAGS = frozenset(
    [
        "a",
        "abbr",
        "button",
        "code",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "kbd",
        "label",
        "pre",
        "samp",
        "script",
        "select",
        "style",
        "sup",
        "svg",
        "textarea",
        "title",
    ]
)
"""Text inside these elements is never linked."""
UNLINKED_CLASSES = frozenset({"footnote", "gloss-popovers", "gloss-quote", NUMBER_CLASS, "no-gloss", "md-source-file"})
"""Nor inside elements with these classes (verbatim quotations among them)."""
BOUNDARY_BEFORE = r"(?<![\w\-])"
BOUNDARY_AFTER = r"(?![\w\-])"


class LinkMode(StrEnum):
    """Which mentions become links."""

    first_per_section = "section"
    first_per_page = "page"
    every = "every"


@dataclass(frozen=True)
class Mention:
    """Where a term was mentioned: the paragraph id and number, if it was in the author's text."""

    entry_id: str
    paragraph_id: str
    paragraph_number: int


@dataclass(frozen=True)
class Citation:
    """Where the author's text cites a reference: its footnote mark, in the numbered paragraph it stands in."""

    bibkey: str
    paragraph_id: str
    paragraph_number: int


FOOTNOTE_HREF_PREFIX = "#fn:"
"""How a footnote mark points at its footnote (Python-Markdown's footnotes); a citation's footnote is named by
its key (``[@key]`` becomes ``[^key]``, a pinpointed one ``[^key@pinpoint]``)."""


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first, built as a trie of characters."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        ends_here = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy optional: try the longer wording first, fall back to the shorter one that ends here.
        return f"(?:{body})?" if ends_here else body

    return build(trie)


class TermMatcher:
    """Finds glossary wordings in plain text, longest match first, on word boundaries."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        for entry in entries:
            for wording in entry.forms:
                if entry.case_sensitive:
                    self._exact[wording] = entry.id
                else:
                    self._folded[wording.casefold()] = entry.id
        # Case-sensitive wordings are found case-insensitively too, then checked exactly below.
        words = {word.casefold() for word in [*self._exact, *self._folded]}
        pattern = _trie_pattern(sorted(words))
        self._regex = re.compile(f"{BOUNDARY_BEFORE}(?:{pattern}){BOUNDARY_AFTER}", re.IGNORECASE) if words else None

    def entry_for(self, wording: str) -> str | None:
        """The id of the entry ``wording`` belongs to, under its case rule."""
        return self._exact.get(wording) or self._folded.get(wording.casefold())

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every mention in ``text`` as (start, end, entry id)."""
        if self._regex is None:
            return []
        found = []
        for match in self._regex.finditer(text):
            entry_id = self.entry_for(match.group(0))
            if entry_id is not None:
                found.append((match.start(), match.end(), entry_id))
        return found


@dataclass
class LinkResult:
    """The linked HTML, the entries it links to (for popovers) and the mentions in the author's text."""

    html: str
    linked: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    """Every ``id`` in the HTML, in document order (the anchors the page offers)."""
    citations: list[Citation] = field(default_factory=list)
    """Every footnote mark in the author's paragraphs, as the key of the footnote it points at."""


def summary_id(entry_id: str) -> str:
    """The id of an entry's one-sentence summary in the page's popovers, which describes its links."""
    return f"gloss-sum-{entry_id}"


def _skipped(stack: list[OpenElement]) -> bool:
    return any(element.tag in UNLINKED_TAGS or UNLINKED_CLASSES.intersection(element.classes) for element in stack)


def link_terms(
    html: str,
    matcher: TermMatcher,
    *,
    glossary_url: str,
    mode: LinkMode = LinkMode.first_per_section,
    own_sections: bool = False,
) -> LinkResult:
    """Link mentions of glossary terms in ``html``.

    Args:
        html: A page's rendered content.
        matcher: The compiled wordings.
        glossary_url: URL of the glossary page relative to this page ('' on the glossary page itself).
        mode: Which mentions to link.
        own_sections: On the glossary page: treat headings' ids as entry ids, never link an entry inside its
            own section, and make plain cross-references (no title, no popover: the entry is on the page).

    Returns:
        The result, with every mention in the author's paragraphs recorded, linked or not, and every footnote
        mark in them (a citation's footnote is named after its key).
    """
    result = LinkResult(html)
    linked_here: set[str] = set()
    section_id: list[str] = [""]

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if attrs.get("id"):
            result.ids.append(attrs["id"] or "")
        if tag in HEADING_TAGS:
            section_id[0] = attrs.get("id") or ""
            if mode is LinkMode.first_per_section:
                linked_here.clear()
        href = attrs.get("href") or ""
        if (
            tag == "a"
            and href.startswith(FOOTNOTE_HREF_PREFIX)
            and "footnote-ref" in (attrs.get("class") or "").split()
        ):
            paragraph = next((element for element in reversed(stack) if PARAGRAPH_CLASS in element.classes), None)
            if paragraph is not None:
                result.citations.append(
                    Citation(
                        href.removeprefix(FOOTNOTE_HREF_PREFIX),
                        paragraph.attrs.get("id") or "",
                        int(paragraph.attrs.get("data-para") or 0),
                    )
                )

    def on_text(text: str, stack: list[OpenElement]) -> str | None:
        if _skipped(stack):
            return None
        found = matcher.find(text)
        if not found:
            return None
        paragraph = next((element for element in reversed(stack) if PARAGRAPH_CLASS in element.classes), None)
        out: list[str] = []
        position = 0
        for start, end, entry_id in found:
            if paragraph is not None:
                result.mentions.append(
                    Mention(entry_id, paragraph.attrs.get("id") or "", int(paragraph.attrs.get("data-para") or 0))
                )
            if (mode is not LinkMode.every and entry_id in linked_here) or (own_sections and section_id[0] == entry_id):
                continue
            linked_here.add(entry_id)
            if entry_id not in result.linked:
                result.linked.append(entry_id)
            out.append(escape(text[position:start], quote=False))
            words = escape(text[start:end], quote=False)
            if own_sections:
                # The entry is on this very page: a cross-reference, without a preview repeating it.
                out.append(f'<a class="gloss-xref" href="#{entry_id}">{words}</a>')
            else:
                # Described by the entry's one-sentence summary only (rendered once per page, outside the text);
                # no title: the popover shows the entry, and a title would become a second tooltip.
                out.append(
                    f'<a class="gloss-link" href="{escape(glossary_url, quote=True)}#{entry_id}" '
                    f'data-gloss="{entry_id}" aria-describedby="{summary_id(entry_id)}">{words}</a>'
                )
            position = end
        if position == 0:
            return None
        out.append(escape(text[position:], quote=False))
        return "".join(out)

    result.html = rewrite_html(html, on_text=on_text, on_start=on_start)
    return result
