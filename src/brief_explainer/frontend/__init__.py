"""The reader tools' front end: one source file per feature, joined at build into the two files every page loads.

No MkDocs imports. The flow:

1. Sources: ``js/<feature>.js`` and ``css/<feature>.css`` beside this module (package data), listed in the order
   they are joined in :data:`JS_SOURCES` and :data:`CSS_SOURCES`. To add a feature, write its files and append
   their names there; a name listed whose file is missing stops the build (:class:`FrontendError`).
2. :func:`bundle_js` wraps the scripts in one function with ``"use strict"``: they share its scope, as one script,
   because pages read from ``file://`` cannot load module scripts. ``shared.js`` comes first (helpers, the page
   state, ``onPage()``); each feature file defines a ``setup…()`` that installs its own listeners and registers
   what it does on each page, and calls it. The wrapper's last line, ``startPages()``, runs every page setup for
   the first page and each one Material's instant navigation brings (``document$``).
3. The phone breakpoint is defined once, here (:data:`WIDE_SCREEN_EM`). The wrapper declares ``MENU_MEDIA``
   (:data:`MENU_MEDIA`) for ``menus.js``; in the stylesheets ``@media (--menu-mode)`` and ``@media (--margin-mode)``
   (custom-media names, as in the CSS draft) become :data:`MENU_MEDIA` and its complement :data:`MARGIN_MEDIA`.
4. The plugin adds the results to the site as generated files at :data:`SCRIPT_PATH` and :data:`STYLESHEET_PATH`
   (``on_files``), the addresses ``extra_javascript`` / ``extra_css`` name; minified in a build, readable under
   ``mkdocs serve``, which watches :data:`SOURCE_DIR`.

``tsconfig.json`` (``make lint``) type-checks the scripts together as one scope, as they run, with their JSDoc
types and ``js/globals.d.ts`` for what the page and the wrapper provide.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parent
"""The sources' folder (``js/`` and ``css/``)."""

JS_DIR = SOURCE_DIR / "js"
CSS_DIR = SOURCE_DIR / "css"

JS_SOURCES = (
    "shared.js",
    "passages.js",
    "copy-tools.js",
    "citation-formats.js",
    # Escape closes the topmost thing only: the popovers' listener before the menus', before the passage links'.
    "popovers.js",
    "menus.js",
    "passage-links.js",
    # The briefing kit: its store first; then the actions it adds to the tools above, its count, its page.
    "briefing-store.js",
    "quotes.js",
    "briefing-count.js",
    "briefing.js",
    "print-links.js",
    # Last: a deep link lands once every other feature has prepared the page.
    "landing.js",
)
"""The scripts, in the order they are joined (and so their listeners installed and their page setups run)."""

CSS_SOURCES = (
    "shared.css",
    "paragraphs.css",
    "landing.css",
    "copy-tools.css",
    "citation-formats.css",
    # After the tools' and the formats' own rules, which it overrides on narrow and touch screens.
    "menus.css",
    "passage-links.css",
    "links.css",
    "popovers.css",
    "glossary-page.css",
    "editorial.css",
    "briefing.css",
    "print.css",
)
"""The stylesheets, in the order they are joined: a later rule wins over an earlier one of the same specificity."""

SCRIPT_PATH = "assets/javascripts/explainer.js"
"""Where the site holds the joined script (named by mkdocs.yml's ``extra_javascript``)."""

STYLESHEET_PATH = "assets/stylesheets/explainer.css"
"""Where the site holds the joined stylesheet (named by mkdocs.yml's ``extra_css``)."""

WIDE_SCREEN_EM = 76.25
"""The phone (and tablet) breakpoint: from this width up (Material's own, 1220 px) there is a margin beside the
text for the anchor tools; below it, or without hover, the ¶ number opens them as a menu."""

MENU_MEDIA = f"(max-width: {WIDE_SCREEN_EM - 1 / 64:.4f}em), (hover: none)"
"""Where the anchor tools open as a menu: below the breakpoint (by Material's 1/64 em, not a whole pixel), or where
nothing hovers."""

MARGIN_MEDIA = f"(min-width: {WIDE_SCREEN_EM}em) and (hover: hover)"
"""The complement of :data:`MENU_MEDIA`: the tools in the margin, shown on hover."""

CUSTOM_MEDIA = {"--menu-mode": MENU_MEDIA, "--margin-mode": MARGIN_MEDIA}
"""The stylesheets' ``@media (--name)`` names and the queries the build writes in their place."""

CUSTOM_MEDIA_RE = re.compile(r"@media\s*\((--[\w-]+)\)")


class FrontendError(Exception):
    """A source is missing or names something the build does not know; the message says which and what to do."""


def read_sources(folder: Path, names: Sequence[str]) -> list[tuple[str, str]]:
    """Each source's name and text, in order; a missing one is a :class:`FrontendError` naming it."""
    texts = []
    for name in names:
        path = folder / name
        try:
            texts.append((name, path.read_text(encoding="utf-8")))
        except FileNotFoundError as exc:
            raise FrontendError(
                f"Front-end source '{name}' is missing from {folder}: restore it, or remove its name from "
                f"the sources' list in {Path(__file__).name} (brief_explainer.frontend)"
            ) from exc
    return texts


def _joined(sources: list[tuple[str, str]]) -> str:
    """The sources one after the other, each under a comment naming it (dropped when minified)."""
    return "\n".join(f"/* ---- {name} ---- */\n{text.rstrip()}\n" for name, text in sources)


def bundle_js(folder: Path | None = None, names: Sequence[str] | None = None, *, minify: bool = True) -> str:
    """The scripts joined in one strict-mode function, with the breakpoint's query; minified unless asked not to.

    By default the sources of :data:`JS_SOURCES` in :data:`JS_DIR`. A second copy of the bundle on the same page
    (a theme override that adds it again) does nothing.
    """
    body = _joined(read_sources(folder or JS_DIR, JS_SOURCES if names is None else names))
    script = (
        "(function () {\n"
        '"use strict";\n'
        "if (window.__briefExplainer) {\n  return;\n}\n"
        "window.__briefExplainer = true;\n"
        f"var MENU_MEDIA = {json.dumps(MENU_MEDIA)};\n\n"
        f"{body}\n"
        "startPages();\n"
        "})();\n"
    )
    if not minify:
        return script
    import rjsmin

    return str(rjsmin.jsmin(script))


def bundle_css(folder: Path | None = None, names: Sequence[str] | None = None, *, minify: bool = True) -> str:
    """The stylesheets joined, each ``@media (--name)`` replaced by its query; minified unless asked not to.

    By default the sources of :data:`CSS_SOURCES` in :data:`CSS_DIR`.
    """
    sources = read_sources(folder or CSS_DIR, CSS_SOURCES if names is None else names)
    for name, text in sources:
        unknown = sorted({match.group(1) for match in CUSTOM_MEDIA_RE.finditer(text)} - CUSTOM_MEDIA.keys())
        if unknown:
            known = ", ".join(CUSTOM_MEDIA)
            raise FrontendError(f"Front-end source '{name}': unknown media name(s) {', '.join(unknown)}: use {known}")
    stylesheet = CUSTOM_MEDIA_RE.sub(lambda match: f"@media {CUSTOM_MEDIA[match.group(1)]}", _joined(sources))
    if not minify:
        return stylesheet
    import rcssmin

    return str(rcssmin.cssmin(stylesheet))


def bundles(*, minify: bool = True) -> dict[str, str]:
    """The site path and content of each file the front end adds to the site."""
    return {SCRIPT_PATH: bundle_js(minify=minify), STYLESHEET_PATH: bundle_css(minify=minify)}
