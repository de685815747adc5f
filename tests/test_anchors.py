"""The anchor lock: collecting addresses, checking them, following redirects, and the refresh command."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief_explainer.anchors import check_addresses, collect_addresses, lock_warnings, read_lock
from brief_explainer.cli import main

PAGE = """<!doctype html><html><head><title>x</title></head><body>
<div class="md-content"><article class="md-content__inner md-typeset">
<h1 id="russia-position">Q</h1><p class="brief-para" id="p-3"><span id="p-3.1">S.</span>
<sup id="fnref:a"><a href="#fn:a">1</a></sup></p><div class="footnote"><ol><li id="fn:a">n</li></ol></div>
<div class="gloss-popovers" hidden><div id="gloss-pop-nato"></div></div>
</article></div><div id="outside"></div></body></html>"""
REDIRECT = (  # what mkdocs-redirects writes
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Redirecting...</title>'
    '<link rel="canonical" href="russia-position.html">'
    '<meta http-equiv="refresh" content="0; url=russia-position.html"></head><body></body></html>'
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "russia-position.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "404.html").write_text(PAGE, encoding="utf-8")
    return tmp_path


def test_collects_pages_and_content_anchors_only(site: Path) -> None:
    assert collect_addresses(site) == [
        "russia-position.html",
        "russia-position.html#russia-position",
        "russia-position.html#p-3",
        "russia-position.html#p-3.1",
    ]


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("russia-position.html#p-3.1", None),
        ("russia-position.html#p-4", "russia-position.html#p-4: anchor #p-4 no longer exists on russia-position.html"),
        ("old.html#p-3", "old.html#p-3: page old.html no longer exists (add a redirect with mkdocs-redirects)"),
        ("moved.html#p-3", None),  # a redirect keeps the old address working
        ("moved.html#p-9", "moved.html#p-9: anchor #p-9 no longer exists on russia-position.html"),
    ],
)
def test_check_follows_redirects(site: Path, address: str, problem: str | None) -> None:
    (site / "moved.html").write_text(REDIRECT, encoding="utf-8")
    assert check_addresses(site, [address]) == ([problem] if problem else [])


def test_update_command_only_grows_the_lock(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lock = tmp_path / "anchors.lock"
    assert main(["anchors", "update", str(site), str(lock)]) == 0
    first = read_lock(lock)
    assert "russia-position.html#p-3" in first
    assert main(["anchors", "check", str(site), str(lock)]) == 0
    # An anchor disappears: check fails, and update refuses to forget it.
    (site / "russia-position.html").write_text(PAGE.replace('id="p-3.1"', 'id="p-3.9"'), encoding="utf-8")
    assert main(["anchors", "check", str(site), str(lock)]) == 1
    assert "anchor #p-3.1 no longer exists" in capsys.readouterr().out
    assert main(["anchors", "update", str(site), str(lock)]) == 1
    assert read_lock(lock) == first


def test_missing_site_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["anchors", "check", str(tmp_path / "nope"), str(tmp_path / "lock")]) == 1
    assert "run `make build` first" in capsys.readouterr().err


def test_the_builds_warning_names_the_address_its_source_and_both_fixes(site: Path) -> None:
    (site / "moved.html").write_text(REDIRECT, encoding="utf-8")
    addresses = ["russia-position.html#p-3", "russia-position.html#p-4", "moved.html#p-9", "gone.html"]
    warnings = lock_warnings(site, addresses, {"russia-position.html": "russia-position.md"})
    assert warnings[0].startswith(
        "Published address 'russia-position.html#p-4' no longer resolves: anchor #p-4 no longer exists on "
        "russia-position.html. It was on russia-position.html (docs/russia-position.md). Restore the id or the "
        "page, or, if it moved, add a redirect from russia-position.html to its new page in mkdocs.yml"
    )
    assert "anchor #p-9 no longer exists on russia-position.html. It was on moved.html." in warnings[1]
    assert "page gone.html no longer exists" in warnings[2]
    assert len(warnings) == 3
