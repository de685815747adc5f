"""What a reader sees and gets from explainer.js: deep links, copy buttons, passage links, glossary popovers.

Every test drives the built site in Chromium and checks the visible result (highlight, text on screen, what landed
in the clipboard, where focus is), not merely that no error occurred.
"""

from __future__ import annotations

import datetime
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

if TYPE_CHECKING:
    from conftest import PageErrors

pytestmark = pytest.mark.browser

PAGE = "russia-position.html"
CITATION = 'Łukasz Kulesa, "Contested Interpretations of the Indivisibility of Security", PISM Spotlight, February 2022'
SENTINEL = "(clipboard not written yet)"
IS_TARGET = re.compile(r"(^|\s)is-target(\s|$)")


# ------------------------------------------------------------------------------------------------- helpers --


def by_id(page: Page, element_id: str) -> Locator:
    """An element by id, even when the id has a dot in it (sentence ids like p-3.2)."""
    return page.locator(f'[id="{element_id}"]')


def reset_clipboard(page: Page) -> None:
    page.evaluate("text => navigator.clipboard.writeText(text)", SENTINEL)


def clipboard_after(page: Page, timeout: float = 3.0) -> str:
    """The clipboard once something other than the sentinel has been written to it."""
    deadline = time.monotonic() + timeout
    text = SENTINEL
    while time.monotonic() < deadline:
        text = page.evaluate("navigator.clipboard.readText()")
        if text != SENTINEL:
            return text
        page.wait_for_timeout(50)
    raise AssertionError("nothing was copied to the clipboard")


def in_view_below_header(page: Page, locator: Locator) -> None:
    """The element is on screen and not hidden under Material's fixed header."""
    expect(locator).to_be_in_viewport()
    box = locator.bounding_box()
    assert box is not None
    header = page.locator(".md-header").bounding_box()
    assert header is not None
    assert box["y"] >= header["y"] + header["height"] - 1, f"target at y={box['y']} is under the header"
    assert box["y"] < page.viewport_size["height"]


def select_text(page: Page, start_id: str, start_offset: int, end_id: str, end_offset: int | None) -> None:
    """Select from a character of one sentence's first text node to one in another's last text node."""
    page.evaluate(
        """([startId, startOffset, endId, endOffset]) => {
            const texts = el => {
                const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                const found = [];
                while (walker.nextNode()) { if (walker.currentNode.data.trim()) found.push(walker.currentNode); }
                return found;
            };
            const start = texts(document.getElementById(startId))[0];
            const endNodes = texts(document.getElementById(endId));
            const end = endNodes[endNodes.length - 1];
            const range = document.createRange();
            range.setStart(start, Math.min(startOffset, start.length));
            range.setEnd(end, endOffset === null ? end.length : Math.min(endOffset, end.length));
            const selection = getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        [start_id, start_offset, end_id, end_offset],
    )


def tab_until(page: Page, accessible_name: str, limit: int = 120) -> None:
    """Press Tab until the focused element has this aria-label or text; fail after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate(
            "() => { const a = document.activeElement;"
            " return a ? (a.getAttribute('aria-label') || a.textContent || '').trim() : ''; }"
        )
        if name == accessible_name:
            return
    raise AssertionError(f"Tab never reached {accessible_name!r} in {limit} presses")


def focus_ring_visible(locator: Locator) -> bool:
    style = locator.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"
    )
    return (style["outline"] != "none" and style["width"] > 0) or style["shadow"] not in ("", "none")


# ----------------------------------------------------------------------------------------- deep links --


def test_paragraph_link_scrolls_and_highlights(browser: Browser, site_url: str) -> None:
    # A phone-sized window, so that the targets start below the fold and really have to be scrolled to.
    context = browser.new_context(viewport={"width": 375, "height": 560}, base_url=site_url)
    try:
        page = context.new_page()
        page.goto(f"{PAGE}#p-3")
        paragraph = by_id(page, "p-3")
        expect(paragraph).to_have_class(IS_TARGET)
        in_view_below_header(page, paragraph)

        page.goto(f"{PAGE}#p-3.4")
        sentence = by_id(page, "p-3.4")
        expect(sentence).to_have_class(IS_TARGET)
        in_view_below_header(page, sentence)
        assert page.locator(".is-target").count() == 1
        # The highlight is visible: a background other than transparent.
        background = sentence.evaluate("el => getComputedStyle(el).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    finally:
        context.close()


def test_range_link_highlights_every_sentence(page: Page) -> None:
    page.goto(f"{PAGE}#p-3.1~p-3.3")
    for sentence_id in ("p-3.1", "p-3.2", "p-3.3"):
        expect(by_id(page, sentence_id)).to_have_class(IS_TARGET)
    expect(by_id(page, "p-3.4")).not_to_have_class(IS_TARGET)
    in_view_below_header(page, by_id(page, "p-3.1"))

    # Changing the fragment in place moves the highlight (hashchange).
    page.evaluate("location.hash = '#russia-position'")
    expect(page.locator("#russia-position")).to_have_class(IS_TARGET)
    expect(by_id(page, "p-3.2")).not_to_have_class(IS_TARGET)


def test_heading_link_lands_below_header(page: Page) -> None:
    # Paused, not only installed: an installed clock still runs in real time, and a slow machine would see the
    # highlight fade before its strong colour is read. Paused an hour on: pausing at the install time itself fails
    # ("Cannot fast-forward to the past") once the running clock has ticked past it, which a loaded machine allows.
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    page.clock.install(time=start)
    page.clock.pause_at(start + datetime.timedelta(hours=1))
    page.goto("glossary.html#osce")
    heading = page.locator("h3#osce")
    expect(heading).to_have_class(IS_TARGET)
    expect(heading).not_to_have_class(re.compile(r"is-target--settled"))
    in_view_below_header(page, heading)
    strong = heading.evaluate("el => getComputedStyle(el).backgroundColor")
    # The highlight fades after a few seconds, but leaves a mark.
    page.clock.run_for(6000)
    expect(heading).to_have_class(re.compile(r"is-target--settled"))
    expect(heading).to_have_class(IS_TARGET)
    faint = heading.evaluate(
        "el => { el.getAnimations().forEach(a => a.finish()); return getComputedStyle(el).backgroundColor; }"
    )
    assert faint not in ("rgba(0, 0, 0, 0)", "transparent", strong)


# ---------------------------------------------------------------------------------------- copy buttons --


def test_copy_link_and_citation_buttons(page: Page, site_url: str) -> None:
    page.goto(PAGE)
    reset_clipboard(page)
    page.locator("#p-3").hover()
    copy_link = page.get_by_role("button", name="Copy link to ¶3")
    expect(page.locator("#p-3 .anchor-tools")).to_have_css("opacity", "1")  # the toolbar shows on hover
    copy_link.click()
    # The confirmation first: it goes after 2.5 s, which a slow clipboard read could outlast.
    expect(page.locator("#p-3 .anchor-tools__note")).to_have_text("Link copied")
    expect(page.locator("#p-3 .anchor-tools__note")).to_be_visible()
    assert clipboard_after(page) == f"{site_url}{PAGE}#p-3"

    reset_clipboard(page)
    page.get_by_role("button", name="Copy citation for ¶3").click()
    expect(page.locator("#p-3 .anchor-tools__note")).to_have_text("Citation copied")
    citation = clipboard_after(page)
    assert citation == f"{CITATION}, ¶3, {site_url}{PAGE}#p-3"
    assert "Kulesa" in citation and "¶3" in citation

    reset_clipboard(page)
    page.locator("#russia-position").hover()
    page.get_by_role("button", name="Copy citation for section “What is Russia's position?”").click()
    assert clipboard_after(page) == f'{CITATION}, "What is Russia\'s position?", {site_url}{PAGE}#russia-position'


def test_keyboard_only_copy_link(page: Page, site_url: str) -> None:
    page.goto(PAGE)
    reset_clipboard(page)
    tab_until(page, "Copy link to ¶3")
    button = page.get_by_role("button", name="Copy link to ¶3")
    expect(button).to_be_focused()
    expect(page.locator("#p-3 .anchor-tools")).to_have_css("opacity", "1")  # shown on focus-within
    assert focus_ring_visible(button), "no visible focus indicator on the copy button"
    page.keyboard.press("Enter")
    expect(page.locator("#p-3 .anchor-tools__note")).to_be_visible()
    expect(page.locator(".explainer-status")).to_have_text("Link to ¶3 copied to the clipboard.")
    assert clipboard_after(page) == f"{site_url}{PAGE}#p-3"
    expect(button).to_be_focused()


def test_copy_falls_back_when_async_clipboard_is_missing(page: Page, site_url: str) -> None:
    # As on file:// in some browsers: no navigator.clipboard. The textarea + execCommand('copy') fallback copies.
    page.add_init_script(
        """(() => { window.__realClipboard = navigator.clipboard;
        Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined, configurable: true}); })()"""
    )
    page.goto(PAGE)
    assert page.evaluate("navigator.clipboard === undefined")
    page.evaluate("text => window.__realClipboard.writeText(text)", SENTINEL)
    page.locator("#p-3").hover()
    page.get_by_role("button", name="Copy link to ¶3").click()
    expect(page.locator("#p-3 .anchor-tools__note")).to_have_text("Link copied")
    assert page.evaluate("window.__realClipboard.readText()") == f"{site_url}{PAGE}#p-3"
    # The fallback leaves no trace: no textarea, focus back on the button.
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.get_by_role("button", name="Copy link to ¶3")).to_be_focused()


# -------------------------------------------------------------------------------------- passage links --


def test_passage_link_for_one_sentence_and_a_range(page: Page, site_url: str) -> None:
    page.goto(PAGE)
    reset_clipboard(page)
    select_text(page, "p-3.2", 0, "p-3.2", None)
    passage = page.get_by_role("button", name="Copy link to this passage")
    expect(passage).to_be_visible()
    expect(passage).to_be_in_viewport()
    passage.click()
    # The button's own label confirms (its accessible name changes with it, hence the class locator), for 2.5 s.
    expect(page.locator(".passage-link")).to_have_text("Link copied")
    expect(page.locator(".explainer-status")).to_contain_text("copied")
    link = clipboard_after(page)
    # The sentence's id, then the standard text fragment for the exact words (tested in test_reader_polish.py).
    assert link.startswith(f"{site_url}{PAGE}#p-3.2:~:text=")

    page.goto(link)
    expect(by_id(page, "p-3.2")).to_have_class(IS_TARGET)
    expect(by_id(page, "p-3.1")).not_to_have_class(IS_TARGET)

    # The previous selection survives the same-document navigation: clear it, so that the button checked below is
    # the new selection's, not the old one about to move.
    page.evaluate("getSelection().removeAllRanges()")
    expect(page.locator(".passage-link")).to_be_hidden()
    reset_clipboard(page)
    select_text(page, "p-3.1", 10, "p-3.2", 8)
    passage = page.locator(".passage-link")
    expect(passage).to_be_visible()
    passage.click()
    link = clipboard_after(page)
    assert f"{PAGE}#p-3.1~p-3.2:~:text=" in link
    page.goto(link)
    expect(by_id(page, "p-3.1")).to_have_class(IS_TARGET)
    expect(by_id(page, "p-3.2")).to_have_class(IS_TARGET)
    expect(by_id(page, "p-3.3")).not_to_have_class(IS_TARGET)


def test_passage_link_by_keyboard(page: Page, site_url: str) -> None:
    page.goto(PAGE)
    # Selecting announces the shortcut; Tab is left alone (it does not jump to the passage button).
    reset_clipboard(page)
    page.locator("#p-3 .para-num").focus()
    select_text(page, "p-3.3", 0, "p-3.4", 12)
    expect(page.get_by_role("button", name="Copy link to this passage")).to_be_visible()
    expect(page.locator(".explainer-status")).to_have_text(
        "Text selected. Press Alt+Shift+L to copy a link to this passage, Alt+Shift+Q to copy it as a quote or "
        "Alt+Shift+B to add it to the briefing."
    )
    # The label (so the accessible name) turns to "Link copied" for a moment after copying: find it by class.
    passage = page.locator(".passage-link")
    # Tab goes on in reading order: from the ¶ number to the paragraph's first link (its tools come after its words).
    first_link = page.locator("#p-3 .brief-sentence a").first
    page.keyboard.press("Tab")
    expect(passage).not_to_be_focused()
    expect(first_link).to_be_focused()

    # Alt+Shift+L copies the link to the selection directly (documented in the button's title).
    assert "Alt+Shift+L" in (passage.get_attribute("title") or "")
    page.keyboard.press("Alt+Shift+L")
    assert clipboard_after(page).startswith(f"{site_url}{PAGE}#p-3.3~p-3.4:~:text=")
    expect(page.locator(".explainer-status")).to_have_text("Link to these sentences copied to the clipboard.")
    reset_clipboard(page)
    select_text(page, "p-3.4", 0, "p-3.4", None)
    page.keyboard.press("Alt+Shift+L")
    assert clipboard_after(page).startswith(f"{site_url}{PAGE}#p-3.4:~:text=")
    expect(page.locator(".explainer-status")).to_have_text("Link to this sentence copied to the clipboard.")
    # The button is still there for the mouse, with a visible focus ring when focused.
    passage.focus()
    assert focus_ring_visible(passage)

    # Escape dismisses the button; a collapsed selection hides it.
    page.keyboard.press("Escape")
    expect(passage).to_be_hidden()


def test_escape_keeps_the_passage_button_closed_until_the_selection_changes(page: Page) -> None:
    page.goto(PAGE)
    select_text(page, "p-3.3", 0, "p-3.4", 12)
    passage = page.locator(".passage-link")
    expect(passage).to_be_visible()
    # A check of the selection still pending when Escape is pressed (selectionchange is debounced) must not
    # bring the button back.
    page.evaluate("() => document.dispatchEvent(new Event('selectionchange'))")
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    expect(passage).to_be_hidden()
    # Another selection does.
    select_text(page, "p-3.4", 0, "p-3.4", None)
    expect(passage).to_be_visible()


# ---------------------------------------------------------------------------------- glossary popovers --


def test_glossary_popover_hover_escape_and_keyboard(page: Page) -> None:
    page.goto(PAGE)
    link = page.locator("#p-3.brief-para a.gloss-link").first
    entry = link.get_attribute("data-gloss")
    summary = page.locator(f"#gloss-pop-{entry} .gloss-pop__summary").text_content()
    assert summary
    # No title: no native tooltip, and none from Material's content.tooltips either. A screen reader hears the
    # one-sentence summary as the link's description, nothing more.
    assert link.get_attribute("title") is None
    expect(link).to_have_accessible_description(summary)
    popover = page.locator(".gloss-popover")

    # Hover: shown, with the entry's summary; the pointer can move onto it and it stays (WCAG 1.4.13).
    link.hover()
    expect(popover).to_be_visible()
    expect(popover.locator(".gloss-pop__summary")).to_have_text(summary)
    # The page's own popover, outside the article's text (not a copy inserted next to the link).
    assert popover.get_attribute("id") == f"gloss-pop-{entry}"
    assert popover.evaluate("el => el.closest('article') === null && el.matches(':popover-open')")
    expect(page.locator(".md-tooltip, .md-tooltip2")).to_have_count(0)
    popover.locator(".gloss-pop__summary").hover()
    page.wait_for_timeout(600)
    expect(popover).to_be_visible()

    # Escape dismisses it without moving the pointer, and it does not come back while the pointer stays.
    link.hover()
    page.keyboard.press("Escape")
    expect(popover).to_have_count(0)
    page.wait_for_timeout(400)
    expect(popover).to_have_count(0)

    # Pointer away, then keyboard: focus on the term shows it; Escape hides it and keeps focus on the term.
    page.mouse.move(5, 890)
    link.focus()
    expect(link).to_be_focused()
    expect(popover).to_be_visible()
    page.keyboard.press("Escape")
    expect(popover).to_have_count(0)
    expect(link).to_be_focused()

    # The popover is a preview, out of the tab order: Tab goes on through the text (one stop per link, issue 24),
    # and only the focused term's popover is ever open.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    expect(popover).to_be_visible()
    page.keyboard.press("Tab")
    expect(link).not_to_be_focused()
    assert page.evaluate("() => !document.activeElement.closest('.gloss-pop')")
    expect(popover.locator(".gloss-pop__summary").filter(has_text=summary)).to_have_count(0)
    assert page.evaluate(
        "() => [...document.querySelectorAll('.gloss-popover')]"
        ".every(pop => pop.id === 'gloss-pop-' + document.activeElement.getAttribute('data-gloss'))"
    )


def test_glossary_popover_from_file_url(browser: Browser, built_site: Path, page_errors: PageErrors) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    errors = page_errors
    try:
        page = context.new_page()
        errors.watch(page)
        page.goto(built_site.as_uri() + "/meaning.html")
        link = page.locator("a.gloss-link").first
        link.hover()
        popover = page.locator(".gloss-popover")
        expect(popover).to_be_visible()
        expect(popover.locator(".gloss-pop__summary")).not_to_be_empty()
        expect(popover.get_by_role("link", name="Glossary entry")).to_be_visible()
        page.mouse.move(5, 890)
        expect(popover).to_have_count(0)
    finally:
        context.close()
    # No errors from file:// either (the Content-Security-Policy also allows the offline search's worker shim).
    assert not errors.uncaught, errors.uncaught
    assert not errors.console, errors.console


def test_touch_screen_at_375px(browser: Browser, site_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 700}, base_url=site_url, has_touch=True, is_mobile=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    try:
        page = context.new_page()
        page.goto(PAGE)
        # No sideways scrolling; the tools take no room: the ¶ number opens them as a menu.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        tools = page.locator("#p-3 > .anchor-tools")
        expect(tools).to_have_css("opacity", "0")
        number = page.locator("#p-3 .para-num")
        number.tap()
        expect(tools).to_have_css("opacity", "1")
        expect(number).to_have_attribute("aria-expanded", "true")
        box = tools.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        assert page.url.endswith(PAGE)  # the tap opened the menu; it did not follow the ¶ link
        page.locator("h1").tap()
        expect(tools).to_have_css("opacity", "0")
        expect(number).to_have_attribute("aria-expanded", "false")
        # The tap on the heading showed the heading's tools the same way; a tap on them copies its address.
        heading_tools = page.locator(".anchor-slot--h1 > .anchor-tools")
        expect(heading_tools).to_have_css("opacity", "1")
        box = heading_tools.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        reset_clipboard(page)
        heading_tools.locator('[data-action="link"]').tap()
        assert clipboard_after(page).endswith(f"{PAGE}#russia-position")
        page.locator("h1").tap()
        expect(heading_tools).not_to_have_class(re.compile(r"\bis-open\b"))
        # The copy's confirmation keeps the tools shown for 2.5 s after the copy, then they fade.
        expect(heading_tools).to_have_css("opacity", "0", timeout=10_000)
        # First tap shows the entry instead of leaving the page; the popover fits the screen.
        link = page.locator("#p-3.brief-para a.gloss-link").first
        link.tap()
        popover = page.locator(".gloss-popover")
        expect(popover).to_be_visible()
        assert page.url.endswith(PAGE)
        box = popover.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
        # A tap elsewhere closes it; a tap on the term twice follows the link.
        page.locator("h1").tap()
        expect(popover).to_have_count(0)
        link.tap()
        expect(popover).to_be_visible()
        link.tap()
        page.wait_for_url(re.compile(r"glossary\.html#"))
    finally:
        context.close()


# ----------------------------------------------------------------------------------- print, console --


def test_print_stylesheet(page: Page) -> None:
    page.goto(PAGE)
    page.emulate_media(media="print")
    assert page.locator("#p-3 .anchor-tools").evaluate("el => getComputedStyle(el).display") == "none"
    assert page.locator(".md-header").evaluate("el => getComputedStyle(el).display") == "none"
    expect(page.locator("#p-3 .para-num")).to_be_visible()
    expect(page.locator("#p-3 .para-num")).to_have_text("¶3")
    after = "el => getComputedStyle(el, '::after').content"
    # A link whose text is its own address (the footnotes) is not spelled out twice…
    bare = page.locator('.footnote a[href^="http"]').first
    assert bare.evaluate(after) in ("none", "normal")
    # …any other external link is followed by its address.
    page.evaluate(
        """() => { const a = document.createElement('a'); a.id = 'print-probe'; a.href = 'https://www.osce.org/';
        a.textContent = 'OSCE'; document.getElementById('p-3.1').append(' ', a); }"""
    )
    assert page.locator("#print-probe").evaluate(after) == '" (https://www.osce.org/)"'
    # No dotted underline on glossary terms on paper.
    style = page.locator("a.gloss-link").first.evaluate("el => getComputedStyle(el).textDecorationLine")
    assert style == "none"


def test_no_console_errors_on_any_page(page: Page, page_errors: PageErrors, built_site: Path) -> None:
    pages = sorted(path.name for path in built_site.glob("*.html"))
    assert "index.html" in pages and PAGE in pages
    for name in pages:
        page.goto(name)
        page.wait_for_load_state("load")
        expect(page.locator("article")).to_be_visible()
    assert not page_errors.console, page_errors.console
