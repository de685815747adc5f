"""The MkDocs plugin: a thin layer over the package's pure modules.

Hooks, and why:

- ``on_config``: read and validate references.bib and glossary.yml once, before any page is built; register
  the citations and paragraphs extensions; decide whether a release's service worker is written (the offline
  page, what the pages' head names).
- ``on_files``: add the generated glossary, timeline, bibliography and briefing pages, and the reader tools' script
  and stylesheet, joined from their sources (:mod:`.frontend`).
- ``on_page_markdown``: switch paragraph numbering on for pages that hold the brief.
- ``on_page_content``: name the citations the extension showed as typed (an unknown key, a malformed one) at their
  lines, and report markup problems; link glossary terms and render their popovers; read the brief's words for the
  briefing page (:mod:`.briefing`).
- ``on_page_context``: hand the popovers to the template, which puts them outside the article.
- ``on_env``: every page is rendered by now: fill in where the brief mentions and cites each glossary entry, add
  the briefing page's data (the brief's words, before MkDocs copies the site's files), and check the links we
  added.
- ``on_post_page``: Content-Security-Policy and fixes for the theme's invalid HTML.
- ``on_post_build``: drop unused assets, put the rewritten theme files in place (the search index loaded on
  demand), then write the PDFs, the offline zip, a release's service worker (:mod:`.offline_web`) and the static
  hosts' ``_headers``.
- ``on_startup`` / ``on_shutdown``: know whether this is ``mkdocs serve``. Defining them also keeps one plugin
  instance across the server's rebuilds, so a rebuild can fall back on the last good glossary and bibliography
  and cancel the previous rebuild's PDF worker.

Severity: a ``PluginError`` only when the site cannot be built at all (the first build with an unreadable
glossary or bibliography, a page that is not UTF-8); every content problem (an unknown citation key, a paragraph
without an id, a dangling glossary link, a problem in the PDF) is a warning, which ``--strict`` (``make build``,
the tests) turns into a failure and ``mkdocs serve`` shows while it goes on serving. In ``serve`` the PDFs and
the zip are written by a background process (:mod:`.background`) and nothing is minified: an edit shows as fast
as the HTML can be built.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import posixpath
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jinja2 import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .anchors import lock_warnings, read_lock
from .background import BackgroundOutputs, OutputJob, waiting_for_outputs
from .briefing import PassageCollector, brief_citation, briefing_markdown
from .cache import DerivedCache
from .citations import (
    FOOTNOTES_NEEDED,
    Bibliography,
    BibliographyError,
    CitationsExtension,
    bibliography_markdown,
    cited_key,
    lists_footnotes,
    load_bibliography,
    load_reference_urls,
    problem_lines,
)
from .config import BriefExplainerConfig
from .footnote_marks import FootnoteMarksExtension
from .frontend import SOURCE_DIR as FRONTEND_DIR
from .frontend import FrontendError, bundles
from .glossary.linker import Citation, LinkMode, Mention, TermMatcher, link_terms
from .glossary.model import Glossary, GlossaryError, load_glossary
from .glossary.render import (
    GLOSSARY_PAGE_IDS,
    brief_on_timeline,
    fill_mentions,
    glossary_markdown,
    popovers_block,
    timeline_markdown,
)
from .hardening import harden_page
from .htmlwalk import collect_ids
from .offline import minify_assets, prune_site, write_site_zip
from .offline_web import (
    OFFLINE_PAGE,
    ONLINE_ONLY_FILES,
    Mode,
    OfflineWebError,
    OfflineWebSite,
    describe_site,
    site_mode,
    write_kill_switch,
    write_offline_web,
)
from .outputs import EPUB_DIR, OutputNames, resolve_output_links
from .paragraphs import BriefParagraphsExtension, numbering_problems
from .publish import write_headers
from .record import BriefRecordError, read_brief_record
from .textfiles import UndecodableFileError, undecodable_files
from .theme import (
    ThemeAssets,
    ThemeInternalsError,
    check_versions,
    clear_stale_cache,
    npm_package_version,
    prepare_theme_assets,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Literal

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

WATCH_INTERVAL_SECONDS = 0.1
"""How often ``serve`` looks for saved files (stat calls over a small tree: negligible work)."""

OUTPUT_WAIT_SECONDS = 120.0
"""How long ``serve`` holds a request for a PDF while the worker writes it (a cold WeasyPrint takes seconds)."""


class BriefExplainerPlugin(BasePlugin[BriefExplainerConfig]):
    """Numbered paragraphs, glossary links and pages, bibliography checks and the PDF."""

    supports_multiple_instances = False
    theme_assets: ThemeAssets | None = None
    """Theme files rewritten under new names; prepared (or read from the cache) on the first page of a build."""

    def __init__(self) -> None:
        super().__init__()
        self.glossary = Glossary([])
        self.bibliography: Bibliography | None = None
        self.matcher = TermMatcher([])
        self.passages = PassageCollector(self.glossary, self.matcher)
        self.paragraphs = BriefParagraphsExtension()
        self.mentions: list[Mention] = []
        self.citations_cited: list[Citation] = []
        self.reference_urls: dict[str, str] = {}
        self.popovers: dict[str, str] = {}
        self.numbered_by_page: dict[str, list[str]] = {}
        self.glossary_anchors: set[str] = set()
        self.pages: list[Page] = []
        self.nav_order: list[str] = []
        self.shim_source: str | None = None
        self.build_started = 0.0
        self.serving = False
        self.background = BackgroundOutputs()
        self.undecodable_pages: set[str] = set()
        self.offline_web_mode = Mode.NONE
        self.offline_web_site: OfflineWebSite | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether this is ``mkdocs serve``."""
        self.serving = command == "serve"

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        """Hold a request for a PDF or the zip until the background worker has written this build's."""
        mount = urlsplit(config.site_url or "/").path.rstrip("/")
        paths = [f"{mount}/{self.config.pdf_dir}/", f"{mount}/{self.config.offline_zip}", f"{mount}/{EPUB_DIR}/"]
        app = server.get_app()
        if app is not None:  # MkDocs sets its app when it creates the server
            server.set_app(waiting_for_outputs(app, paths, self.background, OUTPUT_WAIT_SECONDS))
        self._poll_sooner(server, [config.docs_dir, config.config_file_path])
        server.watch(str(FRONTEND_DIR))  # the reader tools' sources: on_files joins them again
        return server

    @staticmethod
    def _poll_sooner(server: LiveReloadServer, watched: list[str]) -> None:
        """Look for saved files every 0.1 s instead of MkDocs' 0.5 s: on average an edit shows 0.2 s sooner.

        MkDocs polls (inotify misses some editors' saves) and offers no option for the interval, so its observer
        is replaced before the server starts it, and the paths it watches so far are moved over. Where MkDocs'
        server is not shaped that way, it is left as it is: only the delay is at stake.
        """
        from watchdog.observers.polling import PollingObserver  # only serve needs it; a build skips the import

        observer = getattr(server, "observer", None)
        if not isinstance(observer, PollingObserver) or observer.is_alive():
            log.debug("mkdocs serve's file watcher is not the expected one; its polling interval is left as is")
            return
        for path in watched:
            server.unwatch(path)
        server.observer = PollingObserver(timeout=WATCH_INTERVAL_SECONDS)
        for path in watched:
            server.watch(path)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build writes nothing in the background: requests for its outputs need not wait."""
        self.background.skip()

    def on_shutdown(self) -> None:
        """Stop a PDF worker still running: the server deletes its site folder."""
        self.background.cancel()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load and validate the data files and check the pages can be read; register the paragraphs extension."""
        self.build_started = time.monotonic()
        # Before MkDocs empties the site folder: the previous rebuild's worker must not write into the new one.
        self.background.expect()
        root = Path(config.config_file_path).parent
        self._check_pages_decode(Path(config.docs_dir))
        if self.config.search_shim and self.config.search_shim not in self.config.vendored:
            listed = ", ".join(f"'{site_path}'" for site_path in self.config.vendored) or "none"
            raise PluginError(
                f"search_shim '{self.config.search_shim}' is not a site path of vendored (listed: {listed}): name "
                "the iframe-worker shim's entry of vendored in mkdocs.yml, or set search_shim to '' for none"
            )
        try:
            read_brief_record(config.extra.get("brief"))
        except BriefRecordError as exc:
            raise PluginError(str(exc)) from exc
        # Checked: the timeline, the PDF and the EPUB read it as it is written (with its optional parts).
        self.brief = dict(config.extra["brief"])
        self.outputs = OutputNames(
            self.config.pdf_dir, self.config.pdf_name, self.config.offline_zip, self.config.offline_zip_folder
        )
        cache = self._derived_cache(config)
        try:
            bibliography = load_bibliography(root / self.config.bib_file, cache=cache)
        except BibliographyError as exc:
            self._fall_back_or_fail(f"Error reading bibliography:\n{exc}", self.bibliography is not None, exc)
        else:
            self.bibliography = bibliography
            self.reference_urls = load_reference_urls(root / self.config.bib_file, cache=cache)
        assert self.bibliography is not None
        try:
            glossary = load_glossary(
                root / self.config.glossary_file,
                bibkeys=self.bibliography.keys,
                reserved_ids=GLOSSARY_PAGE_IDS,
                cache=cache,
            )
        except GlossaryError as exc:
            message = f"Error reading glossary ({len(exc.problems)} problem(s)):\n{exc}"
            self._fall_back_or_fail(message, bool(self.glossary.entries), exc)
        else:
            self.glossary = glossary
        self.matcher = TermMatcher(self.glossary)
        self.passages = PassageCollector(self.glossary, self.matcher)
        self.mentions = []
        self.citations_cited = []
        self.popovers = {}
        self.numbered_by_page = {}
        self.glossary_anchors = set()
        self.pages = []
        self.paragraphs = BriefParagraphsExtension()
        if not lists_footnotes(config.markdown_extensions):
            raise PluginError(FOOTNOTES_NEEDED)
        self.citations = CitationsExtension(bibliography=self.bibliography)
        config.markdown_extensions.append(self.citations)  # type: ignore[arg-type]
        config.markdown_extensions.append(self.paragraphs)  # type: ignore[arg-type]
        config.markdown_extensions.append(FootnoteMarksExtension())  # type: ignore[arg-type]
        self._plan_offline_web(config)
        return config

    def _plan_offline_web(self, config: MkDocsConfig) -> None:
        """A release build's service worker: its offline page (a theme template) and what the pages' head names."""
        self.offline_web_mode = site_mode(config.site_url or "", enabled=self.config.offline_web, serving=self.serving)
        self.offline_web_site = None
        if self.offline_web_mode is not Mode.WORKER:
            return
        config.theme.static_templates.add(OFFLINE_PAGE)
        logo = config.theme.get("logo")
        try:
            self.offline_web_site = describe_site(
                name=config.site_name,
                short_name=str(self.brief.get("short_title") or ""),
                description=config.site_description or "",
                language=str(config.theme.get("language") or "en"),
                palette=config.theme.get("palette"),
                theme_dirs=[Path(folder) for folder in config.theme.dirs],
                logo_file=Path(config.docs_dir) / logo if logo else None,
                logo_icon=str((config.theme.get("icon") or {}).get("logo") or "material/library"),
            )
        except OfflineWebError as exc:
            raise PluginError(str(exc)) from exc

    def _fall_back_or_fail(self, message: str, have_last_good: bool, cause: Exception) -> None:
        """While serving, a broken data file is a warning and the last good version stays in use."""
        if self.serving and have_last_good:
            log.warning(f"{message}\nServing the last good version until the file is fixed.")
            return
        raise PluginError(message) from cause

    def _check_pages_decode(self, docs_dir: Path) -> None:
        """A page that is not UTF-8 stops a build before MkDocs empties the site folder; ``serve`` leaves it out."""
        problems = undecodable_files(sorted(docs_dir.rglob("*.md")))
        if problems and not self.serving:
            listed = "\n".join(f"  {problem}" for problem in problems.values())
            raise PluginError(f"Pages that cannot be read:\n{listed}")
        for problem in problems.values():
            log.warning(f"{problem}; the page is left out until it is fixed")
        self.undecodable_pages = {path.relative_to(docs_dir).as_posix() for path in problems}

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Add the generated pages (no hand-kept copies)."""
        assert self.bibliography is not None
        for src_uri in self.undecodable_pages:
            bad = files.get_file_from_path(src_uri)
            if bad is not None:
                files.remove(bad)
        generated = {
            self.config.page_glossary: glossary_markdown(
                self.glossary, bibliography_page=self._bib_link(), reference_urls=self.reference_urls
            ),
            self.config.page_timeline: timeline_markdown(
                self.glossary,
                glossary_page=self._glossary_link(),
                brief=brief_on_timeline(
                    self.brief,
                    posixpath.relpath("index.md", posixpath.dirname(self.config.page_timeline) or "."),
                ),
            ),
            self.config.page_bibliography: bibliography_markdown(self.bibliography),
            self.config.page_briefing: briefing_markdown(self.config.page_briefing, self.config.page_glossary),
        }
        root = Path(config.config_file_path).parent
        for site_path, source in self.config.vendored.items():
            if not (root / source).is_file():
                raise PluginError(f"Vendored file '{source}' is missing: run `make build` (it runs npm ci) first")
            files.append(File.generated(config, site_path, abs_src_path=str(root / source)))
            if site_path == self.config.search_shim:
                self.shim_source = (root / source).read_text(encoding="utf-8")
        for path, content in generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} exists, but the plugin generates that page: remove the file")
            files.append(File.generated(config, path, content=content))
        self._add_frontend(files, config)
        return files

    def _add_frontend(self, files: Files, config: MkDocsConfig) -> None:
        """The reader tools' script and stylesheet, joined from their per-feature sources (minified, but not in
        ``serve``)."""
        try:
            assets = bundles(minify=not self.serving)
        except FrontendError as exc:
            raise PluginError(str(exc)) from exc
        for path, content in assets.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"docs/{path} exists, but the plugin builds that file from src/brief_explainer/frontend: remove it"
                )
            files.append(File.generated(config, path, content=content))

    def _glossary_link(self) -> str:
        return posixpath.basename(self.config.page_glossary)

    def _bib_link(self) -> str:
        return posixpath.relpath(self.config.page_bibliography, posixpath.dirname(self.config.page_glossary) or ".")

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Remember the reading order, which the PDF follows."""
        self.nav_order = [page.file.src_uri for page in nav.pages]
        return nav

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Number paragraphs on pages that hold the brief."""
        self.paragraphs.setConfig("enabled", bool(page.meta.get("brief")))
        return markdown

    def _report_citation_problems(self, page: Page) -> None:
        """Warn of each citation the extension left as typed, at its line in the page's source."""
        if not self.citations.problems:
            return
        for line, problem in problem_lines(page.file.content_string, self.citations.problems):
            log.warning(f"Doc file '{page.file.src_uri}', line {line}: {problem.message}")

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Report citation and markup problems, then link glossary terms and add their popovers."""
        targets = self.outputs.by_link_name()
        html, unknown = resolve_output_links(html, targets, page.file.url)
        for name in unknown:
            known = ", ".join(f"explainer:{target}" for target in targets)
            log.warning(f"Doc file '{page.file.src_uri}': a link to 'explainer:{name}' names no output: use {known}")
        self._report_citation_problems(page)
        if self.paragraphs.getConfig("enabled"):
            for problem in self.paragraphs.problems:
                log.warning(f"Doc file '{page.file.src_uri}': {problem}")
        is_glossary = page.file.src_uri == self.config.page_glossary
        glossary_file = files.get_file_from_path(self.config.page_glossary)
        assert glossary_file is not None
        glossary_url = "" if is_glossary else glossary_file.url_relative_to(page.file)
        if self.paragraphs.getConfig("enabled"):
            self.numbered_by_page[page.file.src_uri] = list(self.paragraphs.numbered)
        self.pages.append(page)
        if page.file.src_uri in self.config.link_skip_pages:
            if is_glossary:
                self.glossary_anchors = set(collect_ids(html))
            return html
        is_brief = bool(page.meta.get("brief"))
        result = link_terms(
            html,
            self.matcher,
            glossary_url=glossary_url,
            mode=LinkMode(self.config.link_mode if is_brief else self.config.link_mode_editorial),
            own_sections=is_glossary,
        )
        self.mentions += result.mentions
        if is_brief:
            self.passages.read(result.html, page.file.url)
        # A pinpointed citation's footnote is named ``key@pinpoint``: the entry is the key's.
        self.citations_cited += [replace(cited, bibkey=cited_key(cited.bibkey)) for cited in result.citations]
        if is_glossary:
            self.glossary_anchors = set(result.ids)  # the backlinks filled in later add none
        else:
            # Kept out of page.content (search, the PDF): the template renders them after the page's footer.
            linked = (self.glossary.by_id[entry_id] for entry_id in result.linked)
            self.popovers[page.file.src_uri] = popovers_block(linked, glossary_url, self.reference_urls)
        return result.html

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Give the template this page's glossary popovers (overrides/main.html places them)."""
        # A key of our own, which MkDocs' TemplateContext does not declare.
        context["gloss_popovers"] = self.popovers.get(page.file.src_uri, "")  # type: ignore[typeddict-unknown-key]
        return context

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        """Keep the theme's compiled templates between builds; fill in the glossary's backlinks, then check every
        link the plugin added."""
        # Compiling Material's templates is a third of a build, and MkDocs makes a new environment for every build
        # (every save in `serve`). Jinja's own bytecode cache is keyed by each template's file and checked against
        # its source, so an edited template is compiled again. Set before any template is loaded.
        env.bytecode_cache = FileSystemBytecodeCache(str(self._cache_dir(config, "templates")))
        # Every template (404.html too) links the outputs by these names, never by a literal path.
        env.globals["explainer_outputs"] = self.outputs
        # The brief as a quotation cites it (main.html's meta tag): the same words as the briefing page's.
        env.globals["brief_quote_citation"] = brief_citation(self.brief)
        # Where the header's briefing count links: the generated page's address, from page_briefing alone.
        briefing = files.get_file_from_path(self.config.page_briefing)
        env.globals["briefing_page"] = briefing.url if briefing is not None else ""
        self._add_passages_data(config, files)
        # Release builds: the manifest, theme colours and the worker's registration (overrides/main.html).
        env.globals["offline_web"] = self.offline_web_site
        for src_uri in (self.config.page_glossary, self.config.page_timeline):
            page = next((p for p in self.pages if p.file.src_uri == src_uri), None)
            if page is not None and page.content is not None:
                page.content = self._fill_mentions(page, files)
        self._check_added_links()
        self._check_numbering()
        return env

    def _add_passages_data(self, config: MkDocsConfig, files: Files) -> None:
        """The brief's words for the briefing page (briefing.py), added as a file once every page has been read."""
        briefing = files.get_file_from_path(self.config.page_briefing)
        glossary = files.get_file_from_path(self.config.page_glossary)
        if briefing is None or glossary is None:
            return
        script = self.passages.script(briefing.url, glossary.url, reference_urls=self.reference_urls, brief=self.brief)
        files.append(File.generated(config, script.path, content=script.content))

    @property
    def paragraph_pages(self) -> dict[str, str]:
        """Each numbered paragraph's id → the source path of the page that holds it."""
        return {paragraph_id: src_uri for src_uri, ids in self.numbered_by_page.items() for paragraph_id in ids}

    def _check_numbering(self) -> None:
        """¶ numbers run p-1 … p-N through the brief's pages in reading order (warnings)."""
        order = {src_uri: index for index, src_uri in enumerate(self.nav_order)}
        pages = sorted(self.numbered_by_page.items(), key=lambda item: order.get(item[0], len(order)))
        for problem in numbering_problems(pages):
            log.warning(problem)

    def _fill_mentions(self, page: Page, files: Files) -> str:
        """Where the brief mentions and cites each entry, linked from ``page`` (the glossary, the timeline)."""
        assert page.content is not None
        page_urls = {}
        for paragraph_id, src_uri in self.paragraph_pages.items():
            target = files.get_file_from_path(src_uri)
            if target is not None:
                page_urls[paragraph_id] = target.url_relative_to(page.file)
        return fill_mentions(page.content, self.glossary, self.mentions, page_urls, self.citations_cited)

    def _check_added_links(self) -> None:
        """Links added after Markdown are invisible to MkDocs' validation: check them here (warnings)."""
        for entry in self.glossary:
            if entry.id not in self.glossary_anchors:
                log.warning(
                    f"Glossary entry '{entry.id}' has no anchor on {self.config.page_glossary}: links to it dangle"
                )
        paragraph_pages = self.paragraph_pages
        for mention in self.mentions:
            if mention.paragraph_id not in paragraph_pages:
                log.warning(f"Glossary backlink to '#{mention.paragraph_id}' has no target paragraph")

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Add the Content-Security-Policy and fix the template's invalid attributes."""
        return self._harden(output, config)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        """The same for theme pages such as 404.html."""
        return self._harden(output_content, config) if template_name.endswith(".html") else output_content

    # Last, after Material's offline plugin (-100): the zip must hold the search index it writes.
    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Drop unused assets, lighten the theme, write the PDFs, then zip the site for offline reading."""
        html_seconds = time.monotonic() - self.build_started
        site_dir = Path(config.site_dir)
        prune_site(site_dir)
        # The pages already name the rewritten theme files (on_post_page): they must exist, in serve too.
        self._lighten_theme(config)
        self._check_anchor_lock(config)
        if self.serving:
            self._write_outputs_in_background(config)
            return
        minify_assets(site_dir, self.config.minify)
        if self.config.pdf_enabled:
            self._write_pdfs(config, html_seconds)
        if self.config.epub_enabled:
            self._write_epub(config)
        if self.config.offline_zip:
            write_site_zip(
                site_dir, self.config.offline_zip, self.outputs.offline_zip_folder, leave_out=ONLINE_ONLY_FILES
            )
        self._write_offline_web(site_dir, config)
        if self.config.headers_file:
            write_headers(site_dir, self.config.headers_file, self.outputs.folders)

    def _write_offline_web(self, site_dir: Path, config: MkDocsConfig) -> None:
        """After the zip (read from file://, it has no worker): the worker lists every file the build wrote."""
        if self.offline_web_mode is Mode.KILL_SWITCH:
            write_kill_switch(site_dir)
            log.info("Offline web switched off: sw.js removes a reader's earlier worker and its caches")
        if self.offline_web_site is None:
            return
        try:
            edition = write_offline_web(
                site_dir, self.offline_web_site, leave_out=[self.config.headers_file], cache=self._derived_cache(config)
            )
        except OfflineWebError as exc:
            raise PluginError(str(exc)) from exc
        log.info(f"Offline web: edition {edition.name}, {len(edition.precache)} files stored at a reader's first visit")

    def _check_anchor_lock(self, config: MkDocsConfig) -> None:
        """Every published address still resolves in the site just built (mkdocs-redirects' pages written by
        now): the release build refuses to break one, not only the tests."""
        if not self.config.anchors_lock:
            return
        lock = Path(config.config_file_path).parent / self.config.anchors_lock
        if not lock.is_file():
            log.debug(f"No anchor lock at {lock}: published addresses are not checked")
            return
        try:
            addresses = read_lock(lock)
        except UndecodableFileError as exc:
            raise PluginError(str(exc)) from exc
        started = time.monotonic()
        sources = {page.file.url: page.file.src_uri for page in self.pages}
        warnings = lock_warnings(Path(config.site_dir), addresses, sources)
        for warning in warnings:
            log.warning(warning)
        resolved = len(addresses) - len(warnings)
        log.info(
            f"Anchor lock: {resolved} of {len(addresses)} published addresses resolve, checked in "
            f"{time.monotonic() - started:.2f} s"
        )

    def _lighten_theme(self, config: MkDocsConfig) -> None:
        """Put the rewritten theme files (the search index loaded when search opens) in place of Material's."""
        self._prepared_theme(config).install(Path(config.site_dir))

    def _prepared_theme(self, config: MkDocsConfig) -> ThemeAssets:
        """The rewritten theme files, once Material's and iframe-worker's versions are known to be checked ones."""
        if self.theme_assets is not None:
            return self.theme_assets
        if config.theme.name != "material":
            self.theme_assets = ThemeAssets()
            return self.theme_assets
        root = Path(config.config_file_path).parent
        shim = self.config.vendored.get(self.config.search_shim) if self.config.search_shim else None
        material_version = importlib.metadata.version("mkdocs-material")
        cache_dir = self._cache_dir(config)
        try:
            check_versions(material_version, npm_package_version(root / shim) if shim else None)
            clear_stale_cache(cache_dir, material_version)
            self.theme_assets = prepare_theme_assets(
                Path(str(importlib.resources.files("material"))) / "templates",
                cache_dir,
                material_version,
                defer_index=self.config.defer_search_index,
            )
        except ThemeInternalsError as exc:
            raise PluginError(f"Theme integration: {exc}") from exc
        return self.theme_assets

    @classmethod
    def _derived_cache(cls, config: MkDocsConfig) -> DerivedCache:
        """What is derived from the data files alone (the formatted bibliography, the validated glossary), kept
        between builds."""
        return DerivedCache(cls._cache_dir(config, "derived"))

    @staticmethod
    def _cache_dir(config: MkDocsConfig, *parts: str) -> Path:
        """This plugin's caches, under ``.cache/`` beside mkdocs.yml (created when asked for)."""
        folder = Path(config.config_file_path).parent.joinpath(".cache", "brief-explainer", *parts)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _harden(self, html: str, config: MkDocsConfig) -> str:
        """The page with its Content-Security-Policy and the theme's markup fixes (see hardening.py, theme.py)."""
        theme_assets = self._prepared_theme(config)
        try:
            return harden_page(html, self.shim_source, theme_assets)
        except ThemeInternalsError as exc:
            raise PluginError(f"Theme integration: {exc}") from exc

    def _pages_in_reading_order(self) -> list[Page]:
        order = {src_uri: index for index, src_uri in enumerate(self.nav_order)}
        # The briefing page is the reader's, filled in the browser: not part of the PDF or the EPUB.
        pages = [page for page in self.pages if page.file.src_uri != self.config.page_briefing]
        return sorted(pages, key=lambda page: order.get(page.file.src_uri, len(order)))

    def _write_outputs_in_background(self, config: MkDocsConfig) -> None:
        """``serve``: the PDFs and the zip come from a worker process; the edited page is served meanwhile."""
        if not (self.config.pdf_enabled or self.config.offline_zip or self.config.epub_enabled):
            self.background.skip()
            return
        self.background.start(
            OutputJob.of(
                self._pages_in_reading_order(),
                site_dir=config.site_dir,
                pdf_dir=self.config.pdf_dir if self.config.pdf_enabled else "",
                pdf_name=self.config.pdf_name,
                brief=self.brief,
                site_url=config.site_url or "",
                offline_zip=self.config.offline_zip,
                offline_zip_folder=self.outputs.offline_zip_folder,
                epub=self.outputs.epub if self.config.epub_enabled else "",
            )
        )
        log.info("The PDFs and the offline zip are being written in the background")

    def _write_pdfs(self, config: MkDocsConfig, html_seconds: float) -> None:
        from .pdf import PdfError, build_pdfs, report  # WeasyPrint is slow to import: only when needed

        started = time.monotonic()
        try:
            result = build_pdfs(
                self._pages_in_reading_order(),
                site_dir=Path(config.site_dir),
                pdf_dir=self.config.pdf_dir,
                pdf_name=self.config.pdf_name,
                brief=self.brief,
                site_url=config.site_url or "",
            )
        except PdfError as exc:
            raise PluginError(f"Error writing the PDF: {exc}") from exc
        report(result, log)
        seconds = time.monotonic() - started
        log.info(f"PDF: {len(result.written)} file(s) in {seconds:.2f} s (HTML build {html_seconds:.2f} s)")

    def _write_epub(self, config: MkDocsConfig) -> None:
        """The EPUB, from the same pages as the PDF; a problem is a warning (``--strict`` fails), no file written."""
        from .epub import EpubError, build_epub

        started = time.monotonic()
        try:
            written = build_epub(
                self._pages_in_reading_order(),
                site_dir=Path(config.site_dir),
                target=self.outputs.epub,
                brief=self.brief,
                site_url=config.site_url or "",
            )
        except EpubError as exc:
            log.warning(f"EPUB not written: {exc}")
            return
        seconds = time.monotonic() - started
        log.info(f"EPUB: {written.stat().st_size / 1024:.0f} KiB in {seconds:.2f} s")
