"""Python-Markdown extension: footnote marks and footnotes as apparatus, for search and for screen readers.

Material's search indexes a page's text section by section and leaves out any element that carries
``data-search-exclude`` (with everything inside it). Footnote marks (``<sup id="fnref:…">``: a number glued to
the word before it) and the footnotes themselves (the references and their "↩" back-links) are apparatus, not
text a reader searches for: they are marked so. Screen readers would announce a mark as "1" and a back-link as
"↩": they are named "Footnote 1" and "Back to the text". Nothing else changes (the page, the PDF, the zip).

    markdown.Markdown(extensions=["footnotes", "brief_explainer.footnote_marks"])

No MkDocs imports.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SEARCH_EXCLUDE = "data-search-exclude"
"""The attribute Material's search plugin skips an element by."""
FOOTNOTE_REF_ID_PREFIX = "fnref"
"""Python-Markdown's footnote marks: ``fnref:key``, and ``fnref2:key`` for a second mark of the same note."""
BACK_LINK_NAME = "Back to the text"


def _classes(element: etree.Element) -> list[str]:
    return (element.get("class") or "").split()


class _MarkApparatus(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            mark = element.tag == "sup" and (element.get("id") or "").startswith(FOOTNOTE_REF_ID_PREFIX)
            notes = element.tag == "div" and "footnote" in _classes(element)
            if mark or notes:
                element.set(SEARCH_EXCLUDE, "")
            if element.tag == "a" and "footnote-ref" in _classes(element) and element.text:
                element.set("aria-label", f"Footnote {element.text}")
            elif element.tag == "a" and "footnote-backref" in _classes(element):
                element.set("aria-label", BACK_LINK_NAME)


class FootnoteMarksExtension(Extension):
    """Marks footnote marks and footnotes ``data-search-exclude``, and names their links for screen readers."""

    def extendMarkdown(self, md: Markdown) -> None:
        """After the footnotes' tree (50) and their marks (inline, 20) are made."""
        md.registerExtension(self)
        md.treeprocessors.register(_MarkApparatus(md), "brief_footnote_marks", 10)


def makeExtension(**kwargs: Any) -> FootnoteMarksExtension:
    """Entry point for ``markdown.Markdown(extensions=["brief_explainer.footnote_marks"])``."""
    return FootnoteMarksExtension(**kwargs)
