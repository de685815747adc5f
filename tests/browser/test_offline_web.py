"""The published site after one visit, with the network off; a new edition; the worker switched off (issue 23).

Release builds of a copy of the project (no PDFs or EPUB: the worker does not store them up front), served below
the host's root as a public site is, from 127.0.0.1, which browsers treat as secure. "Offline" is Playwright's
network emulation, which Chromium applies to the service worker's own fetches as well: an address the worker has
not stored fails as it would on a plane (the offline page), it does not reach the local server.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from brief_explainer.htmlwalk import OpenElement, rewrite_html
from brief_explainer.offline_web import SW_FILE

from ..conftest import PUBLIC_URL, QuietHandler, build_in_process, copy_project, edit
from ..test_offline_web import worker_build
from ..test_serve import Server, server  # noqa: F401 (the fixture)
from .conftest import ARTICLES, CHROMIUM, CHROMIUM_ARGS, VIEWPORT, PageErrors, serve_folder, wait_until
from .test_accessibility import axe_violations

# One worker runs the module under pytest-xdist (make test): its four builds and its server are made once.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("offline-web")]

NAV_PAGES = [*ARTICLES, "glossary.html", "timeline.html", "bibliography.html"]
"""Every page of the nav."""
MOUNT = urlsplit(PUBLIC_URL).path
"""Where the site is served, as on its public host: below the root."""
RELEASE_ENV = {"SITE_URL": PUBLIC_URL, "BRIEF_PDF": "false", "BRIEF_EPUB": "false"}
OLD_SENTENCE = "Reproduced word for word;"
NEW_SENTENCE = "Reproduced word for word (second edition);"
"""An editorial sentence of every page's attribution (overrides/main.html), changed for the second edition."""
WORKER_TIMEOUT = 20.0
"""A first visit stores the whole site (about 1 MB) before the worker takes over the page."""
NO_WORKERS = "navigator.serviceWorker.getRegistrations().then((found) => found.length === 0)"
NO_CACHES = "caches.keys().then((names) => names.length === 0)"
CONTROLLED = "navigator.serviceWorker.controller !== null"
NOTICE = ".offline-web-notice[role=status]"
"""The new-edition notice: a live region (the page has another, the reader tools')."""


@dataclass(frozen=True)
class Builds:
    """The release builds the tests serve in turn."""

    first: Path
    second: Path
    switched_off: Path
    without_address: Path


def _build(project: Path, site: Path, env: dict[str, str]) -> Path:
    result = build_in_process(project, site, env=env)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.log[-4000:]}"
    return site


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """Four builds of one copy of the project: a release, the same with a changed sentence, the changed one with
    the worker switched off, and one without a public address."""
    folder = tmp_path_factory.mktemp("offline-web")
    project = copy_project(folder / "project")
    first = _build(project, folder / "first", RELEASE_ENV)
    edit(project / "overrides" / "main.html", OLD_SENTENCE, NEW_SENTENCE)
    return Builds(
        first=first,
        second=_build(project, folder / "second", RELEASE_ENV),
        switched_off=_build(project, folder / "switched-off", {**RELEASE_ENV, "BRIEF_OFFLINE_WEB": "false"}),
        without_address=_build(project, folder / "without-address", {"BRIEF_PDF": "false", "BRIEF_EPUB": "false"}),
    )


class Host:
    """A static host whose published site can be replaced while readers have it open."""

    def __init__(self, root: Path) -> None:
        self.site = root / MOUNT.strip("/")

    def publish(self, build: Path) -> None:
        """Put a build in place of the published one (files the new build lacks disappear)."""
        shutil.rmtree(self.site, ignore_errors=True)
        shutil.copytree(build, self.site)


class ContentValidatingHandler(QuietHandler):
    """Answers a conditional request with the file as it is now, as a host that validates by content (an ETag)
    does. The builds here are made within a second of each other, and HTTP dates count whole seconds: Python's
    server, comparing dates, answered the worker's update check for a changed sw.js with 304 Not Modified."""

    def send_head(self) -> Any:
        del self.headers["If-Modified-Since"]
        return super().send_head()


@pytest.fixture
def host(tmp_path: Path) -> Iterator[tuple[Host, str]]:
    """A host serving below its root; yields it and the site's address (ending in /)."""
    with serve_folder(tmp_path, ContentValidatingHandler, prefix=MOUNT) as url:
        yield Host(tmp_path), url


@pytest.fixture
def reader(browser: Browser, page_errors: PageErrors) -> Iterator[BrowserContext]:
    """A reader's browser: service workers allowed (Playwright's default, said here because it is the point)."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="allow", color_scheme="light")
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


def first_visit(context: BrowserContext, url: str, page_errors: PageErrors) -> Page:
    """Open the site once and wait until the worker has stored it and controls the page."""
    page = context.new_page()
    page_errors.watch(page)
    page.goto(url + "index.html")
    wait_until(page, CONTROLLED, timeout=WORKER_TIMEOUT)
    return page


def heading_of(build: Path, name: str) -> str:
    """The first words of a built page's first h1 (what the reader must see)."""
    headings: list[OpenElement] = []
    texts: list[str] = []

    def on_text(text: str, stack: list[OpenElement]) -> None:
        heading = next((element for element in stack if element.tag == "h1"), None)
        if heading is not None and (not headings or headings[0] is heading):
            headings[:1] = [heading]
            texts.append(text)

    rewrite_html((build / name).read_text(encoding="utf-8"), on_text=on_text)
    return " ".join(" ".join(texts).split()[:6])


def edition_of(build: Path) -> str:
    """The edition the build's worker names its caches after."""
    return str(worker_build(build)["edition"])


def test_after_one_visit_every_page_search_and_popovers_work_offline(
    builds: Builds, host: tuple[Host, str], reader: BrowserContext, page_errors: PageErrors
) -> None:
    site, url = host
    site.publish(builds.first)
    page = first_visit(reader, url, page_errors)
    reader.set_offline(True)

    for name in NAV_PAGES:
        response = page.goto(url + name)
        assert response is not None and response.ok and response.from_service_worker, name
        expect(page.locator("h1").first).to_contain_text(heading_of(builds.first, name))
        expect(page.locator("article")).to_contain_text(OLD_SENTENCE)

    # Search: Material's bundle fetches the index (stored) and hands it to its worker (stored too).
    page.goto(url + "index.html")
    page.locator(".md-search__input").fill("Helsinki")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=10_000)
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching documents?"))
    assert results.count() > 0
    page.keyboard.press("Escape")

    # A glossary popover, with its summary.
    page.goto(url + "meaning.html")
    link = page.locator("a.gloss-link").first
    link.scroll_into_view_if_needed()
    link.hover()
    popover = page.locator(".gloss-popover")
    expect(popover).to_be_visible()
    expect(popover.locator(".gloss-pop__summary")).not_to_be_empty()

    # An address never stored: the offline page, not the browser's error, and it works at any depth.
    for missing in ("not-stored.html", "deep/er/not-stored.html"):
        response = page.goto(url + missing)
        assert response is not None and response.from_service_worker
        expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
        page.get_by_role("link", name="overview", exact=True).click()
        expect(page).to_have_url(url + "index.html")
        expect(page.locator("h1").first).to_contain_text(heading_of(builds.first, "index.html"))
    assert not page_errors.uncaught, page_errors.uncaught


def test_a_download_is_stored_when_first_opened(
    builds: Builds, host: tuple[Host, str], reader: BrowserContext, page_errors: PageErrors
) -> None:
    site, url = host
    site.publish(builds.first)
    page = first_visit(reader, url, page_errors)
    zip_path = next(path for path in builds.first.rglob("*.zip")).relative_to(builds.first).as_posix()
    fetch_zip = (
        f"fetch({json.dumps(zip_path)}).then((r) => r.ok ? r.arrayBuffer() : null).then((b) => b && b.byteLength)"
    )
    # Not at the first visit: only once opened.
    assert not page.evaluate(
        f"caches.open({json.dumps(_downloads_cache(url, builds.first))}).then((c) => c.keys()).then((k) => k.length)"
    )
    size = (builds.first / zip_path).stat().st_size
    assert page.evaluate(fetch_zip) == size
    reader.set_offline(True)
    assert page.evaluate(fetch_zip) == size


def _downloads_cache(url: str, build: Path) -> str:
    return f"brief-explainer {url} {edition_of(build)} downloads"


def test_a_new_edition_is_offered_then_used_whole(
    builds: Builds, host: tuple[Host, str], reader: BrowserContext, page_errors: PageErrors
) -> None:
    site, url = host
    site.publish(builds.first)
    page = first_visit(reader, url, page_errors)
    site.publish(builds.second)

    # The open page learns of it (as when the reader comes back to the tab) and says so.
    page.evaluate("navigator.serviceWorker.getRegistration().then((registration) => registration.update())")
    notice = page.locator(NOTICE)
    expect(notice).to_contain_text("A new edition is available", timeout=WORKER_TIMEOUT * 1000)
    reload = notice.get_by_role("button", name="Reload")
    expect(reload).to_be_visible()

    # Until the reader accepts it, every page comes from the old edition (the server has only the new one).
    for name in ("meaning.html", "glossary.html"):
        page.goto(url + name)
        expect(page.locator("article")).to_contain_text(OLD_SENTENCE)
        expect(page.locator(NOTICE)).to_contain_text("A new edition is available")

    with page.expect_navigation():
        page.locator(NOTICE).get_by_role("button", name="Reload").click()
    expect(page.locator("article")).to_contain_text(NEW_SENTENCE)
    expect(page.locator(NOTICE)).to_be_empty()

    # The new edition is stored whole: every page has the new sentence, offline too, and none the old.
    reader.set_offline(True)
    for name in NAV_PAGES:
        response = page.goto(url + name)
        assert response is not None and response.from_service_worker, name
        expect(page.locator("article")).to_contain_text(NEW_SENTENCE)
        expect(page.locator("article")).not_to_contain_text(OLD_SENTENCE)
    # The old edition's caches are gone.
    names = page.evaluate("caches.keys()")
    assert names == [f"brief-explainer {url} {edition_of(builds.second)}"]
    assert edition_of(builds.first) != edition_of(builds.second)
    assert not page_errors.uncaught, page_errors.uncaught


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_new_edition_notice_is_accessible(
    builds: Builds, host: tuple[Host, str], browser: Browser, axe_source: str, page_errors: PageErrors, scheme: str
) -> None:
    site, url = host
    site.publish(builds.first)
    # The site's Content-Security-Policy would block the injected axe script: bypassed for this check only.
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme, bypass_csp=True)
    try:
        page = first_visit(context, url, page_errors)
        site.publish(builds.second)
        page.reload()
        notice = page.locator(NOTICE)
        expect(notice).to_contain_text("A new edition is available", timeout=WORKER_TIMEOUT * 1000)
        expect(notice).to_be_in_viewport()
        button = notice.get_by_role("button", name="Reload")
        button.focus()
        expect(button).to_be_focused()
        assert axe_violations(page, axe_source, palette=scheme) == []
    finally:
        context.close()


def test_a_build_with_the_worker_switched_off_removes_it(
    builds: Builds, host: tuple[Host, str], reader: BrowserContext, page_errors: PageErrors
) -> None:
    site, url = host
    site.publish(builds.first)
    page = first_visit(reader, url, page_errors)
    assert page.evaluate("caches.keys().then((names) => names.length)") == 1
    site.publish(builds.switched_off)

    # The reader comes back: the stored page registers as before, the browser finds the switched-off worker, which
    # deletes the caches and itself; the page reloads from the network.
    page.reload()
    wait_until(page, NO_WORKERS, timeout=WORKER_TIMEOUT, through_reloads=True)
    wait_until(page, NO_CACHES, timeout=WORKER_TIMEOUT, through_reloads=True)
    response = page.reload()
    assert response is not None and not response.from_service_worker
    expect(page.locator("article")).to_contain_text(NEW_SENTENCE)
    assert page.evaluate(NO_WORKERS)
    assert page.evaluate(NO_CACHES)
    expect(page.locator("script[src*='offline-web']")).to_have_count(0)


def test_no_worker_without_a_public_address_nor_from_file(
    builds: Builds, host: tuple[Host, str], reader: BrowserContext, page_errors: PageErrors
) -> None:
    site, url = host
    site.publish(builds.without_address)
    page = reader.new_page()
    page_errors.watch(page)
    page.goto(url + "index.html")
    expect(page.locator("script[src*='offline-web'], link[rel=manifest]")).to_have_count(0)
    page.wait_for_timeout(1000)
    assert page.evaluate(NO_WORKERS)

    # A release build's page opened from disk: its script gives up (file:// cannot have a worker), quietly.
    page.goto((builds.first / "index.html").as_uri())
    expect(page.locator("script[src*='offline-web']")).to_have_count(1)
    page.wait_for_timeout(1000)
    assert (
        page.evaluate(
            "'serviceWorker' in navigator ? navigator.serviceWorker.getRegistrations()"
            ".then((found) => found.length, () => 0) : 0"
        )
        == 0
    )
    assert not page_errors.uncaught, page_errors.uncaught


@pytest.mark.parametrize(
    "server", [{**RELEASE_ENV, "SITE_URL": "https://example.org/"}], indirect=True, ids=["with-site-url"]
)
def test_no_worker_in_serve_even_with_a_public_address(
    server: Server,  # noqa: F811
    reader: BrowserContext,
) -> None:
    page = reader.new_page()
    page.goto(server.url + "index.html")
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("script[src*='offline-web'], link[rel=manifest]")).to_have_count(0)
    assert server.get(SW_FILE)[0] == 404
    page.wait_for_timeout(1000)
    assert page.evaluate(NO_WORKERS)


def test_installable_in_chromiums_own_check(
    builds: Builds, host: tuple[Host, str], playwright_driver: Playwright, tmp_path: Path, page_errors: PageErrors
) -> None:
    site, url = host
    site.publish(builds.first)
    # A profile on disk: Chromium never offers to install from an incognito context (Playwright's new_context).
    context = playwright_driver.chromium.launch_persistent_context(
        tmp_path / "profile", executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, viewport=VIEWPORT
    )
    try:
        page = first_visit(context, url, page_errors)
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == url + "manifest.webmanifest"
        assert manifest["errors"] == []
        assert json.loads(manifest["data"])["icons"][0]["src"].endswith(".png")
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()
