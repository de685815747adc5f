"""Printing a page, and citing from the unzipped offline copy (issue 24, sections 4 and 5), in Chromium."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from ..conftest import PUBLIC_URL
from .conftest import ARTICLES, serve_folder

pytestmark = pytest.mark.browser

ON_SCREEN_ONLY = ("↩", "Download PDF", "PDF of this section", "Copy link", "Copy citation", "Cite as", "BibTeX")
ZIP = "download/indivisibility-explainer-offline.zip"


def printed_pages(page: Page, paper: str) -> list[str]:
    """The text of each printed page (Chromium's own print to PDF, with the print stylesheet)."""
    return [
        " ".join((sheet.extract_text() or "").split()) for sheet in PdfReader(io.BytesIO(page.pdf(format=paper))).pages
    ]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printing_an_article_gives_no_blank_page_and_no_controls(browser: Browser, site_url: str, paper: str) -> None:
    page = browser.new_page(base_url=site_url)
    try:
        for name in [*ARTICLES, "404.html"]:
            page.goto(name)
            page.emulate_media(media="print")
            sheets = printed_pages(page, paper)
            assert all(sheets), f"{name} on {paper}: blank page {[i + 1 for i, text in enumerate(sheets) if not text]}"
            printed = " ".join(sheets)
            for text in ON_SCREEN_ONLY:
                assert text not in printed, (name, paper, text)
            # The footnotes' back-links are not printed (pypdf may not read the "↩" glyph: check the page).
            for link in page.locator(".footnote-backref, .attribution__pdf, .anchor-tools").all():
                expect(link).to_be_hidden()
            # A build without a public address prints none (never a local one).
            assert "This page online" not in printed and "127.0.0.1" not in printed
    finally:
        page.close()


def test_a_release_prints_each_page_s_address(browser: Browser, public_site: Path) -> None:
    with serve_folder(public_site) as base:
        page = browser.new_page(base_url=base)
        try:
            for name in ARTICLES:
                page.goto(name)
                expect(page.locator(".attribution__address")).to_be_hidden()  # on screen, the address bar has it
                page.emulate_media(media="print")
                printed = " ".join(printed_pages(page, "A4"))
                assert f"This page online: {PUBLIC_URL}{name}" in printed, name
                page.emulate_media(media="screen")
        finally:
            page.close()


# ---------------------------------------------------------------------------------------- offline copy --


@pytest.fixture
def offline_context(browser: Browser) -> Iterator[BrowserContext]:
    """A context whose pages record what they would copy to the clipboard (file:// has no clipboard permission)."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.add_init_script(
        """(() => { window.__copied = [];
        const clipboard = { writeText: text => { window.__copied.push(text); return Promise.resolve(); } };
        Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => clipboard, configurable: true}); })()"""
    )
    context.set_default_timeout(5000)
    try:
        yield context
    finally:
        context.close()


def unzipped(site: Path, into: Path) -> Path:
    with zipfile.ZipFile(site / ZIP) as archive:
        archive.extractall(into)
    return into / "indivisibility-explainer"


def outputs_from_disk(context: BrowserContext, folder: Path) -> list[str]:
    """Everything the reader tools give for ¶3 from the unzipped copy: link, citation, the three downloads."""
    page = context.new_page()
    page.goto((folder / "russia-position.html").as_uri())
    outputs: list[str] = []
    for name in ("Copy link to ¶3", "Copy citation for ¶3"):
        page.locator("#p-3").hover()
        page.get_by_role("button", name=name).click()
        expect(page.locator("#p-3 .anchor-tools__note")).to_be_visible()
        copied = page.evaluate("window.__copied")
        assert copied, name
        outputs.append(copied[-1])
    for label in ("BibTeX", "RIS", "CSL-JSON"):
        page.locator("#p-3").hover()
        toggle = page.get_by_role("button", name="Download citation for ¶3")
        if toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        with page.expect_download() as download:
            page.get_by_role("button", name=f"{label} citation for ¶3").click()
        path = download.value.path()
        outputs.append(Path(path).read_text(encoding="utf-8"))
    page.close()
    return outputs


def test_the_offline_copy_of_a_release_cites_the_public_address(
    offline_context: BrowserContext, public_site: Path, tmp_path: Path
) -> None:
    outputs = outputs_from_disk(offline_context, unzipped(public_site, tmp_path))
    assert outputs[0] == f"{PUBLIC_URL}russia-position.html#p-3"
    for output in outputs:
        assert f"{PUBLIC_URL}russia-position.html#p-3" in output and "file:" not in output, output


def test_the_offline_copy_of_a_default_build_gives_no_local_path(
    offline_context: BrowserContext, built_site: Path, tmp_path: Path
) -> None:
    folder = unzipped(built_site, tmp_path)
    outputs = outputs_from_disk(offline_context, folder)
    for output in outputs:
        assert "file:" not in output and str(tmp_path) not in output, output
        assert "¶3" in output, output
    # "Copy link" gives the pinpoint citation instead, and says why.
    assert outputs[0] == outputs[1] and outputs[0].endswith(", ¶3")
    # The copy does not offer the zip it came from (nor does the zip hold one).
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "offline.zip" not in index and not (folder / ZIP).exists()
    assert "offline.zip" in (built_site / "index.html").read_text(encoding="utf-8")  # online, it is offered
