"""Python-Markdown extension: keep footnote apparatus out of the search index.

Material's search indexes a page's text section by section and leaves out any element that carries
``data-search-exclude`` (with everything inside it). Footnote marks (``<sup id="fnref:…">``: a number glued to
the word before it) and the footnotes themselves (the references and their "↩" back-links) are apparatus, not
text a reader searches for: they are marked so. The attribute changes nothing else (the page, the PDF, the zip).

    markdown.Markdown(extensions=["footnotes", "brief_explainer.searchtext"])

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


class _MarkApparatus(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            mark = element.tag == "sup" and (element.get("id") or "").startswith(FOOTNOTE_REF_ID_PREFIX)
            notes = element.tag == "div" and "footnote" in (element.get("class") or "").split()
            if mark or notes:
                element.set(SEARCH_EXCLUDE, "")


class SearchTextExtension(Extension):
    """Marks footnote marks and footnotes ``data-search-exclude``."""

    def extendMarkdown(self, md: Markdown) -> None:
        """After the footnotes' tree (50) and their marks (inline, 20) are made."""
        md.registerExtension(self)
        md.treeprocessors.register(_MarkApparatus(md), "brief_search_text", 10)


def makeExtension(**kwargs: Any) -> SearchTextExtension:
    """Entry point for ``markdown.Markdown(extensions=["brief_explainer.searchtext"])``."""
    return SearchTextExtension(**kwargs)
