"""Finish each built page: a Content-Security-Policy, and two fixes for Material's templates' invalid HTML.

- Material's inline scripts are allowed by their SHA-256 hashes, so no other inline script (and no inline event
  handler, which a hash never allows) can run; everything else must come from the site itself.
- Material marks its checkbox toggles ``autocomplete="off"`` and section labels ``tabindex=""``; the Nu Html
  Checker rejects both. Neither has an effect (a checkbox has no autofill; an empty tabindex is ignored).

No MkDocs imports.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

from .htmlwalk import OpenElement, rewrite_html

POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
"""The policy; inline styles stay allowed (Material sets some), inline scripts only by hash."""


class _InlineScripts(HTMLParser):
    """Collect the text of every inline script (those without src)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and "src" not in dict(attrs):
            self._inside = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.scripts[-1] += data


def script_hashes(html: str) -> list[str]:
    """CSP source expressions for every inline script of a page, in order, without repeats."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    digests = [
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"
        for script in parser.scripts
    ]
    return list(dict.fromkeys(digests))


def content_security_policy(html: str) -> str:
    """The policy for this page."""
    return POLICY.format(hashes=" ".join(script_hashes(html)))


def _fix_attributes(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> dict[str, str | None] | None:
    if tag == "input" and attrs.get("type") == "checkbox" and "autocomplete" in attrs:
        return {name: value for name, value in attrs.items() if name != "autocomplete"}
    if attrs.get("tabindex") == "":
        return {name: value for name, value in attrs.items() if name != "tabindex"}
    return None


def harden_page(html: str) -> str:
    """Fix the template defects and put the Content-Security-Policy first in the head."""
    fixed = rewrite_html(html, on_attrs=_fix_attributes)
    if fixed.count("<head>") != 1:
        return fixed
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(fixed)}">'
    return fixed.replace("<head>", "<head>\n    " + meta, 1)
