"""Check the external links of a built site, for when a network exists (``brief-explainer linkcheck``, which
``make linkcheck-external`` runs).

Internal links and anchors are checked by the test suite without any network; this command only visits the
official texts and sources the pages link to. No MkDocs imports.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from .htmlwalk import OpenElement, rewrite_html

TIMEOUT_SECONDS = 15
PARALLEL_REQUESTS = 8
"""Links visited at once: a few hosts are slow to answer, and a check should not take minutes."""
USER_AGENT = "brief-explainer-linkcheck/1.0 (+offline explainer; checks that cited sources still resolve)"


def external_links(site_dir: Path, own_host: str = "") -> dict[str, list[str]]:
    """Every external http(s) link, with the pages that carry it."""
    found: dict[str, list[str]] = {}
    for page in sorted(site_dir.rglob("*.html")):

        def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement], name: str = page.name) -> None:
            href = attrs.get("href") or ""
            if tag == "a" and urlsplit(href).scheme in ("http", "https") and urlsplit(href).netloc != own_host:
                found.setdefault(href, [])
                if name not in found[href]:
                    found[href].append(name)

        rewrite_html(page.read_text(encoding="utf-8"), on_start=on_start)
    return found


def status_of(url: str) -> str:
    """'ok' or what went wrong."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                if response.status < 400:
                    return "ok"
        except urllib.error.HTTPError as exc:
            if method == "GET" or exc.code not in (403, 405, 501):
                return f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return f"unreachable ({getattr(exc, 'reason', exc)})"
    return "failed"


def link_statuses(urls: Iterable[str]) -> dict[str, str]:
    """Each URL's status (:func:`status_of`), several visited at once."""
    listed = list(urls)
    with ThreadPoolExecutor(max_workers=PARALLEL_REQUESTS) as pool:
        return dict(zip(listed, pool.map(status_of, listed), strict=True))
