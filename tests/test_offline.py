"""The offline zip and the lighter site: what no page loads is dropped, our assets minified, and the zip holds the
whole site in a stable order, its pages without the online-only parts, and never half written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from brief_explainer.offline import (
    ONLINE_ONLY_CLASS,
    main,
    minify_assets,
    offline_page,
    partial_zip,
    prune_site,
    write_site_zip,
)

PAGE = (
    '<html><body><p>Read it.</p><p class="x online-only"><a href="download/site.zip">Get the zip</a></p>'
    "<p>End.</p></body></html>"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "assets" / "javascripts" / "lunr" / "min").mkdir(parents=True)
    (site / "assets" / "javascripts" / "lunr" / "min" / "lunr.de.min.js").write_text("de", encoding="utf-8")
    (site / "assets" / "javascripts" / "bundle.js").write_text("var a = 1;\n\n// note\nvar b = 2;\n", encoding="utf-8")
    (site / "assets" / "javascripts" / "bundle.js.map").write_text("{}", encoding="utf-8")
    (site / "assets" / "style.css").write_text("p {\n  color : red ;\n}\n/* c */\n", encoding="utf-8")
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "plain.html").write_text("<p>No online-only part.</p>", encoding="utf-8")
    return site


def test_the_online_only_parts_are_left_out_of_a_page() -> None:
    assert offline_page(PAGE) == "<html><body><p>Read it.</p><p>End.</p></body></html>"
    assert offline_page("<p>Nothing to drop.</p>") == "<p>Nothing to drop.</p>"
    assert ONLINE_ONLY_CLASS == "online-only"


def test_source_maps_and_other_search_languages_are_pruned(site: Path) -> None:
    removed = prune_site(site)
    assert sorted(path.relative_to(site).as_posix() for path in removed) == [
        "assets/javascripts/bundle.js.map",
        "assets/javascripts/lunr/min/lunr.de.min.js",
    ]
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    assert (site / "assets" / "javascripts" / "bundle.js").is_file()
    assert prune_site(site) == []  # nothing left to prune


def test_our_assets_are_minified_and_others_left_alone(site: Path) -> None:
    minify_assets(site, ["assets/javascripts/bundle.js", "assets/style.css"])
    assert (site / "assets" / "javascripts" / "bundle.js").read_text(encoding="utf-8") == "var a=1;var b=2;"
    assert (site / "assets" / "style.css").read_text(encoding="utf-8") == "p{color:red}"
    assert (site / "assets" / "javascripts" / "bundle.js.map").read_text(encoding="utf-8") == "{}"


def test_the_zip_holds_the_whole_site_once_in_order_under_one_folder(site: Path) -> None:
    target = write_site_zip(site, "download/site.zip")
    assert target == site / "download" / "site.zip"
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert "indivisibility-explainer/index.html" in names
        assert "indivisibility-explainer/download/site.zip" not in names  # not itself
        assert all(name.startswith("indivisibility-explainer/") for name in names)
        page = archive.read("indivisibility-explainer/index.html").decode("utf-8")
        assert "Get the zip" not in page and "Read it." in page
        assert archive.read("indivisibility-explainer/plain.html") == (site / "plain.html").read_bytes()
    assert not partial_zip(target).exists()
    # Written again, the zip is the same: a second build of the same site gives the same bytes.
    first = target.read_bytes()
    assert write_site_zip(site, "download/site.zip").read_bytes() == first


def test_a_zip_that_cannot_be_finished_leaves_the_previous_one(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = write_site_zip(site, "download/site.zip")
    before = target.read_bytes()
    (site / "new.html").write_text("<p>New.</p>", encoding="utf-8")

    def failing_write(self: zipfile.ZipFile, filename: object, *args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(zipfile.ZipFile, "write", failing_write)
    with pytest.raises(OSError, match="disk full"):
        write_site_zip(site, "download/site.zip")
    assert target.read_bytes() == before  # readers still get the whole previous zip


def test_the_command_zips_a_built_site_and_refuses_a_missing_one(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(site), "get/it.zip"]) == 0
    assert (site / "get" / "it.zip").is_file()
    assert f"wrote {site / 'get' / 'it.zip'}" in capsys.readouterr().out
    assert main([str(tmp_path / "nothing")]) == 2
    assert "no built site here; run `make build` first" in capsys.readouterr().err
