"""The offline web app of a release build (issue 23): what the worker stores, the edition, the kill switch, and
that nothing of it reaches a build without a public address or the offline zip. The browser's side is in
tests/browser/test_offline_web.py."""

from __future__ import annotations

import io
import json
import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from brief_explainer import app_icons
from brief_explainer.frontend import SOURCE_DIR
from brief_explainer.htmlwalk import OpenElement, rewrite_html
from brief_explainer.offline_web import (
    ICONS,
    MANIFEST_FILE,
    OFFLINE_PAGE,
    ONLINE_ONLY_FILES,
    SCRIPT_FILE,
    SW_FILE,
    Mode,
    ThemeColour,
    kill_switch_worker,
    primary_colours,
    read_edition,
    site_mode,
    theme_colours,
)
from brief_explainer.publish import IMMUTABLE, NO_CACHE, headers_text

from .conftest import PUBLIC_URL, ROOT, build_in_process
from .test_quality import nu_errors

# One worker runs the module under pytest-xdist (make test): its release builds are made once.
pytestmark = pytest.mark.xdist_group("offline-web-builds")

QUICK = {"BRIEF_PDF": "false", "BRIEF_EPUB": "false"}
NODE = shutil.which("node")


def _build(site: Path, **env: str) -> Path:
    result = build_in_process(ROOT, site, env={**QUICK, **env})
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.log[-4000:]}"
    return site


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("release"), SITE_URL=PUBLIC_URL)


@pytest.fixture(scope="module")
def switched_off(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("switched-off"), SITE_URL=PUBLIC_URL, BRIEF_OFFLINE_WEB="false")


def worker_build(site: Path) -> dict[str, object]:
    """The data a release's sw.js starts with."""
    text = (site / SW_FILE).read_text(encoding="utf-8")
    prefix = '"use strict";const BUILD='  # the directive first, so the whole worker is strict code
    assert text.startswith(prefix)
    data: dict[str, object] = json.loads(text[len(prefix) : text.index(";\n")])
    return data


# ------------------------------------------------------------------------------------------------- decisions --


@pytest.mark.parametrize(
    ("site_url", "enabled", "serving", "mode"),
    [
        ("https://example.org/explainer/", True, False, Mode.WORKER),
        ("https://example.org/explainer/", False, False, Mode.KILL_SWITCH),
        ("https://example.org/", True, True, Mode.NONE),  # mkdocs serve: stale edits
        ("http://127.0.0.1:8000/", True, False, Mode.NONE),
        ("", True, False, Mode.NONE),
        ("", False, False, Mode.NONE),  # never had an address: never had a worker to remove
    ],
)
def test_only_a_public_https_build_gets_a_worker(site_url: str, enabled: bool, serving: bool, mode: Mode) -> None:
    assert site_mode(site_url, enabled=enabled, serving=serving) is mode


def test_theme_colours_come_from_materials_palette_stylesheet() -> None:
    css = (
        "[data-md-color-primary=indigo]{--md-primary-fg-color:#4051b5;--x:1}"
        "[data-md-color-primary=red]{--md-primary-fg-color:#ef5552}[data-md-color-accent=red]{--md-x:#000}"
    )
    primaries = primary_colours(css)
    assert primaries == {"indigo": "#4051b5", "red": "#ef5552"}
    light = {"media": "(prefers-color-scheme: light)", "primary": "red"}
    dark = {"media": "(prefers-color-scheme: dark)", "scheme": "slate"}
    assert theme_colours([light, dark], primaries) == (
        ThemeColour("#ef5552", "(prefers-color-scheme: light)"),
        ThemeColour("#4051b5", "(prefers-color-scheme: dark)"),
    )
    assert theme_colours([{"primary": "red", "media": "screen"}], primaries) == (ThemeColour("#ef5552"),)


# --------------------------------------------------------------------------------------- what is stored, edition --


def fake_site(folder: Path) -> Path:
    files = {
        "index.html": "<h1>Overview</h1>",
        "meaning.html": "<h1>Meaning</h1>",
        "offline.html": "<h1>You are offline</h1>",
        "assets/javascripts/bundle.js": "bundle();",
        "search/search_index.json": "{}",
        "search/search_index.js": "var __index = {}",
        "sitemap.xml": "<urlset/>",
        "robots.txt": "User-agent: *",
        "pdf/explainer.pdf": "%PDF-1.7",
        "epub/explainer.epub": "PK epub",
        "download/site-offline.zip": "PK zip",
        "_headers": "/*",
        ".build-log.txt": "log",
    }
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def test_every_page_asset_and_the_search_index_are_stored_the_downloads_when_opened(tmp_path: Path) -> None:
    edition = read_edition(fake_site(tmp_path), leave_out=["_headers"])
    assert sorted(edition.precache) == [
        "assets/javascripts/bundle.js",
        "index.html",
        "meaning.html",
        "offline.html",
        "search/search_index.json",
    ]
    assert sorted(edition.downloads) == ["download/site-offline.zip", "epub/explainer.epub", "pdf/explainer.pdf"]
    assert edition.downloads["download/site-offline.zip"] == ""
    assert edition.precache["index.html"].startswith("sha256-")
    assert edition.downloads["pdf/explainer.pdf"].startswith("sha256-")


def test_the_edition_is_a_hash_of_the_content(tmp_path: Path) -> None:
    site = fake_site(tmp_path)
    first = read_edition(site).name
    assert read_edition(site).name == first
    # The zip's bytes carry file times, new in every build: they do not make a new edition.
    (site / "download/site-offline.zip").write_text("PK zip, written again", encoding="utf-8")
    assert read_edition(site).name == first
    for name in ("meaning.html", "pdf/explainer.pdf", "assets/javascripts/bundle.js"):
        original = (site / name).read_text(encoding="utf-8")
        (site / name).write_text(original + " ", encoding="utf-8")
        assert read_edition(site).name != first, name
        (site / name).write_text(original, encoding="utf-8")
    assert read_edition(site).name == first


def test_two_release_builds_of_the_same_sources_are_one_edition(release: Path, tmp_path: Path) -> None:
    again = _build(tmp_path / "again", SITE_URL=PUBLIC_URL)
    assert worker_build(again)["edition"] == worker_build(release)["edition"]


# ---------------------------------------------------------------------------------------------- release build --


def test_a_release_build_stores_every_page_and_names_its_edition(release: Path) -> None:
    build = worker_build(release)
    precache = build["precache"]
    assert isinstance(precache, dict)
    pages = sorted(path.name for path in release.glob("*.html"))
    assert set(pages) <= set(precache)
    for needed in ("search/search_index.json", SCRIPT_FILE, OFFLINE_PAGE, *(path for path, *_ in ICONS)):
        assert needed in precache, needed
    assert SW_FILE not in precache and "search/search_index.js" not in precache
    assert not any(path.startswith(("pdf/", "epub/", "download/")) for path in precache)
    # The site as published reproduces the worker's edition (the headers, written after it, are not stored).
    assert read_edition(release, leave_out=["_headers"]).name == build["edition"]
    assert build["offlinePage"] == OFFLINE_PAGE


def test_the_worker_data_has_the_fields_and_types_tsc_checks_the_worker_against(release: Path) -> None:
    """offline-web-build.d.ts declares BUILD for tsc (make lint); a field renamed here only would pass tsc."""
    declaration = (SOURCE_DIR / "offline-web-build.d.ts").read_text(encoding="utf-8")
    body = declaration[declaration.index("interface Build {") : declaration.index("\n}")]
    declared = dict(re.findall(r"^  (\w+): ([^;]+);$", body, flags=re.MULTILINE))
    build = worker_build(release)
    assert sorted(build) == sorted(declared)
    for name, value in build.items():
        if declared[name] == "string":
            assert isinstance(value, str), name
        else:
            assert declared[name] == "Record<string, string>", (name, declared[name])
            assert isinstance(value, dict) and value, name
            assert all(isinstance(key, str) and isinstance(item, str) for key, item in value.items()), name


@pytest.mark.skipif(NODE is None, reason="node is not installed (npm brings it: `make build` runs npm ci)")
@pytest.mark.parametrize("worker", ["release", "switched_off"])
def test_the_workers_are_valid_javascript(worker: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(worker)
    result = subprocess.run([str(NODE), "--check", str(site / SW_FILE)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def head_links(html: str) -> dict[str, str]:
    """The manifest, the registration script and the worker a page names (normalised from the site's root)."""
    found: dict[str, str] = {}

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if tag == "link" and attrs.get("rel") == "manifest":
            found["manifest"] = posixpath.normpath(attrs.get("href") or "")
        if tag == "script" and "data-worker" in attrs:
            found["script"] = posixpath.normpath(attrs.get("src") or "")
            found["worker"] = posixpath.normpath(attrs.get("data-worker") or "")
            found["class"] = attrs.get("class") or ""

    rewrite_html(html, on_start=on_start)
    return found


def test_every_release_page_links_the_manifest_and_the_registration(release: Path) -> None:
    for page in sorted(release.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        expected = {"manifest": MANIFEST_FILE, "script": SCRIPT_FILE, "worker": SW_FILE, "class": "online-only"}
        assert head_links(html) == expected, page.name
        assert html.count('name="theme-color"') == 2, page.name  # one per palette
    # The offline page, like 404.html, is served at any depth: its links are relative to the site's root.
    offline = (release / OFFLINE_PAGE).read_text(encoding="utf-8")
    assert "You are offline" in offline and 'root.href = "/explainer/"' in offline


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu Html Checker needs Java")
def test_release_pages_with_the_head_links_and_the_offline_page_are_valid_html(release: Path) -> None:
    pages = [release / "index.html", release / "glossary.html", release / OFFLINE_PAGE]
    assert nu_errors(pages) == []


def test_the_manifest_names_the_site_its_colours_and_icons_drawn_from_the_logo(release: Path) -> None:
    manifest = json.loads((release / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["name"] == "Indivisibility of Security: an explainer"
    assert manifest["short_name"] == "Indivisibility of Security"
    assert manifest["start_url"] == manifest["scope"] == "./"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#4051b5"  # Material's indigo, both palettes' primary
    assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable"}
    for icon in manifest["icons"]:
        with Image.open(release / icon["src"]) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
            assert image.format == "PNG"
            # The logo in white on the theme colour: both are there.
            colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 20) or []}
            assert (255, 255, 255) in colours and (0x40, 0x51, 0xB5) in colours


def test_the_worker_is_never_cached_long(release: Path) -> None:
    headers = headers_text(release)
    assert f"/{SW_FILE}\n  Cache-Control: {NO_CACHE}\n" in headers
    assert f"/{SW_FILE}\n  Cache-Control: {IMMUTABLE}" not in headers


def test_the_offline_zip_carries_no_worker_and_no_registration(release: Path) -> None:
    archive_path = next(release.rglob("*.zip"))
    with zipfile.ZipFile(archive_path) as archive:
        names = {name.split("/", 1)[1] for name in archive.namelist()}
        assert not names & set(ONLINE_ONLY_FILES)
        for name in sorted(names):
            if name.endswith(".html"):
                html = archive.read(f"indivisibility-explainer/{name}").decode("utf-8")
                assert "offline-web" not in html and 'rel="manifest"' not in html and "theme-color" not in html, name
        assert "index.html" in names


# ----------------------------------------------------------------------------- no worker, or the kill switch --


def test_a_build_without_a_public_address_has_no_worker(built_site: Path) -> None:
    for name in ONLINE_ONLY_FILES:
        assert not (built_site / name).exists(), name
    for page in built_site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "offline-web" not in html and 'rel="manifest"' not in html, page.name


def test_switched_off_the_build_writes_only_the_worker_that_removes_an_earlier_one(switched_off: Path) -> None:
    assert (switched_off / SW_FILE).read_text(encoding="utf-8") == kill_switch_worker()
    for name in set(ONLINE_ONLY_FILES) - {SW_FILE}:
        assert not (switched_off / name).exists(), name
    for page in switched_off.glob("*.html"):
        assert "offline-web" not in page.read_text(encoding="utf-8"), page.name
    worker = kill_switch_worker()
    assert "caches.delete" in worker and "registration.unregister()" in worker
    assert '"fetch"' not in worker  # it serves nothing: every request goes to the network


# ---------------------------------------------------------------------------------------------------- icons --


def test_svg_path_data_with_arcs_and_glued_flags_is_drawn() -> None:
    # A circle as two arcs, flags written without separators (as minifiers do), and a square hole in it.
    polygons = app_icons.path_polygons("M12 2a10 10 0 110 20 10 10 0 110-20zM9 9h6v6H9z")
    assert len(polygons) == 2
    xs = [x for x, _ in polygons[0]]
    assert min(xs) == pytest.approx(2, abs=0.1) and max(xs) == pytest.approx(22, abs=0.1)
    logo = app_icons.Logo(view_box=(0, 0, 24, 24), polygons=polygons)
    with Image.open(io.BytesIO(app_icons.draw_icon(logo, 96, "#000000", maskable=True))) as icon:
        rgb = icon.convert("RGB")
        assert rgb.getpixel((48, 48)) == (0, 0, 0)  # the hole (even-odd)
        assert rgb.getpixel((48, 30)) == (255, 255, 255)  # the disc
        assert rgb.getpixel((2, 2)) == (0, 0, 0)  # the background, to the edge


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle r="3"/></svg>', "no <path>"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1v1z"/></svg>', "no usable viewBox"),
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M0 0 X 3"/></svg>', "unknown command"),
        ("<svg", "not well-formed"),
    ],
)
def test_a_logo_that_cannot_be_drawn_is_named_with_the_reason(tmp_path: Path, svg: str, problem: str) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text(svg, encoding="utf-8")
    with pytest.raises(app_icons.LogoError, match="logo") as error:
        app_icons.find_logo(logo, "material/library", [])
    assert problem in str(error.value)
