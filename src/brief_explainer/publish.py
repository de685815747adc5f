"""Publishing: the check that a release names a public address, and the ``_headers`` file for static hosts.

- ``public_url_problem`` is what ``make release`` runs first: a release build writes its address into every page,
  the sitemap and the PDFs, so it must be the public ``https://`` one, never the author's machine.
- ``write_headers`` writes ``_headers`` (the format of Netlify and Cloudflare Pages; other hosts ignore the file):
  the pages' Content-Security-Policy as an HTTP header, which can also forbid framing, long-lived ``immutable``
  caching for the files whose name carries a content hash, short caching for pages, PDFs, the EPUB and the zip, none
  for a release's service worker (browsers look for a new one at every visit). It is
  generated from the built site, so it lists exactly the files and inline scripts the build produced.

No MkDocs imports; ``brief-explainer check-url URL`` checks an address by hand.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from .hardening import content_security_policy
from .htmlwalk import OpenElement, rewrite_html
from .offline_web import SW_FILE

HEADERS_FILE = "_headers"
"""The file's name, in the site's root."""

CONTENT_HASHED_NAME_RE = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:css|js)$")
"""A file named after a hash of its content (``bundle.f1ef6a2a.min.js``): a new content is a new name."""

HASHED_DIR = "assets"
"""Where hashed files are looked for."""

IMMUTABLE = "public, max-age=31536000, immutable"
"""A year, never revalidated: the name changes whenever the content does."""

SHORT = "public, max-age=600, must-revalidate"
"""Ten minutes: a new release reaches readers quickly."""

NO_CACHE = "no-cache"
"""Revalidated at every use: the service worker, whose every byte decides whether readers get a new edition."""

EXTRA_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "strict-origin-when-cross-origin"}
"""Sent with every file besides the policy."""

LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".test", ".example", ".invalid")
"""Host names that never reach the public internet (RFC 6761, RFC 6762, ICANN's .internal)."""


def public_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a release's public address, or None when it can."""
    if not url:
        return "SITE_URL is not set"
    parts = urlsplit(url)
    if parts.scheme != "https":
        return f"SITE_URL {url!r} is not an https:// address"
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return f"SITE_URL {url!r} has no host"
    if parts.username or parts.password or parts.query or parts.fragment:
        return f"SITE_URL {url!r} carries a user name, query or fragment: give the site's address only"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or "." not in host or host.endswith(LOCAL_SUFFIXES):
            return f"SITE_URL {url!r} names a local host, not a public one"
        return None
    if not address.is_global:
        return f"SITE_URL {url!r} is a private or local address"
    return None


def hashed_assets(site_dir: Path) -> list[str]:
    """Paths (from the site's root, with /) of the files whose name carries a content hash."""
    folder = site_dir / HASHED_DIR
    return sorted(
        path.relative_to(site_dir).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and CONTENT_HASHED_NAME_RE.search(path.name)
    )


def _script_hashes(html: str) -> list[str]:
    """The ``'sha256-…'`` sources of a page's Content-Security-Policy meta tag (its inline scripts)."""
    found: list[str] = []

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            for directive in (attrs.get("content") or "").split(";"):
                name, *sources = directive.split() or [""]
                if name == "script-src":
                    found.extend(source for source in sources if source.startswith("'sha"))

    # The policy is the head's first element (hardening.py puts it there): the body need not be parsed.
    end_of_head = html.find("</head>")
    rewrite_html(html if end_of_head < 0 else html[:end_of_head], on_start=on_start)
    return found


def _page_paths(site_dir: Path, page: Path) -> list[str]:
    """The addresses a page is served at: its file, and the same without .html (the hosts' pretty URLs)."""
    relative = page.relative_to(site_dir).as_posix()
    if page.name == "index.html":
        return ["/" + relative[: -len("index.html")], "/" + relative]
    return ["/" + relative, "/" + relative.removesuffix(".html")]


def headers_text(site_dir: Path, output_folders: Sequence[str] = ()) -> str:
    """The ``_headers`` file for the built site in ``site_dir``; the files of ``output_folders`` (the PDFs, the
    offline zip, the EPUB: :attr:`.outputs.OutputNames.folders`) keep their names across releases."""
    pages = sorted(site_dir.rglob("*.html"))
    hashes: list[str] = []
    for page in pages:
        hashes += _script_hashes(page.read_text(encoding="utf-8"))
    policy = content_security_policy(dict.fromkeys(hashes), header=True)
    # Rules do not overlap in Cache-Control: a host that joins the values of every matching rule (Cloudflare)
    # would otherwise send two contradicting ones.
    rules: list[tuple[str, dict[str, str]]] = [("/*", {"Content-Security-Policy": policy, **EXTRA_HEADERS})]
    rules += [(f"/{asset}", {"Cache-Control": IMMUTABLE}) for asset in hashed_assets(site_dir)]
    rules += [(path, {"Cache-Control": SHORT}) for page in pages for path in _page_paths(site_dir, page)]
    rules += [(f"/{folder}/*", {"Cache-Control": SHORT}) for folder in output_folders if (site_dir / folder).is_dir()]
    if (site_dir / SW_FILE).is_file():
        rules.append((f"/{SW_FILE}", {"Cache-Control": NO_CACHE}))
    lines = ["# Written by the build (brief_explainer.publish): HTTP headers for Netlify and Cloudflare Pages."]
    for path, headers in rules:
        lines += ["", path, *(f"  {name}: {value}" for name, value in headers.items())]
    return "\n".join(lines) + "\n"


def write_headers(site_dir: Path, name: str = HEADERS_FILE, output_folders: Sequence[str] = ()) -> Path:
    """Write the ``_headers`` file into the built site; returns its path."""
    target = site_dir / name
    target.write_text(headers_text(site_dir, output_folders), encoding="utf-8")
    return target
