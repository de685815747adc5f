"""Python-Markdown extension: numbered, addressable paragraphs and sentences for the author's text.

On a page that holds the brief, every top-level paragraph is the author's and must carry an explicit
``{ #p-N }`` id (attr_list); editorial notes live in admonitions, never as top-level paragraphs, so adding
one never shifts a number. Each such paragraph gets a visible ``¶N`` mark linking to itself, and each of
its sentences a ``<span id="p-N.K">`` so that a briefing can link a single sentence. Every heading must
carry an explicit id too: ids derived from heading text would break when the text changes.

The extension imports nothing from MkDocs. Problems are collected in :attr:`BriefParagraphsExtension.problems`
(the MkDocs plugin turns them into a build error naming the file) or, when ``raise_on_problem`` is set,
raised as :class:`BriefMarkupError` (for use by name from any Python-Markdown host).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from .htmlwalk import HEADING_TAGS

PARAGRAPH_ID_RE = re.compile(r"^p-([1-9][0-9]*)$")
"""An author's paragraph id: ``p-`` and its number in the brief."""

PARAGRAPH_CLASS = "brief-para"
"""The class of each numbered paragraph of the brief (with its ``data-para`` number)."""

SENTENCE_CLASS = "brief-sentence"
"""The class of each sentence's span (id ``p-N.s``)."""

NUMBER_CLASS = "para-num"
"""The class of each paragraph's ¶ number (a link to the paragraph): editorial, not the brief's words."""

# One placeholder character stands for an inline element (footnote mark, emphasis, link) while
# sentence boundaries are searched in the paragraph's flattened text.
_ELEMENT = "\ue000"
# A sentence ends at . ? or !, optionally followed by closing quotes or brackets and inline elements
# (a citation mark after the full stop), then white space and the start of a new sentence.
SENTENCE_END_RE = re.compile(rf"(?<=[.?!])[\"'”’)\]]*{_ELEMENT}*(?P<space>\s+)(?=[{_ELEMENT}\"'“‘(\[]*[A-Z0-9])")
# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = ("U.S.", "U.K.", "e.g.", "i.e.", "Mr.", "Dr.", "No.", "St.", "para.", "Art.", "cf.")


class BriefMarkupError(ValueError):
    """The author's text is not marked up as the brief requires (missing or duplicate id)."""


def split_sentences(text: str) -> list[str]:
    """Split flattened paragraph text into sentences; the pieces concatenate back to ``text``.

    Args:
        text: Plain text, where ``\\ue000`` may stand for an inline element.

    Returns:
        The sentences, each keeping its trailing white space.
    """
    pieces: list[str] = []
    start = 0
    for match in SENTENCE_END_RE.finditer(text):
        before = text[: match.start()]
        if before.endswith(ABBREVIATIONS):
            continue
        end = match.end("space")
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return [piece for piece in pieces if piece]


def numbering_problems(pages: list[tuple[str, list[str]]]) -> list[str]:
    """Problems with the paragraph ids of the brief's pages, given in reading order with their ids in page order:
    they must run ``p-1`` … ``p-N`` through the whole brief, with no gap and no repeat (a briefing cites "¶3",
    and ¶3 must sit between ¶2 and ¶4). Sentence ids are made from their paragraph's, so they follow it."""
    problems = []
    expected = 1
    for page, ids in pages:
        for paragraph_id in ids:
            if paragraph_id != f"p-{expected}":
                problems.append(
                    f"Doc file '{page}': paragraph id '{paragraph_id}' where 'p-{expected}' was expected: the brief's "
                    "paragraphs are numbered p-1 … p-N in reading order through its pages, without gaps or repeats "
                    "(a published number, listed in anchors.lock, must not change: restore it)"
                )
            expected += 1
    return problems


class BriefParagraphsTreeprocessor(Treeprocessor):
    """Check ids, number the author's paragraphs and wrap their sentences."""

    def __init__(self, md: Markdown, extension: BriefParagraphsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        """Process the whole document (only when the page is marked as holding the brief)."""
        if not self.extension.getConfig("enabled"):
            return
        problems = self.extension.problems
        seen: set[str] = set()
        for element in root.iter():
            element_id = element.get("id")
            if element_id is None:
                continue
            if element_id in seen:
                problems.append(f"duplicate id '{element_id}': give each heading and paragraph its own id")
            seen.add(element_id)
        for element in root:
            if element.tag in HEADING_TAGS and not element.get("id"):
                title = "".join(element.itertext()).strip()
                problems.append(
                    f"heading '{title}' has no explicit id: add {{ #some-id }} at the end of the heading line"
                )
            elif element.tag == "p":
                self._number_paragraph(element)

    def _number_paragraph(self, paragraph: etree.Element) -> None:
        match = PARAGRAPH_ID_RE.match(paragraph.get("id", ""))
        if not match:
            opening = " ".join("".join(paragraph.itertext()).split())[:60]
            found = paragraph.get("id")
            what = f"has id '{found}', not of the form p-N" if found else "has no id"
            self.extension.problems.append(
                f"paragraph '{opening}…' {what}: add {{ #p-N }} on the line after it "
                "(editorial notes belong in an admonition, not in a top-level paragraph)"
            )
            return
        number = match.group(1)
        paragraph_id = paragraph.get("id", "")
        paragraph.set("class", " ".join(filter(None, [paragraph.get("class"), PARAGRAPH_CLASS])))
        paragraph.set("data-para", number)
        self.extension.numbered.append(paragraph_id)
        self._wrap_sentences(paragraph, paragraph_id)
        mark = etree.Element("a", {"class": NUMBER_CLASS, "href": f"#{paragraph_id}"})
        mark.text = f"¶{number}"
        mark.tail = " "
        paragraph.insert(0, mark)

    def _wrap_sentences(self, paragraph: etree.Element, paragraph_id: str) -> None:
        # Flatten the paragraph into text with one placeholder per child element.
        children = list(paragraph)
        flat = (paragraph.text or "") + "".join(_ELEMENT + (child.tail or "") for child in children)
        paragraph.text = None
        for child in children:
            paragraph.remove(child)
        pending = iter(children)
        for index, sentence in enumerate(split_sentences(flat.lstrip()), start=1):
            body = sentence.rstrip()
            span = etree.SubElement(paragraph, "span", {"class": SENTENCE_CLASS, "id": f"{paragraph_id}.{index}"})
            span.tail = sentence[len(body) :] or None
            parts = body.split(_ELEMENT)
            span.text = parts[0]
            for text in parts[1:]:
                child = next(pending)
                child.tail = text
                span.append(child)


class BriefParagraphsExtension(Extension):
    """Number the brief's paragraphs and sentences, and require explicit ids on them and on headings."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "enabled": [True, "Process this document as the author's text."],
            "raise_on_problem": [False, "Raise BriefMarkupError instead of collecting problems."],
        }
        self.problems: list[str] = []
        self.numbered: list[str] = []
        """The ids of the paragraphs numbered in the last document (``p-N``)."""
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the treeprocessor after attr_list (8), before toc (5) assigns ids from text."""
        md.registerExtension(self)
        self.reset()
        md.treeprocessors.register(BriefParagraphsTreeprocessor(md, self), "brief_paragraphs", 6)
        if self.getConfig("raise_on_problem"):
            md.postprocessors.register(_RaiseProblems(md, self), "brief_paragraphs_raise", 0)

    def reset(self) -> None:
        """Forget the previous document's problems and paragraphs."""
        self.problems = []
        self.numbered = []


class _RaiseProblems(Postprocessor):
    """Postprocessor that raises collected problems when used outside the MkDocs plugin."""

    def __init__(self, md: Markdown, extension: BriefParagraphsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        if self.extension.problems:
            raise BriefMarkupError("; ".join(self.extension.problems))
        return text


def makeExtension(**kwargs: Any) -> BriefParagraphsExtension:
    """Entry point for ``markdown.Markdown(extensions=["brief_explainer.paragraphs"])``."""
    return BriefParagraphsExtension(**kwargs)
