"""What each page transfers, served gzipped as a real web server would, against the same page built by Material
alone, in the same run. Budget: every page at most plain Material's + 25%.

    .venv/bin/python bench/weight_bench.py

A page's weight is every response it loads on a cold cache until the network is idle, counted as Chromium
counts it on the wire (compressed body and headers). The search worker's script is left out, as Lighthouse
leaves it out: both sites load the same one.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_bench import ENV, ROOT, build_seconds, make_plain_project
from lighthouse_bench import CHROME, serve

BUDGET = 1.25
"""Every page may transfer at most this much of the same page built by plain Material."""


@contextmanager
def cold_cache_tab(browser: Browser) -> Iterator[Page]:
    """A tab whose every load is a first visit: Chromium's cache is switched off for it (DevTools' "Disable
    cache"), so one tab measures page after page without the cost of a new browser context for each."""
    context = browser.new_context()
    try:
        page = context.new_page()
        context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
        yield page
    finally:
        context.close()


def transferred(page: Page, url: str) -> dict[str, int]:
    """Bytes each response of one page takes on the wire (body as sent, and headers), by URL, loaded in a tab of
    :func:`cold_cache_tab` until the network is idle. Responses from other hosts and the search worker's script are
    left out."""
    base = url.rsplit("/", 1)[0] + "/"
    sizes: dict[str, int] = {}

    def record(request: Request) -> None:
        if request.url.startswith(base) and "/workers/" not in request.url:
            measured = request.sizes()
            sizes[request.url.removeprefix(base)] = measured["responseBodySize"] + measured["responseHeadersSize"]

    page.on("requestfinished", record)
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("requestfinished", record)
    return sizes


def transferred_bytes(site: Path, pages: list[str]) -> dict[str, int]:
    """Bytes each page transfers from the site, served gzipped, on a cold cache."""
    from playwright.sync_api import sync_playwright

    with serve(site, gzip_text=True) as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROME, args=["--no-sandbox", "--disable-gpu"])
        try:
            with cold_cache_tab(browser) as page:
                return {name: sum(transferred(page, base + name).values()) for name in pages}
        finally:
            browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        plain_site, our_site = Path(scratch) / "site-plain", Path(scratch) / "site-ours"
        build_seconds(make_plain_project(Path(scratch) / "plain"), plain_site, ENV)
        build_seconds(ROOT, our_site, {**ENV, "BRIEF_PDF": "false"})
        pages = sorted(path.name for path in our_site.glob("*.html"))
        plain, ours = transferred_bytes(plain_site, pages), transferred_bytes(our_site, pages)
        print("Transferred, gzipped (KiB), against the same page built by Material alone (budget: +25%):")
        for page in pages:
            ratio = ours[page] / plain[page]
            verdict = "ok" if ratio <= BUDGET else "OVER"
            print(
                f"  {page:22} plain {plain[page] / 1024:6.1f}  explainer {ours[page] / 1024:6.1f}  "
                f"{ratio:.2f}x  {verdict}"
            )


if __name__ == "__main__":
    main()
