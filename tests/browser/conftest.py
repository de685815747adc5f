"""Browser fixtures: the built site over a local HTTP server, and Debian's Chromium driven by Playwright.

One browser for the whole session; a fresh context (and so fresh storage, permissions and palette) per test.
Playwright cannot download browsers here: Chromium is always the system one, its headless shell
(/usr/bin/chromium-headless-shell) for the tests, the whole browser (/usr/bin/chromium) where only it can tell.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from ..conftest import serve_folder

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium: the browser readers run, for the checks only the whole browser makes (installability)."""
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
"""Debian's build of the same Chromium as a headless shell (Blink without the browser's own layers), which
Playwright drives for headless runs wherever it can download it: a new context and page cost a quarter of the
CPU they cost in the whole browser. Every other browser test runs on it."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORT = {"width": 1280, "height": 900}
ARTICLES = [
    "index.html",
    "meaning.html",
    "russia-position.html",
    "russian-arguments.html",
    "common-interpretation.html",
]
"""The pages that hold the brief, in reading order."""


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL (ending in /) of the built site, served on 127.0.0.1 on a free port."""
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """The Playwright driver, started once."""
    for binary, package in ((CHROMIUM, "chromium"), (HEADLESS_SHELL, "chromium-headless-shell")):
        if shutil.which(str(binary)) is None:
            pytest.skip(f"Debian's {package} ({binary}) is not installed: run `make system-deps`")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Chromium's headless shell, shared by every browser test."""
    instance = playwright_driver.chromium.launch(executable_path=str(HEADLESS_SHELL), headless=True, args=CHROMIUM_ARGS)
    try:
        yield instance
    finally:
        instance.close()


@dataclass
class PageErrors:
    """Console errors and uncaught exceptions seen by a page."""

    console: list[str] = field(default_factory=list)
    uncaught: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.console.append(f"{message.text} (at {message.location.get('url', '?')})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.uncaught.append(str(error)))


def wait_until(page: Page, expression: str, timeout: float = 5.0, *, through_reloads: bool = False) -> None:
    """Poll a script expression until it is truthy, as `page.wait_for_function` would, but under the site's CSP.

    Playwright checks a `wait_for_function` predicate once through the DevTools protocol, and if that is false it
    re-evaluates the string inside the page, which the site's Content-Security-Policy (no 'unsafe-eval') refuses: a
    wait that was not already over fails with an EvalError, so only a slow machine sees it. `page.evaluate` always
    goes through the protocol. With ``through_reloads``, an evaluation cut short by the page reloading itself (a new
    service worker took over) counts as false, not as an error.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression):
                return
        except Error:
            if not through_reloads:
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


def settled(page: Page) -> None:
    """Wait until every animation and transition has ended (tooltips fade and slide in, or out)."""
    page.evaluate("() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))")


SCHEMES = {"light": "default", "dark": "slate"}
"""The reader's palettes, by the name of Material's scheme each sets on the body."""


def switch_palette(page: Page, to: str) -> None:
    """Switch the page to the ``light`` or ``dark`` palette with Material's own toggle, as a reader does (the choice
    is kept for the pages opened next in the same context), unless it shows that palette already."""
    body = page.locator("body")
    if body.get_attribute("data-md-color-scheme") != SCHEMES[to]:
        page.locator(f"form[data-md-component=palette] label[title='Switch to {to} mode']").click()
    expect(body).to_have_attribute("data-md-color-scheme", SCHEMES[to])


@pytest.fixture
def context(browser: Browser, site_url: str) -> Iterator[BrowserContext]:
    """A fresh desktop context that may read and write the clipboard on the local site."""
    ctx = browser.new_context(viewport=VIEWPORT, base_url=site_url, color_scheme="light")
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    ctx.set_default_timeout(5000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page_errors() -> PageErrors:
    """What went wrong in the page's scripts; the page fixture fails the test on uncaught exceptions."""
    return PageErrors()


@pytest.fixture
def page(context: BrowserContext, page_errors: PageErrors) -> Iterator[Page]:
    """A page of the desktop context; any uncaught script exception fails the test."""
    tab = context.new_page()
    page_errors.watch(tab)
    yield tab
    assert not page_errors.uncaught, f"uncaught exceptions in the page: {page_errors.uncaught}"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core, installed by npm (package.json devDependencies)."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run `npm ci` (or `make build`)")
    return AXE.read_text(encoding="utf-8")
