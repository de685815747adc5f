"""The briefing kit in the browser (issue 21): "Copy quote" (text and HTML on the clipboard, from the web and from
file://), "Add to briefing" across articles, the briefing page (order, reload, keyboard, glossary entries, copy all,
Markdown, a missing address, print) and its accessibility.

Each test checks what the reader gets: the clipboard's two types, the words on the page, where focus is, what prints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ..conftest import PUBLIC_URL
from .test_accessibility import axe_violations
from .test_reader_polish import SHIFT_RECORDER
from .test_reader_tools import by_id, select_text

pytestmark = pytest.mark.browser

PAGE = "russia-position.html"
STORE_KEY = "brief-explainer:briefing"
# Shifts from the moment the HTML is parsed, when our script (deferred) can first run and fill the page.
SHIFTS_ONCE_PARSED = """window.__shifts.filter(shift =>
    shift.at >= performance.getEntriesByType('navigation')[0].domInteractive)"""
CITATION = (
    "Łukasz Kulesa, “Contested Interpretations of the Indivisibility of Security”, PISM Spotlight, "
    "Polish Institute of International Affairs (PISM), February 2022"
)


# ------------------------------------------------------------------------------------------------ helpers --


def site_data(site: Path) -> dict[str, Any]:
    """The passages' data the build wrote (the words the briefing page renders)."""
    script = (site / "assets/javascripts/briefing-passages.js").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(script.split("=", 1)[1].rstrip().removesuffix(";"))
    return data


def sentence_text(site: Path, sentence_id: str) -> str:
    return next(s["text"] for p in site_data(site)["paragraphs"] for s in p["sentences"] if s["id"] == sentence_id)


def paragraph_text(site: Path, paragraph_id: str) -> str:
    paragraph = next(p for p in site_data(site)["paragraphs"] if p["id"] == paragraph_id)
    return " ".join(s["text"] for s in paragraph["sentences"])


def select_words(page: Page, sentence_id: str, first: str, last: str) -> None:
    """Select, inside one text node of a sentence, from the start of ``first`` to the end of ``last``."""
    page.evaluate(
        """([id, first, last]) => {
            const walker = document.createTreeWalker(document.getElementById(id), NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode, start = node.data.indexOf(first);
                const end = start < 0 ? -1 : node.data.indexOf(last, start);
                if (start >= 0 && end >= 0) {
                    const range = document.createRange();
                    range.setStart(node, start);
                    range.setEnd(node, end + last.length);
                    getSelection().removeAllRanges();
                    getSelection().addRange(range);
                    return;
                }
            }
            throw new Error('words not found in one text node of ' + id);
        }""",
        [sentence_id, first, last],
    )


def clipboard_types(page: Page) -> dict[str, str] | None:
    """Every type on the clipboard, read back with the async Clipboard API; None if the clipboard changed while
    it was being read (the page's own copy landing meanwhile: Chromium then refuses the read)."""
    result: dict[str, str] | None = page.evaluate(
        """async () => {
            const found = {};
            try {
                for (const item of await navigator.clipboard.read()) {
                    for (const type of item.types) { found[type] = await (await item.getType(type)).text(); }
                }
            } catch (error) {
                if (error.name === 'InvalidStateError') return null;
                throw error;
            }
            return found;
        }"""
    )
    return result


def clipboard_once_written(page: Page, timeout_ms: int = 3000) -> dict[str, str]:
    """The clipboard's types once something other than the sentinel has been written."""
    for _ in range(timeout_ms // 50):
        found = clipboard_types(page)
        if found is not None and found.get("text/plain", "") != "(sentinel)":
            return found
        page.wait_for_timeout(50)
    raise AssertionError("nothing was copied to the clipboard")


def hrefs(html: str) -> list[str]:
    return [match.replace("&amp;", "&") for match in re.findall(r'<a href="([^"]+)"', html)]


def stored(page: Page) -> Any:
    return page.evaluate("key => JSON.parse(localStorage.getItem(key) || 'null')", STORE_KEY)


def store(page: Page, passages: list[dict[str, Any]] | str) -> None:
    value = passages if isinstance(passages, str) else json.dumps({"version": 1, "passages": passages})
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORE_KEY, value])


def passage_tool(page: Page, name: str) -> Any:
    return page.locator(".passage-tools").get_by_role("button", name=name)


# ------------------------------------------------------------------------------------------ copy quote --


def test_copy_quote_of_a_selection_inside_p3(page: Page, site_url: str, built_site: Path) -> None:
    page.goto(PAGE)
    page.evaluate("() => navigator.clipboard.writeText('(sentinel)')")
    # A selection that starts and ends inside words: quoted as whole words, never widened to the sentence.
    select_words(page, "p-3.1", "990s", "consis")
    button = passage_tool(page, "Copy quote of this passage")
    expect(button).to_be_visible()
    button.click()
    copied = clipboard_once_written(page)
    plain, html = copied["text/plain"], copied["text/html"]
    assert plain.startswith("“1990s, Russia has consistently”\n— ")
    assert f"{CITATION}, ¶3.1, " in plain
    url = plain.rsplit(", ", 1)[1]
    assert url.startswith(f"{site_url}{PAGE}#p-3.1:~:text=")
    # The HTML: the same words, the citation linked to the same address.
    assert "“1990s, Russia has consistently”" in html
    assert hrefs(html) == [url]
    assert "¶3.1" in html and "Polish Institute of International Affairs (PISM)" in html
    # The words are the brief's: the sentence as the site's data has it holds them.
    assert "the 1990s, Russia has consistently" in sentence_text(built_site, "p-3.1")  # "the" was not selected
    expect(page.locator(".explainer-status")).to_have_text("Quote of ¶3.1 copied with its citation and link.")


def test_copy_quote_of_a_whole_paragraph_and_a_range_leaves_out_apparatus(
    page: Page, site_url: str, built_site: Path
) -> None:
    page.goto("meaning.html")
    page.evaluate("() => navigator.clipboard.writeText('(sentinel)')")
    page.locator("#p-2").hover()
    page.get_by_role("button", name="Copy quote of ¶2").click()
    plain = clipboard_once_written(page)["text/plain"]
    # ¶2 cites six documents in its first sentence: no footnote number, no ¶ number, no tool text in the quote.
    words = paragraph_text(built_site, "p-2")
    assert plain == f"“{words}”\n— {CITATION}, ¶2, {site_url}meaning.html#p-2"
    assert "CSCE, and then" in plain and "Copy link" not in plain
    # Whole sentences: the pinpoint is their range.
    page.evaluate("() => navigator.clipboard.writeText('(sentinel)')")
    select_text(page, "p-2.2", 0, "p-2.3", None)
    passage_tool(page, "Copy quote of this passage").click()
    plain = clipboard_once_written(page)["text/plain"]
    both = sentence_text(built_site, "p-2.2") + " " + sentence_text(built_site, "p-2.3")
    assert plain.startswith(f"“{both}”\n— {CITATION}, ¶2.2–¶2.3, {site_url}meaning.html#p-2.2~p-2.3:~:text=")


def test_copy_quote_by_keyboard_is_announced(page: Page, site_url: str) -> None:
    page.goto(PAGE)
    page.evaluate("() => navigator.clipboard.writeText('(sentinel)')")
    select_words(page, "p-3.1", "Russia", "referred")
    expect(page.locator(".explainer-status")).to_contain_text("Alt+Shift+Q")
    page.keyboard.press("Alt+Shift+Q")
    plain = clipboard_once_written(page)["text/plain"]
    assert plain.startswith("“Russia has consistently referred”")
    expect(page.locator(".explainer-status")).to_have_text("Quote of ¶3.1 copied with its citation and link.")


@pytest.fixture
def file_context(browser: Browser) -> Iterator[BrowserContext]:
    """A context as an older browser opens a page from disk: no async Clipboard API (Chromium offers one on
    file://, others do not). Its pages record what each copy event puts on the clipboard: the fallback's path."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.add_init_script(
        """(() => { window.__copies = [];
        Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined, configurable: true});
        window.addEventListener('copy', event => { window.__copies.push({
            plain: event.clipboardData.getData('text/plain'), html: event.clipboardData.getData('text/html') }); });
        })()"""
    )
    context.set_default_timeout(5000)
    try:
        yield context
    finally:
        context.close()


def test_copy_quote_from_file_url_through_the_copy_event(file_context: BrowserContext, public_site: Path) -> None:
    page = file_context.new_page()
    page.goto((public_site / PAGE).as_uri())
    select_words(page, "p-3.1", "the 1990s", "consistently")
    passage_tool(page, "Copy quote of this passage").click()
    expect(page.locator(".explainer-status")).to_have_text("Quote of ¶3.1 copied with its citation and link.")
    copies = page.evaluate("window.__copies")
    assert copies, "no copy event"
    plain, html = copies[-1]["plain"], copies[-1]["html"]
    assert plain.startswith("“the 1990s, Russia has consistently”\n— ")
    url = plain.rsplit(", ", 1)[1]
    # The release's public address, never a file: path.
    assert url.startswith(f"{PUBLIC_URL}{PAGE}#p-3.1:~:text=") and "file:" not in plain
    assert hrefs(html) == [url]
    # From disk the briefing works too: kept by the browser, its words loaded from the site's own data.
    passage_tool(page, "Add to briefing: this passage").click()
    expect(page.locator(".explainer-status")).to_have_text("¶3.1 added to your briefing (1 passage).")
    page.locator(".briefing-count").click()
    expect(page.locator(".briefing__quote")).to_have_text("“the 1990s, Russia has consistently”")
    assert page.url.startswith("file://")
    expect(page.locator(".briefing__cite a")).to_have_attribute("href", url)
    page.close()


def test_where_nothing_can_copy_the_quote_is_shown_to_copy_by_hand(page: Page, site_url: str) -> None:
    page.add_init_script(
        """(() => { Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined, configurable: true});
        Document.prototype.execCommand = () => false; })()"""
    )
    page.goto(PAGE)
    page.locator("#p-3").hover()
    page.get_by_role("button", name="Copy quote of ¶3").click()
    dialog = page.get_by_role("dialog", name="Copy this text by hand")
    expect(dialog).to_be_visible()
    text = dialog.get_by_role("textbox", name="Copy this text by hand")
    expect(text).to_be_focused()
    assert text.input_value().endswith(f"{CITATION}, ¶3, {site_url}{PAGE}#p-3")
    # Selected, ready for Ctrl+C.
    assert page.evaluate("() => { const t = document.activeElement; return t.selectionEnd - t.selectionStart; }") > 100
    expect(page.locator(".explainer-status")).to_have_text(
        "Could not copy to the clipboard: the quote is shown to copy by hand."
    )
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()


# ------------------------------------------------------------------------------------------- briefing --


def add_selection(page: Page) -> None:
    passage_tool(page, "Add to briefing: this passage").click()
    expect(page.locator(".explainer-status")).to_contain_text("added to your briefing")


def test_passages_from_two_articles_in_order_after_a_reload(page: Page, site_url: str, built_site: Path) -> None:
    page.goto(PAGE)
    page.locator("#p-3").hover()
    page.get_by_role("button", name="Add to briefing: ¶3").click()
    expect(page.locator(".explainer-status")).to_have_text("¶3 added to your briefing (1 passage).")
    count = page.locator(".briefing-count")
    expect(count).to_have_attribute("aria-label", "Briefing: 1 passage collected")
    page.goto("meaning.html")
    expect(page.locator(".briefing-count")).to_have_attribute("aria-label", "Briefing: 1 passage collected")
    select_words(page, "p-2.2", "inseparable", "state")
    add_selection(page)
    expect(page.locator(".briefing-count__number")).to_have_text("2")
    # Only addresses are stored, never words.
    saved = stored(page)
    assert saved["version"] == 1 and [p["start"] for p in saved["passages"]] == ["p-3", "p-2.2"]
    assert saved["passages"][0] == {"start": "p-3"}
    assert set(saved["passages"][1]) == {"start", "from", "to", "text"}
    assert saved["passages"][1]["text"].startswith(":~:text=inseparable%20relationship")  # the link's own fragment
    assert "inseparable relationship" not in json.dumps(saved, ensure_ascii=False)

    page.locator(".briefing-count").click()
    expect(page).to_have_url(f"{site_url}briefing.html")
    items = page.locator(".briefing__passage")
    for _ in range(2):
        expect(items).to_have_count(2)
        expect(items.nth(0).locator(".briefing__quote")).to_have_text(f"“{paragraph_text(built_site, 'p-3')}”")
        expect(items.nth(0).locator(".briefing__where")).to_contain_text("¶3 · What is Russia's position?")
        expect(items.nth(1).locator(".briefing__quote")).to_have_text(
            "“inseparable relationship between the security of each state”"
        )
        cite = items.nth(1).locator(".briefing__cite a")
        expect(cite).to_have_text(f"{CITATION}, ¶2.2")
        assert (cite.get_attribute("href") or "").startswith(f"{site_url}meaning.html#p-2.2:~:text=")
        # The glossary entries the passages mention: ¶3 names NATO; the selection, the OSCE.
        entries = page.locator(".briefing__entry")
        expect(page.locator(".briefing__entries")).to_be_visible()
        expect(entries.filter(has_text="NATO").first).to_be_visible()
        expect(page.locator(".briefing__entry-list")).to_contain_text("OSCE")
        expect(page.locator(".briefing__source")).to_contain_text(CITATION)
        page.reload()
    expect(page.locator(".briefing__empty")).to_be_hidden()


def test_remove_and_reorder_by_keyboard(page: Page) -> None:
    page.goto("briefing.html")
    store(page, [{"start": "p-3"}, {"start": "p-1.2"}, {"start": "p-4.1", "end": "p-4.2"}])
    page.reload()
    items = page.locator(".briefing__passage .briefing__where a")
    expect(items).to_have_text(["¶3", "¶1.2", "¶4.1–¶4.2"])
    up = page.get_by_role("button", name="Move up: passage 2 (¶1.2)")
    up.focus()
    page.keyboard.press("Enter")
    expect(items).to_have_text(["¶1.2", "¶3", "¶4.1–¶4.2"])
    # The moved passage keeps the focus (at the top, Up is disabled: on its Down instead), and it is said.
    expect(page.get_by_role("button", name="Move down: passage 1 (¶1.2)")).to_be_focused()
    expect(page.locator(".explainer-status")).to_have_text("¶1.2 moved up: now 1 of 3.")
    page.keyboard.press("Enter")
    expect(items).to_have_text(["¶3", "¶1.2", "¶4.1–¶4.2"])
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Remove: passage 2 (¶1.2)")).to_be_focused()
    page.keyboard.press("Enter")
    expect(items).to_have_text(["¶3", "¶4.1–¶4.2"])
    expect(page.locator(".explainer-status")).to_have_text("¶1.2 removed. 2 passages left.")
    expect(page.get_by_role("button", name="Remove: passage 2 (¶4.1–¶4.2)")).to_be_focused()
    assert [p["start"] for p in stored(page)["passages"]] == ["p-3", "p-4.1"]
    # Clearing asks first.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear the briefing").click()
    expect(page.locator(".briefing__passage")).to_have_count(0)
    expect(page.locator(".briefing__empty")).to_be_visible()
    assert stored(page)["passages"] == []


def test_copy_all_and_markdown_hold_every_passage(page: Page, site_url: str, built_site: Path) -> None:
    page.goto("briefing.html")
    page.evaluate("() => navigator.clipboard.writeText('(sentinel)')")
    store(page, [{"start": "p-5.1"}, {"start": "p-2"}])
    page.reload()
    expect(page.locator(".briefing__passage")).to_have_count(2)
    page.get_by_role("button", name="Copy all").click()
    copied = clipboard_once_written(page)
    plain, html = copied["text/plain"], copied["text/html"]
    first, second = sentence_text(built_site, "p-5.1"), paragraph_text(built_site, "p-2")
    assert f"1. “{first}”\n— {CITATION}, ¶5.1, {site_url}common-interpretation.html#p-5.1" in plain
    assert f"2. “{second}”\n— {CITATION}, ¶2, {site_url}meaning.html#p-2" in plain
    assert plain.index(first) < plain.index(second)
    assert "What the glossary says" in plain and "Source of every passage" in plain
    assert hrefs(html)[:2] == [f"{site_url}common-interpretation.html#p-5.1", f"{site_url}meaning.html#p-2"]
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as Markdown").click()
    assert re.fullmatch(r"briefing-\d{4}-\d{2}-\d{2}\.md", download.value.suggested_filename)
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# Briefing\n")
    for pinpoint, url in (("¶5.1", "common-interpretation.html#p-5.1"), ("¶2", "meaning.html#p-2")):
        assert f"— [{CITATION}, {pinpoint}](<{site_url}{url}>)" in markdown
    assert "## What the glossary says" in markdown


def test_a_missing_address_and_corrupt_storage(page: Page) -> None:
    page.goto("briefing.html")
    store(page, [{"start": "p-99"}, {"start": "p-3.1", "from": 5000, "to": 6000}, {"start": "p-3.2"}])
    page.reload()
    items = page.locator(".briefing__passage")
    expect(items).to_have_count(3)
    expect(items.nth(0).locator(".briefing__missing")).to_contain_text("no longer has the passage at #p-99")
    expect(items.nth(1).locator(".briefing__missing")).to_contain_text("#p-3.1")
    expect(items.nth(2).locator(".briefing__quote")).to_be_visible()
    # Storage that is not a briefing reads as an empty one, without an error.
    store(page, "{not json")
    page.reload()
    expect(page.locator(".briefing__empty")).to_be_visible()
    expect(page.locator(".briefing__empty")).to_contain_text("Add to briefing")
    expect(page.locator(".briefing-count")).to_have_attribute("aria-label", "Briefing: 0 passages collected")


@pytest.mark.parametrize("width", [1280, 390])
def test_showing_the_stored_passages_moves_nothing(browser: Browser, site_url: str, width: int) -> None:
    # The page is painted with its empty state before the script shows the passages: what was in view stays put.
    context = browser.new_context(viewport={"width": width, "height": 800}, base_url=site_url)
    try:
        page = context.new_page()
        page.add_init_script(SHIFT_RECORDER)
        page.goto("briefing.html")
        store(page, [{"start": "p-3"}, {"start": "p-2.2"}, {"start": "p-5"}])
        for _ in range(3):
            page.reload()
            page.wait_for_load_state("load")
            expect(page.locator(".briefing__passage")).to_have_count(3)
            page.wait_for_timeout(300)
            assert not page.evaluate(SHIFTS_ONCE_PARSED), page.evaluate("window.__shifts")
    finally:
        context.close()


def test_printing_the_briefing_is_a_clean_handout(page: Page, site_url: str) -> None:
    page.goto("briefing.html")
    store(page, [{"start": "p-3.2"}, {"start": "p-1"}])
    page.reload()
    expect(page.locator(".briefing__passage")).to_have_count(2)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".briefing__actions", ".briefing__controls"):
        for element in page.locator(chrome).all():
            expect(element).to_be_hidden()
    expect(page.locator("h1")).to_have_text("Briefing")
    expect(page.locator(".briefing__printed")).to_be_visible()
    expect(page.locator(".briefing__printed")).to_contain_text("Printed on ")
    urls = page.locator(".briefing__url")
    expect(urls).to_have_count(2)
    expect(urls.nth(0)).to_be_visible()
    expect(urls.nth(0)).to_have_text(f"{site_url}{PAGE}#p-3.2")
    expect(urls.nth(1)).to_have_text(f"{site_url}index.html#p-1")
    page.emulate_media(media="screen")
    expect(urls.nth(0)).to_be_hidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_clean_on_the_briefing_page(
    browser: Browser, site_url: str, axe_source: str, scheme: str, width: int
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        base_url=site_url,
        color_scheme=scheme,
        bypass_csp=True,  # for the injected axe script only
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    try:
        page = context.new_page()
        page.goto("briefing.html")
        empty = axe_violations(page, axe_source, palette=scheme)
        store(page, [{"start": "p-3"}, {"start": "p-99"}, {"start": "p-2.2", "from": 17, "to": 60}])
        page.reload()
        expect(page.locator(".briefing__passage")).to_have_count(3)
        expect(page.locator(".briefing__entry").first).to_be_visible()
        page.locator(".briefing__control").first.focus()
        full = axe_violations(page, axe_source, palette=scheme)
    finally:
        context.close()
    assert not empty and not full, {"empty": empty, "with passages": full}


def test_the_counts_link_is_in_the_header_without_moving_it(page: Page) -> None:
    page.goto(PAGE)
    count = page.locator(".md-header .briefing-count")
    expect(count).to_be_visible()
    expect(count).to_have_attribute("href", "briefing.html")
    search = page.locator(".md-header .md-search").bounding_box()
    title = page.locator(".md-header__title").bounding_box()
    box = count.bounding_box()
    assert search and title and box
    assert title["x"] + title["width"] <= box["x"] + 1 and box["x"] + box["width"] <= search["x"] + 1
    # The paragraph's own id stays the ¶'s.
    expect(by_id(page, "p-3")).to_have_count(1)
