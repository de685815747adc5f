"""The anchor lock: collecting addresses, checking them, following redirects, and the refresh command."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief_explainer.anchors import check_addresses, collect_addresses, lock_warnings, read_lock
from brief_explainer.cli import main

from .conftest import HTML_ONLY, ROOT, build_in_process, edit

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


def test_a_lock_that_is_not_utf8_is_named_with_the_offset(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = tmp_path / "anchors.lock"
    lock.write_bytes(b"# Published addresses\nindex.html\nmeaning.html#p-2\n" + b"caf\xe9.html\n")
    before = lock.read_bytes()
    for command in ("check", "update"):
        assert main(["anchors", command, str(site), str(lock)]) == 1  # an exception would fail the test: no traceback
        assert "anchors.lock: not UTF-8: byte 0xe9 at offset 53 (line 4)" in capsys.readouterr().err
        assert lock.read_bytes() == before


# --- The build guards the published addresses ------------------------------------------------------------------
# In-process ``mkdocs build --strict`` of a copy of the project with its anchor lock, as ``make build``,
# ``make release`` and the Pages workflow run it (they run no tests).


@pytest.fixture
def locked_project(project_copy: Path) -> Path:
    (project_copy / "anchors.lock").write_bytes((ROOT / "anchors.lock").read_bytes())
    return project_copy


def test_a_changed_paragraph_id_fails_naming_the_address_its_page_and_the_fixes(locked_project: Path) -> None:
    edit(locked_project / "docs" / "russia-position.md", "{ #p-3 }", "{ #p-33 }")
    result = build_in_process(locked_project, env=HTML_ONLY)
    assert "Traceback" not in result.log
    assert result.returncode != 0
    assert (
        "Published address 'russia-position.html#p-3' no longer resolves: anchor #p-3 no longer exists on "
        "russia-position.html. It was on russia-position.html (docs/russia-position.md). Restore the id or the "
        "page, or, if it moved, add a redirect"
    ) in result.log
    assert "`make anchors` never removes an address" in result.log
    assert "Doc file 'russia-position.md': paragraph id 'p-33' where 'p-3' was expected" in result.log, (
        "the numbering is checked too"
    )


def test_a_page_moved_with_a_redirect_keeps_its_locked_addresses(locked_project: Path) -> None:
    docs = locked_project / "docs"
    (docs / "common-interpretation.md").rename(docs / "common-ground.md")
    edit(docs / "index.md", "(common-interpretation.md)", "(common-ground.md)")
    edit(locked_project / "mkdocs.yml", "common-interpretation.md", "common-ground.md")
    result = build_in_process(locked_project, env=HTML_ONLY)
    assert result.returncode != 0, "without a redirect the old address is broken"
    assert "Published address 'common-interpretation.html' no longer resolves" in result.log
    assert "Published address 'common-interpretation.html#p-5.1' no longer resolves" in result.log
    edit(
        locked_project / "mkdocs.yml",
        "redirect_maps: {}",
        "redirect_maps: {common-interpretation.md: common-ground.md}",
    )
    result = build_in_process(locked_project, env=HTML_ONLY)
    assert result.returncode == 0, result.log[-3000:]
    assert "Published address" not in result.log
