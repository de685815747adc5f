"""The outputs' addresses come from one place: renaming them in mkdocs.yml moves every link with them."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest

from brief_explainer.htmlwalk import OpenElement, rewrite_html
from brief_explainer.outputs import OutputNames, resolve_output_links

from .conftest import HTML_ONLY, build_in_process, copy_project, edit

NAMES = OutputNames("pdf", "whole", "download/site.zip")


@pytest.mark.parametrize(
    ("html", "page_url", "expected", "unknown"),
    [
        ('<a href="explainer:pdf">PDF</a>', "index.html", '<a href="pdf/whole.pdf">PDF</a>', []),
        ('<a href="explainer:epub">EPUB</a>', "a/b.html", '<a href="../epub/whole.epub">EPUB</a>', []),
        (
            '<a href="explainer:offline-zip" download>zip</a>',
            "x.html",
            '<a href="download/site.zip" download>zip</a>',
            [],
        ),
        ('<a href="explainer:pfd">PDF</a>', "x.html", '<a href="explainer:pfd">PDF</a>', ["pfd"]),
        ("<p>explainer:pdf in text is text</p>", "x.html", "<p>explainer:pdf in text is text</p>", []),
    ],
)
def test_output_links_resolve_relative_to_their_page(
    html: str, page_url: str, expected: str, unknown: list[str]
) -> None:
    assert resolve_output_links(html, NAMES.by_link_name(), page_url) == (expected, unknown)


def test_no_zip_no_zip_link() -> None:
    assert "offline-zip" not in OutputNames("pdf", "whole", "").by_link_name()
    assert NAMES.article_pdf("part/two.md") == "pdf/part-two.pdf"


def output_links(site: Path) -> dict[str, str]:
    """Every link from a page to a PDF, EPUB or zip: the site path it points to → the page linking it."""
    found: dict[str, str] = {}
    for page in site.rglob("*.html"):
        url = page.relative_to(site).as_posix()

        def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement], url: str = url) -> None:
            href = attrs.get("href") or ""
            if tag == "a" and href.endswith((".pdf", ".epub", ".zip")) and "://" not in href:
                found[posixpath.normpath(posixpath.join(posixpath.dirname(url), href))] = url

        rewrite_html(page.read_text(encoding="utf-8"), on_start=on_start)
    return found


def test_renamed_outputs_are_linked_where_they_are_written(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    edit(project / "mkdocs.yml", "pdf_name: contested-interpretations-of-the-indivisibility-of-security", "pdf_name: b")
    edit(project / "mkdocs.yml", "offline_zip: download/indivisibility-explainer-offline.zip", "offline_zip: get/c.zip")
    result = build_in_process(project)  # with the PDFs and the EPUB: their links are what is checked
    assert result.returncode == 0, result.log[-3000:]
    links = output_links(project / "site")
    assert {"pdf/b.pdf", "epub/b.epub", "get/c.zip", "pdf/meaning.pdf"} <= set(links)
    missing = {target: page for target, page in links.items() if not (project / "site" / target).is_file()}
    assert missing == {}, "links to files the build did not write"


def test_a_link_to_no_output_is_named(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    edit(project / "docs" / "index.md", 'href="explainer:epub"', 'href="explainer:ebook"')
    result = build_in_process(project, env=HTML_ONLY)
    assert result.returncode != 0
    assert (
        "Doc file 'index.md': a link to 'explainer:ebook' names no output: use explainer:pdf, explainer:epub, "
        "explainer:offline-zip"
    ) in result.log


def test_each_output_path_comes_from_the_names() -> None:
    assert NAMES.pdf == NAMES.pdf_file("whole") == "pdf/whole.pdf"
    assert NAMES.offline_zip_folder == "site"  # the zip's file name, without .zip
    assert OutputNames("pdf", "whole", "download/site.zip", "my-explainer").offline_zip_folder == "my-explainer"
    assert NAMES.folders == ("pdf", "download", "epub")
    assert OutputNames("files", "whole", "files/site.zip").folders == ("files", "epub")
    assert OutputNames("pdf", "whole", "site.zip").folders == ("pdf", "epub")
