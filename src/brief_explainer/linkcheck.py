"""Check the external links of a built site, for when a network exists (``make linkcheck-external``).

Internal links and anchors are checked by the test suite without any network; this command only visits the
official texts and sources the pages link to. No MkDocs imports.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from .htmlwalk import OpenElement, rewrite_html

TIMEOUT_SECONDS = 15
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


def main(argv: list[str]) -> int:
    """Check every external link of the site folder given (default: site)."""
    site_dir = Path(argv[0] if argv else "site")
    links = external_links(site_dir)
    if not links:
        print(f"{site_dir}: no external links (is the site built?)")
        return 0
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = dict(zip(links, pool.map(status_of, links), strict=True))
    broken = {url: status for url, status in results.items() if status != "ok"}
    for url, status in sorted(results.items()):
        print(f"{status:>30}  {url}  ({', '.join(links[url][:3])})")
    print(f"{len(results) - len(broken)} of {len(results)} external links resolve")
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
