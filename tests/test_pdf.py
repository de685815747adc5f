"""The PDFs the build writes: the brief's text, addresses equal to the web's, links, outline, metadata, size."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from brief_explainer.htmlwalk import OpenElement, rewrite_html
from brief_explainer.pdf import PdfError, PdfResult, build_pdfs, sort_messages

from . import brief_text
from .conftest import PUBLIC_URL, ROOT, build_in_process, build_log_of, pdf_text, run_build, write_mini_project
from .test_glossary_model import VALID

PDF_NAME = "contested-interpretations-of-the-indivisibility-of-security"  # the plugin's default pdf_name
ARTICLES = ["meaning", "russia-position", "russian-arguments", "common-interpretation"]
BRIEF_PAGES = ["index", *ARTICLES]
APPENDICES = ["Glossary", "Timeline", "Bibliography"]
MAX_BYTES = 1_000_000
ARTEFACTS = ROOT / "test-artifacts" / "pdf"
BRIEF = {
    "title": "A Title",
    "short_title": "Title",
    "author": "An Author",
    "author_sort": "Author, An",
    "series": "A Series",
    "publisher": "A Publisher",
    "date": "May 2024",
    "citation_date": "2024/05",
    "language": "en",
    "keywords": ["one", "two"],
}


# --- Reading the built site ------------------------------------------------------------------------------------


def article_content(html: str) -> Iterator[tuple[str, dict[str, str | None], list[OpenElement]]]:
    """Start tags inside the page's article (Material's content area), with their open elements."""
    found: list[tuple[str, dict[str, str | None], list[OpenElement]]] = []

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if any(element.tag == "article" for element in stack[:-1]):
            found.append((tag, attrs, list(stack)))

    rewrite_html(html, on_start=on_start)
    return iter(found)


def page_ids(site: Path, page: str) -> dict[str, list[str]]:
    """Sentence, paragraph and heading ids of a built page."""
    ids: dict[str, list[str]] = {"sentences": [], "paragraphs": [], "headings": []}
    for tag, attrs, _ in article_content((site / f"{page}.html").read_text(encoding="utf-8")):
        classes = (attrs.get("class") or "").split()
        if "brief-sentence" in classes:
            ids["sentences"].append(attrs["id"] or "")
        elif "brief-para" in classes:
            ids["paragraphs"].append(attrs["id"] or "")
        elif re.fullmatch(r"h[1-6]", tag) and attrs.get("id"):
            ids["headings"].append(attrs["id"] or "")
    return ids


def sentences(site: Path, page: str) -> list[str]:
    """The text of each sentence of the brief on a built page, without citation marks."""
    found: list[list[str]] = []

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if "brief-sentence" in (attrs.get("class") or "").split():
            found.append([])

    def on_text(text: str, stack: list[OpenElement]) -> None:
        inside = any("brief-sentence" in element.classes for element in stack)
        if inside and not any(element.tag == "sup" for element in stack):
            found[-1].append(text)

    rewrite_html((site / f"{page}.html").read_text(encoding="utf-8"), on_start=on_start, on_text=on_text)
    return [" ".join("".join(parts).split()) for parts in found]


def first_heading(site: Path, page: str) -> str:
    """The text of a built page's h1."""
    texts: list[str] = []

    def on_text(text: str, stack: list[OpenElement]) -> None:
        if any(element.tag == "h1" for element in stack) and any(element.tag == "article" for element in stack):
            texts.append(text)

    rewrite_html((site / f"{page}.html").read_text(encoding="utf-8"), on_text=on_text)
    return " ".join("".join(texts).split())


# --- Reading PDFs ----------------------------------------------------------------------------------------------


def outline_titles(outline: list[Any]) -> list[str]:
    titles: list[str] = []
    for item in outline:
        if isinstance(item, list):
            titles += outline_titles(item)
        else:
            titles.append(str(item.title))
    return titles


def letters(text: str) -> str:
    """Only the letters, lowercased: what is left once white space, line-end hyphens, ¶ marks and citation
    numbers (digits glued to words in extracted text) are set aside."""
    return re.sub(r"[^a-ząćęłńóśźż]", "", text.casefold())


def link_targets(reader: PdfReader) -> tuple[list[str], list[str]]:
    """(internal destination names, external URIs) of every link annotation."""
    internal: list[str] = []
    external: list[str] = []
    for page in reader.pages:
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annotation:
                internal.append(str(annotation["/Dest"]))
                continue
            action = annotation["/A"]
            if action["/S"] == "/GoTo":
                internal.append(str(action["/D"]))
            else:
                assert action["/S"] == "/URI", f"unexpected link action {action}"
                external.append(str(action["/URI"]))
    return internal, external


@pytest.fixture(scope="module")
def pdf_dir(built_site: Path) -> Path:
    return built_site / "pdf"


@pytest.fixture(scope="module")
def reader(pdf_dir: Path) -> PdfReader:
    return PdfReader(pdf_dir / f"{PDF_NAME}.pdf")


@pytest.fixture(scope="module")
def text(pdf_dir: Path) -> str:
    return pdf_text(pdf_dir / f"{PDF_NAME}.pdf")


# --- The whole explainer ---------------------------------------------------------------------------------------


def test_outline_lists_the_articles_and_appendices(built_site: Path, reader: PdfReader) -> None:
    titles = outline_titles(reader.outline)
    questions = [first_heading(built_site, page) for page in ARTICLES]
    assert questions == brief_text.questions()
    for expected in [*questions, *APPENDICES]:
        assert expected in titles
    top_level = [str(item.title) for item in reader.outline if isinstance(item, Destination)]
    assert top_level == ["Contents", "Overview", *questions, *APPENDICES]


def test_every_sentence_of_the_brief_in_reading_order(built_site: Path, text: str) -> None:
    expected = [sentence for page in BRIEF_PAGES for sentence in sentences(built_site, page)]
    # The site's sentences are the brief's (test_build checks the paragraphs word for word).
    assert " ".join(expected) == " ".join(brief_text.paragraphs())
    haystack = letters(text)
    position = 0
    for sentence in expected:
        found = haystack.find(letters(sentence), position)
        assert found >= 0, f"not found (in order) in the PDF text: {sentence!r}"
        position = found + len(letters(sentence))


def test_paragraph_numbers_as_on_the_web(text: str) -> None:
    marks = re.findall(r"¶(\d+)", text)
    for number in range(1, 6):
        assert str(number) in marks


def test_named_destinations_equal_the_web_anchors(built_site: Path, reader: PdfReader) -> None:
    destinations = set(reader.named_destinations)
    wanted: set[str] = {f"p-{number}" for number in range(1, 6)}
    for page in BRIEF_PAGES:
        ids = page_ids(built_site, page)
        assert ids["sentences"], f"{page}.html has no sentence ids"
        wanted |= set(ids["sentences"]) | set(ids["paragraphs"]) | set(ids["headings"])
    wanted |= {"glossary", "helsinki-final-act", "timeline", "bibliography", "ref-kulesa2022"}
    assert sorted(wanted - destinations) == []


def test_footnote_ids_are_prefixed_with_their_page(reader: PdfReader) -> None:
    destinations = list(reader.named_destinations)
    assert not [name for name in destinations if name.startswith(("fn:", "fnref"))]
    for page in BRIEF_PAGES:
        assert any(name.startswith(f"{page}--fn:") for name in destinations), page


def test_every_internal_link_resolves(reader: PdfReader) -> None:
    internal, external = link_targets(reader)
    destinations = set(reader.named_destinations)
    assert len(internal) > 50  # contents, glossary terms, citations, cross-references
    assert sorted(set(internal) - destinations) == []
    assert all(uri.startswith(("http://", "https://")) for uri in external)
    # Links between pages became internal: a term links to its glossary entry, ¶3's citation to its note.
    assert {"helsinki-final-act", "p-3", "russia-position--fn:est2009"} <= set(internal)


def test_web_only_parts_are_left_out(text: str) -> None:
    assert "Glossary entry" not in text  # the popovers, rendered after the footer, outside the article
    assert "Jump back" not in text


def test_glossary_and_timeline_show_the_second_reading(text: str) -> None:
    # Issue 12: the corrected facts reach the PDF, not only the web pages (no automatic hyphenation: words whole).
    words = " ".join(text.split())
    assert 'draft agreement with NATO (Article 1) speaks instead of "the principles of cooperation, equal and' in words
    assert "a change in effect from 1 January 1995" in words
    assert "Lavrov announced the letter on 26 and 28 January 2022; it was sent on 28 January" in words
    assert "Explainer's note:" in words and "Press quotation: Charter of Paris for a New Europe as quoted" in words
    assert "aalep" not in words and "the same sentence appears" not in words.casefold()


def test_metadata(reader: PdfReader) -> None:
    info = reader.metadata
    assert info is not None
    assert info.title == "Contested Interpretations of the Indivisibility of Security"
    assert info.author == "Łukasz Kulesa"
    assert info.subject and "PISM Spotlight" in info.subject
    assert "OSCE" in str(info.get("/Keywords"))
    assert info.get("/CreationDate")
    assert reader.root_object.get("/Lang") == "en"


def test_cover_and_contents(text: str, reader: PdfReader) -> None:
    cover = reader.pages[0].extract_text()
    for expected in (
        "PISM Spotlight",
        "February 2022",
        "Łukasz Kulesa",
        "Polish Institute of International Affairs",
        "word for word",
        "PDF built",
    ):
        assert expected.casefold() in " ".join(cover.split()).casefold(), expected
    contents = " ".join(reader.pages[1].extract_text().split())
    assert "Contents" in contents
    assert re.search(r"Glossary \d+", contents)


def test_small_and_fonts_embedded(pdf_dir: Path, reader: PdfReader) -> None:
    assert (pdf_dir / f"{PDF_NAME}.pdf").stat().st_size < MAX_BYTES
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"], descendant["/BaseFont"]
            fonts.add(str(descendant["/BaseFont"]).split("+")[-1])
    assert any(font.startswith("DejaVu") for font in fonts)


def test_build_log_reports_the_pdf_step(built_site: Path) -> None:
    log = build_log_of(built_site)
    assert re.search(r"PDF: 5 file\(s\) in [\d.]+ s \(HTML build [\d.]+ s\)", log), log[-2000:]


# --- One PDF per article ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ARTICLES)
def test_article_pdf(built_site: Path, public_site: Path, pdf_dir: Path, page: str) -> None:
    article = PdfReader(pdf_dir / f"{page}.pdf")
    text = " ".join(pdf_text(pdf_dir / f"{page}.pdf").split())
    question = first_heading(built_site, page)
    assert question in text
    assert outline_titles(article.outline)[0] == question
    destinations = set(article.named_destinations)
    assert set(page_ids(built_site, page)["sentences"]) <= destinations
    internal, external = link_targets(article)
    # Links within the article stay internal; links to the rest of the explainer go to the web site, when the build
    # knows its address (SITE_URL), and are left out when it does not.
    assert sorted(set(internal) - destinations) == []
    assert not any("glossary.html#" in uri for uri in external)
    _, external_online = link_targets(PdfReader(public_site / "pdf" / f"{page}.pdf"))
    assert any(uri.startswith(f"{PUBLIC_URL}glossary.html#") for uri in external_online)
    assert article.metadata is not None and question in str(article.metadata.title)


# --- A preview for people ----------------------------------------------------------------------------------------


def test_preview_of_the_first_pages(pdf_dir: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: `make system-deps`")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTEFACTS.glob("page-*.png"):
        old.unlink()
    subprocess.run(
        [pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "2", str(pdf_dir / f"{PDF_NAME}.pdf"), str(ARTEFACTS / "page")],
        check=True,
        capture_output=True,
    )
    previews = sorted(ARTEFACTS.glob("page-*.png"))
    assert len(previews) == 2
    for preview in previews:
        assert preview.stat().st_size > 5_000, f"{preview} looks blank"


# --- The module on its own ---------------------------------------------------------------------------------------


def fake_page(src_uri: str, content: str, *, title: str, brief: bool = False) -> SimpleNamespace:
    url = src_uri.removesuffix(".md") + ".html"
    return SimpleNamespace(
        title=title, content=content, file=SimpleNamespace(src_uri=src_uri, url=url), meta={"brief": brief}
    )


def test_shared_ids_prefixed_and_cross_page_links_internal(tmp_path: Path) -> None:
    note = '<div class="footnote"><ol><li id="fn:k"><p>Note.</p></li></ol></div>'
    pages = [
        fake_page(
            "index.md",
            f'<h1 id="top">Top</h1><p id="intro">See <a href="a.html">A</a>'
            f'<sup id="fnref:k"><a href="#fn:k">1</a></sup>.</p><h2 id="same">Same</h2>{note}',
            title="Home",
        ),
        fake_page(
            "a.md",
            '<h1 id="a">A</h1><p><a href="b.html#x">x</a> <a href="index.html#intro">intro</a>'
            '<sup id="fnref:k"><a href="#fn:k">1</a></sup></p><h2 id="same">Same</h2>' + note,
            title="A",
            brief=True,
        ),
        fake_page(
            "b.md", '<h1 id="b">B</h1><p id="x" title="tip">X <a href="https://example.org/">site</a></p>', title="B"
        ),
    ]
    result = build_pdfs(
        pages, site_dir=tmp_path, pdf_dir="pdf", pdf_name="all", brief=BRIEF, site_url="https://example.org/explainer/"
    )
    assert result.problems == []
    written = result.written
    assert [path.name for path in written] == ["all.pdf", "a.pdf"]
    whole = PdfReader(written[0])
    destinations = set(whole.named_destinations)
    assert {"top", "intro", "a", "b", "x", "index--fn:k", "a--fn:k", "index--same", "a--same"} <= destinations
    assert not {"fn:k", "same"} & destinations
    internal, external = link_targets(whole)
    assert {"a", "x", "intro", "index--fn:k", "a--fn:k"} <= set(internal)
    assert sorted(set(internal) - destinations) == []
    assert sorted(set(external)) == ["https://example.org/", "https://example.org/explainer/"]  # the link, the cover
    text = pdf_text(written[0])
    assert "Popover text" not in text
    assert "(https://example.org/)" in " ".join(text.split())
    article_internal, article_external = link_targets(PdfReader(written[1]))
    assert set(article_internal) == {"a--fn:k"}
    assert sorted(article_external) == [
        "https://example.org/explainer/b.html#x",
        "https://example.org/explainer/index.html#intro",
    ]


def one_page_pdf(tmp_path: Path, content: str) -> PdfResult:
    page = fake_page("index.md", f'<h1 id="t">T</h1>{content}', title="T")
    return build_pdfs([page], site_dir=tmp_path, pdf_dir="pdf", pdf_name="all", brief=BRIEF, site_url="")


def test_remote_resources_are_refused(tmp_path: Path) -> None:
    result = one_page_pdf(tmp_path, '<p><img src="https://example.org/logo.png" alt="logo"></p>')
    assert len(result.problems) == 1
    assert "Failed to load image at 'https://example.org/logo.png'" in result.problems[0]
    assert "disallowed protocol" in result.problems[0]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param('<p><img src="missing.png" alt="x"></p>', "Failed to load image at", id="missing-image"),
        pytest.param(
            '<link rel="stylesheet" href="missing.css"><p>x</p>', "Failed to load stylesheet at", id="missing-css"
        ),
        # A private-use character: no font on any machine has a glyph for it.
        pytest.param("<p>\ue000</p>", ".notdef glyph rendered for Unicode string unsupported by fonts", id="glyph"),
    ],
)
def test_content_problems_are_reported_with_weasyprints_own_message(tmp_path: Path, content: str, problem: str) -> None:
    result = one_page_pdf(tmp_path, content)
    assert [message for message in result.problems if problem in message], result.problems
    assert not [message for message in result.notes if problem in message]
    assert (tmp_path / "pdf" / "all.pdf").is_file()  # written all the same: the caller decides what is fatal


def test_a_machine_without_harfbuzz_subset_gets_a_note_not_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import weasyprint.pdf.fonts

    # What WeasyPrint does on a machine without libharfbuzz-subset0, whatever this machine has.
    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    result = one_page_pdf(tmp_path, "<p>Plain text.</p>")
    assert result.problems == []
    assert any("Using fontTools instead of HarfBuzz-Subset" in note for note in result.notes), result.notes
    assert PdfReader(result.written[0]).pages[0].extract_text().strip()


def record(template: str, *args: object, level: int = logging.WARNING) -> logging.LogRecord:
    return logging.LogRecord("weasyprint", level, "weasyprint", 0, template, args, None)


@pytest.mark.parametrize(
    ("template", "args", "is_note"),
    [
        # Notes about the machine: pdf/fonts.py, how fonts get subset or embedded.
        (
            'Using fontTools instead of HarfBuzz-Subset for font "%s". This will be unsupported in future versions '
            "of WeasyPrint. Please install HarfBuzz-Subset >= 4.1.0 with your package manager.",
            ("DejaVu Sans",),
            True,
        ),
        ('Unable to subset "%s" with HarfBuzz', ("DejaVu Serif",), True),
        ('Unable to subset "%s" with fontTools', ("DejaVu Serif",), True),
        ("Please install HarfBuzz version 13+ with harfbuzz-vector to display %s COLR emoji fonts.", ("Noto",), True),
        # Problems with the document.
        ("Failed to load image at %r: %s", ("x.png", "URLError"), False),
        ("Failed to load stylesheet at %s: %s", ("x.css", "URLError"), False),
        ("Content discarded: target points to undefined anchor %r", ("#nowhere",), False),
        ('.notdef glyph rendered for Unicode string unsupported by fonts: "%s" (U+%04X)', ("\ue000", 0xE000), False),
        ("Ignored `%s` at %d:%d, %s.", ("color: bad", 1, 2, "invalid value"), False),
    ],
)
def test_weasyprint_messages_are_sorted_by_template(template: str, args: tuple[object, ...], is_note: bool) -> None:
    problems, notes = sort_messages([record(template, *args), record(template, *args)])
    message = template % args
    assert (notes, problems) == (([message], []) if is_note else ([], [message]))


def test_missing_brief_fields_are_reported(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match=r"extra\.brief\.publisher is empty: give the publisher"):
        build_pdfs([], site_dir=tmp_path, pdf_dir="pdf", pdf_name="all", brief={**BRIEF, "publisher": ""}, site_url="")


def test_rewrite_html_can_leave_out_an_element_with_its_subtree() -> None:
    html = "<p>a<button>b<i>c</i><br>d</button>e<div hidden><div><p>x</p></div></div><span>f</span></p>"
    dropped = rewrite_html(html, drop=lambda tag, attrs, stack: tag == "button" or "hidden" in attrs)
    assert dropped == "<p>ae<span>f</span></p>"
    assert rewrite_html(html) == html


# --- The machine: notes are information, missing libraries are named, content problems fail --strict -------------

HIDE_LIBRARIES = """\
# Loaded at start-up (PYTHONPATH): this machine pretends not to have some shared libraries.
import cffi

_dlopen = cffi.FFI.dlopen


def dlopen(self, name, *args, **kwargs):
    if any(hidden in str(name) for hidden in {hidden!r}):
        raise OSError(f"cannot load library {{name!r}}: hidden by the test")
    return _dlopen(self, name, *args, **kwargs)


cffi.FFI.dlopen = dlopen
"""


def build_without(tmp_path: Path, hidden: list[str]) -> subprocess.CompletedProcess[str]:
    """A strict build of the mini project, with its PDFs, on a machine without the ``hidden`` libraries."""
    project = write_mini_project(tmp_path / "project", pdf=True, glossary=VALID)
    startup = tmp_path / "startup"
    startup.mkdir()
    (startup / "sitecustomize.py").write_text(HIDE_LIBRARIES.format(hidden=hidden), encoding="utf-8")
    return run_build(project, project / "site", env={"PYTHONPATH": str(startup)})


def test_a_machine_without_harfbuzz_subset_builds_strictly_with_a_note(tmp_path: Path) -> None:
    result = build_without(tmp_path, ["harfbuzz-subset"])
    assert result.returncode == 0, result.stderr[-3000:]
    assert (
        "INFO    -  brief_explainer: PDF: a note about this machine, the PDFs are complete: HarfBuzz-Subset will be "
        "required by future versions of WeasyPrint." in result.stderr
    )
    assert "more like it: --verbose shows them" in result.stderr
    assert "WARNING" not in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "project" / "site" / "pdf" / "meaning.pdf").is_file()


def test_a_machine_without_pango_is_told_which_packages_to_install(tmp_path: Path) -> None:
    result = build_without(tmp_path, ["pango"])
    assert result.returncode == 1
    assert "WeasyPrint cannot start" in result.stderr
    assert "Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.stderr
    assert "BRIEF_PDF=false" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_glyph_no_font_has_fails_the_strict_build(tmp_path: Path) -> None:
    # U+E000 is a private-use character: a browser shows a box, the PDF a .notdef glyph. Only the PDF can tell.
    project = write_mini_project(tmp_path / "project", pdf=True, glossary=VALID)
    page = project / "docs" / "meaning.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n\n!!! note\n    A private-use character: \ue000.\n", encoding="utf-8"
    )
    result = build_in_process(project)
    assert result.returncode == 1
    assert (
        "WARNING -  brief_explainer: PDF: .notdef glyph rendered for Unicode string unsupported by fonts: "
        '"\ue000" (U+E000)' in result.log
    )
    assert "Aborted with 1 warnings in strict mode!" in result.log
    assert "Traceback" not in result.log
