"""extra.brief: every key the outputs print is present and non-empty, unknown keys are named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brief_explainer.record import BriefRecord, BriefRecordError, read_brief_record

from .conftest import HTML_ONLY, assert_edit_fails_the_build

COMPLETE: dict[str, Any] = {
    "title": "A Title",
    "short_title": "Title",
    "author": "A. Author",
    "author_sort": "Author, A.",
    "series": "A Series",
    "publisher": "A Publisher",
    "date": "February 2022",
    "citation_date": "2022/02",
    "language": "en",
}


def test_a_complete_record_is_typed() -> None:
    record = read_brief_record({**COMPLETE, "keywords": ["OSCE", "NATO"]})
    assert record == BriefRecord(**COMPLETE, keywords=("OSCE", "NATO"))


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"title": None}, "extra.brief.title is empty: give the brief's title, as published"),
        ({"author": "  "}, "extra.brief.author is empty"),
        ({"series": ["x"]}, "extra.brief.series is empty"),
        ({"autor": "x"}, "extra.brief: unknown key 'autor'"),
        ({"keywords": "OSCE"}, "extra.brief.keywords must be a list of words"),
        ({"original": "pl"}, "extra.brief.original must be a mapping"),
        ({"original": {"title": "T", "date": "2022-02-03"}}, "extra.brief.original.url is missing"),
        (
            {"original": {"title": "T", "date": "2022-02-03", "url": "http://x.example"}},
            "extra.brief.original.url 'http://x.example' is not an https:// address",
        ),
        ({"explainer": {"editor": ""}}, "extra.brief.explainer.editor is empty"),
        ({"explainer": {"author": "x"}}, "extra.brief.explainer: unknown key 'author'"),
    ],
)
def test_each_problem_is_named_with_its_key(change: dict[str, Any], problem: str) -> None:
    with pytest.raises(BriefRecordError) as raised:
        read_brief_record({**COMPLETE, **change})
    assert any(found.startswith(problem) for found in raised.value.problems), raised.value.problems


def test_every_missing_key_is_named_at_once() -> None:
    with pytest.raises(BriefRecordError) as raised:
        read_brief_record({"title": "Only a title"})
    assert len(raised.value.problems) == len(COMPLETE) - 1
    assert "extra.brief.citation_date is missing: add the date for citation tags, YYYY/MM or YYYY/MM/DD" in (
        raised.value.problems
    )


@pytest.mark.parametrize("value", [None, "a string", ["a", "list"]])
def test_no_record_at_all(value: object) -> None:
    with pytest.raises(BriefRecordError, match=r"extra\.brief in mkdocs\.yml"):
        read_brief_record(value)


def test_the_message_lists_every_problem_under_one_heading() -> None:
    with pytest.raises(BriefRecordError) as raised:
        read_brief_record({**COMPLETE, "title": "", "autor": "x"})
    assert str(raised.value).split("\n") == [
        "The brief's record in mkdocs.yml (extra.brief) is incomplete:",
        *(f"  {problem}" for problem in raised.value.problems),
    ]
    assert len(raised.value.problems) == 2


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
def test_an_incomplete_brief_record_fails_the_build_whatever_brief_pdf_says(
    project_copy: Path, old: str, new: str, message: str
) -> None:
    result = assert_edit_fails_the_build(project_copy, "mkdocs.yml", old, new, message, env=HTML_ONLY)
    assert "The brief's record in mkdocs.yml (extra.brief) is incomplete" in result.log
