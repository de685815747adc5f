"""Finish each built page: a Content-Security-Policy, deferred scripts, and fixes for Material's invalid HTML.

- Material's inline scripts are allowed by their SHA-256 hashes, so no other inline script (and no inline event
  handler, which a hash never allows) can run; everything else must come from the site itself.
- Material marks its checkbox toggles ``autocomplete="off"`` and section labels ``tabindex=""``; the Nu Html
  Checker rejects both. Neither has an effect (a checkbox has no autofill; an empty tabindex is ignored).
  Its search dialog has no accessible name; it gets one. (Targeted fixes age better than copies of Material's
  templates, which would pin its markup in this repository.)
- Every external script is deferred: parsing and first paint wait for none.

No MkDocs imports.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .htmlwalk import OpenElement, rewrite_html

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


def _function_source(source: str, name: str) -> str:
    """The text of ``function name(…){…}`` in minified JavaScript (what Function.prototype.toString returns)."""
    start = source.index(f"function {name}(")
    depth = 0
    for index in range(source.index("{", start), len(source)):
        depth += {"{": 1, "}": -1}.get(source[index], 0)
        if depth == 0:
            return source[start : index + 1]
    raise ValueError(f"unbalanced function {name}")


def iframe_worker_script(shim_source: str, worker_url: str) -> str:
    """The inline script that the iframe-worker shim writes into its iframe to run a worker from file://.

    The shim (the offline search's polyfill) builds it from a template literal around its own functions and the
    worker's URL; rebuilding it here lets the policy allow exactly that script by hash.
    """
    template_start = shim_source.index("<script>", shim_source.index("document.write(`")) + len("<script>")
    template = shim_source[template_start : shim_source.index("<\\/script>", template_start)]

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        return worker_url if name == "e" else _function_source(shim_source, name)

    return re.sub(r"\$\{(\w+)\}", substitute, template)


def script_hashes(scripts: _InlineScripts, shim_source: str | None = None) -> list[str]:
    """CSP source expressions for every inline script of a page (and the shim's, when given), without repeats."""
    digests = [_source_hash(script) for script in scripts.texts]
    if shim_source and scripts.config is not None:
        worker_url = json.loads(scripts.config).get("search")
        if worker_url:
            digests.append(_source_hash(iframe_worker_script(shim_source, worker_url)))
    return list(dict.fromkeys(digests))


def _fix_attributes(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> dict[str, str | None] | None:
    if tag == "script" and attrs.get("src") and not {"defer", "async", "type"} & attrs.keys():
        # Parsing and first paint never wait for a script; deferred scripts still run in document order (the
        # worker shim, then Material's bundle, then ours), before DOMContentLoaded.
        return {**attrs, "defer": None}
    if tag == "input" and attrs.get("type") == "checkbox" and "autocomplete" in attrs:
        return {name: value for name, value in attrs.items() if name != "autocomplete"}
    if attrs.get("tabindex") == "":
        return {name: value for name, value in attrs.items() if name != "tabindex"}
    if (
        attrs.get("role") == "dialog"
        and "md-search" in (attrs.get("class") or "").split()
        and "aria-label" not in attrs
    ):
        return {**attrs, "aria-label": "Search"}  # a dialog needs an accessible name
    return None


def harden_page(html: str, shim_source: str | None = None) -> str:
    """Fix the template defects and put the Content-Security-Policy first in the head.

    Args:
        html: A whole built page.
        shim_source: The iframe-worker shim's JavaScript, if the site uses it (offline search from file://).
    """
    # One pass fixes the attributes and reads the inline scripts (the fixes never touch a script's text).
    scripts = _InlineScripts()
    fixed = rewrite_html(html, on_attrs=_fix_attributes, on_raw_text=scripts.see)
    if fixed.count("<head>") != 1:
        return fixed
    policy = content_security_policy(script_hashes(scripts, shim_source))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return fixed.replace("<head>", "<head>\n    " + meta, 1)
