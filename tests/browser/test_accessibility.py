"""axe-core on the pages with the reader tools showing: every WCAG 2.1 A and AA rule in the light palette, the
colour rules in the dark one."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
"""The rules whose outcome a palette can change. The dark palette swaps colours only (the same markup, names and
roles): on it, only these run again."""


def axe_violations(page: Page, axe_source: str, *, palette: str) -> list[str]:
    """Every violation on the page as 'rule: target … (summary)': every WCAG A and AA rule in the light palette,
    the :data:`COLOUR_RULES` in the dark one."""
    page.add_script_tag(content=axe_source)
    run_only = {"type": "tag", "values": WCAG_TAGS} if palette == "light" else {"type": "rule", "values": COLOUR_RULES}
    result = page.evaluate(
        "runOnly => axe.run(document, {runOnly, resultTypes: ['violations']})",
        run_only,
    )
    found = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            found.append(f"{violation['id']}: {json.dumps(node['target'])} ({node.get('failureSummary', '')[:300]})")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_clean_with_tools_showing(browser: Browser, site_url: str, axe_source: str, scheme: str) -> None:
    # The site's Content-Security-Policy would block the injected axe script: bypass it for this check only.
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=site_url, color_scheme=scheme, bypass_csp=True
    )
    try:
        page = context.new_page()
        problems: dict[str, list[str]] = {}

        # A brief page landed on a range (highlight), with a glossary popover open and a passage button shown.
        page.goto("russia-position.html#p-3.1~p-3.2")
        expected = "slate" if scheme == "dark" else "default"
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
        page.locator("#p-3.brief-para a.gloss-link").first.hover()
        expect(page.locator(".gloss-popover")).to_be_visible()
        page.evaluate(
            """() => { const s = document.getElementById('p-3.3'); const r = document.createRange();
            r.selectNodeContents(s); getSelection().removeAllRanges(); getSelection().addRange(r); }"""
        )
        expect(page.locator(".passage-link")).to_be_visible()
        problems["russia-position.html"] = axe_violations(page, axe_source, palette=scheme)

        # The citation formats opened from the ¶ tools.
        page.goto("russia-position.html")
        page.locator("#p-3").hover()
        page.get_by_role("button", name="Download citation for ¶3").click()
        expect(page.get_by_role("button", name="BibTeX citation for ¶3")).to_be_visible()
        problems["russia-position.html (citation formats)"] = axe_violations(page, axe_source, palette=scheme)

        # A glossary entry landed on (its heading highlighted); every page at rest is checked site-wide.
        page.goto("glossary.html#osce")
        problems["glossary.html#osce"] = axe_violations(page, axe_source, palette=scheme)
    finally:
        context.close()
    # On a phone, the ¶ number's menu open.
    phone = browser.new_context(
        viewport={"width": 375, "height": 700},
        base_url=site_url,
        color_scheme=scheme,
        bypass_csp=True,
        has_touch=True,
        is_mobile=True,
    )
    try:
        page = phone.new_page()
        page.goto("russia-position.html")
        page.locator("#p-3 .para-num").tap()
        expect(page.get_by_role("button", name="Copy link to ¶3")).to_be_visible()
        expect(page.locator("#p-3 > .anchor-tools")).to_have_css("opacity", "1")
        problems["russia-position.html (phone, ¶ menu)"] = axe_violations(page, axe_source, palette=scheme)
    finally:
        phone.close()
    report = {name: found for name, found in problems.items() if found}
    assert not report, json.dumps(report, indent=1, ensure_ascii=False)
