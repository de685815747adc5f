"""The EPUB's chapters in Chromium at a phone's width: the text reflows, nothing scrolls sideways."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from brief_explainer.outputs import epub_path

from ..test_pdf import PDF_NAME

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def unpacked(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("epub")
    with zipfile.ZipFile(built_site / epub_path(PDF_NAME)) as archive:
        archive.extractall(folder)
    return folder / "EPUB"


def test_no_chapter_scrolls_sideways_at_phone_width(browser: Browser, unpacked: Path) -> None:
    chapters = sorted(unpacked.glob("*.xhtml"))
    assert len(chapters) == 10
    # Not is_mobile: mobile emulation lays a page without a viewport meta tag out 980 px wide, where nothing
    # scrolls; a reading system lays a reflowable chapter out at the screen's width, as this 390 px window does.
    # (Without epub.css's wrapping rules the glossary, bibliography and one article are 419-472 px wide here.)
    context = browser.new_context(viewport=PHONE, device_scale_factor=3)
    try:
        page = context.new_page()
        # Nothing but the book's own files: an EPUB reads nothing remote.
        remote: list[str] = []
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("file:")
                else (remote.append(route.request.url) or route.abort())
            ),
        )
        for chapter in chapters:
            page.goto(chapter.as_uri())
            # The stylesheet applied (an XHTML error would show Chromium's parse-error page instead).
            assert page.evaluate("getComputedStyle(document.body).lineHeight") != "normal", chapter.name
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[1] == PHONE["width"], f"{chapter.name} is laid out {widths[1]} px wide"
            assert widths[0] <= widths[1], f"{chapter.name} scrolls sideways at 390 px: {widths}"
            wider = page.evaluate(
                """[...document.body.querySelectorAll('*')]
                    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .map((e) => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 60))"""
            )
            assert wider == [], f"{chapter.name}: elements wider than the screen {wider}"
        assert remote == []
    finally:
        context.close()
