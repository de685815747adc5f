"""The 404 page, as a static host serves it for a missing address at any depth, and opened from disk: styled, its
scripts running under the policy, its links and search leading into the site."""

from __future__ import annotations

import contextlib
import http.server
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from ..conftest import PUBLIC_URL
from .conftest import serve_folder

MISSING = "no/such/folder/page.html"


class _HostHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: the site below ``prefix``, and 404.html (status 404) for any address it does not hold."""

    prefix = "/"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        root = Path(self.directory).resolve()
        relative = path[len(self.prefix) :] if path.startswith(self.prefix) else None
        target = (root / (relative or "index.html")).resolve() if relative is not None else None
        if target is None or not target.is_relative_to(root) or not target.is_file():
            body = (root / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.path = "/" + (relative or "index.html")
        super().do_GET()


def serve_like_a_host(folder: Path, prefix: str) -> contextlib.AbstractContextManager[str]:
    """Serve ``folder`` at ``prefix`` on 127.0.0.1; yields the site's root URL."""
    return serve_folder(folder, type("Handler", (_HostHandler,), {"prefix": prefix}), prefix)


def check_not_found_page(page: Page, address: str, root: str) -> None:
    """Open ``address`` (a missing page, or 404.html from disk): styled, scripts run, links and search work."""
    failed: list[str] = []
    errors: list[str] = []

    def on_response(response: Response) -> None:
        if response.status >= 400 and response.url != address:
            failed.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    page.on(
        "console",
        # Chromium reports the missing page's own 404 as a console error: expected, every other one is not.
        lambda message: (
            errors.append(f"{message.text} ({message.location.get('url')})")
            if message.type == "error" and message.location.get("url") != address
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(address)
    if not address.startswith("file:"):
        assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    # Material's stylesheet applies (the header sticks), its bundle ran, and our stylesheet is there too.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))
    assert page.evaluate("document.styleSheets.length") >= 3
    # Material's storage scope (the reader's palette choice) is the site's, not the missing page's folder.
    assert page.evaluate("__md_scope.href") == root
    # Search finds a term and leads to a page of the site.
    page.locator(".md-search__input").click()
    page.keyboard.type("Medvedev")
    result = page.locator(".md-search-result__item a").first
    expect(result).to_be_visible(timeout=10_000)
    assert (result.get_attribute("href") or "").startswith(root)
    page.keyboard.press("Escape")
    # The overview link leads to the site's home page.
    page.get_by_role("link", name="overview", exact=True).click()
    expect(page).to_have_url(root + "index.html")
    expect(page.locator("h1").first).to_contain_text("Indivisibility")
    assert failed == []
    assert errors == []


@pytest.fixture
def fresh_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(5000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_not_found_at_any_depth_on_the_host_root(fresh_page: Page, built_site: Path) -> None:
    with serve_like_a_host(built_site, "/") as root:
        check_not_found_page(fresh_page, root + MISSING, root)


def test_not_found_below_the_public_address_path(fresh_page: Page, public_site: Path) -> None:
    """A SITE_URL with a path (GitHub Pages' https://owner.github.io/repo/): the site is served below it."""
    prefix = "/" + PUBLIC_URL.split("/", 3)[3]
    with serve_like_a_host(public_site, prefix) as root:
        check_not_found_page(fresh_page, root + MISSING, root)
        check_not_found_page(fresh_page.context.new_page(), root + "missing.html", root)


def test_not_found_page_from_disk(fresh_page: Page, built_site: Path) -> None:
    root = built_site.as_uri() + "/"
    check_not_found_page(fresh_page, root + "404.html", root)
