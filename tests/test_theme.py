"""The theme integration (theme.py): the search bundle patch and its cache, content-hashed names, the version check,
the markup fixes; and, on the real build, that every hashed name in the site (and in the offline zip) names its own
content."""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import zipfile
from pathlib import Path

import material
import pytest

from brief_explainer import theme
from brief_explainer.hardening import harden_page
from brief_explainer.htmlwalk import rewrite_html
from brief_explainer.theme import (
    MATERIAL_HASHED_NAME_RE,
    RESET_TOGGLES_SCRIPT,
    ThemeAssets,
    ThemeInternalsError,
    check_versions,
    clear_stale_cache,
    content_hash,
    defer_search_index,
    npm_package_version,
    prepare_theme_assets,
)

from .conftest import HTML_ONLY, ROOT, build_in_process

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
EAGER = (
    'function ks(){return 1}function Ei(e,t){return L($(location.protocol!=="file:"),Je("search")).pipe(b(()=>t))}'
    "\n//# sourceMappingURL=bundle.0123abcd.min.js.map\n"
)


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_search_index_waits_for_search_to_open() -> None:
    deferred = defer_search_index(EAGER)
    assert 'L($(!1),Je("search"))' in deferred
    assert "sourceMappingURL" not in deferred, "the site ships no source maps"


def test_a_bundle_without_the_known_condition_is_a_clear_error() -> None:
    with pytest.raises(ThemeInternalsError, match="defer_search_index: false"):
        defer_search_index(defer_search_index(EAGER))  # already patched: the condition is gone


def test_material_s_own_bundle_has_the_condition() -> None:
    (bundle,) = MATERIAL_TEMPLATES.glob(theme.BUNDLE)
    assert "location.protocol" not in defer_search_index(bundle.read_text(encoding="utf-8")).split("(!1)", 1)[0][-40:]


@pytest.mark.parametrize(
    ("material_version", "worker_version", "names"),
    [
        ("9.9.0", "1.0.4", ["Material for MkDocs 9.9.0", "9.8.2", "CHECKED_MATERIAL_VERSIONS", "pyproject.toml"]),
        ("9.8.2", "1.1.0", ["iframe-worker 1.1.0", "1.0.4", "CHECKED_IFRAME_WORKER_VERSIONS", "package.json"]),
    ],
)
def test_an_untested_release_is_a_clear_error(material_version: str, worker_version: str, names: list[str]) -> None:
    with pytest.raises(ThemeInternalsError) as error:
        check_versions(material_version, worker_version)
    for name in names:
        assert name in str(error.value)


def test_the_installed_releases_are_checked_ones() -> None:
    shim = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
    check_versions(importlib.metadata.version("mkdocs-material"), npm_package_version(shim))


def fake_theme(folder: Path) -> Path:
    bundle = folder / "assets" / "javascripts" / "bundle.0123abcd.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text(EAGER, encoding="utf-8")
    return folder


def test_the_patched_bundle_is_named_by_its_own_hash_and_computed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates, cache = fake_theme(tmp_path / "templates"), tmp_path / "cache"
    assets = prepare_theme_assets(templates, cache, "9.8.2", defer_index=True)
    ((old, (new, content)),) = assets.files.items()
    assert old == "assets/javascripts/bundle.0123abcd.min.js"
    assert new == f"assets/javascripts/bundle.{content_hash(content)}.min.js" and new != old
    assert content == defer_search_index(EAGER).encode()

    # The second build reads the cache: the patch is not computed again.
    def no_patch(bundle: str) -> str:
        raise AssertionError("patched again instead of read from the cache")

    monkeypatch.setattr(theme, "defer_search_index", no_patch)
    assert prepare_theme_assets(templates, cache, "9.8.2", defer_index=True).files == assets.files
    # Another Material release is another cache entry; clearing keeps only the current one.
    with pytest.raises(AssertionError, match="patched again"):
        prepare_theme_assets(templates, cache, "9.8.3", defer_index=True)
    (cache / "material-9.8.1-0000").mkdir()
    clear_stale_cache(cache, "9.8.2")
    assert [entry.name.split("-")[1] for entry in cache.iterdir()] == ["9.8.2"]


def test_without_the_deferral_nothing_is_rewritten(tmp_path: Path) -> None:
    templates = fake_theme(tmp_path / "templates")
    assert prepare_theme_assets(templates, tmp_path / "cache", "9.8.2", defer_index=False).files == {}


def test_rewritten_files_are_installed_and_pages_point_to_them(tmp_path: Path) -> None:
    old, new = "assets/javascripts/bundle.0123abcd.min.js", "assets/javascripts/bundle.89abcdef.min.js"
    assets = ThemeAssets({old: (new, b"x")})
    assert assets.renamed("../" + old) == "../" + new
    assert assets.renamed(old) == new
    assert assets.renamed("assets/javascripts/other-bundle.0123abcd.min.js") is None
    page = f'<html><head></head><body><script src="{old}"></script></body></html>'
    assert f'<script src="{new}" defer></script>' in harden_page(page, None, assets)
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.0123abcd.min.js").write_text("old", encoding="utf-8")
    assets.install(tmp_path)
    assert [path.name for path in (tmp_path / "assets" / "javascripts").iterdir()] == ["bundle.89abcdef.min.js"]


TOGGLES = (
    "<!DOCTYPE html><html><head><title>t</title></head><body>"
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
    "<p>text</p></body></html>"
)


def test_toggles_lose_the_invalid_attribute_and_are_closed_on_pageshow_instead() -> None:
    hardened = harden_page(TOGGLES)
    assert 'autocomplete="off"' not in hardened
    assert f"<script>{RESET_TOGGLES_SCRIPT}</script>\n</body>" in hardened
    assert sha256_source(RESET_TOGGLES_SCRIPT) in hardened.split("script-src", 1)[1].split(";", 1)[0]
    # A page without Material's toggles (a redirect page, say) gets no script.
    assert "pageshow" not in harden_page(TOGGLES.replace('autocomplete="off"', ""))


def test_a_shim_it_cannot_read_is_a_clear_error() -> None:
    config = '<script id="__config" type="application/json">{"search": "w.js"}</script>'
    page = f"<html><head></head><body>{config}</body></html>"
    with pytest.raises(ThemeInternalsError, match="CHECKED_IFRAME_WORKER_VERSIONS"):
        harden_page(page, "function a(){}")


def test_a_build_with_an_untested_material_release_stops_with_what_to_do(
    project_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: "9.9.0" if name == "mkdocs-material" else real(name)
    )
    result = build_in_process(project_copy, env=HTML_ONLY)  # a crash would raise here: no traceback
    assert result.returncode != 0
    assert "Traceback" not in result.log, result.log[-3000:]
    assert "Material for MkDocs 9.9.0 is installed" in result.log, result.log[-3000:]
    assert "CHECKED_MATERIAL_VERSIONS" in result.log


def hashed_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files (site path → content) whose names carry a content hash."""
    return {path: content for path, content in files.items() if MATERIAL_HASHED_NAME_RE.match(path.rsplit("/", 1)[-1])}


def dishonest_names(files: dict[str, bytes]) -> list[str]:
    """Hashed names that do not name their content: neither Material's own file under Material's own name, nor a
    file whose name carries the hash of its content."""
    wrong = []
    for path, content in hashed_files(files).items():
        shipped = MATERIAL_TEMPLATES / path
        if shipped.is_file() and shipped.read_bytes() == content:
            continue
        match = MATERIAL_HASHED_NAME_RE.match(path.rsplit("/", 1)[-1])
        assert match is not None
        if content_hash(content) != match["hash"]:
            wrong.append(path)
    return wrong


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def test_every_hashed_name_in_the_site_matches_its_content(built_site: Path) -> None:
    files = site_files(built_site)
    hashed = hashed_files(files)
    # Material's stylesheets, its search worker, and the patched bundle: the bundle is not Material's file.
    assert any(path.startswith("assets/javascripts/bundle.") for path in hashed), sorted(hashed)
    assert not any((MATERIAL_TEMPLATES / path).is_file() for path in hashed if "/bundle." in path)
    assert dishonest_names(files) == []


def test_every_hashed_name_in_the_offline_zip_matches_its_content(built_site: Path) -> None:
    with zipfile.ZipFile(built_site / "download/indivisibility-explainer-offline.zip") as archive:
        files = {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    assert any("/bundle." in path for path in hashed_files(files))
    assert dishonest_names(files) == []


def test_the_check_catches_a_rewritten_file_under_its_old_name() -> None:
    (bundle,) = MATERIAL_TEMPLATES.glob(theme.BUNDLE)
    path = bundle.relative_to(MATERIAL_TEMPLATES).as_posix()
    assert dishonest_names({path: bundle.read_bytes()}) == []
    assert dishonest_names({path: bundle.read_bytes() + b"\n"}) == [path]


def test_every_page_loads_scripts_and_stylesheets_that_exist(built_site: Path) -> None:
    missing = []
    for page in built_site.rglob("*.html"):

        def check(tag: str, attrs: dict[str, str | None], stack: object, page: Path = page) -> None:
            url = attrs.get("src") if tag == "script" else attrs.get("href") if tag == "link" else None
            if url and "assets/" in url and not url.startswith(("http:", "https:", "data:")):
                # 404.html uses absolute paths (it is served at any depth); a site at a sub-path keeps assets/.
                target = built_site / url[url.index("assets/") :] if url.startswith("/") else page.parent / url
                if not target.resolve().is_file():
                    missing.append(f"{page.name}: {url}")

        rewrite_html(page.read_text(encoding="utf-8"), on_start=check)
    assert missing == []
