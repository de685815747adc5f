"""The anchor lock: every published page URL and anchor, checked in, so that no address ever breaks.

``anchors.lock`` lists one address per line (``russia-position.html`` or ``russia-position.html#p-3``).
The check fails when a listed address no longer resolves in a built site; a page that moved keeps its old
URL through mkdocs-redirects, and the anchor is then looked up on the redirect's target.

    brief-explainer anchors check site anchors.lock
    brief-explainer anchors update site anchors.lock   # after adding anchors on purpose (make anchors)
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .htmlwalk import OpenElement, rewrite_html
from .textfiles import read_text

CONTENT_CLASS = "md-content__inner"
"""Material's article element: only anchors inside it are published addresses."""
UNLISTED_PREFIXES = ("fnref", "fn:", "__", "gloss-pop-")
"""Ids that are machinery, not addresses: footnote back-references and numbering, popover templates."""
SKIPPED_PAGES = frozenset({"404.html"})


@dataclass
class PageAnchors:
    """What a built page offers: its content ids, and where it redirects to if it is a redirect."""

    ids: set[str] = field(default_factory=set)
    content_ids: list[str] = field(default_factory=list)
    redirect: str | None = None


def read_page(html: str) -> PageAnchors:
    """Collect a page's ids (all, and those inside the article) and its redirect target, if any."""
    page = PageAnchors()

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        element_id = attrs.get("id")
        if element_id:
            page.ids.add(element_id)
            if any(CONTENT_CLASS in element.classes for element in stack[:-1]):
                page.content_ids.append(element_id)
        # mkdocs-redirects writes a meta refresh to the new URL (Material pages have none).
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            page.redirect = _refresh_target(attrs.get("content") or "")

    rewrite_html(html, on_start=on_start)
    return page


def _pages(site_dir: Path) -> dict[str, Path]:
    return {
        path.relative_to(site_dir).as_posix(): path
        for path in sorted(site_dir.rglob("*.html"))
        if path.relative_to(site_dir).as_posix() not in SKIPPED_PAGES
        and path.relative_to(site_dir).parts[0] not in ("assets", "search")
    }


def collect_addresses(site_dir: Path) -> list[str]:
    """Every page and every published anchor of a built site, in a stable order."""
    addresses = []
    for url, path in _pages(site_dir).items():
        page = read_page(path.read_text(encoding="utf-8"))
        if page.redirect is not None:
            continue
        addresses.append(url)
        addresses += [f"{url}#{anchor}" for anchor in page.content_ids if not anchor.startswith(UNLISTED_PREFIXES)]
    return addresses


class _TargetsParser(HTMLParser):
    """Only what a check needs, a page's ids and its redirect: no stack, nothing re-emitted (every build runs it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageAnchors()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.page.ids.add(found["id"] or "")
        if tag == "meta" and (found.get("http-equiv") or "").lower() == "refresh":
            self.page.redirect = _refresh_target(found.get("content") or "")

    handle_startendtag = handle_starttag


def _refresh_target(content: str) -> str | None:
    """The URL of a meta refresh (``0; url=russia-position.html``), if it names one."""
    return content[content.lower().index("url=") + 4 :].strip() if "url=" in content.lower() else None


def _targets(html: str) -> PageAnchors:
    parser = _TargetsParser()
    parser.feed(html)
    parser.close()
    return parser.page


def check_addresses(site_dir: Path, addresses: list[str]) -> list[str]:
    """Problems with each address that no longer resolves in the built site (empty when all resolve)."""
    cache: dict[str, PageAnchors | None] = {}

    def load(url: str) -> PageAnchors | None:
        if url not in cache:
            path = site_dir / url
            cache[url] = _targets(path.read_text(encoding="utf-8")) if path.is_file() else None
        return cache[url]

    problems = []
    for address in addresses:
        url, _, anchor = address.partition("#")
        page = load(url)
        hops = 0
        while page is not None and page.redirect is not None and hops < 5:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(url), page.redirect.split("#")[0]))
            url, page, hops = target, load(target), hops + 1
        if page is None:
            problems.append(f"{address}: page {url} no longer exists (add a redirect with mkdocs-redirects)")
        elif anchor and anchor not in page.ids:
            problems.append(f"{address}: anchor #{anchor} no longer exists on {url}")
    return problems


def lock_warnings(site_dir: Path, addresses: list[str], sources: dict[str, str]) -> list[str]:
    """What the build says of each locked address that no longer resolves: the address, the page it was on
    (with its source file, from ``sources``: site URL → source path) and the two fixes."""
    warnings = []
    for problem in check_addresses(site_dir, addresses):
        address = problem.partition(": ")[0]
        url = address.partition("#")[0]
        source = f" (docs/{sources[url]})" if url in sources else ""
        warnings.append(
            f"Published address '{address}' no longer resolves: {problem.partition(': ')[2]}. It was on "
            f"{url}{source}. Restore the id or the page, or, if it moved, add a redirect from {url} to its new "
            "page in mkdocs.yml (plugins: redirects: redirect_maps). The lock only grows: `make anchors` never "
            "removes an address."
        )
    return warnings


def read_lock(path: Path) -> list[str]:
    """The addresses listed in a lock file (comments and blank lines skipped)."""
    lines = read_text(path).splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def write_lock(path: Path, addresses: list[str], previous: list[str] | None = None) -> None:
    """Write the lock: the site's addresses, plus every previously locked one (a lock only grows)."""
    merged = list(dict.fromkeys([*(previous or []), *addresses]))
    header = (
        "# Published addresses of the explainer: every page URL and anchor. Never remove a line.\n"
        "# tests/test_anchors.py fails when one stops resolving; `make anchors` adds new ones.\n"
    )
    path.write_text(header + "\n".join(merged) + "\n", encoding="utf-8")
