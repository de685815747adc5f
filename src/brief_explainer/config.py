"""Options of the ``brief-explainer`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from .outputs import DEFAULT_OFFLINE_ZIP, DEFAULT_PDF_NAME
from .pages import BIBLIOGRAPHY_PAGE, BRIEFING_PAGE, GLOSSARY_PAGE, TIMELINE_PAGE


class BriefExplainerConfig(Config):
    """Typed options; each docstring is the option's documentation."""

    glossary_file = c.Type(str, default="glossary.yml")
    """The glossary data, relative to mkdocs.yml."""

    bib_file = c.Type(str, default="sources/references.bib")
    """The BibTeX file, relative to mkdocs.yml: what ``[@key]`` cites and the bibliography page lists."""

    link_mode = c.Choice(("section", "page", "every"), default="page")
    """On pages that hold the brief: which mentions of a glossary term become links (the first in each section,
    the first on each page, or every one). Once per article by default: a term is linked at its first mention,
    as readers expect from encyclopedias, and later mentions stay plain text."""

    link_mode_editorial = c.Choice(("section", "page", "every"), default="section")
    """The same, on the other pages (glossary, timeline); on the glossary, a section is one entry."""

    link_skip_pages = c.ListOfItems(c.Type(str), default=[BIBLIOGRAPHY_PAGE])
    """Pages whose text is never linked (source titles are not mentions)."""

    page_glossary = c.Type(str, default=GLOSSARY_PAGE)
    """Path of the generated glossary page."""

    page_timeline = c.Type(str, default=TIMELINE_PAGE)
    """Path of the generated timeline page."""

    page_bibliography = c.Type(str, default=BIBLIOGRAPHY_PAGE)
    """Path of the generated bibliography page."""

    page_briefing = c.Type(str, default=BRIEFING_PAGE)
    """Path of the generated briefing page, where a reader's collected passages are shown (never in the PDF or
    the EPUB: its content is the reader's, made in the browser)."""

    vendored = c.DictOfItems(c.Type(str), default={})
    """Third-party files installed at build time (npm), copied into the site: site path → path from mkdocs.yml."""

    search_shim = c.Type(str, default="")
    """The site path of the iframe-worker shim that lets search run from ``file://`` (one of ``vendored``'s site
    paths; '' for none): the Content-Security-Policy allows its inline script by hash, and its version is checked
    against the releases theme.py was checked with."""

    minify = c.ListOfItems(c.Type(str), default=[])
    """Further scripts and stylesheets of the site (paths in it) to minify after the build. The reader tools' own
    (explainer.js, explainer.css) need not be listed: the plugin builds them minified (brief_explainer.frontend)."""

    defer_search_index = c.Type(bool, default=True)
    """Load the search index when the reader first opens search rather than with every page, as Material
    already does for a site read from disk."""

    offline_zip = c.Type(str, default=DEFAULT_OFFLINE_ZIP)
    """Where to write a zip of the whole built site, for reading offline ('' to skip)."""

    offline_zip_folder = c.Type(str, default="")
    """The folder the zip holds the site in, so that unpacking it makes one folder ('' for the zip's file name
    without ``.zip``)."""

    pdf_enabled = c.Type(bool, default=True)
    """Write the PDF of the whole explainer, and one per article, after the build."""

    pdf_dir = c.Type(str, default="pdf")
    """Folder of the site that receives the PDFs."""

    pdf_name = c.Type(str, default=DEFAULT_PDF_NAME)
    """File name (without .pdf) of the whole explainer's PDF."""

    epub_enabled = c.Type(bool, default=True)
    """Write the whole explainer as an EPUB 3 (``epub/<pdf_name>.epub``) after the PDFs, before the offline zip."""

    headers_file = c.Type(str, default="_headers")
    """Where to write the HTTP headers for Netlify and Cloudflare Pages (policy, caching), after the offline zip,
    which does not need them ('' to skip)."""

    anchors_lock = c.Type(str, default="anchors.lock")
    """The anchor lock, relative to mkdocs.yml: every address it lists (a page, or a page and an anchor) must
    resolve in the built site, directly or through a redirect; each one that does not is a warning (fatal under
    ``--strict``, so a release never breaks a published address). '' skips the check, as does a missing file."""

    offline_web = c.Type(bool, default=True)
    """A release build (an ``https://`` site_url, never ``mkdocs serve``) adds a service worker and a web app manifest:
    after one visit every page, search and the glossary work with the network off, and the site can be installed
    to a home screen. ``false`` writes, with a public site_url, a worker that removes an earlier one and its caches
    at a reader's next visit (see offline_web.py)."""
