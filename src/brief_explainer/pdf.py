"""The PDFs: the whole explainer, and one per article, rendered with WeasyPrint from the built pages.

Why our own step rather than mkdocs-to-pdf: the PDF's named destinations must equal the web's anchor ids
(``….pdf#p-3`` opens at ¶3, as ``russia-position.html#p-3`` does), and mkdocs-to-pdf namespaces every id.

The pipeline:

1. Each page's final HTML is cleaned and relinked with :func:`~brief_explainer.htmlwalk.rewrite_html`:
   the hidden glossary popovers, buttons and titles go; ids stay verbatim except footnote ids and any id
   that occurs on more than one page, which get the page slug as prefix (``common-interpretation--fn:x``);
   links to other pages become internal links (``glossary.html#osce`` → ``#osce``).
2. The pages are assembled, behind a cover and a table of contents, into one HTML document styled by
   ``pdf.css`` (our own print stylesheet: Material's flex layout does not paginate in WeasyPrint).
3. WeasyPrint lays it out once; the whole document is written, then each article's pages are written
   again as a subset (every chapter starts on a new page), with links that leave the article pointing
   to the web site instead.

Only local files are read: the URL fetcher refuses every other scheme. WeasyPrint reports problems only by
logging; its messages are sorted into notes about the machine (a font subset through fontTools because
HarfBuzz-Subset is missing: the PDF is still right) and problems with the content (a resource that does not load,
bad CSS, a dangling anchor, a glyph no font has), which the caller reports as warnings. No MkDocs imports.
"""

from __future__ import annotations

import copy
import datetime
import logging
import os
import posixpath
import re
import time
import warnings
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import unquote, urljoin, urlsplit

from .htmlwalk import HEADING_TAGS, OpenElement, collect_ids, rewrite_html
from .outputs import OutputNames, page_slug
from .record import BriefRecordError, read_brief_record

log = logging.getLogger("mkdocs.plugins.brief_explainer.pdf")

PDF_STYLESHEET = "pdf.css"
"""The print stylesheet, package data next to this module."""

FOOTNOTE_ID_RE = re.compile(r"^fn(?:ref\d*)?:")
"""Python-Markdown's footnote ids (``fn:key``, ``fnref:key``, ``fnref2:key``): the same key recurs on many pages."""

DROPPED_TAGS = frozenset({"button", "script", "style", "template"})
# ``web-only``: for content that makes no sense on paper (instructions to hover, click or tab).
DROPPED_CLASSES = frozenset({"md-source-file", "headerlink", "web-only"})
# The popovers are rendered after the page's footer, never in its content, so references to them would dangle;
# titles are web tooltips.
DROPPED_ATTRIBUTES = frozenset({"title", "aria-describedby", "aria-controls"})
ID_PREFIX_SEPARATOR = "--"
OWN_ID_PREFIX = "pdf-"
"""Prefix of the ids this module adds (cover, contents, chapters); content ids must not use it."""


class PdfError(Exception):
    """The PDF could not be written; the message says why."""


class PageFile(Protocol):
    """The part of a MkDocs ``File`` that the PDF uses."""

    @property
    def src_uri(self) -> str:
        """Path of the Markdown source, e.g. ``russia-position.md``."""

    @property
    def url(self) -> str:
        """URL of the built page relative to the site, e.g. ``russia-position.html``."""


class PdfPage(Protocol):
    """The part of a MkDocs ``Page`` that the PDF uses."""

    @property
    def title(self) -> str | None:
        """The page's title (the navigation title where mkdocs.yml gives one)."""

    @property
    def content(self) -> str | None:
        """The page body's final HTML."""

    @property
    def file(self) -> PageFile:
        """The page's file."""

    @property
    def meta(self) -> Mapping[str, Any]:
        """The page's front matter."""


@dataclass
class _Heading:
    level: int
    id: str
    text: str = ""


@dataclass
class _Chapter:
    """One page of the site as a chapter of the PDF."""

    kind: str  # "overview", "article" or "appendix"
    slug: str
    url: str
    title: str
    html: str
    ids: dict[str, str] = field(default_factory=dict)
    """Every id of the page → its id in the PDF (the same, unless it had to be prefixed)."""
    headings: list[_Heading] = field(default_factory=list)
    number: int = 0
    """Question number for articles, appendix number for appendices."""

    @property
    def wrapper_id(self) -> str:
        return f"{OWN_ID_PREFIX}chapter-{self.slug}"

    @property
    def anchor(self) -> str:
        """Where a link to the page as a whole lands: its first heading."""
        return self.headings[0].id if self.headings else self.wrapper_id

    @property
    def heading_text(self) -> str:
        return self.headings[0].text if self.headings else self.title


ENVIRONMENT_NOTES = (
    "Using fontTools instead of HarfBuzz-Subset",
    "Unable to subset",
    "Please install HarfBuzz",
    "Unable to instantiate",
    "Unable to save emoji font",
)
"""Beginnings of WeasyPrint's message templates that describe the machine, not the document: how fonts get
subset or embedded. The PDF is complete either way, so they are notes, never failures."""

SYSTEM_LIBRARIES = "libpango-1.0-0 libpangoft2-1.0-0"
"""The Debian packages WeasyPrint loads at import (its other libraries come with them)."""


@dataclass
class PdfResult:
    """What :func:`build_pdfs` wrote, and what WeasyPrint said while doing it."""

    written: list[Path]
    problems: list[str]
    """Content problems (a missing image or stylesheet, an undefined anchor, a glyph no font has)."""
    notes: list[str]
    """Notes about the machine (font subsetting); informational."""


def report(result: PdfResult, logger: logging.Logger | logging.LoggerAdapter[Any]) -> None:
    """Log WeasyPrint's content problems as warnings, and its notes about the machine as one line of information."""
    for problem in result.problems:
        logger.warning(f"PDF: {problem}")
    if result.notes:
        more = f" (and {len(result.notes) - 1} more like it: --verbose shows them)" if len(result.notes) > 1 else ""
        logger.info(f"PDF: a note about this machine, the PDFs are complete: {result.notes[0]}{more}")
        for note in result.notes[1:]:
            logger.debug(f"PDF: {note}")


def build_pdfs(
    pages: Sequence[PdfPage],
    *,
    site_dir: Path,
    pdf_dir: str,
    pdf_name: str,
    brief: Mapping[str, Any],
    site_url: str,
) -> PdfResult:
    """Write the whole explainer's PDF and one PDF per article into ``site_dir/pdf_dir``.

    Args:
        pages: The rendered pages in reading order: the overview, the articles (front matter ``brief: true``),
            then the appendices.
        site_dir: The built site.
        pdf_dir: Folder of the site that receives the PDFs.
        pdf_name: File name, without ``.pdf``, of the whole explainer.
        brief: ``extra.brief`` of mkdocs.yml, checked as the plugin checks it (:func:`.record.read_brief_record`).
        site_url: The site's public address, printed on the cover and used for links that leave an article's PDF.

    Returns:
        The files written (the whole explainer first, then the articles in reading order), with WeasyPrint's
        content problems and its notes about the machine, each message once.

    Raises:
        PdfError: A page is unusable, WeasyPrint cannot run or fails, or a file could not be written.
    """
    try:
        read_brief_record(brief)
    except BriefRecordError as exc:
        raise PdfError(str(exc)) from exc
    chapters = _chapters(pages, site_url)
    names = [chapter.slug for chapter in chapters if chapter.kind == "article"]
    if pdf_name in names:
        raise PdfError(f"pdf_name '{pdf_name}' is also the name of an article's PDF: choose another")
    built = _today()
    document_html = _assemble(chapters, brief, site_url, built)
    stylesheet = resources.files(__name__.rpartition(".")[0]).joinpath(PDF_STYLESHEET).read_text(encoding="utf-8")
    outputs = OutputNames(pdf_dir, pdf_name)
    out_dir = site_dir / pdf_dir
    started = time.monotonic()
    try:
        # Imported here: WeasyPrint takes about half a second to import. On its first import it warns about
        # libraries of the machine (HarfBuzz-Subset); those warnings are notes like the ones it logs.
        with warnings.catch_warnings(record=True) as import_warnings:
            warnings.simplefilter("always")
            from weasyprint import CSS, HTML
            from weasyprint.urls import URLFetcher
    except OSError as exc:  # a system library it loads with ctypes/cffi is missing
        raise PdfError(
            f"WeasyPrint cannot start: {exc}. Install its system libraries (Debian: apt-get install "
            f"{SYSTEM_LIBRARIES}), or build without PDFs: BRIEF_PDF=false"
        ) from exc
    with _weasyprint_messages() as records:
        try:
            # Offline by construction: only files (the site) and data: URLs may be read.
            fetcher = URLFetcher(allowed_protocols=("file", "data"))
            base_url = site_dir.resolve().as_uri() + "/"
            document = HTML(string=document_html, base_url=base_url, url_fetcher=fetcher).render(
                stylesheets=[CSS(string=stylesheet, base_url=base_url, url_fetcher=fetcher)]
            )
            rendered = time.monotonic()
            out_dir.mkdir(parents=True, exist_ok=True)
            written = [site_dir / outputs.pdf]
            _write(document, written[0])
            for chapter, subset in _article_documents(document, chapters, brief, site_url):
                written.append(site_dir / outputs.pdf_file(chapter.slug))
                _write(subset, written[-1])
        except PdfError:
            raise
        except OSError as exc:
            raise PdfError(f"cannot write into {out_dir}: {exc}") from exc
        except Exception as exc:  # WeasyPrint has no exception hierarchy of its own
            raise PdfError(f"rendering failed: {type(exc).__name__}: {exc}") from exc
    log.debug(
        f"PDF: {len(document.pages)} pages laid out in {rendered - started:.2f} s, "
        f"{len(written)} files written in {time.monotonic() - rendered:.2f} s"
    )
    problems, notes = sort_messages(records)
    return PdfResult(written, problems, [str(warning.message) for warning in import_warnings] + notes)


def _today() -> datetime.date:
    """The build date; SOURCE_DATE_EPOCH (reproducible builds) wins over the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


# ---------------------------------------------------------------------------------------------------------------
# Pages → chapters



def _chapters(pages: Sequence[PdfPage], site_url: str) -> list[_Chapter]:
    """Clean and relink every page; number the articles and appendices."""
    chapters: list[_Chapter] = []
    for page in pages:
        if page.content is None:
            raise PdfError(f"page '{page.file.src_uri}' has not been rendered")
        src_uri = page.file.src_uri
        if PurePosixPath(src_uri).stem == "index" and not chapters:
            kind = "overview"
        elif page.meta.get("brief"):
            kind = "article"
        else:
            kind = "appendix"
        html = rewrite_html(page.content, drop=_dropped, on_attrs=_without_web_attributes)
        chapters.append(_Chapter(kind, page_slug(src_uri), page.file.url, page.title or page_slug(src_uri), html))
    for kind in ("article", "appendix"):
        for number, chapter in enumerate((c for c in chapters if c.kind == kind), start=1):
            chapter.number = number
    _assign_ids(chapters)
    for chapter in chapters:
        chapter.headings = [
            _Heading(heading.level, chapter.ids[heading.id], heading.text) for heading in _headings(chapter.html)
        ]
    by_url = {chapter.url: chapter for chapter in chapters}
    for chapter in chapters:
        chapter.html = _relink(chapter, by_url, site_url)
    return chapters


def _dropped(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> bool:
    """Web-only elements: popovers, buttons, scripts, hidden blocks."""
    classes = set((attrs.get("class") or "").split())
    return tag in DROPPED_TAGS or "hidden" in attrs or bool(DROPPED_CLASSES & classes)


def _without_web_attributes(
    tag: str, attrs: dict[str, str | None], stack: list[OpenElement]
) -> dict[str, str | None] | None:
    if DROPPED_ATTRIBUTES.isdisjoint(attrs):
        return None
    return {name: value for name, value in attrs.items() if name not in DROPPED_ATTRIBUTES}


def _assign_ids(chapters: list[_Chapter]) -> None:
    """Keep ids verbatim, except footnote ids and ids found on more than one page: prefix those with the slug."""
    page_ids = {chapter.slug: collect_ids(chapter.html) for chapter in chapters}
    for chapter in chapters:
        duplicates = [key for key, count in Counter(page_ids[chapter.slug]).items() if count > 1]
        if duplicates:
            raise PdfError(f"page '{chapter.url}' has duplicate ids {sorted(duplicates)}")
        own = [key for key in page_ids[chapter.slug] if key.startswith(OWN_ID_PREFIX)]
        if own:
            raise PdfError(f"page '{chapter.url}' uses ids {own}: the prefix '{OWN_ID_PREFIX}' is the PDF's own")
    pages_per_id = Counter(key for ids in page_ids.values() for key in ids)
    for chapter in chapters:
        for key in page_ids[chapter.slug]:
            shared = pages_per_id[key] > 1 or FOOTNOTE_ID_RE.match(key)
            chapter.ids[key] = f"{chapter.slug}{ID_PREFIX_SEPARATOR}{key}" if shared else key


def _relink(chapter: _Chapter, by_url: dict[str, _Chapter], site_url: str) -> str:
    """Rename ids, turn links between pages into internal links, and mark links that print their URL."""

    def on_attrs(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> dict[str, str | None] | None:
        new = dict(attrs)
        if attrs.get("id"):
            new["id"] = chapter.ids[attrs["id"] or ""]
        href = attrs.get("href")
        if tag == "a" and href is not None:
            target, page_link = _pdf_href(href, chapter, by_url, site_url)
            if target is None:
                del new["href"]
            else:
                new["href"] = target
            if page_link:
                new["class"] = " ".join(filter(None, [attrs.get("class"), "pdf-page-link"]))
        return None if new == attrs else new

    relinked = rewrite_html(chapter.html, on_attrs=on_attrs)
    return _mark_bare_urls(relinked)


def _pdf_href(href: str, chapter: _Chapter, by_url: dict[str, _Chapter], site_url: str) -> tuple[str | None, bool]:
    """Where a link of ``chapter`` points in the PDF, and whether it points at a whole page.

    Returns:
        ``(href, page_link)``; href is None when the link leads nowhere in print (a site file without a site URL).
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return href, False  # external: stays as it is
    fragment = unquote(parts.fragment)
    if not parts.path:
        return (f"#{chapter.ids.get(fragment, fragment)}" if fragment else None), False
    path = posixpath.normpath(posixpath.join(posixpath.dirname(chapter.url), unquote(parts.path)))
    if path == "." or href.split("#")[0].endswith("/"):
        path = posixpath.join("" if path == "." else path, "index.html")
    target = by_url.get(path)
    if target is None:
        # A file of the site that is not part of the PDF (the PDF itself, the offline zip): link to it online.
        return _online(site_url, posixpath.join(posixpath.dirname(chapter.url), href)), False
    if fragment:
        return f"#{target.ids.get(fragment, fragment)}", False
    return f"#{target.anchor}", True


def _online(site_url: str, site_path: str) -> str | None:
    """The public address of a path of the site, or None without a site URL."""
    if not site_url:
        return None
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", site_path.lstrip("/"))


def _mark_bare_urls(html: str) -> str:
    """Add class ``pdf-bare-url`` to external links whose text is their address: print it once, not twice."""
    hrefs: list[str | None] = []
    texts: list[list[str]] = []
    position: dict[int, int] = {}  # id() of an open <a> element → its index among the <a> start tags

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if tag == "a":
            position[id(stack[-1])] = len(hrefs)
            hrefs.append(attrs.get("href"))
            texts.append([])

    def on_text(text: str, stack: list[OpenElement]) -> None:
        link = next((element for element in reversed(stack) if element.tag == "a"), None)
        if link is not None:
            texts[position[id(link)]].append(text)

    # Two passes: a start tag is written before its text is seen.
    rewrite_html(html, on_start=on_start, on_text=on_text)
    bare = {
        index
        for index, href in enumerate(hrefs)
        if href and "".join(texts[index]).strip() in (href, href.removeprefix("mailto:"))
    }
    if not bare:
        return html
    counter = iter(range(len(hrefs)))

    def on_attrs(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> dict[str, str | None] | None:
        if tag != "a" or next(counter) not in bare:
            return None
        return {**attrs, "class": " ".join(filter(None, [attrs.get("class"), "pdf-bare-url"]))}

    return rewrite_html(html, on_attrs=on_attrs)


def _headings(html: str) -> list[_Heading]:
    """The headings that carry an id, with their text."""
    found: list[_Heading] = []

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if tag in HEADING_TAGS and attrs.get("id"):
            found.append(_Heading(int(tag[1]), attrs["id"] or ""))

    def on_text(text: str, stack: list[OpenElement]) -> None:
        heading = next((element for element in reversed(stack) if element.tag in HEADING_TAGS), None)
        if heading is not None and found and heading.attrs.get("id") == found[-1].id:
            found[-1].text += text

    rewrite_html(html, on_start=on_start, on_text=on_text)
    for heading in found:
        heading.text = " ".join(heading.text.split())
    return found


# ---------------------------------------------------------------------------------------------------------------
# The document: cover, contents, chapters


def _label(chapter: _Chapter) -> str:
    """The chapter's name in the contents and the outline: the overview's heading repeats the cover's title."""
    return chapter.title if chapter.kind == "overview" else chapter.heading_text


def _marker(chapter: _Chapter) -> str:
    if chapter.kind == "article":
        return str(chapter.number)
    if chapter.kind == "appendix":
        return chr(ord("A") + chapter.number - 1) if chapter.number <= 26 else str(chapter.number)
    return ""


def _assemble(chapters: list[_Chapter], brief: Mapping[str, Any], site_url: str, built: datetime.date) -> str:
    """The whole explainer as one HTML document."""
    title = str(brief["title"])
    author = str(brief["author"])
    series, date = str(brief["series"]), str(brief["date"])
    keywords = ", ".join(str(keyword) for keyword in brief.get("keywords") or [])
    subject = f"{title}. {series} by {author}, {date}, with numbered paragraphs, glossary, timeline and bibliography."
    head = "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{escape(str(brief.get("language") or "en"), quote=True)}">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{escape(title)}</title>",
            f'<meta name="author" content="{escape(author, quote=True)}">',
            f'<meta name="description" content="{escape(subject, quote=True)}">',
            f'<meta name="keywords" content="{escape(keywords, quote=True)}">',
            '<meta name="generator" content="brief-explainer">',
            f'<meta name="dcterms.created" content="{built.isoformat()}">',
            f'<meta name="dcterms.modified" content="{built.isoformat()}">',
            "</head>",
        ]
    )
    body = [_cover(brief, site_url, built), _contents(chapters)]
    for chapter in chapters:
        kicker = ""
        if chapter.kind == "article":
            kicker = f'<p class="chapter__kicker">Question {_marker(chapter)}</p>'
        elif chapter.kind == "appendix":
            kicker = f'<p class="chapter__kicker">Appendix {_marker(chapter)}</p>'
        body.append(
            f'<section class="chapter chapter--{chapter.kind}" id="{chapter.wrapper_id}" '
            f'data-running="{escape(chapter.title, quote=True)}">\n{kicker}\n{_label_heading(chapter)}\n</section>'
        )
    return head + "\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"


def _label_heading(chapter: _Chapter) -> str:
    """The chapter's HTML, its first heading carrying the outline label."""
    done = False

    def on_attrs(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> dict[str, str | None] | None:
        nonlocal done
        if done or tag not in HEADING_TAGS or attrs.get("id") != chapter.anchor:
            return None
        done = True
        return {**attrs, "data-bookmark": _label(chapter)}

    return rewrite_html(chapter.html, on_attrs=on_attrs)


def _explainer_credit(brief: Mapping[str, Any]) -> str:
    """Who made the explainer, as configured (``extra.brief.explainer``: ``editor``, ``publisher``); else
    nothing: no name is invented."""
    explainer = brief.get("explainer") or {}
    parts = []
    if explainer.get("editor"):
        parts.append(f"edited by {escape(str(explainer['editor']))}")
    if explainer.get("publisher"):
        parts.append(f"published by {escape(str(explainer['publisher']))}")
    return (", " + " and ".join(parts)) if parts else ""


def _cover(brief: Mapping[str, Any], site_url: str, built: datetime.date) -> str:
    """The cover: the brief (its author, series and publisher) above the rule; the explainer, and what of it is
    editorial, below, so that nothing reads as if the brief's publisher had published the explainer."""
    title, author = escape(str(brief["title"])), escape(str(brief["author"]))
    series, date, publisher = escape(str(brief["series"])), escape(str(brief["date"])), escape(str(brief["publisher"]))
    short_title = str(brief.get("short_title") or brief["title"])
    credit = f"{brief['author']} · {brief['series']} · {brief['date']}"
    online = (
        f'Online edition: <a class="pdf-bare-url" href="{escape(site_url, quote=True)}">{escape(site_url)}</a><br>'
        if site_url
        else ""
    )
    return f"""<section class="cover" id="{OWN_ID_PREFIX}cover" data-short-title="{escape(short_title, quote=True)}"
 data-credit="{escape(credit, quote=True)}">
<p class="cover__series"><span class="cover__series-name">{series}</span> <span class="cover__date">{date}</span></p>
<h1 class="cover__title">{title}</h1>
<p class="cover__author">{author}</p>
<p class="cover__publisher">{publisher}</p>
<p class="cover__kind">An explainer of this brief{_explainer_credit(brief)}: the brief with numbered paragraphs, a
glossary of the OSCE and NATO documents, Russian drafts and principles at issue, a timeline and the sources.</p>
<div class="cover__foot">
<p class="cover__attribution">The brief: {author}, “{title}”, {series}, {publisher}, {date}, reproduced word for
word. The explainer: paragraph numbers, citation marks, glossary links and notes, the glossary, the timeline and the
bibliography are editorial additions made for this explainer, not part of the brief as its author and publisher
issued it.</p>
<p class="cover__edition">{online}PDF built {built.isoformat()}</p>
</div>
</section>"""


def _contents(chapters: list[_Chapter]) -> str:
    items: list[str] = []
    appendices_started = False
    for chapter in chapters:
        if chapter.kind == "appendix" and not appendices_started:
            appendices_started = True
            items.append('<li class="toc__part">Appendices</li>')
        marker = _marker(chapter)
        number = f'<span class="toc__number">{escape(marker)}</span>' if marker else ""
        subsections = "".join(
            f'<li class="toc__sub"><a href="#{escape(heading.id, quote=True)}">{escape(heading.text)}</a></li>'
            for heading in chapter.headings[1:]
            if heading.level == 2
        )
        items.append(
            f'<li class="toc__entry toc__entry--{chapter.kind}">'
            f'<a href="#{escape(chapter.anchor, quote=True)}">{number}{escape(_label(chapter))}</a>'
            + (f'<ol class="toc__subs">{subsections}</ol>' if subsections else "")
            + "</li>"
        )
    return (
        f'<nav class="toc" id="{OWN_ID_PREFIX}contents"><h1 class="toc__title">Contents</h1>'
        f'<ol class="toc__list">{"".join(items)}</ol></nav>'
    )


# ---------------------------------------------------------------------------------------------------------------
# WeasyPrint

PDF_VARIANT: str | None = "pdf/ua-1"
"""Tagged PDF (PDF/UA-1): a structure tree for screen readers and reflow."""


def _write(document: Any, path: Path) -> None:
    document.write_pdf(path, pdf_variant=PDF_VARIANT)


def _article_documents(
    document: Any, chapters: list[_Chapter], brief: Mapping[str, Any], site_url: str
) -> Iterator[tuple[_Chapter, Any]]:
    """Each article's pages as a document of their own, with links that leave the article made external."""
    starts: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for chapter in chapters:
            if chapter.wrapper_id in page.anchors:  # on every page the chapter spans: keep the first
                starts.setdefault(chapter.slug, index)
    unplaced = [chapter.url for chapter in chapters if chapter.slug not in starts]
    if unplaced:
        raise PdfError(f"pages {unplaced} were not found in the laid-out PDF")
    online = {
        pdf_id: _online(site_url, f"{chapter.url}#{original}")
        for chapter in chapters
        for original, pdf_id in chapter.ids.items()
    }
    for position, chapter in enumerate(chapters):
        if chapter.kind != "article":
            continue
        end = starts[chapters[position + 1].slug] if position + 1 < len(chapters) else len(document.pages)
        pages = document.pages[starts[chapter.slug] : end]
        anchors = {name for page in pages for name in page.anchors}
        clones = []
        for page in pages:
            clone = copy.copy(page)
            clone.links = []
            for link_type, target, rectangle, box in page.links:
                if link_type == "internal" and target not in anchors:
                    if online.get(target) is None:
                        continue  # nowhere to go: keep the text, drop the link
                    link_type, target = "external", online[target]
                clone.links.append((link_type, target, rectangle, box))
            clones.append(clone)
        subset = document.copy(clones)
        subset.metadata = copy.copy(document.metadata)
        subset.metadata.title = f"{chapter.heading_text} ({brief['title']})"
        yield chapter, subset


@contextmanager
def _weasyprint_messages() -> Iterator[list[logging.LogRecord]]:
    """Collect WeasyPrint's warnings and errors (its only report of failed resources) instead of printing them."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    saved = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def sort_messages(records: Sequence[logging.LogRecord]) -> tuple[list[str], list[str]]:
    """WeasyPrint's messages as (content problems, notes about the machine), each message once, in order.

    A note is recognised by its message template (``record.msg``), so the sorting does not depend on the font
    names or the wording filled into it.
    """
    problems: dict[str, None] = {}
    notes: dict[str, None] = {}
    for record in records:
        template = str(record.msg)
        kind = notes if template.startswith(ENVIRONMENT_NOTES) else problems
        kind[record.getMessage()] = None
    return list(problems), list(notes)


# ---------------------------------------------------------------------------------------------------------------
# Shared with the EPUB (epub.py), which is made from the same chapters: one cleaning, one set of ids.

Chapter = _Chapter
chapters = _chapters
chapter_label = _label
chapter_marker = _marker
build_date = _today
