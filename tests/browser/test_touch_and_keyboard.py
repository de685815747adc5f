"""Phone and keyboard (issue 24, section 3), in Chromium: targets a finger can hit, a popover that can be closed
and keeps to the screen, one Tab stop per link, mark and tool, and names a screen reader can say."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from .conftest import ARTICLES

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MIN_TARGET = 24

SQUARE_HITS = """(el, size) => {
  // Is there a size × size square, around the element, every point of which a tap would give to this element?
  // Tried centred on it and reaching left from its right edge (the ¶ number's box reaches into the margin).
  const box = el.getBoundingClientRect(), cy = box.y + box.height / 2, half = size / 2 - 0.5;
  const hits = (x, y) => { const node = document.elementFromPoint(x, y); return !!node && node.closest('a') === el; };
  const square = left => [0, 0.25, 0.5, 0.75, 1].every(fx => [0, 0.25, 0.5, 0.75, 1].every(
    fy => hits(left + 0.5 + fx * (size - 1), cy - half + fy * (size - 1))));
  return square(box.x + box.width / 2 - size / 2) || square(box.right - size);
}"""
COLUMN_HITS = """(el, size) => {
  // Packed marks (1,2,3): the full height at the mark's centre, and none of the neighbours' centres.
  const box = el.getBoundingClientRect(), cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  const owner = (x, y) => { const node = document.elementFromPoint(x, y); return node && node.closest('a'); };
  const tall = [-1, -0.5, 0, 0.5, 1].every(f => owner(cx, cy + f * (size / 2 - 0.5)) === el);
  const sups = [el.parentElement.previousElementSibling, el.parentElement.nextElementSibling]
    .filter(sup => sup && sup.matches('sup[id^=fnref]')).map(sup => sup.querySelector('a'));
  const spared = sups.every(other => { const b = other.getBoundingClientRect();
    return owner(b.x + b.width / 2, b.y + b.height / 2) === other; });
  return {tall, spared, packed: sups.length > 0};
}"""


@pytest.fixture
def phone(browser: Browser, site_url: str) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, base_url=site_url, has_touch=True, is_mobile=True)
    context.set_default_timeout(5000)
    try:
        yield context
    finally:
        context.close()


def test_every_para_number_and_footnote_mark_is_a_24px_target_on_a_phone(phone: BrowserContext) -> None:
    page = phone.new_page()
    squares = packed = 0
    for name in ARTICLES:
        page.goto(name)
        for target in page.locator(".brief-para > .para-num, .brief-para .footnote-ref").all():
            target.scroll_into_view_if_needed()
            column = target.evaluate(COLUMN_HITS, MIN_TARGET)
            label = (name, target.text_content())
            assert column["tall"] and column["spared"], (label, column)
            # Packed marks (1,2,3) too: on a touch screen they are spaced apart, each with its own 24 px square.
            assert target.evaluate(SQUARE_HITS, MIN_TARGET), label
            squares += 1
            packed += column["packed"]
    assert squares >= 14 and packed >= 4, (squares, packed)


def test_the_para_menu_buttons_are_24px_with_visible_labels_on_a_phone(phone: BrowserContext) -> None:
    page = phone.new_page()
    page.goto("meaning.html")
    page.locator("#p-2 > .para-num").tap()
    buttons = page.locator("#p-2 .anchor-tools__btn")
    expect(buttons.first).to_be_visible()
    labels = []
    for button in buttons.all():
        box = button.bounding_box()
        assert box is not None and box["width"] >= MIN_TARGET and box["height"] >= MIN_TARGET, box
        label = button.locator(".anchor-tools__label")
        expect(label).to_be_visible()
        labels.append(label.inner_text())
        # The visible label begins the button's name (WCAG 2.5.3).
        assert (button.get_attribute("aria-label") or "").startswith(label.inner_text())
    assert labels == ["Copy link", "Copy citation", "Download citation", "Copy quote", "Add to briefing"]


def test_a_phone_popover_has_a_close_button_and_stays_on_screen(phone: BrowserContext) -> None:
    page = phone.new_page()
    page.goto("index.html")
    term = page.locator("#p-1 a.gloss-link[data-gloss='lavrov-letter-2022']")
    term.tap()
    popover = page.locator("#gloss-pop-lavrov-letter-2022")
    expect(popover).to_be_visible()
    box = popover.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    # The tapped term stays in view, not under its popover.
    term_box = term.bounding_box()
    assert term_box is not None
    overlap = min(box["y"] + box["height"], term_box["y"] + term_box["height"]) - max(box["y"], term_box["y"])
    assert overlap <= 0, (box, term_box)
    close = popover.get_by_role("button", name="Close")
    close_box = close.bounding_box()
    assert close_box is not None and close_box["width"] >= MIN_TARGET and close_box["height"] >= MIN_TARGET
    close.tap()
    expect(popover).to_be_hidden()


def test_tab_through_a_paragraph_stops_once_per_link_mark_and_tool(page: Page) -> None:
    page.goto("meaning.html")
    expected = page.evaluate(
        """() => Array.from(document.querySelectorAll('#p-2 a, #p-2 .anchor-tools__btn'))
        .filter(el => !el.closest('.anchor-tools__formats')).length"""
    )
    page.locator("#meaning").evaluate("el => { el.tabIndex = -1; el.focus(); }")
    stops: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        where = page.evaluate(
            """() => { const a = document.activeElement;
            return a.closest('.gloss-pop') ? 'popover' : a.closest('#p-2') ? a.getAttribute('aria-label')
            || a.textContent.trim() : ''; }"""
        )
        if not where:
            if stops:
                break
            continue
        stops.append(where)
    assert "popover" not in stops
    assert len(stops) == expected == len(set(stops)), stops
    # The ¶ number first, the words' links and marks, then the paragraph's tools.
    assert stops[0] == "¶2" and stops[-5:] == [
        "Copy link to ¶2",
        "Copy citation for ¶2",
        "Download citation for ¶2",
        "Copy quote of ¶2",
        "Add to briefing: ¶2",
    ]
    assert "Footnote 1" in stops


def test_footnote_links_have_names(page: Page) -> None:
    page.goto("meaning.html")
    expect(page.get_by_role("link", name="Footnote 1", exact=True)).to_have_count(1)
    assert page.get_by_role("link", name="Back to the text", exact=True).count() >= 6
    expect(page.get_by_role("link", name="↩")).to_have_count(0)
