"""Everything that depends on Material's or iframe-worker's internals, in one place, with the versions it was checked
against.

- The search bundle patch: Material's bundle fetches the search index with every page served over HTTP; one
  condition changed makes it wait until search is first opened, as it already does from ``file://``. The patched
  bundle gets a name with its own content hash, and pages point to that name. (Material 9.8.2's bundle has no
  public hook for *when* the index loads: it reads no ``__search`` global, and ``document$``/``location$`` come
  after the decision; so the condition itself is patched.)
- The iframe-worker shim's inline script, rebuilt so the Content-Security-Policy can allow it by hash.
- Fixes to Material's markup that the Nu Html Checker rejects, and what the removed markup was for: Material's
  drawer and search toggles carried ``autocomplete="off"`` so that a browser restoring form state after Back
  would not reopen them; a ``pageshow`` handler now closes them instead.

Anything derived from the theme's files alone (the patched bundle) is computed once per Material version and this
module's own code, and kept in a cache folder. An untested Material or iframe-worker release raises
:class:`ThemeInternalsError` saying what to do; nothing here imports MkDocs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .cache import source_of, write_atomically
from .htmlwalk import OpenElement

CHECKED_MATERIAL_VERSIONS = frozenset(["9.8.2"])
"""Material for MkDocs releases whose bundle, templates and shim contract this module was checked against."""

CHECKED_IFRAME_WORKER_VERSIONS = frozenset(["1.0.4"])
"""iframe-worker releases whose shim this module rebuilds the inline script of."""

HOW_TO_CHECK = (
    "Pin a checked release in pyproject.toml/package.json, or check src/brief_explainer/theme.py against this one "
    "(the search bundle patch, the worker script, the markup fixes; run the tests, browser tests included) and "
    "add the version to {name} there."
)


class ThemeInternalsError(Exception):
    """Material or iframe-worker is not what this module was checked against."""


def check_versions(material_version: str, iframe_worker_version: str | None = None) -> None:
    """Raise :class:`ThemeInternalsError` for a release this module was not checked against."""
    if material_version not in CHECKED_MATERIAL_VERSIONS:
        raise ThemeInternalsError(
            f"Material for MkDocs {material_version} is installed, but this plugin's theme integration was checked "
            f"against {', '.join(sorted(CHECKED_MATERIAL_VERSIONS))} only. "
            + HOW_TO_CHECK.format(name="CHECKED_MATERIAL_VERSIONS")
        )
    if iframe_worker_version is not None and iframe_worker_version not in CHECKED_IFRAME_WORKER_VERSIONS:
        raise ThemeInternalsError(
            f"iframe-worker {iframe_worker_version} is installed (node_modules), but the plugin rebuilds the inline "
            f"script of {', '.join(sorted(CHECKED_IFRAME_WORKER_VERSIONS))} only. "
            + HOW_TO_CHECK.format(name="CHECKED_IFRAME_WORKER_VERSIONS")
        )


@functools.cache
def npm_package_version(file_in_package: Path) -> str | None:
    """The version in the package.json of the npm package that holds a file, if there is one."""
    for folder in file_in_package.resolve().parents:
        manifest = folder / "package.json"
        if manifest.is_file():
            version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
            return str(version) if version else None
    return None


# --- Content-hashed names -------------------------------------------------------------------------------------

MATERIAL_HASHED_NAME_RE = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{8})(?P<suffix>(?:\.min)?\.(?:js|css))$")
"""Material's content-hashed file names: ``bundle.a5f9d56c.min.js``."""


def content_hash(content: bytes) -> str:
    """The short content hash used in the names of rewritten files (Material's stylesheets use the same one)."""
    return hashlib.sha256(content).hexdigest()[:8]


def rehashed_name(name: str, content: bytes) -> str:
    """``name`` with its hash replaced by the hash of ``content``."""
    match = MATERIAL_HASHED_NAME_RE.match(name)
    if match is None:
        raise ThemeInternalsError(f"{name}: not a content-hashed file name")
    return f"{match['stem']}.{content_hash(content)}{match['suffix']}"


# --- The search bundle patch ---------------------------------------------------------------------------------

BUNDLE = "assets/javascripts/bundle.*.min.js"
"""Where Material's main script sits, in the theme package and in a built site."""

EAGER_INDEX_LOAD = re.compile(r'(?P<of>[A-Za-z_$][\w$]*)\(location\.protocol!=="file:"\)')
"""In Material's bundle, the condition under which the search index loads with the page instead of when search
is first opened: ``of(location.protocol !== "file:")`` merged with the search toggle. Read from disk, Material
already waits for the toggle; making the condition ``of(false)`` makes the web site wait too."""

SOURCE_MAP_COMMENT = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")
"""The bundle's last line; the site ships no source maps, and the patched bundle would not match one."""


def defer_search_index(bundle: str) -> str:
    """Material's bundle, changed to fetch the search index when search is first opened."""
    deferred, count = EAGER_INDEX_LOAD.subn(r"\g<of>(!1)", bundle)
    if count != 1:
        raise ThemeInternalsError(
            "Material's bundle does not have the one search-index condition the plugin changes (EAGER_INDEX_LOAD "
            f"matched {count} times). "
            + HOW_TO_CHECK.format(name="CHECKED_MATERIAL_VERSIONS")
            + " Or set defer_search_index: false."
        )
    return SOURCE_MAP_COMMENT.sub("\n", deferred)


def _code_hash() -> str:
    """This module's own source: a change to it invalidates the cache."""
    return content_hash(source_of(__file__))


@dataclass
class ThemeAssets:
    """The theme files this plugin rewrites, already rewritten: site path of Material's file → new site path and
    content. Pages must point to the new paths (:meth:`renamed`), and the site gets the new files
    (:meth:`install`)."""

    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def renamed(self, url: str) -> str | None:
        """The reference ``url`` (relative, as in a page) with a rewritten file's new name, or None if unchanged."""
        for old, (new, _) in self.files.items():
            if url == old or url.endswith("/" + old):
                return url[: len(url) - len(old)] + new
        return None

    def install(self, site_dir: Path) -> None:
        """Replace Material's files in the site with the rewritten ones."""
        for old, (new, content) in self.files.items():
            (site_dir / old).unlink(missing_ok=True)
            (site_dir / new).write_bytes(content)


def prepare_theme_assets(theme_dir: Path, cache_dir: Path, material_version: str, *, defer_index: bool) -> ThemeAssets:
    """The rewritten theme files, from the cache when this Material version and this code made them before.

    Args:
        theme_dir: Material's ``templates`` folder (what ``theme.dirs`` ends with).
        cache_dir: A folder for this plugin's caches (``.cache/brief-explainer``); created when needed.
        material_version: Part of the cache key: another release gets its own entry.
        defer_index: Whether to patch the bundle at all.
    """
    assets = ThemeAssets()
    if not defer_index:
        return assets
    bundles = sorted(theme_dir.glob(BUNDLE))
    if len(bundles) != 1:
        raise ThemeInternalsError(
            f"expected one {BUNDLE} in {theme_dir}, found {len(bundles)}. "
            + HOW_TO_CHECK.format(name="CHECKED_MATERIAL_VERSIONS")
        )
    original = bundles[0]
    old = str(PurePosixPath(*original.relative_to(theme_dir).parts))
    entry = cache_dir / f"material-{material_version}-{_code_hash()}"
    manifest_path = entry / "manifest.json"
    manifest: dict[str, str] = {}
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    cached = entry / manifest[old] if old in manifest else None
    if cached is not None and cached.is_file():
        content = cached.read_bytes()
    else:
        content = defer_search_index(original.read_text(encoding="utf-8")).encode("utf-8")
        new_name = rehashed_name(original.name, content)
        entry.mkdir(parents=True, exist_ok=True)
        write_atomically(entry / new_name, content)
        manifest[old] = new_name
        write_atomically(manifest_path, json.dumps(manifest, indent=1).encode("utf-8"))
    new = str(PurePosixPath(old).with_name(rehashed_name(original.name, content)))
    assets.files[old] = (new, content)
    return assets


def clear_stale_cache(cache_dir: Path, material_version: str) -> None:
    """Remove cache entries of other Material releases or of older versions of this code."""
    current = f"material-{material_version}-{_code_hash()}"
    for entry in cache_dir.glob("material-*"):
        if entry.name != current:
            shutil.rmtree(entry, ignore_errors=True)


# --- iframe-worker's inline script ---------------------------------------------------------------------------


def _function_source(source: str, name: str) -> str:
    """The text of ``function name(…){…}`` in minified JavaScript (what Function.prototype.toString returns)."""
    start = source.find(f"function {name}(")
    if start < 0:
        raise ThemeInternalsError(f"the iframe-worker shim has no function {name}")
    depth = 0
    for index in range(source.index("{", start), len(source)):
        depth += {"{": 1, "}": -1}.get(source[index], 0)
        if depth == 0:
            return source[start : index + 1]
    raise ThemeInternalsError(f"the iframe-worker shim's function {name} does not end")


@functools.lru_cache(maxsize=8)
def iframe_worker_script(shim_source: str, worker_url: str) -> str:
    """The inline script that the iframe-worker shim writes into its iframe to run a worker from file://.

    The shim (the offline search's polyfill) builds it from a template literal around its own functions and the
    worker's URL; rebuilding it here lets the policy allow exactly that script by hash.
    """
    try:
        template_start = shim_source.index("<script>", shim_source.index("document.write(`")) + len("<script>")
        template = shim_source[template_start : shim_source.index("<\\/script>", template_start)]
    except ValueError:
        raise ThemeInternalsError(
            "the iframe-worker shim no longer writes its worker script with document.write(`<script>…<\\/script>`): "
            + HOW_TO_CHECK.format(name="CHECKED_IFRAME_WORKER_VERSIONS")
        ) from None

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        return worker_url if name == "e" else _function_source(shim_source, name)

    return re.sub(r"\$\{(\w+)\}", substitute, template)


# --- Material's markup -----------------------------------------------------------------------------------------

RESET_TOGGLES_SCRIPT = (
    'addEventListener("pageshow",()=>{'
    'for(const t of document.querySelectorAll("input.md-toggle[data-md-toggle]"))t.checked&&t.click()})'
)
"""Closes Material's drawer and search toggles when a page is shown again (Back, Forward), as their removed
``autocomplete="off"`` did: a browser restores form state, and would reopen them. ``click()`` rather than
``checked = false``, so Material's own change listeners see the search close."""


@dataclass
class MarkupFixes:
    """An ``on_attrs`` callback for :func:`rewrite_html` that fixes Material's markup on one page, and what it saw."""

    assets: ThemeAssets = field(default_factory=ThemeAssets)
    has_toggles: bool = False

    def __call__(
        self, tag: str, attrs: dict[str, str | None], stack: list[OpenElement]
    ) -> dict[str, str | None] | None:
        """New attributes for a start tag, or None to keep it."""
        if tag == "script" and attrs.get("src"):
            new_src = self.assets.renamed(attrs["src"] or "")
            if new_src is not None:
                return {**attrs, "src": new_src}
            return None
        if tag == "input" and attrs.get("type") == "checkbox" and "autocomplete" in attrs:
            # Invalid on a checkbox (Nu Html Checker); its job, keeping the toggle closed after Back, is done by
            # RESET_TOGGLES_SCRIPT.
            self.has_toggles = True
            return {name: value for name, value in attrs.items() if name != "autocomplete"}
        if attrs.get("tabindex") == "":
            return {name: value for name, value in attrs.items() if name != "tabindex"}  # ignored, and invalid
        if (
            attrs.get("role") == "dialog"
            and "md-search" in (attrs.get("class") or "").split()
            and "aria-label" not in attrs
        ):
            return {**attrs, "aria-label": "Search"}  # a dialog needs an accessible name
        return None
