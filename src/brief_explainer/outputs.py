"""The addresses of the files the build writes beside the pages: the whole PDF, one PDF per article, the EPUB and
the offline zip. Named here once; the writers, the templates and the pages' Markdown all ask this module.

In Markdown, a page links to one of them by name, ``[PDF](explainer:pdf)``: the plugin turns the link into the
file's address relative to the page, so renaming a file in mkdocs.yml (``pdf_name``, ``offline_zip``) moves every
link with it. No MkDocs imports.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import PurePosixPath

from .htmlwalk import OpenElement, rewrite_html

DEFAULT_PDF_NAME = "explainer"
"""The plugin's default for ``pdf_name`` (a site sets its own in mkdocs.yml)."""
DEFAULT_OFFLINE_ZIP = "download/site-offline.zip"
"""The plugin's default for ``offline_zip``."""

EPUB_DIR = "epub"
"""Folder of the site that receives the EPUB."""

LINK_SCHEME = "explainer:"
"""How Markdown names an output: ``explainer:pdf``, ``explainer:epub``, ``explainer:offline-zip``."""


def page_slug(src_uri: str) -> str:
    """A page's name for its own PDF: its source path without ``.md``, folders joined by ``-``."""
    return PurePosixPath(src_uri).with_suffix("").as_posix().replace("/", "-")


def epub_path(pdf_name: str) -> str:
    """Where the EPUB goes in the site: ``epub/<the whole PDF's name>.epub``."""
    return f"{EPUB_DIR}/{pdf_name}.epub"


@dataclass(frozen=True)
class OutputNames:
    """The site paths of the outputs, from the plugin's options."""

    pdf_dir: str
    pdf_name: str
    offline_zip: str = ""
    offline_folder: str = ""
    """The folder the zip's files are in, as the plugin's ``offline_zip_folder`` gives it ('' for the default)."""

    def pdf_file(self, name: str) -> str:
        """A PDF of the site by its name (without ``.pdf``)."""
        return f"{self.pdf_dir}/{name}.pdf"

    @property
    def pdf(self) -> str:
        """The whole explainer's PDF."""
        return self.pdf_file(self.pdf_name)

    @property
    def epub(self) -> str:
        """The whole explainer's EPUB."""
        return epub_path(self.pdf_name)

    def article_pdf(self, src_uri: str) -> str:
        """The PDF of one article, named after its page."""
        return self.pdf_file(page_slug(src_uri))

    @property
    def offline_zip_folder(self) -> str:
        """The one folder the zip holds the site in: as configured, else the zip's file name without ``.zip``."""
        return self.offline_folder or PurePosixPath(self.offline_zip).stem

    @property
    def folders(self) -> tuple[str, ...]:
        """The site's folders that hold outputs (the PDFs, the zip, the EPUB), whose files keep their names across
        releases."""
        folders = (self.pdf_dir, posixpath.dirname(self.offline_zip), EPUB_DIR)
        return tuple(folder for folder in dict.fromkeys(folders) if folder)

    def by_link_name(self) -> dict[str, str]:
        """What ``explainer:NAME`` links may name (an empty zip path: no zip, so no name)."""
        names = {"pdf": self.pdf, "epub": self.epub}
        if self.offline_zip:
            names["offline-zip"] = self.offline_zip
        return names


def resolve_output_links(html: str, targets: dict[str, str], page_url: str) -> tuple[str, list[str]]:
    """Turn every ``href="explainer:NAME"`` of a page into the output's address relative to the page.

    Returns:
        The page, and the unknown names it links to (left as they are, for a warning).
    """
    if LINK_SCHEME not in html:
        return html, []
    unknown: list[str] = []
    page_dir = posixpath.dirname(page_url)

    def on_attrs(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> dict[str, str | None] | None:
        href = attrs.get("href") or ""
        if tag != "a" or not href.startswith(LINK_SCHEME):
            return None
        name = href.removeprefix(LINK_SCHEME)
        if name not in targets:
            unknown.append(name)
            return None
        return {**attrs, "href": posixpath.relpath(targets[name], page_dir or ".")}

    return rewrite_html(html, on_attrs=on_attrs), unknown
