"""The real site, built with --strict: fidelity to the brief, addresses, numbering, metadata."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
import yaml

from brief_explainer.citations import load_bibliography
from brief_explainer.cli import main
from brief_explainer.glossary.linker import TermMatcher
from brief_explainer.glossary.model import load_glossary
from brief_explainer.htmlwalk import OpenElement, rewrite_html

from . import brief_text
from .conftest import BUILD_ENV, HTML_ONLY, ROOT, assert_edit_fails_the_build, build_log_of, edit

ARTICLES = ["meaning.html", "russia-position.html", "russian-arguments.html", "common-interpretation.html"]
BRIEF_PAGES = ["index.html", *ARTICLES]
SITE_DESCRIPTION = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)[
    "site_description"
]
ALL_PAGES = [*BRIEF_PAGES, "glossary.html", "timeline.html", "bibliography.html", "briefing.html"]


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def texts_of(
    html: str, *, wanted_class: str = "", wanted_id: str = "", dropped_classes: tuple[str, ...] = ()
) -> list[tuple[str, str]]:
    """(id, text) of every element with ``wanted_class`` (or ``wanted_id``), without the text of ``dropped_classes``
    and of footnote marks."""
    found: list[tuple[str, list[str]]] = []
    depth: list[int] = []

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if (wanted_class and wanted_class in (attrs.get("class") or "").split()) or (
            wanted_id and attrs.get("id") == wanted_id
        ):
            found.append((attrs.get("id") or "", []))
            depth.append(len(stack))

    def on_text(text: str, stack: list[OpenElement]) -> None:
        dropped = any(set(dropped_classes) & set(element.classes) or element.tag == "sup" for element in stack)
        if depth and len(stack) >= depth[-1] and not dropped:
            found[-1][1].append(text)
        while depth and len(stack) < depth[-1]:
            depth.pop()

    rewrite_html(html, on_start=on_start, on_text=on_text)
    return [(element_id, " ".join("".join(parts).split())) for element_id, parts in found]


def brief_paragraphs(site: Path) -> list[tuple[str, str]]:
    """The author's paragraphs as built, without ¶ marks and citation marks, in reading order."""
    return [
        pair
        for page in BRIEF_PAGES
        for pair in texts_of(read(site, page), wanted_class="brief-para", dropped_classes=("para-num",))
    ]


def test_the_pages_hold_the_import_of_the_source() -> None:
    # The brief's text, headings, ids and ¶ numbers of docs/ against a fresh import (the editorial layer aside).
    assert main(["import", str(brief_text.SOURCE), "--ids", str(brief_text.IDS), "--check", str(ROOT / "docs")]) == 0


def test_every_paragraph_of_the_brief_word_for_word(built_site: Path) -> None:
    # Equality, not containment: the author's paragraphs hold nothing but his words, markup, ¶ marks, citations.
    assert [text for _, text in brief_paragraphs(built_site)] == brief_text.paragraphs()


def test_every_sentence_in_order(built_site: Path) -> None:
    built = " ".join(text for _, text in brief_paragraphs(built_site))
    position = 0
    for paragraph in brief_text.paragraphs():
        for sentence in brief_text.sentences(paragraph):
            found = built.find(sentence, position)
            assert found >= 0, f"sentence missing or out of order: {sentence[:60]}…"
            position = found + len(sentence)


def test_artefacts_are_repaired(built_site: Path) -> None:
    text = " ".join(text for _, text in brief_paragraphs(built_site))
    assert "PISM SPOTLIGHT" not in text
    for end, start in brief_text.PAGE_BREAK_SPLITS:
        assert f"{end} {start}" in text


def test_articles_are_titled_with_the_questions_in_order(built_site: Path) -> None:
    headings = [texts_of(read(built_site, page), wanted_class="md-content__inner")[0][1] for page in ARTICLES]
    for heading, question in zip(headings, brief_text.questions(), strict=True):
        assert heading.startswith(question)
    index = read(built_site, "index.html")
    assert f">{brief_text.title()}</h1>" in index
    links = [f'href="{page}">{unescape(q)}</a>' for page, q in zip(ARTICLES, brief_text.questions(), strict=True)]
    assert all(link in unescape(index) for link in links)


def test_paragraph_numbers_are_continuous_and_visible(built_site: Path) -> None:
    ids = [element_id for element_id, _ in brief_paragraphs(built_site)]
    assert ids == [f"p-{n}" for n in range(1, len(brief_text.paragraphs()) + 1)]
    marks = [text for page in BRIEF_PAGES for _, text in texts_of(read(built_site, page), wanted_class="para-num")]
    assert marks == [f"¶{n}" for n in range(1, len(ids) + 1)]


def test_every_sentence_is_addressable(built_site: Path) -> None:
    for page in BRIEF_PAGES:
        html = read(built_site, page)
        for paragraph_id, paragraph in texts_of(html, wanted_class="brief-para", dropped_classes=("para-num",)):
            sentences = texts_of(html, wanted_class="brief-sentence")
            mine = [(sid, text) for sid, text in sentences if sid.startswith(paragraph_id + ".")]
            assert [sid for sid, _ in mine] == [f"{paragraph_id}.{k}" for k in range(1, len(mine) + 1)]
            assert " ".join(text for _, text in mine) == paragraph
            assert len(mine) == len(brief_text.sentences(paragraph))


@pytest.mark.parametrize("page", ALL_PAGES)
def test_ids_are_unique_per_page(built_site: Path, page: str) -> None:
    from brief_explainer.htmlwalk import collect_ids

    ids = collect_ids(read(built_site, page))
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("page", ALL_PAGES)
def test_meta_tags(built_site: Path, page: str) -> None:
    meta: dict[str, str] = {}

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        key = attrs.get("name") or attrs.get("property")
        if tag == "meta" and key and attrs.get("content") is not None:
            meta[key] = attrs["content"] or ""

    rewrite_html(read(built_site, page), on_start=on_start)
    assert len(meta["description"]) > 50
    assert meta["description"] != SITE_DESCRIPTION or page == "index.html", "the page has no description of its own"
    assert meta["og:description"] == meta["description"]
    assert meta["og:title"]
    assert "og:url" not in meta  # this build has no SITE_URL: tests/test_publish.py checks the one that has
    assert meta["citation_title"] == "Contested Interpretations of the Indivisibility of Security"
    assert meta["citation_author"] == "Kulesa, Łukasz"
    assert meta["citation_publication_date"] == "2022/02"
    assert meta["citation_publisher"] == "Polish Institute of International Affairs (PISM)"


@pytest.mark.parametrize("page", ALL_PAGES)
def test_attribution_on_every_page(built_site: Path, page: str) -> None:
    (attribution,) = texts_of(read(built_site, page), wanted_class="attribution")
    assert (
        "Łukasz Kulesa" in attribution[1] and "PISM Spotlight" in attribution[1] and "February 2022" in attribution[1]
    )
    assert "Download PDF" in attribution[1]


def test_unknown_bibliographic_data_stays_absent(built_site: Path) -> None:
    bibliography = read(built_site, "bibliography.html")
    ((_, kulesa),) = texts_of(bibliography, wanted_id="ref-kulesa2022")
    assert kulesa.startswith("Łukasz Kulesa. Contested Interpretations of the Indivisibility of Security.")
    assert "2022" in kulesa
    for guess in ("pism.pl", "http", "no.", "number"):
        assert guess not in kulesa.lower()


def test_citations_are_footnotes_to_the_bibliography(built_site: Path) -> None:
    html = read(built_site, "meaning.html")
    assert 'href="#fn:helsinki1975"' in html and 'id="fn:helsinki1975"' in html
    bibliography = read(built_site, "bibliography.html")
    for key in ("kulesa2022", "helsinki1975", "lavrov2022"):
        assert f'id="ref-{key}"' in bibliography


def test_lock_file_lists_this_build(built_site: Path) -> None:
    from brief_explainer.anchors import check_addresses, collect_addresses, read_lock

    locked = read_lock(ROOT / "anchors.lock")
    assert check_addresses(built_site, locked) == []
    # The build checked the lock itself, as a release build (which runs no tests) does.
    log = build_log_of(built_site)
    assert f"Anchor lock: {len(locked)} of {len(locked)} published addresses resolve" in log
    new = sorted(set(collect_addresses(built_site)) - set(locked))
    assert new == [], f"anchors not in the lock yet (run `make anchors`): {new}"


DONE_WHEN_TERMS = ("Helsinki Final Act", "Paris Charter", "OSCE", "NATO", "Medvedev Initiative")
DONE_WHEN_PATTERNS = {wording: re.compile(rf"(?<![\w-]){re.escape(wording)}(?![\w-])") for wording in DONE_WHEN_TERMS}


def test_key_documents_are_linked_once_per_article_at_their_first_mention(built_site: Path) -> None:
    """Linked once per article (MOS:OVERLINK): the first mention of each key document, never a second time."""
    bibkeys = load_bibliography(ROOT / "sources" / "references.bib").keys
    matcher = TermMatcher(load_glossary(ROOT / "glossary.yml", bibkeys=bibkeys))
    entry_of = {wording: matcher.entry_for(wording) for wording in DONE_WHEN_TERMS}
    unlinked_mentions = {wording: 0 for wording in DONE_WHEN_TERMS}
    linked_anywhere: set[str] = set()
    for page in BRIEF_PAGES:
        linked: list[str] = []  # entries linked so far on this page, in reading order
        problems: list[str] = []

        def on_start(
            tag: str, attrs: dict[str, str | None], stack: list[OpenElement], linked: list[str] = linked
        ) -> None:
            if tag == "a" and "gloss-link" in (attrs.get("class") or "").split():
                linked.append(attrs.get("data-gloss") or "")

        def on_text(
            text: str, stack: list[OpenElement], linked: list[str] = linked, problems: list[str] = problems
        ) -> None:
            if not any("brief-para" in element.classes for element in stack):
                return
            link = next((e for e in stack if e.tag == "a" and "gloss-link" in e.classes), None)
            for wording, pattern in DONE_WHEN_PATTERNS.items():
                for _ in pattern.finditer(text):
                    if link is not None:
                        continue  # linked here (or part of a longer term's link)
                    unlinked_mentions[wording] += 1
                    if entry_of[wording] not in linked:
                        problems.append(f"the first mention of {wording} is not linked")

        rewrite_html(read(built_site, page), on_start=on_start, on_text=on_text)
        assert problems == [], page
        assert len(linked) == len(set(linked)), f"{page} links an entry twice: {sorted(linked)}"
        linked_anywhere.update(linked)
    assert set(entry_of.values()) <= linked_anywhere
    # Later mentions are plain text (NATO alone has several in the brief).
    assert unlinked_mentions["NATO"] > 0


def test_glossary_entries_link_back_to_the_paragraphs_that_mention_them(built_site: Path) -> None:
    glossary = read(built_site, "glossary.html")
    for paragraph, page in (
        ("p-1", "index.html"),
        ("p-3", "russia-position.html"),
        ("p-5", "common-interpretation.html"),
    ):
        assert f'href="{page}#{paragraph}"' in glossary
    start = glossary.index('id="nato"')
    section = glossary[start : glossary.index("<h3", start + 10)]
    assert ">¶1</a>" in section and ">¶3</a>" in section and ">¶4</a>" in section and ">¶5</a>" in section


def test_timeline_runs_in_date_order_from_1975_to_2022(built_site: Path) -> None:
    dates = re.findall(r'<time datetime="([0-9-]+)">', read(built_site, "timeline.html"))
    # In order at the precision both dates have: the brief, dated by its month only, may follow 1 February 2022.
    for earlier, later in itertools.pairwise(dates):
        precision = min(len(earlier), len(later))
        assert earlier[:precision] <= later[:precision], (earlier, later)
    assert dates[0].startswith("1975") and dates[-1].startswith("2022")


def test_popovers_carry_summary_key_quote_and_official_link(built_site: Path) -> None:
    html = read(built_site, "meaning.html")
    start = html.index('id="gloss-pop-charter-of-paris"')
    popover = html[start : html.index("</div>", start)]  # a popover holds no nested div
    assert 'class="gloss-pop__summary"' in popover
    assert 'class="gloss-pop__quote"' in popover and "Opening section" in popover
    assert 'href="https://osce.org/mc/87189"' in popover


# --- Bad input: a clear message, never a traceback, never a half-written site ------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            "(meaning.md)",
            "(meanings.md)",
            "Doc file 'index.md' contains a link 'meanings.md', but the target is not found among documentation files.",
            id="broken-link",
        ),
        pytest.param(
            "(meaning.md)",
            "(meaning.md#p-9)",
            "Doc file 'index.md' contains a link 'meaning.md#p-9', "
            "but the doc 'meaning.md' does not contain an anchor '#p-9'.",
            id="broken-anchor",
        ),
    ],
)
def test_mkdocs_yml_makes_a_broken_link_fail_the_build(project_copy: Path, old: str, new: str, message: str) -> None:
    assert_edit_fails_the_build(project_copy, "docs/index.md", old, new, message)


def test_make_build_never_leaves_a_half_written_site(project_copy: Path) -> None:
    project = project_copy
    for name in ("Makefile", "pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv")
    (project / "src").symlink_to(ROOT / "src")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous good build", encoding="utf-8")
    edit(project / "docs/meaning.md", "[@paris1990]", "[@nokey]")
    # The set-up prerequisites are emptied: this copy borrows the real project's .venv and node_modules.
    result = subprocess.run(
        ["make", "build", "PY_STAMP=", "NPM_STAMP="],
        cwd=project,
        env={**BUILD_ENV, **HTML_ONLY},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "unknown citation key '@nokey'" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous good build"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
