"""The theme's compiled templates are kept between builds, and an edited template is compiled again."""

from __future__ import annotations

from pathlib import Path

from .conftest import copy_project, run_build

QUICK = {"BRIEF_PDF": "false"}


def test_compiled_templates_are_reused_and_an_edit_still_shows(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    first = run_build(project, project / "site", env=QUICK)
    assert first.returncode == 0, first.stderr[-3000:]
    cache = project / ".cache" / "brief-explainer" / "templates"
    compiled = sorted(path.name for path in cache.glob("__jinja2_*.cache"))
    assert len(compiled) >= 10  # Material's partials and our overrides
    page = (project / "site" / "meaning.html").read_text(encoding="utf-8")

    template = project / "overrides" / "main.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(
        text.replace('<meta property="og:locale" content="en_GB">', '<meta name="x-edited" content="yes">', 1),
        encoding="utf-8",
    )
    second = run_build(project, project / "site", env=QUICK)
    assert second.returncode == 0, second.stderr[-3000:]
    edited = (project / "site" / "meaning.html").read_text(encoding="utf-8")
    assert '<meta name="x-edited" content="yes">' in edited
    assert "og:locale" not in edited and "og:locale" in page
