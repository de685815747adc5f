"""Site-wide checks on the built HTML: valid markup (Nu Html Checker), every internal link and anchor resolves,
a Content-Security-Policy on every page, and no reference to another host."""

from __future__ import annotations

import json
import posixpath
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from brief_explainer.anchors import read_page
from brief_explainer.htmlwalk import OpenElement, rewrite_html
from brief_explainer.theme import EAGER_INDEX_LOAD

from .conftest import JAVA, ROOT, build_command_of

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(pages: list[Path]) -> list[str]:
    """The Nu Html Checker's errors in these pages, as 'file:line: message'."""
    result = subprocess.run(
        [*JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def references(html: str) -> list[tuple[str, str]]:
    """(tag, URL) of every href and src; a canonical link is reported as tag 'canonical' (it loads nothing)."""
    found: list[tuple[str, str]] = []

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        for name in ("href", "src"):
            value = attrs.get(name)
            if value is not None:
                found.append(("canonical" if attrs.get("rel") == "canonical" else tag, value))

    rewrite_html(html, on_start=on_start)
    return found


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu Html Checker needs Java")
def test_nu_html_checker_reports_no_errors(built_site: Path) -> None:
    assert nu_errors(html_pages(built_site)) == []
    assert len(html_pages(built_site)) >= 9


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    cache: dict[Path, set[str]] = {}
    problems = []
    checked = 0
    for page in html_pages(built_site):
        for tag, url in references(page.read_text(encoding="utf-8")):
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or url.startswith(("mailto:", "data:")):
                continue
            # 404.html uses root-relative URLs: it may be served at any depth.
            base = built_site if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path.lstrip("/"))).resolve() if parts.path else page
            if parts.path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.name}: <{tag}> {url}: no such file")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in cache:
                    cache[target] = read_page(target.read_text(encoding="utf-8")).ids
                if unquote(parts.fragment) not in cache[target]:
                    problems.append(f"{page.name}: {url}: no anchor #{parts.fragment} in {target.name}")
            checked += 1
    assert problems == []
    assert checked > 500


def test_every_page_has_a_content_security_policy(built_site: Path) -> None:
    for page in html_pages(built_site):
        html = page.read_text(encoding="utf-8")
        assert '<meta http-equiv="Content-Security-Policy"' in html, page.name
        assert " onclick=" not in html and " onload=" not in html and " onerror=" not in html


def external_scripts(html: str) -> list[dict[str, str | None]]:
    """The attributes of every ``<script src>``."""
    found: list[dict[str, str | None]] = []

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if tag == "script" and "src" in attrs:
            found.append(attrs)

    rewrite_html(html, on_start=on_start)
    return found


def test_no_script_holds_up_parsing_or_first_paint(built_site: Path) -> None:
    for page in html_pages(built_site):
        scripts = external_scripts(page.read_text(encoding="utf-8"))
        # The worker shim, Material's bundle, ours; and on the briefing page, the brief's words (its data).
        expected = 4 if page.name == "briefing.html" else 3
        assert len(scripts) == expected, f"{page.name}: {scripts}"
        assert all("defer" in attrs for attrs in scripts), f"{page.name}: {scripts}"


def test_no_page_refers_to_another_host(built_site: Path) -> None:
    # Only links a reader follows may leave the site; nothing a page loads may.
    for page in html_pages(built_site):
        for tag, url in references(page.read_text(encoding="utf-8")):
            if tag not in ("a", "canonical"):
                assert not urlsplit(url).scheme and not url.startswith("//"), f"{page.name}: <{tag}> loads {url}"


def test_source_maps_and_unused_search_languages_are_dropped(built_site: Path) -> None:
    assert list(built_site.rglob("*.map")) == []
    assert not (built_site / "assets" / "javascripts" / "lunr").exists()


def test_the_search_index_is_fetched_only_once_search_is_opened(built_site: Path) -> None:
    (bundle,) = (built_site / "assets" / "javascripts").glob("bundle.*.min.js")
    script = bundle.read_text(encoding="utf-8")
    # The browser test shows the behaviour; this one names the cause when it changes.
    assert EAGER_INDEX_LOAD.search(script) is None, "Material's bundle still loads the index with every page"


def test_offline_zip_holds_the_whole_site(built_site: Path) -> None:
    import zipfile

    with zipfile.ZipFile(built_site / "download" / "indivisibility-explainer-offline.zip") as archive:
        names = set(archive.namelist())
    assert "indivisibility-explainer/index.html" in names
    assert "indivisibility-explainer/search/search_index.js" in names
    assert "indivisibility-explainer/assets/javascripts/iframe-worker-shim.js" in names
    assert any(name.endswith(".pdf") for name in names)


def test_search_index_works_without_a_server(built_site: Path) -> None:
    index = (built_site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert index.startswith("var __index =") and "Medvedev" in index


def test_posix_paths_only() -> None:
    # URLs in the lock are POSIX paths relative to the site root.
    assert all(
        posixpath.normpath(line) == line.split("#")[0] or "#" in line
        for line in (ROOT / "anchors.lock").read_text(encoding="utf-8").splitlines()
        if not line.startswith("#")
    )


def test_the_build_needs_no_network(built_site: Path) -> None:
    # The session's build ran in a network namespace of its own where it could (root): no interface but a down
    # loopback, so nothing could be fetched; it succeeded and wrote the PDFs and the search index.
    if not build_command_of(built_site).startswith("unshare -n "):
        pytest.skip("needs unshare -n (root)")
    assert (built_site / "pdf").is_dir() and (built_site / "search" / "search_index.js").is_file()


def test_browser_tests_never_poll_a_string_inside_the_page() -> None:
    # Playwright re-evaluates a wait_for_function string inside the page once its first check is false, and the
    # site's CSP (no 'unsafe-eval') refuses it: such a test passes on a fast machine and fails on a slow one (it
    # failed CI once). tests/browser/conftest.py's wait_until polls through the protocol instead.
    import ast

    calls = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "wait_for_function"
    ]
    assert not calls, f"use wait_until (tests/browser/conftest.py) instead of wait_for_function at {calls}"
