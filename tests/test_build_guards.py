"""The build itself guards what is published: locked addresses, the brief's numbering and its record.

Each case is a real ``mkdocs build --strict`` of a copy of the project with its anchor lock, as ``make build``,
``make release`` and the Pages workflow run it (they run no tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT, copy_project, edit, run_build

QUICK = {"BRIEF_PDF": "false", "BRIEF_EPUB": "false"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    (project / "anchors.lock").write_bytes((ROOT / "anchors.lock").read_bytes())
    return project


def build(project: Path) -> tuple[int, str]:
    result = run_build(project, project / "site", env=QUICK)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr


def test_a_changed_paragraph_id_fails_naming_the_address_its_page_and_the_fixes(project: Path) -> None:
    edit(project / "docs" / "russia-position.md", "{ #p-3 }", "{ #p-33 }")
    code, log = build(project)
    assert code != 0
    assert (
        "Published address 'russia-position.html#p-3' no longer resolves: anchor #p-3 no longer exists on "
        "russia-position.html. It was on russia-position.html (docs/russia-position.md). Restore the id or the "
        "page, or, if it moved, add a redirect"
    ) in log
    assert "`make anchors` never removes an address" in log
    assert "Doc file 'russia-position.md': paragraph id 'p-33' where 'p-3' was expected" in log, (
        "the numbering is checked too"
    )


@pytest.mark.parametrize(
    ("page", "old", "new", "message"),
    [
        pytest.param(
            "russian-arguments.md", "{ #p-4 }", "{ #p-6 }", "paragraph id 'p-6' where 'p-4' was expected", id="gap"
        ),
        pytest.param(
            "russian-arguments.md", "{ #p-4 }", "{ #p-3 }", "paragraph id 'p-3' where 'p-4' was expected", id="repeat"
        ),
    ],
)
def test_the_brief_is_numbered_without_gaps_or_repeats(
    project: Path, page: str, old: str, new: str, message: str
) -> None:
    (project / "anchors.lock").unlink()  # the numbering alone, without the lock's warnings
    edit(project / "docs" / page, old, new)
    code, log = build(project)
    assert code != 0
    assert f"Doc file '{page}': {message}" in log


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            "    title: Contested Interpretations of the Indivisibility of Security\n",
            "",
            "extra.brief.title is missing: add the brief's title, as published",
            id="missing-title",
        ),
        pytest.param(
            "    author_sort: Kulesa, Łukasz\n",
            '    author_sort: ""\n',
            "extra.brief.author_sort is empty",
            id="empty-key",
        ),
        pytest.param(
            "    series: PISM Spotlight\n",
            "    series: PISM Spotlight\n    serie: typo\n",
            "extra.brief: unknown key 'serie'",
            id="unknown-key",
        ),
    ],
)
def test_an_incomplete_brief_record_fails_whatever_brief_pdf_says(
    project: Path, old: str, new: str, message: str
) -> None:
    edit(project / "mkdocs.yml", old, new)
    code, log = build(project)
    assert code != 0
    assert "The brief's record in mkdocs.yml (extra.brief) is incomplete" in log
    assert message in log


def test_a_page_moved_with_a_redirect_keeps_its_locked_addresses(project: Path) -> None:
    docs = project / "docs"
    (docs / "common-interpretation.md").rename(docs / "common-ground.md")
    edit(docs / "index.md", "(common-interpretation.md)", "(common-ground.md)")
    edit(project / "mkdocs.yml", "common-interpretation.md", "common-ground.md")
    code, log = build(project)
    assert code != 0, "without a redirect the old address is broken"
    assert "Published address 'common-interpretation.html' no longer resolves" in log
    assert "Published address 'common-interpretation.html#p-5.1' no longer resolves" in log
    edit(project / "mkdocs.yml", "redirect_maps: {}", "redirect_maps: {common-interpretation.md: common-ground.md}")
    code, log = build(project)
    assert code == 0, log[-3000:]
    assert "Published address" not in log
