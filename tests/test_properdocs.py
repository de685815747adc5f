"""MkDocs 1.x is unmaintained; ProperDocs, its continuation, must build this site the same way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from brief_explainer.htmlwalk import rewrite_html
from brief_explainer.outputs import epub_path

from .conftest import BUILD_ENV, build_in_process, copy_project

PROPERDOCS = Path(sys.executable).parent / "properdocs"
QUICK = {"BRIEF_PDF": "false"}


def build_with_properdocs(project: Path, site: Path) -> None:
    """ProperDocs' own command, end to end, as a user of it runs it."""
    result = subprocess.run(
        [str(PROPERDOCS), "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env={**BUILD_ENV, **QUICK},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"properdocs build --strict failed:\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr


def without_generator(html: str) -> str:
    """The page without its generator tag, which names the tool that built it."""
    return rewrite_html(html, drop=lambda tag, attrs, stack: tag == "meta" and attrs.get("name") == "generator")


def test_properdocs_and_mkdocs_build_the_same_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    mkdocs_site, properdocs_site = tmp_path / "mkdocs", tmp_path / "properdocs"
    result = build_in_process(project, mkdocs_site, env=QUICK)  # MkDocs' build, in this process
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.log[-3000:]}"
    build_with_properdocs(project, properdocs_site)

    def files(site: Path) -> list[str]:
        # The zip holds the pages again, with their generator tags: compared through the pages themselves.
        return sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and p.suffix != ".zip")

    assert files(mkdocs_site) == files(properdocs_site)
    pages = [name for name in files(mkdocs_site) if name.endswith(".html")]
    assert len(pages) >= 9
    for name in files(mkdocs_site):
        ours, theirs = (site / name for site in (mkdocs_site, properdocs_site))
        if name.endswith(".html"):
            html = ours.read_text(encoding="utf-8"), theirs.read_text(encoding="utf-8")
            assert without_generator(html[0]) == without_generator(html[1]), name
        else:
            assert ours.read_bytes() == theirs.read_bytes(), name
    assert (properdocs_site / "download" / "indivisibility-explainer-offline.zip").is_file()
    # Two builds of the same content: the loop above compared their EPUBs byte for byte.
    assert epub_path("contested-interpretations-of-the-indivisibility-of-security") in files(mkdocs_site)
