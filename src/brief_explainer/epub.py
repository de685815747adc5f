"""The EPUB 3: the whole explainer for phones and e-readers, made from the same built pages as the PDF.

Why we write the package ourselves rather than through a library: EPUB is a zip of XHTML files, a package
document and a navigation document. EbookLib keeps our ids and footnote markup, but writes its own modification
date, adds a page-list made up from every ``epub:type`` element, and zips with the clock's time (three workarounds
and a second zip to make two builds byte-identical); Pandoc drops the ids of paragraphs (``…epub#p-3`` would not
land) and renumbers the footnotes. Here every byte is ours, so the ids are the web's and two builds of the same
content give the same file.

The pipeline:

1. The chapters are the PDF's (:func:`brief_explainer.pdf.chapters`): the same cleaning (popovers, buttons and
   titles go), the same ids (footnote ids and ids found on more than one page get the page slug as prefix) and
   the same links between pages made internal.
2. Each chapter becomes one XHTML file, serialized from a parse of its HTML: a link to an id of another chapter
   names that chapter's file; Python-Markdown's footnotes become EPUB footnotes (``epub:type="noteref"`` on the
   mark, ``<aside epub:type="footnote">`` for the note), which e-readers show as pop-ups.
3. A cover page (title, author, series, publisher, date, attribution), the navigation document (contents and
   landmarks, no page-list: the EPUB has no page numbers of its own), the package document with the EPUB
   Accessibility 1.1 metadata, and a zip with fixed times, written to a temporary file and then moved into place.

Nothing remote (no fonts: e-readers choose), no script. No MkDocs imports.
"""

from __future__ import annotations

import datetime
import posixpath
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from xml.etree import ElementTree

from .htmlwalk import VOID_ELEMENTS
from .pdf import Chapter as _Chapter
from .pdf import PdfError, PdfPage, build_date, chapter_label, chapter_marker, chapters
from .record import BriefRecordError, read_brief_record

"""Folder of the site that receives the EPUB."""

EPUB_STYLESHEET = "epub.css"
"""The EPUB's stylesheet, package data next to this module."""

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every entry's time in the zip: the earliest a zip can hold, the same on every build."""


# Each kind of page, as EPUB structural semantics and its DPUB-ARIA role (Ace checks that they match).
SEMANTICS = {
    "overview": ("chapter", "doc-chapter"),
    "article": ("chapter", "doc-chapter"),
    "glossary": ("glossary", "doc-glossary"),
    "bibliography": ("bibliography", "doc-bibliography"),
    "appendix": ("appendix", "doc-appendix"),
}

ACCESSIBILITY_SUMMARY = (
    "Text only, with no images, audio or video. Every chapter has a heading and the navigation document lists "
    "them; the reading order is the order of the text; paragraph numbers, footnotes and glossary links are "
    "links. Meets WCAG 2.1 at level AA."
)


class EpubError(Exception):
    """The EPUB could not be written; the message says why."""



def partial_path(target: Path) -> Path:
    """Where the EPUB is written before it is moved into place, so that no reader gets half a book."""
    return target.with_name(f".{target.name}.partial")


@dataclass
class _Document:
    """One XHTML file of the book."""

    name: str
    title: str
    xhtml: str
    page: str = ""
    """The site's page it is made from (``russia-position.html``); none for the cover and the contents."""


def build_epub(
    pages: Sequence[PdfPage],
    *,
    site_dir: Path,
    target: str,
    brief: Mapping[str, Any],
    site_url: str,
) -> Path:
    """Write the whole explainer as an EPUB 3 to ``site_dir/target``.

    Args:
        pages: The rendered pages in reading order: the overview, the articles (front matter ``brief: true``),
            then the appendices.
        site_dir: The built site.
        target: The EPUB's path in the site (:func:`epub_path`).
        brief: ``extra.brief`` of mkdocs.yml: title, author, author_sort, series, publisher, date,
            citation_date (``YYYY/MM``), language.
        site_url: The site's public address, for links to files of the site that are not in the book.

    Returns:
        The file written.

    Raises:
        EpubError: ``extra.brief`` lacks a field, a page is unusable, or the file could not be written.
    """
    try:
        read_brief_record(brief)
    except BriefRecordError as exc:
        raise EpubError(str(exc)) from exc
    published = _w3c_date(str(brief["citation_date"]))
    try:
        book = chapters(pages, site_url)
    except PdfError as exc:
        raise EpubError(str(exc)) from exc
    language = str(brief.get("language") or "en")
    files = {chapter.wrapper_id: f"{chapter.slug}.xhtml" for chapter in book}
    where = {new_id: files[chapter.wrapper_id] for chapter in book for new_id in chapter.ids.values()}
    documents = [_Document("cover.xhtml", str(brief["title"]), _cover(brief, language))]
    for chapter in book:
        body = _chapter_body(chapter, files[chapter.wrapper_id], where)
        xhtml = _page(chapter, body, language)
        documents.append(_Document(files[chapter.wrapper_id], _chapter_label(chapter), xhtml, chapter.url))
    documents.insert(1, _Document("nav.xhtml", "Contents", _navigation(book, files, language)))
    for document in documents:
        try:
            ElementTree.fromstring(document.xhtml.encode("utf-8"))
        except ElementTree.ParseError as exc:
            page = document.page or document.name
            raise EpubError(f"page '{page}' does not make well-formed XHTML ({exc}): check its HTML") from exc
    stylesheet = resources.files(__name__.rpartition(".")[0]).joinpath(EPUB_STYLESHEET).read_bytes()
    package = _package(brief, documents, language, published, build_date())
    out = site_dir / target
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _write_zip(partial_path(out), package, documents, stylesheet)
        partial_path(out).replace(out)
    except OSError as exc:
        partial_path(out).unlink(missing_ok=True)
        raise EpubError(f"cannot write {out}: {exc}") from exc
    return out


def _w3c_date(citation_date: str) -> str:
    """``2022/02`` (extra.brief.citation_date, as in citation_publication_date) as ``2022-02`` (dc:date)."""
    parts = citation_date.split("/")
    try:
        if len(parts) not in (2, 3) or len(parts[0]) != 4:
            raise ValueError(citation_date)
        datetime.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)
    except ValueError:
        raise EpubError(
            f"extra.brief.citation_date in mkdocs.yml is '{citation_date}': write it as YYYY/MM or YYYY/MM/DD"
        ) from None
    return "-".join(parts)


def _kind(chapter: _Chapter) -> str:
    if chapter.kind == "appendix" and chapter.slug in ("glossary", "bibliography"):
        return chapter.slug
    return chapter.kind


def _chapter_label(chapter: _Chapter) -> str:
    """The chapter's name in the contents: numbered as in the PDF (1–4 for the questions, A–C for the appendices)."""
    marker = chapter_marker(chapter)
    return f"{marker}. {chapter_label(chapter)}" if marker else chapter_label(chapter)


# ---------------------------------------------------------------------------------------------------------------
# HTML → XHTML


class _Xhtml(HTMLParser):
    """Re-serialize a chapter's HTML as XHTML: links between chapters name their file, footnotes become EPUB's."""

    def __init__(self, own_file: str, where: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.own_file = own_file
        self.where = where
        self.out: list[str] = []
        self.stack: list[str] = []  # the tags as written (a footnote's <li> is written as <aside>)
        self.in_notes = 0  # depth of the footnotes block in the stack, 0 outside it
        self.note_number = 0
        self.pending_number: str | None = None

    def _href(self, href: str) -> str:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or parts.path or not parts.fragment:
            return href
        target = self.where.get(unquote(parts.fragment))
        if target is None or target == self.own_file:
            return href
        return f"{target}#{parts.fragment}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attr_list: list[tuple[str, str | None]], *, closed: bool) -> None:
        attrs = {name: value if value is not None else name for name, value in attr_list}
        classes = attrs.get("class", "").split()
        written = tag
        if tag == "a" and "href" in attrs:
            attrs["href"] = self._href(attrs["href"])
            if "footnote-ref" in classes:
                attrs["epub:type"] = "noteref"
                attrs["role"] = "doc-noteref"
            elif "footnote-backref" in classes:
                attrs["role"] = "doc-backlink"
                attrs["aria-label"] = "Back to the text"
        if tag == "div" and "footnote" in classes:
            self.in_notes = len(self.stack) + 1
            attrs["class"] = "footnotes"
        elif self.in_notes and tag == "hr":
            return  # the rule above Python-Markdown's footnotes: the notes are pop-ups, not a list under a line
        elif self.in_notes and tag == "ol" and len(self.stack) == self.in_notes:
            written = "div"
            attrs = {"class": "footnote-list"}
        elif self.in_notes and tag == "li" and len(self.stack) == self.in_notes + 1:
            written = "aside"
            self.note_number += 1
            attrs = {"id": attrs.get("id", ""), "class": "footnote", "epub:type": "footnote", "role": "doc-footnote"}
            self.pending_number = str(self.note_number)
        serialized = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in attrs.items())
        if tag in VOID_ELEMENTS:
            self.out.append(f"<{written}{serialized}/>")
            return
        self.out.append(f"<{written}{serialized}>")
        if closed:
            self.out.append(f"</{written}>")
            return
        self.stack.append(written)
        if self.pending_number is not None and tag == "p":
            self.out.append(f'<span class="footnote-number">{self.pending_number}.</span> ')
            self.pending_number = None

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        written = {"li": "aside", "ol": "div"}.get(tag, tag) if self.in_notes else tag
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index] in (tag, written):
                for open_tag in reversed(self.stack[index:]):
                    self.out.append(f"</{open_tag}>")
                del self.stack[index:]
                break
        if self.in_notes and len(self.stack) < self.in_notes:
            self.in_notes = 0

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        pass  # comments are not content

    def close(self) -> None:
        super().close()
        for open_tag in reversed(self.stack):
            self.out.append(f"</{open_tag}>")
        self.stack = []


def _chapter_body(chapter: _Chapter, own_file: str, where: Mapping[str, str]) -> str:
    parser = _Xhtml(own_file, where)
    parser.feed(chapter.html)
    parser.close()
    return "".join(parser.out)


def _xhtml(title: str, language: str, body: str, *, body_type: str = "") -> str:
    lang = escape(language, quote=True)
    epub_type = f' epub:type="{body_type}"' if body_type else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" '
        f'xml:lang="{lang}">\n<head>\n<meta charset="UTF-8"/>\n<title>{escape(title)}</title>\n'
        f'<link rel="stylesheet" type="text/css" href="{EPUB_STYLESHEET}"/>\n</head>\n'
        f"<body{epub_type}>\n{body}\n</body>\n</html>\n"
    )


def _page(chapter: _Chapter, body: str, language: str) -> str:
    epub_type, role = SEMANTICS[_kind(chapter)]
    kicker = ""
    if chapter.kind == "article":
        kicker = f'<p class="chapter-kicker">Question {chapter_marker(chapter)}</p>\n'
    elif chapter.kind == "appendix":
        kicker = f'<p class="chapter-kicker">Appendix {chapter_marker(chapter)}</p>\n'
    labelled = f' aria-labelledby="{escape(chapter.anchor, quote=True)}"' if chapter.headings else ""
    section = (
        f'<section id="{escape(chapter.wrapper_id, quote=True)}" class="chapter chapter--{chapter.kind}" '
        f'epub:type="{epub_type}" role="{role}"{labelled}>\n{kicker}{body}\n</section>'
    )
    matter = "backmatter" if chapter.kind == "appendix" else "bodymatter"
    return _xhtml(_chapter_label(chapter), language, section, body_type=matter)


# ---------------------------------------------------------------------------------------------------------------
# Cover, navigation, package


def _cover(brief: Mapping[str, Any], language: str) -> str:
    title, author = escape(str(brief["title"])), escape(str(brief["author"]))
    series, date, publisher = escape(str(brief["series"])), escape(str(brief["date"])), escape(str(brief["publisher"]))
    body = f"""<section class="cover" epub:type="titlepage" aria-labelledby="cover-title">
<p class="cover-series">{series} · {date}</p>
<h1 class="cover-title" id="cover-title">{title}</h1>
<p class="cover-author">{author}</p>
<p class="cover-kind">An explainer: the brief with numbered paragraphs, a glossary of the OSCE and NATO documents,
Russian drafts and principles at issue, a timeline and the sources</p>
<p class="cover-publisher">{publisher}</p>
<p class="cover-attribution">The brief: {author}, “{title}”, {series}, {publisher}, {date}, reproduced word for
word. The explainer: paragraph numbers, citation marks, glossary links and notes, the glossary, the timeline and the
bibliography are editorial additions made for this explainer, not part of the brief as its author and publisher
issued it.</p>
</section>"""
    return _xhtml(str(brief["title"]), language, body, body_type="frontmatter")


def _navigation(book: Sequence[_Chapter], files: Mapping[str, str], language: str) -> str:
    items: list[str] = []
    for chapter in book:
        name = files[chapter.wrapper_id]
        subsections = "".join(
            f'<li><a href="{name}#{quote(heading.id, safe=":.-_~")}">{escape(heading.text)}</a></li>'
            for heading in chapter.headings[1:]
            if heading.level == 2
        )
        items.append(
            f'<li><a href="{name}">{escape(_chapter_label(chapter))}</a>'
            + (f"<ol>{subsections}</ol>" if subsections else "")
            + "</li>"
        )
    first_body = next((files[c.wrapper_id] for c in book if c.kind != "appendix"), files[book[0].wrapper_id])
    landmarks = [("titlepage", "cover.xhtml", "Cover"), ("toc", "nav.xhtml", "Contents")]
    landmarks.append(("bodymatter", first_body, "Start of the text"))
    for chapter in book:
        if _kind(chapter) in ("glossary", "bibliography"):
            landmarks.append((_kind(chapter), files[chapter.wrapper_id], _chapter_label(chapter)))
    landmark_items = "".join(
        f'<li><a epub:type="{kind}" href="{href}">{escape(label)}</a></li>' for kind, href, label in landmarks
    )
    body = (
        '<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">\n'
        '<h1 id="toc-title">Contents</h1>\n<ol>\n<li><a href="cover.xhtml">Cover</a></li>\n'
        + "\n".join(items)
        + "\n</ol>\n</nav>\n"
        '<nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-title" hidden="hidden">\n'
        f'<h2 id="landmarks-title">Landmarks</h2>\n<ol>{landmark_items}</ol>\n</nav>'
    )
    return _xhtml("Contents", language, body, body_type="frontmatter")


def book_identifier(brief: Mapping[str, Any]) -> str:
    """The book's ``dc:identifier``: a UUID derived from the brief's attribution, so every build of the explainer
    is the same book to a reader's library (an update replaces it rather than adding a second copy)."""
    name = "\n".join(str(brief[key]) for key in ("title", "author", "series", "publisher", "date"))
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'brief-explainer:' + name)}"


def _package(
    brief: Mapping[str, Any],
    documents: Sequence[_Document],
    language: str,
    published: str,
    built: datetime.date,
) -> str:
    def text(value: object) -> str:
        return escape(str(value), quote=False)

    author_sort = brief.get("author_sort") or brief["author"]
    manifest = [
        f'<item id="{_item_id(doc.name)}" href="{doc.name}" media-type="application/xhtml+xml"'
        + (' properties="nav"' if doc.name == "nav.xhtml" else "")
        + "/>"
        for doc in documents
    ]
    manifest.append(f'<item id="css" href="{EPUB_STYLESHEET}" media-type="text/css"/>')
    spine = [f'<itemref idref="{_item_id(doc.name)}"/>' for doc in documents]
    metadata = [
        f'<dc:identifier id="uid">{text(book_identifier(brief))}</dc:identifier>',
        f"<dc:title>{text(brief['title'])}</dc:title>",
        f'<dc:creator id="author">{text(brief["author"])}</dc:creator>',
        '<meta refines="#author" property="role" scheme="marc:relators">aut</meta>',
        f'<meta refines="#author" property="file-as">{text(author_sort)}</meta>',
        f"<dc:publisher>{text(brief['publisher'])}</dc:publisher>",
        f"<dc:date>{text(published)}</dc:date>",
        f"<dc:language>{text(language)}</dc:language>",
        f"<dc:description>{text(_description(brief))}</dc:description>",
        *(f"<dc:subject>{text(keyword)}</dc:subject>" for keyword in brief.get("keywords") or []),
        f'<meta property="dcterms:modified">{built.isoformat()}T00:00:00Z</meta>',
        # EPUB Accessibility 1.1: what is true of this file (text only, no images or media).
        '<meta property="schema:accessMode">textual</meta>',
        '<meta property="schema:accessModeSufficient">textual</meta>',
        '<meta property="schema:accessibilityFeature">structuralNavigation</meta>',
        '<meta property="schema:accessibilityFeature">tableOfContents</meta>',
        '<meta property="schema:accessibilityFeature">readingOrder</meta>',
        '<meta property="schema:accessibilityFeature">displayTransformability</meta>',
        '<meta property="schema:accessibilityHazard">none</meta>',
        f'<meta property="schema:accessibilitySummary">{text(ACCESSIBILITY_SUMMARY)}</meta>',
        '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>',
    ]
    lang = escape(language, quote=True)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="{lang}">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        + "\n".join(metadata)
        + "\n</metadata>\n<manifest>\n"
        + "\n".join(manifest)
        + "\n</manifest>\n<spine>\n"
        + "\n".join(spine)
        + "\n</spine>\n</package>\n"
    )


def _description(brief: Mapping[str, Any]) -> str:
    return (
        f"{brief['title']}. {brief['series']} by {brief['author']}, {brief['date']}, with numbered paragraphs, "
        "glossary, timeline and bibliography."
    )


def _item_id(name: str) -> str:
    return "x-" + posixpath.splitext(name)[0]


CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"""


def _write_zip(path: Path, package: str, documents: Sequence[_Document], stylesheet: bytes) -> None:
    """The OCF zip: ``mimetype`` first and stored, then the rest compressed, every entry with the same time."""

    def entry(name: str, compress: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        info.compress_type = compress
        info.external_attr = 0o644 << 16
        info.create_system = 3  # Unix, whatever the machine: the same bytes everywhere
        return info

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(entry("mimetype", zipfile.ZIP_STORED), b"application/epub+zip")
        deflated = zipfile.ZIP_DEFLATED
        archive.writestr(entry("META-INF/container.xml", deflated), CONTAINER.encode("utf-8"))
        archive.writestr(entry("EPUB/package.opf", deflated), package.encode("utf-8"))
        archive.writestr(entry(f"EPUB/{EPUB_STYLESHEET}", deflated), stylesheet)
        for document in documents:
            archive.writestr(entry(f"EPUB/{document.name}", deflated), document.xhtml.encode("utf-8"))
