"""Site-wide browser checks: axe on every page, palette and viewport; a keyboard-only path through navigation
and search; and the site read from disk with every non-file request blocked."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from .conftest import settled, switch_palette
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

PAGES = [
    "index.html",
    "meaning.html",
    "russia-position.html",
    "russian-arguments.html",
    "common-interpretation.html",
    "glossary.html",
    "timeline.html",
    "bibliography.html",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_on_every_page(browser: Browser, site_url: str, axe_source: str, viewport: str) -> None:
    # bypass_csp only so that axe itself can be injected; the pages are otherwise as served. Each page is checked in
    # the palette it opens in, then in the other, switched by Material's toggle (the next page opens in that one).
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        base_url=site_url,
        color_scheme="light",
        bypass_csp=True,
        is_mobile=viewport == "phone",
        has_touch=viewport == "phone",
    )
    report = {}
    schemes = ["light", "dark"]
    try:
        page = context.new_page()
        for name in PAGES:
            page.goto(name)
            for scheme in schemes:
                switch_palette(page, scheme)
                # The toggle's tooltip goes once the pointer leaves; half faded, it would fail the contrast rule.
                page.mouse.move(0, 0)
                settled(page)
                found = axe_violations(page, axe_source, palette=scheme)
                if found:
                    report[f"{name}, {scheme}"] = found
            schemes.reverse()
    finally:
        context.close()
    assert not report, json.dumps(report, indent=1, ensure_ascii=False)


def focused(page: Page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement; return (e.getAttribute('aria-label') || e.textContent || '')"
        ".trim().replace(/\\s+/g, ' '); }"
    )


def tab_to(page: Page, wanted: str, limit: int = 80) -> None:
    """Press Tab until the focused element's name starts with ``wanted`` (bounded)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page).startswith(wanted):
            outline = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"
            )
            assert outline, f"focus on {wanted!r} is not visible"
            return
    raise AssertionError(f"Tab never reached {wanted!r}; last focus: {focused(page)!r}")


def test_keyboard_path_through_navigation_and_search(page: Page) -> None:
    page.goto("index.html")
    # Navigation: reach the second article in the sidebar and open it with Enter.
    tab_to(page, "What is Russia's position?")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/russia-position\.html$"))
    # Search: Tab to the field; type, move to a result, open it.
    tab_to(page, "Search")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("Medvedev")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=10_000)
    # Material renders the results as the index answers; an ArrowDown pressed while they are being replaced moves
    # nothing, so it is pressed again (a loaded machine needs that), until focus is on a result.
    chosen = None
    for _ in range(10):
        page.keyboard.press("ArrowDown")
        chosen = page.evaluate("document.activeElement.closest('.md-search-result__item a')?.href ?? null")
        if chosen:
            break
        page.wait_for_timeout(300)
    assert chosen, "ArrowDown did not move focus to a result"
    page.keyboard.press("Enter")
    expect(page).to_have_url(chosen)
    expect(page.locator("article")).to_contain_text("Medvedev")
    # Copy-link control and a glossary popover, still by keyboard.
    page.goto("russia-position.html")
    tab_to(page, "Copy link to ¶3")
    tab_to(page, "principle of indivisibility of security")
    expect(page.locator(".gloss-popover")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".gloss-popover")).to_be_hidden()


@pytest.fixture
def offline_context(browser: Browser) -> Iterator[tuple[BrowserContext, list[str]]]:
    """A context in which every request that is not file:// is blocked and recorded."""
    attempted: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def block(route: Route) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", block)
    try:
        yield context, attempted
    finally:
        context.close()


def test_site_from_disk_with_the_network_cut(
    offline_context: tuple[BrowserContext, list[str]], built_site: Path
) -> None:
    context, attempted = offline_context
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    base = built_site.as_uri()

    # Search finds "Medvedev" (the offline index and the worker shim, from disk).
    page.goto(f"{base}/index.html")
    page.locator(".md-search__input").click()
    page.keyboard.type("Medvedev")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    expect(page.locator(".md-search-result__meta")).to_contain_text("matching document")

    # A glossary popover opens.
    page.goto(f"{base}/russia-position.html")
    page.locator("a.gloss-link[data-gloss='european-security-treaty-2009']").first.hover()
    expect(page.locator(".gloss-popover")).to_be_visible()
    expect(page.locator(".gloss-popover")).to_contain_text("2009")

    # A deep link lands on its sentence, highlighted.
    page.goto(f"{base}/russia-position.html#p-3.2")
    sentence = page.locator("[id='p-3.2']")
    expect(sentence).to_have_class(re.compile(r"\bis-target\b"))
    expect(sentence).to_be_in_viewport()

    # Footnote tooltips and navigation work too; nothing tried another host.
    page.locator("a.footnote-ref").first.hover()
    tooltip = page.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_css("position", "absolute")
    assert (tooltip.locator(".md-tooltip2__inner").bounding_box() or {"width": 0})["width"] <= 420
    page.goto(f"{base}/glossary.html#osce")
    expect(page.locator("[id='osce']")).to_be_in_viewport()
    assert attempted == []
    assert errors == []
