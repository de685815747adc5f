"""`brief-explainer import`: the shipped pages are the import of the shipped source, every repair is reported, a
second brief (a TEST FIXTURE, not a real publication) imports and builds strictly, no locked address is ever lost,
and bad input is one clear message with its line number, exit 1 and nothing written."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from brief_explainer.cli import main
from brief_explainer.importer import (
    CITATION_RE,
    BriefImportError,
    Repair,
    brief_layer,
    check_lock,
    check_pages,
    escape_markdown,
    import_brief,
    parse_brief,
    read_site_markdown,
    split_front_matter,
)

from . import brief_text
from .conftest import BUILD_ENV, MKDOCS, ROOT, build_in_process, edit

SOURCE = brief_text.SOURCE
IDS = brief_text.IDS
DOCS = ROOT / "docs"
# An invented brief in the same shape, with other artefacts; a test fixture, not a real publication.
FIXTURE = ROOT / "tests" / "fixtures" / "test-fixture-brief.txt"
SITE_MARKDOWN = read_site_markdown(ROOT / "mkdocs.yml")
CLI = Path(sys.executable).parent / "brief-explainer"


def run_cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The installed console script, as an editor runs it."""
    return subprocess.run(
        [str(CLI), "import", *map(str, args)], cwd=cwd, env=BUILD_ENV, capture_output=True, text=True, check=False
    )


# -- The shipped brief --------------------------------------------------------------------------------------------


def test_shipped_pages_are_the_import_of_the_shipped_source() -> None:
    imported, notes = import_brief(SOURCE, IDS, site_markdown=SITE_MARKDOWN)
    assert notes == []  # every id comes from the shipped mapping
    assert sorted(imported.pages) == sorted(
        path.name for path in DOCS.glob("*.md") if split_front_matter(path.read_text(encoding="utf-8"))[0].get("brief")
    )
    assert check_pages(imported, DOCS) == []
    # Exactly, in the Markdown too: each numbered paragraph of the import is in its page, citation marks aside.
    for name, markdown in imported.pages.items():
        page = CITATION_RE.sub("", (DOCS / name).read_text(encoding="utf-8"))
        blocks = re.findall(r"^[^\n]+\n\{ #p-[0-9]+ \}$", markdown, flags=re.MULTILINE)
        assert blocks
        assert all(block in page for block in blocks), name
        heading = markdown.split("\n")[4]
        assert heading in page.split("\n"), heading


def test_shipped_repairs_are_reported_with_their_lines() -> None:
    brief = parse_brief(SOURCE.read_text(encoding="utf-8"), "brief.txt")
    assert [repair.lines for repair in brief.repairs] == [(17, 19), (27, 31), (29,), (31, 33)]
    assert str(brief.repairs[2]) == "line 29: page header '## PISM SPOTLIGHT' removed"
    joined = " ".join(paragraph.text for paragraph in brief.paragraphs)
    for end, start in brief_text.PAGE_BREAK_SPLITS:  # written out by hand, independently of the importer
        assert f"{end} {start}" in joined
    assert [paragraph.lines for paragraph in brief.paragraphs] == [[9], [13], [17, 19], [23], [27, 31, 33]]


SMALL = "## A Title\n\nA. Author\n\nOpening.\n\n### Q?\n\n{}\n"


@pytest.mark.parametrize(
    ("answer", "paragraphs", "repairs"),
    [
        pytest.param("Sent to the U.S.\n\nNATO replied.", ["Sent to the U.S.", "NATO replied."], [], id="abbreviation"),
        pytest.param("Sent to the\n\nU.S. and NATO.", ["Sent to the U.S. and NATO."], [(9, 11)], id="capital-after"),
        pytest.param("One ends.\n\nthen goes on.", ["One ends. then goes on."], [(9, 11)], id="lower-case-after"),
        pytest.param("Text and\n\f\nmore text.", ["Text and more text."], [(9, 11), (10,)], id="form-feed"),
        pytest.param("Text and\n- 3 -\nmore text.", ["Text and more text."], [(10,)], id="page-number-inside"),
        pytest.param("Sent to\n\nPISM SPOTLIGHT\n\nNATO.", ["Sent to NATO."], [(9, 13), (11,)], id="bare-header"),
    ],
)
def test_page_breaks_are_told_from_paragraph_breaks_by_the_sentence_splitter(
    answer: str, paragraphs: list[str], repairs: list[tuple[int, ...]]
) -> None:
    brief = parse_brief(SMALL.format(answer), "small.txt")
    assert [paragraph.text for paragraph in brief.questions[0].paragraphs] == paragraphs
    assert [repair.lines for repair in brief.repairs] == repairs


WORDS = st.sampled_from(["lake", "town", "water", "season", "council", "draft", "charter", "and", "of", "the"])
SENTENCES = st.lists(WORDS, min_size=2, max_size=8).map(lambda words: " ".join(words).capitalize() + ".")
PARAGRAPHS = st.lists(SENTENCES, min_size=1, max_size=4).map(" ".join)


@st.composite
def broken_briefs(draw: st.DrawFn) -> tuple[str, list[list[str]], int]:
    """A brief's text with page breaks (and headers) put inside sentences; its paragraphs; the repairs due."""
    sections = draw(st.lists(st.lists(PARAGRAPHS, min_size=1, max_size=3), min_size=2, max_size=4))
    lines, repairs = ["## A Generated Title", "", "A. Author", ""], 0
    for index, paragraphs in enumerate(sections):
        if index:
            lines += [f"### Generated question {index}?", ""]
        for paragraph in paragraphs:
            words = paragraph.split(" ")
            # Break after a word that ends no sentence, as a page break does in the middle of one.
            inside = [n for n in range(1, len(words)) if not words[n - 1].endswith(".")]
            if inside and draw(st.booleans()):
                cut = draw(st.sampled_from(inside))
                header = draw(st.sampled_from([[], ["## TEST FIXTURE", ""], ["7", ""]]))
                lines += [" ".join(words[:cut]), "", *header, " ".join(words[cut:]), ""]
                repairs += 1 + bool(header)
            else:
                lines += [paragraph, ""]
    return "\n".join(lines), sections, repairs


@settings(max_examples=150, deadline=None)
@given(broken_briefs())
def test_every_page_break_inside_a_sentence_is_repaired_and_reported(case: tuple[str, list[list[str]], int]) -> None:
    text, sections, repairs = case
    brief = parse_brief(text, "generated.txt")
    assert [p.text for p in brief.opening] == sections[0]
    assert [[p.text for p in question.paragraphs] for question in brief.questions] == sections[1:]
    assert len(brief.repairs) == repairs


def test_a_header_above_the_title_is_an_artefact_too() -> None:
    brief = parse_brief("## PISM SPOTLIGHT\n\n" + SMALL.format("Answer."), "small.txt")
    assert (brief.title, brief.author, [str(repair) for repair in brief.repairs]) == (
        "A Title",
        "A. Author",
        ["line 1: page header '## PISM SPOTLIGHT' removed"],
    )


def test_cli_prints_repairs_summary_and_writes_the_pages(tmp_path: Path) -> None:
    result = run_cli(SOURCE, "--ids", IDS, "--out", tmp_path / "out", "--lock", ROOT / "anchors.lock")
    assert result.returncode == 0, result.stderr
    assert "  lines 27, 31: paragraph split across a page break rejoined" in result.stdout
    assert "  line 29: page header '## PISM SPOTLIGHT' removed" in result.stdout
    assert "all 38 locked addresses of the brief kept" in result.stdout
    assert "Summary: 5 paragraphs, 22 sentences, 4 questions, 4 repairs; 5 pages written" in result.stdout
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written == [
        "common-interpretation.md",
        "index.md",
        "meaning.md",
        "russia-position.md",
        "russian-arguments.md",
    ]
    # The navigation it prints lists the files as mkdocs.yml does (the site chose shorter titles for two questions).
    printed_nav = yaml.safe_load(result.stdout.split("To list them in reading order, in mkdocs.yml:", 1)[1])["nav"]
    site_nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["nav"]
    assert [list(entry.values()) for entry in printed_nav] == [list(entry.values()) for entry in site_nav]
    assert [next(iter(entry)) for entry in printed_nav][1:5] == brief_text.questions()


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "brief_explainer", "import", str(SOURCE), "--ids", str(IDS), "--check", str(DOCS)],
        env=BUILD_ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "the brief's text of all 5 pages matches the import" in result.stdout


# -- --check: the brief's text, not the editorial layer ----------------------------------------------------------


@pytest.fixture
def docs_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DOCS, tmp_path / "docs"))


EDITORIAL = [
    pytest.param(
        "meaning.md", "{ #p-2 }\n", '{ #p-2 }\n\n!!! note "Editor"\n\n    A note. Two sentences.\n', id="note"
    ),
    pytest.param("meaning.md", "of the CSCE[@helsinki1975]", "of the CSCE[@helsinki1975; @paris1990]", id="citation"),
    pytest.param("meaning.md", "influence.\n{ #p-2 }", "influence.[^1]\n{ #p-2 }\n\n[^1]: A footnote.", id="footnote"),
    pytest.param("meaning.md", "brief: true", "brief: true\ntitle: Meaning", id="front-matter"),
    pytest.param("meaning.md", "{ #p-2 }\n", "{ #p-2 }\n\n## Further reading { #further }\n", id="heading"),
]


@pytest.mark.parametrize(("page", "old", "new"), EDITORIAL)
def test_check_ignores_the_editorial_layer(docs_copy: Path, page: str, old: str, new: str) -> None:
    edit(docs_copy / page, old, new)
    imported, _ = import_brief(SOURCE, IDS, site_markdown=SITE_MARKDOWN)
    assert check_pages(imported, docs_copy) == []


CHANGES = [
    pytest.param("russian-arguments.md", "mutual relations", "mutual relation", "-  #p-4.5: ", id="word"),
    pytest.param("meaning.md", "{ #meaning }", "{ #meanings }", "+h1 #meanings: What does", id="heading-id"),
    pytest.param("russia-position.md", "{ #p-3 }", "{ #p-6 }", "+¶ #p-6", id="paragraph-number"),
    pytest.param("index.md", "February 2022", "Feb 2022", None, id="byline-rest-is-editorial"),
    pytest.param("index.md", "**Łukasz Kulesa**", "**Ł. Kulesa**", "+author: Ł. Kulesa", id="author"),
    pytest.param("index.md", "(meaning.md)", "(meaning-of.md)", "+question → meaning-of.md", id="question-link"),
    pytest.param("common-interpretation.md", "brief: true", "brief: false", "-¶ #p-5", id="not-marked-as-brief"),
    pytest.param(
        "russia-position.md",
        "members and partners",
        "members and\n{ #p-3 }\n\npartners",
        "+  #p-3.3: According to the Russian interpretation, NATO's actions infringe on its security interests and "
        "strengthen the position of its members and",
        id="page-break-not-repaired",
    ),
]


@pytest.mark.parametrize(("page", "old", "new", "diff_line"), CHANGES)
def test_check_reports_every_change_to_the_brief(
    docs_copy: Path, page: str, old: str, new: str, diff_line: str | None
) -> None:
    edit(docs_copy / page, old, new)
    imported, _ = import_brief(SOURCE, IDS, site_markdown=SITE_MARKDOWN)
    problems = check_pages(imported, docs_copy)
    if diff_line is None:
        assert problems == []
        return
    assert len(problems) == 1
    assert problems[0].startswith(f"{docs_copy / page}: the brief's text differs from a fresh import:\n")
    assert any(line.startswith(diff_line) for line in problems[0].split("\n")), problems[0]


def test_check_of_a_missing_page_exits_1(docs_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (docs_copy / "meaning.md").unlink()
    assert main(["import", str(SOURCE), "--ids", str(IDS), "--check", str(docs_copy)]) == 1
    assert f"{docs_copy / 'meaning.md'}: missing (the import writes this page)" in capsys.readouterr().err


# -- The anchor lock ------------------------------------------------------------------------------------------


def lock_problems(source_text: str, ids: dict[str, str] | None = None, tmp_path: Path | None = None) -> list[str]:
    assert tmp_path is not None
    source = tmp_path / "brief.txt"
    source.write_text(source_text, encoding="utf-8")
    ids_file = tmp_path / "ids.yml"
    ids_file.write_text(IDS.read_text(encoding="utf-8"), encoding="utf-8")
    for old, new in (ids or {}).items():
        edit(ids_file, old, new)
    imported, _ = import_brief(source, ids_file, site_markdown=SITE_MARKDOWN)
    lock = (ROOT / "anchors.lock").read_text(encoding="utf-8").splitlines()
    return check_lock(imported, [line for line in lock if line and not line.startswith("#")])[0]


def test_the_shipped_import_keeps_every_locked_address(tmp_path: Path) -> None:
    assert lock_problems(SOURCE.read_text(encoding="utf-8"), tmp_path=tmp_path) == []


def test_a_renumbering_import_stops_and_names_the_addresses(tmp_path: Path) -> None:
    text = SOURCE.read_text(encoding="utf-8").replace(
        "their equal right to security. ", "their equal right to security.\n\n"
    )
    problems = lock_problems(text, tmp_path=tmp_path)
    assert "russia-position.html#p-3: would move to meaning.md (a paragraph or heading renumbered)" in problems
    assert (
        "common-interpretation.html#p-5.5: would move to russian-arguments.md (a paragraph or heading renumbered)"
        in problems
    )
    assert "meaning.html#p-2.3: would be dropped (no such paragraph, sentence or heading in the import)" in problems


def test_a_renamed_page_stops_the_import(tmp_path: Path) -> None:
    problems = lock_problems(SOURCE.read_text(encoding="utf-8"), {": meaning": ": principle"}, tmp_path)
    assert "meaning.html: page meaning.md would be dropped (give its question the id 'meaning')" in problems
    assert "meaning.html#p-2: page meaning.md would be dropped (give its question the id 'meaning')" in problems
    assert not any("how-to-cite" in problem for problem in problems)  # editorial anchors are not the importer's


def test_the_cli_finds_the_projects_lock_and_writes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "anchors.lock", project / "anchors.lock")
    ids = tmp_path / "ids.yml"
    ids.write_text(IDS.read_text(encoding="utf-8").replace(": meaning", ": principle"), encoding="utf-8")
    result = run_cli(SOURCE, "--ids", ids, "--out", project / "draft")
    assert result.returncode == 1
    assert "anchors.lock: this import would break 8 published address(es):" in result.stderr
    assert "  meaning.html#p-2.5: page meaning.md would be dropped" in result.stderr
    assert not (project / "draft").exists()
    assert sorted(path.name for path in project.iterdir()) == ["anchors.lock"]


# -- A second brief: a TEST FIXTURE (invented, not a real publication) ---------------------------------------------

FIXTURE_MKDOCS = dedent(
    """\
    site_name: Test fixture (not a real publication)
    use_directory_urls: false
    theme:
      name: material
    markdown_extensions: [attr_list, md_in_html, admonition, footnotes, toc]
    extra:
      brief:  # the fixture's own invented record (extra.brief is required)
        title: "Test Fixture: Sharing the Water of Lake Placeholder"
        short_title: Lake Placeholder
        author: Ada Example
        author_sort: Example, Ada
        series: Test Fixture Series
        publisher: No real publisher (a test fixture)
        date: January 2000
        citation_date: 2000/01
        language: en
    plugins:
      - brief-explainer:
          bib_file: refs.bib
          pdf_enabled: false
          epub_enabled: false
          offline_zip: ""
    """
)
FIXTURE_GLOSSARY = dedent(
    """\
    entries:
      - id: joint-committee
        term: joint committee
        kind: organisation
        summary: The invented committee of the test fixture (not a real body).
        description: Part of a test fixture; it describes nothing real.
    """
)


def test_second_brief_imports_with_every_repair_reported_and_builds_strictly(tmp_path: Path) -> None:
    project = tmp_path / "project"
    result = run_cli(FIXTURE, "--out", project / "docs")
    assert result.returncode == 0, result.stderr
    repairs = [line.strip() for line in result.stdout.splitlines() if line.startswith("  line")]
    assert repairs == [
        "line 14: page header '## TEST FIXTURE — NOT A REAL PUBLICATION' removed from the middle of a paragraph "
        "(the lines around it joined)",
        "lines 19, 23: paragraph split across a page break rejoined ('…ncils of Examplefield and' + "
        "'Sampleton proposed in an…')",
        "line 21: page number '2' removed",
        "line 27: page header '## TEST FIXTURE — NOT A REAL PUBLICATION' removed",
    ]
    assert "Summary: 6 paragraphs, 12 sentences, 3 questions, 4 repairs; 4 pages written" in result.stdout
    assert "'Why do they disagree?' → why-do-they-disagree (made from its text" in result.stdout

    # The nav it prints, pasted into mkdocs.yml, puts the pages in reading order.
    nav = result.stdout.split("To list them in reading order, in mkdocs.yml:", 1)[1].lstrip("\n")
    assert nav.startswith("nav:\n- Overview: index.md\n- What do the two towns agree on?: ")
    (project / "mkdocs.yml").write_text(FIXTURE_MKDOCS + nav, encoding="utf-8")
    (project / "glossary.yml").write_text(FIXTURE_GLOSSARY, encoding="utf-8")
    (project / "refs.bib").write_text("", encoding="utf-8")
    build = build_in_process(project)
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log
    assert 'not included in the "nav"' not in build.log

    pages = ["index.html", "what-do-the-two-towns-agree-on.html", "why-do-they-disagree.html"]
    pages.append("could-a-joint-committee-help.html")
    html = {page: (project / "site" / page).read_text(encoding="utf-8") for page in pages}
    assert all("NOT A REAL PUBLICATION" not in page for page in html.values())
    assert re.findall(r'data-para="([0-9]+)"', "".join(html.values())) == ["1", "2", "3", "4", "5", "6"]
    assert len(re.findall(r'class="brief-sentence"', "".join(html.values()))) == 12
    agree = html["what-do-the-two-towns-agree-on.html"]
    assert 'id="what-do-the-two-towns-agree-on">What do the two towns agree on?</h1>' in agree
    assert "and this gap is the source of the present quarrel between the two councils.</span>" in agree
    disagree = html["why-do-they-disagree.html"]
    assert 'id="p-4.1">Examplefield wants to measure the water by volume, e.g. in barrels drawn each week.' in disagree
    assert "as the councils of Examplefield and Sampleton proposed in an earlier draft" in disagree
    assert 'href="could-a-joint-committee-help.html">Could a joint committee help?</a>' in html["index.html"]
    assert 'id="p-6.1">A <a' in html["could-a-joint-committee-help.html"]  # the glossary links the term
    # The sidebar of every page follows the printed nav: the brief in reading order, then the reference pages.
    linked = re.findall(r'<a href="([\w-]+\.html)" class="md-nav__link', html["why-do-they-disagree.html"])
    order = [*pages, "glossary.html", "timeline.html", "bibliography.html", "briefing.html"]
    assert sorted(set(linked), key=linked.index) == order


def test_second_brief_takes_chosen_ids(tmp_path: Path) -> None:
    ids = tmp_path / "ids.yml"
    ids.write_text('"Could a joint committee help?": committee\n', encoding="utf-8")
    imported, notes = import_brief(FIXTURE, ids, site_markdown=SITE_MARKDOWN)
    assert list(imported.pages) == [
        "index.md",
        "what-do-the-two-towns-agree-on.md",
        "why-do-they-disagree.md",
        "committee.md",
    ]
    assert imported.pages["committee.md"].split("\n")[4] == "# Could a joint committee help? { #committee }"
    assert len(notes) == 2


# -- Bad input: one message with the line, exit 1, nothing written -------------------------------------------------

GOOD = SOURCE.read_text(encoding="utf-8")
BAD_SOURCES = [
    pytest.param(b"", "brief.txt:1: the file is empty", id="empty"),
    pytest.param(b"\n  \n\n", "brief.txt:1: the file is empty", id="blank"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "brief.txt:3: a binary file, not text", id="binary"),
    pytest.param(b"## Title\n\nAuthor\n\n\xff\xfe text", "brief.txt:5: not UTF-8 text (byte 0xff)", id="latin-1"),
    pytest.param(
        re.sub(r"### .*\n", "", GOOD).encode(),
        "brief.txt:29: no questions: a brief's questions are '### ' headings",
        id="no-questions",
    ),
    pytest.param(
        GOOD.replace("### Is it possible", "### A question with no answer?\n\n### Is it possible").encode(),
        "brief.txt:25: question 'A question with no answer?' has no answer: the next question follows on line 27",
        id="question-without-answer",
    ),
    pytest.param(
        (GOOD + "\n\n### And the last one?\n").encode(),
        "brief.txt:35: question 'And the last one?' has no answer: the file ends",
        id="last-question-without-answer",
    ),
    pytest.param(
        GOOD.replace("commitments.\n", "commitments and\n").encode(),
        "brief.txt:19: the paragraph ends inside a sentence ('…principles and commitments and') and a "
        "question follows on line 21: is a page's text out of order in the extraction?",
        id="paragraph-cut-before-a-question",
    ),
    pytest.param(
        b"Some text before the title.\n\n## Title\n",
        "brief.txt:1: expected the title as '## Title', found 'Some text before the title.'",
        id="no-title",
    ),
    pytest.param(
        GOOD.replace("Łukasz Kulesa\n\n", "").encode(),
        "brief.txt:7: expected the author's name after the title, found 'In the letter sent",
        id="no-author",
    ),
    pytest.param(
        GOOD.replace(
            "### What is Russia's position?\n\n", "### What is Russia's position?\n\n- a list item\n"
        ).encode(),
        "brief.txt:17: cannot place '- a list item': it looks like a list item, not the text of the brief",
        id="list-item",
    ),
    pytest.param(
        GOOD.replace("## PISM SPOTLIGHT", "## Pism Spotlight").encode(),
        "brief.txt:29: a second title '## Pism Spotlight'",
        id="unknown-header",
    ),
    pytest.param(
        GOOD.replace("### Are the", "#### Are the").encode(),
        "brief.txt:21: cannot place '#### Are the Russian arguments justified?': it looks like a heading of a level",
        id="heading-level",
    ),
]


@pytest.mark.parametrize(("content", "message"), BAD_SOURCES)
def test_bad_source_is_one_clear_message_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    source = tmp_path / "brief.txt"
    source.write_bytes(content)
    out = tmp_path / "out"
    assert main(["import", str(source), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"error: {tmp_path}/{message}" in err
    assert err.endswith("Nothing written.\n")
    assert not out.exists()


def test_bad_source_from_the_console_script_has_no_traceback(tmp_path: Path) -> None:
    source = tmp_path / "brief.pdf"
    source.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00")
    result = run_cli(source, "--out", tmp_path / "out")
    assert result.returncode == 1
    message = "a binary file, not text: give the text extracted from the brief's PDF"
    assert result.stderr == f"error: {source}:4: {message}\nNothing written.\n"
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


BAD_IDS = [
    pytest.param(
        '# ids\n"What is NATO?": nato\n', "ids.yml:2: 'What is NATO?' is not a question of", id="unknown-question"
    ),
    pytest.param(
        '"What is Russia\'s position?": Russia Position\n', "ids.yml:1: id 'Russia Position' for", id="malformed"
    ),
    pytest.param('"What is Russia\'s position?": p-3\n', "ids.yml:1: id 'p-3' for", id="paragraph-id"),
    pytest.param('"What is Russia\'s position?": glossary\n', "ids.yml:1: id 'glossary' for", id="reserved-id"),
    pytest.param(
        '"What is Russia\'s position?": same\n"Are the Russian arguments justified?": same\n',
        "ids.yml:2: id 'same' is given on line 1 too",
        id="duplicate-id",
    ),
    pytest.param("a: b\nc: [d\n", "ids.yml:3: not valid YAML", id="yaml"),
    pytest.param("- meaning\n", "ids.yml:1: expected a mapping of each question", id="not-a-mapping"),
    pytest.param("", "ids.yml:1: expected a mapping of each question", id="empty"),
    pytest.param('"What is Russia\'s position?": [a, b]\n', "ids.yml:1: expected a mapping", id="list-value"),
]


@pytest.mark.parametrize(("content", "message"), BAD_IDS)
def test_bad_ids_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    ids = tmp_path / "ids.yml"
    ids.write_text(content, encoding="utf-8")
    assert main(["import", str(SOURCE), "--ids", str(ids), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith(f"error: {ids.parent}/{message}")
    assert not (tmp_path / "out").exists()


def test_existing_pages_are_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "meaning.md").write_text("an editor's page", encoding="utf-8")
    assert main(["import", str(SOURCE), "--ids", str(IDS), "--out", str(out)]) == 1
    assert f"error: {out / 'meaning.md'}: exists: the importer never overwrites a page" in capsys.readouterr().err
    assert sorted(path.name for path in out.iterdir()) == ["meaning.md"]
    assert (out / "meaning.md").read_text(encoding="utf-8") == "an editor's page"
    assert [path.name for path in tmp_path.iterdir()] == ["out"]  # no staging folder left behind


# -- The author's text survives Markdown -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A *starred* word and an _underscored_ one.",
        "Brackets [like these] and {braces} and a back\\slash.",
        "A tag <b>not bold</b> and an entity &amp; and 3 < 4 & 5 > 2.",
        "Ends like an id { #p-9 }",
        "A `code` look. A #hash sign.",
    ],
)
def test_escaped_text_renders_back_to_itself(text: str) -> None:
    layer = brief_layer(f"---\nbrief: true\n---\n\n{escape_markdown(text)}\n{{ #p-1 }}\n", SITE_MARKDOWN)
    assert " ".join(item.text for item in layer if item.kind == "sentence") == text


def test_repair_lines_read_like_a_compiler_message() -> None:
    assert str(Repair((3,), "x")) == "line 3: x"
    assert str(Repair((3, 5), "y")) == "lines 3, 5: y"


def test_import_error_names_file_and_line() -> None:
    assert str(BriefImportError("a.txt", 4, "bad")) == "a.txt:4: bad"
    assert str(BriefImportError("a.txt", None, "bad")) == "a.txt: bad"


def test_mkdocs_is_not_imported_by_the_importer() -> None:
    code = "import sys, brief_explainer.cli; print(any(m.split('.')[0] == 'mkdocs' for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
    assert MKDOCS.exists()


# -- The site's Markdown extensions: read from its mkdocs.yml, the one list ------------------------------------------


def test_the_extensions_are_the_site_configs() -> None:
    listed = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names = [item if isinstance(item, str) else next(iter(item)) for item in listed["markdown_extensions"]]
    assert SITE_MARKDOWN.extensions == names
    assert SITE_MARKDOWN.configs["footnotes"] == {"USE_DEFINITION_ORDER": False}


def test_a_config_with_env_and_python_tags_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        dedent(
            """\
            site_url: !ENV [SITE_URL, ""]
            markdown_extensions:
              - attr_list
              - toc:
                  permalink: !ENV [TEST_PERMALINK, false]
            plugins:
              - some-plugin:
                  hook: !!python/name:some.module.function
              - other: !relative $config_dir
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("TEST_PERMALINK", "true")
    site_markdown = read_site_markdown(config)
    assert (site_markdown.extensions, site_markdown.configs) == (["attr_list", "toc"], {"toc": {"permalink": True}})
    assert 'id="a-title"' in site_markdown.render("# A title")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("markdown_extensions: [nonexistent_extension_x]\n", "mkdocs.yml: markdown_extensions cannot be loaded"),
        ("markdown_extensions:\n  - [a, b]\n", "mkdocs.yml: markdown_extensions: ['a', 'b'] is neither a name"),
        ("markdown_extensions: [a\n", "mkdocs.yml:2: not valid YAML"),
    ],
)
def test_a_bad_config_is_one_message_naming_it(tmp_path: Path, content: str, message: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(content, encoding="utf-8")
    with pytest.raises(BriefImportError) as raised:
        read_site_markdown(config)
    assert str(raised.value).startswith(f"{tmp_path}/{message}")


def test_the_cli_names_a_missing_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(SOURCE), "--ids", str(IDS), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: no mkdocs.yml in or above {tmp_path / 'out'}, nor in the current folder: give")
    assert err.endswith("Nothing written.\n")
    assert not (tmp_path / "out").exists()
