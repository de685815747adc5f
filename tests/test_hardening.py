"""Unit tests of the shared HTML walker's script callback and of the page hardening built on it."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from brief_explainer.hardening import harden_page
from brief_explainer.htmlwalk import OpenElement, rewrite_html
from brief_explainer.theme import RESET_TOGGLES_SCRIPT

from .conftest import assert_edit_fails_the_build

PAGE = (
    "<!DOCTYPE html><html><head><title>t</title></head><body>"
    '<script id="__config" type="application/json">{"search": null}</script>'
    "<script>var a = 1 &amp;&amp; 2;</script>"
    '<script src="bundle.js"></script><style>p{color:red}</style>'
    '<input type="checkbox" autocomplete="off"></body></html>'
)


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_raw_text_reaches_its_callback_whole_and_the_page_is_unchanged() -> None:
    seen: list[tuple[str, str, dict[str, str | None]]] = []

    def on_raw_text(text: str, element: OpenElement) -> None:
        seen.append((element.tag, text, element.attrs))

    assert rewrite_html(PAGE, on_raw_text=on_raw_text) == PAGE
    assert seen == [
        ("script", '{"search": null}', {"id": "__config", "type": "application/json"}),
        ("script", "var a = 1 &amp;&amp; 2;", {}),
        ("script", "", {"src": "bundle.js"}),
        ("style", "p{color:red}", {}),
    ]


def test_raw_text_of_a_dropped_element_is_not_reported() -> None:
    seen: list[str] = []
    rewrite_html(
        "<div><script>x()</script></div><script>y()</script>",
        drop=lambda tag, attrs, stack: tag == "div",
        on_raw_text=lambda text, element: seen.append(text),
    )
    assert seen == ["y()"]


def test_hardened_page_allows_exactly_its_inline_scripts_and_defers_the_others() -> None:
    hardened = harden_page(PAGE)
    policy = hardened.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    script_src = policy.split("script-src ", 1)[1].split(";", 1)[0].split()
    # The page has a toggle, so it also gets the script that closes toggles after Back (see test_theme.py).
    assert script_src == [
        "'self'",
        sha256('{"search": null}'),
        sha256("var a = 1 &amp;&amp; 2;"),
        sha256(RESET_TOGGLES_SCRIPT),
    ]
    assert '<script src="bundle.js" defer></script>' in hardened
    assert 'autocomplete="off"' not in hardened


def test_an_asset_from_another_host_fails_the_build(project_copy: Path) -> None:
    # Everything loads from 'self': the privacy plugin names any file from elsewhere, and --strict fails on it.
    assert_edit_fails_the_build(
        project_copy,
        "mkdocs.yml",
        "  - assets/stylesheets/explainer.css",
        "  - assets/stylesheets/explainer.css\n  - https://fonts.googleapis.com/css?family=Roboto",
        "External file: https://fonts.googleapis.com/css?family=Roboto",
    )
