"""The glossary page on a phone, from a deep link, without scripts and on paper (issue 24, section 2), in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
HEIGHT_BEFORE_ISSUE_24 = 38_666
"""The glossary page's height at 390 px before its entries were collapsed (measured on the build of 80f44a2)."""


def test_the_phone_page_is_a_third_as_long_and_opens_on_its_index(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, base_url=site_url, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto("glossary.html")
        expect(page.locator(".gloss-index")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollHeight") <= HEIGHT_BEFORE_ISSUE_24 / 3
        # Every entry collapsed; its summary and where the brief has it are shown.
        assert page.locator("details.gloss-more[open]").count() == 0
        expect(page.locator("#istanbul-charter ~ .gloss-mentions").first).to_contain_text("cited in ¶2")
        # No provenance line visible until asked for.
        trail = page.locator("details.gloss-check li", has_text="labouraffairs.com").first
        expect(trail).to_be_hidden()
        entry = page.locator("#istanbul-charter ~ details.gloss-more").first
        entry.locator("summary").first.click()
        expect(entry.locator(".gloss-quote").first).to_be_visible()
        expect(trail).to_be_hidden()
        entry.locator("details.gloss-check > summary").click()
        expect(trail).to_be_visible()
    finally:
        context.close()


def test_a_deep_link_opens_its_entry(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, base_url=site_url)
    try:
        page = context.new_page()
        page.goto("glossary.html#astana-declaration")
        details = page.locator("#astana-declaration ~ details.gloss-more").first
        expect(details).to_have_attribute("open", "")
        expect(details.locator(".gloss-quote").first).to_be_visible()
        # Only that one.
        assert page.locator("details.gloss-more[open]").count() == 1
        expect(page.locator("#astana-declaration")).to_be_in_viewport()
    finally:
        context.close()


def test_entries_open_without_scripts_and_print_open(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, base_url=site_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("glossary.html")
        entry = page.locator("#helsinki-final-act ~ details.gloss-more").first
        quote = entry.locator(".gloss-quote").first
        expect(quote).to_be_hidden()
        entry.locator("summary").first.click()
        expect(quote).to_be_visible()
        page.goto("glossary.html")
        page.emulate_media(media="print")
        for locator in (page.locator("details.gloss-more .gloss-quote"), page.locator("details.gloss-more dl")):
            for index in range(locator.count()):
                expect(locator.nth(index)).to_be_visible()
    finally:
        context.close()
