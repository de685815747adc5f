"""The EPUB the build writes: valid (epubcheck), accessible (Ace by DAISY), the brief word for word with the web's
¶ numbers and ids, links that resolve, EPUB footnotes, metadata; and the module on its own (bad input)."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest

from brief_explainer.epub import EpubError, build_epub, partial_path
from brief_explainer.outputs import epub_path

from . import brief_text
from .browser.conftest import HEADLESS_SHELL
from .conftest import JAVA, ROOT, build_in_process, build_log_of, copy_project, edit
from .test_pdf import BRIEF, BRIEF_PAGES, PDF_NAME, fake_page, letters, page_ids, sentences

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
ACE = ROOT / "node_modules" / ".bin" / "ace-cli"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
MAX_BYTES = 200 * 1024
"""Well under the whole PDF (about 200 KiB): the EPUB is text only."""


# --- Reading the EPUB ------------------------------------------------------------------------------------------


class Book:
    """An EPUB's package document and content documents, parsed."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as archive:
            self.infos = archive.infolist()
            self.files = {info.filename: archive.read(info) for info in self.infos}
        self.package = ElementTree.fromstring(self.files["EPUB/package.opf"])
        manifest = self.package.find(f"{OPF}manifest")
        assert manifest is not None
        self.items = {item.get("id"): item.get("href") or "" for item in manifest}
        self.spine = [self.items[ref.get("idref")] for ref in self.package.iter(f"{OPF}itemref")]
        self.documents = {
            href: ElementTree.fromstring(self.files[f"EPUB/{href}"])
            for href in self.items.values()
            if href.endswith(".xhtml")
        }

    def ids(self, name: str) -> set[str]:
        return {element.get("id") or "" for element in self.documents[name].iter() if element.get("id")}

    def text(self) -> str:
        """The text of the content documents in reading order (the spine), the navigation document left out."""
        return "\n".join("".join(self.documents[name].itertext()) for name in self.spine if name not in ("nav.xhtml",))

    def metadata(self, tag: str) -> list[str]:
        return [element.text or "" for element in self.package.iter(tag)]

    def meta(self, prop: str) -> list[str]:
        return [element.text or "" for element in self.package.iter(f"{OPF}meta") if element.get("property") == prop]


@pytest.fixture(scope="module")
def epub_file(built_site: Path) -> Path:
    path = built_site / epub_path(PDF_NAME)
    assert path.is_file(), "the build wrote no EPUB"
    return path


@pytest.fixture(scope="module")
def book(epub_file: Path) -> Book:
    return Book(epub_file)


# --- Validators --------------------------------------------------------------------------------------------------


def test_epubcheck_reports_no_errors_and_no_warnings(epub_file: Path, tmp_path: Path) -> None:
    if not EPUBCHECK.is_file():
        pytest.fail("epubcheck is not installed: run `make system-deps` (apt package epubcheck)")
    report = tmp_path / "epubcheck.json"
    # /usr/bin/epubcheck is the jar itself, which runs only where binfmt_misc knows jars: run it through java.
    result = subprocess.run(
        [*JAVA, "-jar", str(EPUBCHECK), str(epub_file), "--json", str(report)],
        capture_output=True,
        text=True,
        check=False,
    )
    found = json.loads(report.read_text(encoding="utf-8"))
    checker = found["checker"]
    messages = [f"{m['severity']} {m['ID']}: {m['message']} {m['locations'][:1]}" for m in found["messages"]]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), "\n".join(messages)
    assert result.returncode == 0, result.stderr[-2000:]
    assert found["publication"]["nSpines"] == 10  # it read the whole book: cover, contents, eight chapters


def test_ace_reports_no_violations(epub_file: Path, tmp_path: Path) -> None:
    if not ACE.is_file():
        pytest.fail("Ace by DAISY is not installed: run `npm ci` (or `make test`)")
    out = tmp_path / "ace"
    # Ace drives Debian's headless Chromium (the same report as with the whole `chromium`, for 0.6 of its CPU
    # time); Puppeteer must never download one.
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(HEADLESS_SHELL), "PUPPETEER_SKIP_DOWNLOAD": "1"}
    result = subprocess.run(
        [str(ACE), "--force", "--outdir", str(out), str(epub_file)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    checked = {assertion["earl:testSubject"]["url"] for assertion in report["assertions"]}
    # Every content document was checked (so the count below cannot be zero for want of documents).
    assert {"cover.xhtml", "nav.xhtml", "index.xhtml", "glossary.xhtml"} <= checked
    failures = [
        f"{assertion['earl:testSubject']['url']}: {test['earl:test']['dct:title']} ({test['earl:test']['earl:impact']})"
        for assertion in report["assertions"]
        for test in assertion.get("assertions", [])
        if test["earl:result"]["earl:outcome"] == "fail"
    ]
    assert failures == []
    assert report["earl:result"]["earl:outcome"] == "pass"


# --- The brief, word for word, with the web's numbers and ids ----------------------------------------------------


def test_every_sentence_of_the_brief_in_reading_order(built_site: Path, book: Book) -> None:
    expected = [sentence for page in BRIEF_PAGES for sentence in sentences(built_site, page)]
    assert " ".join(expected) == " ".join(brief_text.paragraphs())
    haystack = letters(book.text())
    position = 0
    for sentence in expected:
        found = haystack.find(letters(sentence), position)
        assert found >= 0, f"not found (in order) in the EPUB's text: {sentence!r}"
        position = found + len(letters(sentence))


def test_every_paragraph_shows_its_number_as_on_the_web(built_site: Path, book: Book) -> None:
    paragraphs = {
        element.get("id"): "".join(element.itertext())
        for document in book.documents.values()
        for element in document.iter(f"{XHTML}p")
        if element.get("id", "").startswith("p-")
    }
    web = [paragraph for page in BRIEF_PAGES for paragraph in page_ids(built_site, page)["paragraphs"]]
    assert web, "the web pages have no paragraph ids"
    for paragraph_id in web:
        number = paragraph_id.removeprefix("p-")
        assert paragraphs[paragraph_id].startswith(f"¶{number} "), paragraph_id


def test_every_web_id_of_the_brief_is_a_fragment_of_the_epub(built_site: Path, book: Book) -> None:
    ids = {key for name in book.documents for key in book.ids(name)}
    wanted: set[str] = set()
    for page in BRIEF_PAGES:
        found = page_ids(built_site, page)
        assert found["sentences"], f"{page}.html has no sentence ids"
        wanted |= set(found["sentences"]) | set(found["paragraphs"]) | set(found["headings"])
    assert {"p-1", "p-3", "p-3.2"} <= wanted
    assert sorted(wanted - ids) == []
    # Each lands in its own chapter's file, under the web page's name.
    for page in BRIEF_PAGES:
        assert set(page_ids(built_site, page)["paragraphs"]) <= book.ids(f"{page}.xhtml")


def test_every_internal_link_resolves(book: Book) -> None:
    checked = 0
    for name, document in book.documents.items():
        for link in document.iter(f"{XHTML}a"):
            href = link.get("href")
            if href is None or urlsplit(href).scheme:
                continue
            parts = urlsplit(href)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), parts.path)) if parts.path else name
            assert target in book.documents, f"{name}: {href} names no document of the book"
            if parts.fragment:
                assert unquote(parts.fragment) in book.ids(target), f"{name}: {href} has no target"
            checked += 1
    assert checked > 400  # glossary links, ¶ links, notes, the contents


def test_glossary_links_go_to_their_entries(book: Book) -> None:
    entries = book.ids("glossary.xhtml")
    links = [
        link.get("href") or ""
        for name in BRIEF_PAGES
        for link in book.documents[f"{name}.xhtml"].iter(f"{XHTML}a")
        if "gloss-link" in (link.get("class") or "").split()
    ]
    assert len(links) >= 20
    for href in links:
        file, _, fragment = href.partition("#")
        assert file == "glossary.xhtml" and fragment in entries, href


def test_footnotes_are_epub_footnotes(book: Book) -> None:
    notes = 0
    for name in BRIEF_PAGES:
        document = book.documents[f"{name}.xhtml"]
        asides = {aside.get("id"): aside for aside in document.iter(f"{XHTML}aside") if aside.get(f"{EPUB_NS}type")}
        for aside in asides.values():
            assert aside.get(f"{EPUB_NS}type") == "footnote" and aside.get("role") == "doc-footnote"
        for link in document.iter(f"{XHTML}a"):
            if link.get(f"{EPUB_NS}type") == "noteref":
                assert link.get("role") == "doc-noteref"
                target = (link.get("href") or "").removeprefix("#")
                assert target in asides, f"{name}: noteref {target} has no footnote in its chapter"
                notes += 1
    assert notes >= 10


def test_chapters_in_the_reading_order_of_the_site(book: Book) -> None:
    assert book.spine == [
        "cover.xhtml",
        "nav.xhtml",
        *(f"{page}.xhtml" for page in BRIEF_PAGES),
        "glossary.xhtml",
        "timeline.xhtml",
        "bibliography.xhtml",
    ]


def test_navigation_has_contents_and_landmarks_and_no_page_list(book: Book) -> None:
    navs = {nav.get(f"{EPUB_NS}type"): nav for nav in book.documents["nav.xhtml"].iter(f"{XHTML}nav")}
    assert set(navs) == {"toc", "landmarks"}  # no page-list: the EPUB has no page numbers of its own
    contents = ["".join(link.itertext()) for link in navs["toc"].iter(f"{XHTML}a")]
    for question in brief_text.questions():
        assert any(question in entry for entry in contents), question
    assert {"A. Glossary", "B. Timeline", "C. Bibliography"} <= set(contents)
    landmarks = {link.get(f"{EPUB_NS}type") for link in navs["landmarks"].iter(f"{XHTML}a")}
    assert {"toc", "bodymatter", "glossary", "bibliography"} <= landmarks


def test_cover_attributes_the_brief(book: Book) -> None:
    cover = " ".join("".join(book.documents["cover.xhtml"].itertext()).split())
    brief = {
        "title": "Contested Interpretations of the Indivisibility of Security",
        "author": "Łukasz Kulesa",
        "series": "PISM Spotlight",
        "publisher": "Polish Institute of International Affairs (PISM)",
        "date": "February 2022",
    }
    for value in brief.values():
        assert value in cover
    assert f"The brief: {brief['author']}, “{brief['title']}”, {brief['series']}" in cover
    assert "not part of the brief as its author and publisher issued it" in cover  # the explainer kept apart
    # The Spotlight's number and URL are unknown: nothing pretends to know them.
    assert not re.search(r"No\.|#\s*\d|https?://", cover)


def test_metadata(book: Book) -> None:
    assert book.package.get("version") == "3.0"
    assert book.package.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert book.metadata(f"{DC}title") == ["Contested Interpretations of the Indivisibility of Security"]
    assert book.metadata(f"{DC}creator") == ["Łukasz Kulesa"]
    assert book.metadata(f"{DC}publisher") == ["Polish Institute of International Affairs (PISM)"]
    assert book.metadata(f"{DC}date") == ["2022-02"]  # extra.brief.citation_date, 2022/02
    assert book.metadata(f"{DC}language") == ["en"]
    (identifier,) = book.metadata(f"{DC}identifier")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier)
    (modified,) = book.meta("dcterms:modified")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", modified)
    assert book.meta("schema:accessMode") == ["textual"]
    assert book.meta("schema:accessModeSufficient") == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(book.meta("schema:accessibilityFeature"))
    assert book.meta("schema:accessibilityHazard") == ["none"]
    assert book.meta("schema:accessibilitySummary")
    assert book.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]


def test_nothing_remote_no_script_and_small(epub_file: Path, book: Book, built_site: Path) -> None:
    names = [info.filename for info in book.infos]
    assert names[0] == "mimetype" and book.infos[0].compress_type == zipfile.ZIP_STORED
    assert not [name for name in names if name.endswith((".js", ".woff", ".woff2", ".ttf", ".otf"))]
    for name, document in book.documents.items():
        assert not list(document.iter(f"{XHTML}script")), name
        for element in document.iter():
            for attribute in ("src", "href"):
                value = element.get(attribute) or ""
                if element.tag == f"{XHTML}a":
                    continue  # links to the sources are links, not resources
                assert not urlsplit(value).scheme, f"{name}: remote resource {value}"
    size = epub_file.stat().st_size
    assert size < MAX_BYTES
    assert size < (built_site / "pdf" / f"{PDF_NAME}.pdf").stat().st_size
    assert {info.date_time for info in book.infos} == {(1980, 1, 1, 0, 0, 0)}


def test_the_offline_zip_holds_the_epub(built_site: Path) -> None:
    with zipfile.ZipFile(built_site / "download" / "indivisibility-explainer-offline.zip") as archive:
        assert f"indivisibility-explainer/{epub_path(PDF_NAME)}" in archive.namelist()


def test_build_log_reports_the_epub_step(built_site: Path) -> None:
    log = build_log_of(built_site)
    assert re.search(r"EPUB: \d+ KiB in \d+\.\d\d s", log)


# --- The module on its own ---------------------------------------------------------------------------------------

BRIEF_WITH_DATE = {**BRIEF, "citation_date": "2024/05"}


def two_chapters() -> list[SimpleNamespace]:
    note = (
        '<div class="footnote">\n<hr />\n<ol>\n<li id="fn:k">\n<p>Note.&#160;'
        '<a class="footnote-backref" href="#fnref:k">&#8617;</a></p>\n</li>\n</ol>\n</div>'
    )
    return [
        fake_page(
            "index.md",
            '<h1 id="top">Top</h1><p id="p-1"><a class="para-num" href="#p-1">¶1</a> See <a href="a.html#x">x</a>'
            f'<sup id="fnref:k"><a class="footnote-ref" href="#fn:k">1</a></sup>&nbsp;&amp; more<br></p>{note}',
            title="Home",
        ),
        fake_page("a.md", '<h1 id="a">A</h1><p id="x">X <a href="index.html#p-1">back</a></p>', title="A", brief=True),
    ]


def test_links_name_the_other_chapter_and_notes_become_epub_footnotes(tmp_path: Path) -> None:
    path = build_epub(two_chapters(), site_dir=tmp_path, target="epub/all.epub", brief=BRIEF_WITH_DATE, site_url="")
    book = Book(path)
    hrefs = {link.get("href") for link in book.documents["index.xhtml"].iter(f"{XHTML}a")}
    assert {"a.xhtml#x", "#index--fn:k", "#p-1"} <= hrefs  # the PDF's ids: a footnote id gets its page's slug
    assert len(list(book.documents["index.xhtml"].iter(f"{XHTML}br"))) == 1
    assert "\u00a0& more" in "".join(book.documents["index.xhtml"].itertext())
    (aside,) = book.documents["index.xhtml"].iter(f"{XHTML}aside")
    assert aside.get("id") == "index--fn:k" and aside.get(f"{EPUB_NS}type") == "footnote"
    assert "".join(aside.itertext()).strip().startswith("1. Note.")
    assert not list(book.documents["index.xhtml"].iter(f"{XHTML}hr"))
    assert [link.get("href") for link in book.documents["a.xhtml"].iter(f"{XHTML}a")] == ["index.xhtml#p-1"]
    assert list((tmp_path / "epub").iterdir()) == [path]


def test_two_writes_of_the_same_pages_are_byte_identical(tmp_path: Path) -> None:
    first = build_epub(two_chapters(), site_dir=tmp_path / "1", target="b.epub", brief=BRIEF_WITH_DATE, site_url="")
    second = build_epub(two_chapters(), site_dir=tmp_path / "2", target="b.epub", brief=BRIEF_WITH_DATE, site_url="")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("brief", "message"),
    [
        (
            {key: value for key, value in BRIEF.items() if key != "citation_date"},
            "extra.brief.citation_date is missing: add the date for citation tags",
        ),
        ({**BRIEF, "citation_date": "May 2024"}, "citation_date in mkdocs.yml is 'May 2024': write it as YYYY/MM"),
        ({**BRIEF, "citation_date": "2024/13"}, "citation_date in mkdocs.yml is '2024/13': write it as YYYY/MM"),
        ({**BRIEF_WITH_DATE, "author": ""}, "extra.brief.author is empty: give the author's name"),
    ],
)
def test_missing_or_bad_brief_fields_are_named(tmp_path: Path, brief: dict[str, object], message: str) -> None:
    with pytest.raises(EpubError, match=re.escape(message)):
        build_epub(two_chapters(), site_dir=tmp_path, target="epub/all.epub", brief=brief, site_url="")
    assert not (tmp_path / "epub").exists()


def test_a_page_with_duplicate_ids_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    pages = [fake_page("index.md", '<h1 id="t">T</h1><p id="p-1">One</p><p id="p-1">Two</p>', title="T")]
    with pytest.raises(EpubError, match=r"page 'index.html' has duplicate ids \['p-1'\]"):
        build_epub(pages, site_dir=tmp_path, target="epub/all.epub", brief=BRIEF_WITH_DATE, site_url="")
    assert not (tmp_path / "epub").exists()


def test_a_page_that_cannot_be_xhtml_is_named(tmp_path: Path) -> None:
    pages = [fake_page("index.md", '<h1 id="t">T</h1><p a@b="1">One</p>', title="T")]
    with pytest.raises(EpubError, match=r"page 'index.html' does not make well-formed XHTML"):
        build_epub(pages, site_dir=tmp_path, target="epub/all.epub", brief=BRIEF_WITH_DATE, site_url="")
    assert not (tmp_path / "epub").exists()


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "epub" / "all.epub"
    target.mkdir(parents=True)  # a folder where the file should go: the final rename fails
    with pytest.raises(EpubError, match="cannot write"):
        build_epub(two_chapters(), site_dir=tmp_path, target="epub/all.epub", brief=BRIEF_WITH_DATE, site_url="")
    assert sorted(path.name for path in target.parent.iterdir()) == ["all.epub"]
    assert not partial_path(target).exists()


def test_a_bad_citation_date_fails_the_strict_build_with_what_to_fix(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    edit(project / "mkdocs.yml", "citation_date: 2022/02", "citation_date: February 2022")
    result = build_in_process(project, env={"BRIEF_PDF": "false"})
    assert result.returncode != 0
    assert "Traceback" not in result.log
    assert (
        "EPUB not written: extra.brief.citation_date in mkdocs.yml is 'February 2022': write it as YYYY/MM"
        in result.log
    )
    assert not (project / "site" / "epub").exists()
    shutil.rmtree(project / "site", ignore_errors=True)


def test_static_hosts_cache_the_epub_briefly(built_site: Path) -> None:
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    assert "/epub/*\n  Cache-Control: public, max-age=600, must-revalidate\n" in headers
