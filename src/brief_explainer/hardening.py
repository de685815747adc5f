"""Finish each built page: a Content-Security-Policy, deferred scripts, and the theme's markup fixes.

- Material's inline scripts are allowed by their SHA-256 hashes, so no other inline script (and no inline event
  handler, which a hash never allows) can run; everything else must come from the site itself.
- The fixes to Material's markup (invalid attributes, a dialog without a name, references to rewritten theme
  files) live with the rest of what depends on Material's internals, in :mod:`.theme`. (Targeted fixes age better
  than copies of Material's templates, which would pin its markup in this repository.)
- Every external script is deferred: parsing and first paint wait for none.

No MkDocs imports.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from .htmlwalk import OpenElement, rewrite_html
from .theme import RESET_TOGGLES_SCRIPT, MarkupFixes, ThemeAssets, iframe_worker_script

POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
"""The policy; inline styles stay allowed (Material sets some), inline scripts only by hash."""

HEADER_ONLY = "frame-ancestors 'self'"
"""What only an HTTP header can say (a meta policy may not hold ``frame-ancestors``): no other site frames ours."""


def content_security_policy(hashes: Iterable[str], *, header: bool = False) -> str:
    """The one policy of the site, allowing the inline scripts of the given hashes.

    Args:
        hashes: CSP source expressions (``'sha256-…'``) of the inline scripts to allow.
        header: Whether it is sent as an HTTP header, which can also forbid framing by other sites.
    """
    policy = POLICY.format(hashes=" ".join(hashes))
    return f"{policy}; {HEADER_ONLY}" if header else policy


@dataclass
class _InlineScripts:
    """The text of every inline script of a page (those without src), and Material's page configuration."""

    texts: list[str] = field(default_factory=list)
    config: str | None = None

    def see(self, text: str, element: OpenElement) -> None:
        """An ``on_raw_text`` callback for :func:`rewrite_html`."""
        if element.tag != "script" or "src" in element.attrs:
            return
        self.texts.append(text)
        if element.attrs.get("id") == "__config":
            self.config = text


def _source_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def script_hashes(scripts: _InlineScripts, shim_source: str | None = None) -> list[str]:
    """CSP source expressions for every inline script of a page (and the shim's, when given), without repeats."""
    digests = [_source_hash(script) for script in scripts.texts]
    if shim_source and scripts.config is not None:
        worker_url = json.loads(scripts.config).get("search")
        if worker_url:
            digests.append(_source_hash(iframe_worker_script(shim_source, worker_url)))
    return list(dict.fromkeys(digests))


def _defer(tag: str, attrs: dict[str, str | None]) -> dict[str, str | None] | None:
    if tag == "script" and attrs.get("src") and not {"defer", "async", "type"} & attrs.keys():
        # Parsing and first paint never wait for a script; deferred scripts still run in document order (the
        # worker shim, then Material's bundle, then ours), before DOMContentLoaded.
        return {**attrs, "defer": None}
    return None


def harden_page(html: str, shim_source: str | None = None, theme_assets: ThemeAssets | None = None) -> str:
    """Fix the theme's markup, defer scripts and put the Content-Security-Policy first in the head.

    Args:
        html: A whole built page.
        shim_source: The iframe-worker shim's JavaScript, if the site uses it (offline search from file://).
        theme_assets: Theme files the build rewrites under new names, which the page must point to.

    Raises:
        ThemeInternalsError: The shim is not the one this code knows how to read.
    """
    fixes = MarkupFixes(theme_assets or ThemeAssets())

    def fix(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> dict[str, str | None] | None:
        fixed = fixes(tag, attrs, stack)
        return _defer(tag, fixed if fixed is not None else attrs) or fixed

    # One pass fixes the attributes and reads the inline scripts (the fixes never touch a script's text).
    scripts = _InlineScripts()
    fixed = rewrite_html(html, on_attrs=fix, on_raw_text=scripts.see)
    if fixed.count("<head>") != 1:
        return fixed
    end_of_body = fixed.rfind("</body>")
    if fixes.has_toggles and end_of_body >= 0:
        fixed = f"{fixed[:end_of_body]}<script>{RESET_TOGGLES_SCRIPT}</script>\n{fixed[end_of_body:]}"
        scripts.texts.append(RESET_TOGGLES_SCRIPT)
    policy = content_security_policy(script_hashes(scripts, shim_source))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return fixed.replace("<head>", "<head>\n    " + meta, 1)
