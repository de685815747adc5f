"""The paragraphs extension: sentence splitting, numbering, and the errors it reports."""

from __future__ import annotations

import re
from pathlib import Path
from textwrap import dedent

import markdown
import pytest

from brief_explainer.paragraphs import BriefMarkupError, BriefParagraphsExtension, numbering_problems, split_sentences

from .conftest import assert_edit_fails_the_build

E = "\ue000"  # stands for an inline element (a citation mark)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two.", ["One. ", "Two."]),
        ("Is it? Yes! No.", ["Is it? ", "Yes! ", "No."]),
        ("Presented to the U.S. and NATO. Next.", ["Presented to the U.S. and NATO. ", "Next."]),
        ('Not done "at the expense" of Russia. Next.', ['Not done "at the expense" of Russia. ', "Next."]),
        (f"Documents.{E} It primarily", [f"Documents.{E} ", "It primarily"]),
        (f"Documents{E}. It", [f"Documents{E}. ", "It"]),
        ('He said "stop." Then left.', ['He said "stop." ', "Then left."]),
        ("In 1997 the Alliance. 2009 was later.", ["In 1997 the Alliance. ", "2009 was later."]),
        ("e.g. this stays one sentence.", ["e.g. this stays one sentence."]),
        ("no capital. after a stop", ["no capital. after a stop"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences
    assert "".join(sentences) == text


def render(source: str, **config: object) -> str:
    return markdown.markdown(
        dedent(source),
        extensions=["attr_list", "footnotes", "admonition", BriefParagraphsExtension(raise_on_problem=True, **config)],
    )


def test_numbered_paragraph_golden() -> None:
    html = render(
        """\
        # Title { #t }

        First *one*[^a]. Second.
        { #p-7 }

        [^a]: Note.
        """
    )
    assert html.startswith(
        '<h1 id="t">Title</h1>\n'
        '<p class="brief-para" data-para="7" id="p-7"><a class="para-num" href="#p-7">¶7</a> '
        '<span class="brief-sentence" id="p-7.1">First <em>one</em><sup id="fnref:a">'
        '<a class="footnote-ref" href="#fn:a">1</a></sup>.</span> '
        '<span class="brief-sentence" id="p-7.2">Second.</span></p>'
    )


def test_editorial_notes_in_admonitions_do_not_need_ids() -> None:
    html = render(
        """\
        Text.
        { #p-1 }

        !!! note "Editor's note"

            Not the author's.

        More.
        { #p-2 }
        """
    )
    assert 'id="p-1"' in html and 'id="p-2"' in html
    assert "<p>Not the author's.</p>" in html


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Para without id.", "paragraph 'Para without id.…' has no id: add { #p-N } on the line after it"),
        ("Para.\n{ #intro }", "paragraph 'Para.…' has id 'intro', not of the form p-N"),
        ("# Heading\n\nA.\n{ #p-1 }", "heading 'Heading' has no explicit id: add { #some-id } at the end"),
        ("A.\n{ #p-1 }\n\nB.\n{ #p-1 }", "duplicate id 'p-1'"),
        ("# A { #p-1 }\n\nB.\n{ #p-1 }", "duplicate id 'p-1'"),
    ],
)
def test_problems_are_reported(source: str, message: str) -> None:
    with pytest.raises(BriefMarkupError, match="^" + re.escape(message)):
        render(source)


def test_disabled_pages_are_left_alone() -> None:
    html = render("Plain paragraph.\n\n# Heading", enabled=False)
    assert html == "<p>Plain paragraph.</p>\n<h1>Heading</h1>"


def test_problems_are_collected_for_the_plugin() -> None:
    extension = BriefParagraphsExtension()
    markdown.markdown("No id.", extensions=["attr_list", extension])
    assert extension.problems == [
        "paragraph 'No id.…' has no id: add { #p-N } on the line after it "
        "(editorial notes belong in an admonition, not in a top-level paragraph)"
    ]
    markdown.markdown("Fine.\n{ #p-1 }", extensions=["attr_list", extension])
    assert extension.problems == []


def test_the_numbered_paragraphs_of_each_document_are_listed_for_the_plugin() -> None:
    extension = BriefParagraphsExtension()
    source = "# Q { #q }\n\nOne.\n{ #p-3 }\n\n!!! note\n    Editorial.\n\nTwo.\n{ #p-4 }"
    markdown.markdown(source, extensions=["attr_list", "admonition", extension])
    assert extension.numbered == ["p-3", "p-4"]
    markdown.markdown("Three.\n{ #p-5 }", extensions=["attr_list", extension])
    assert extension.numbered == ["p-5"]
    extension.setConfig("enabled", False)
    markdown.markdown("Four.\n{ #p-6 }", extensions=["attr_list", extension])
    assert extension.numbered == []


@pytest.mark.parametrize(
    ("pages", "problems"),
    [
        ([("a.md", ["p-1", "p-2"]), ("b.md", ["p-3"])], []),
        ([("a.md", [])], []),
        ([("a.md", ["p-1", "p-3"])], ["Doc file 'a.md': paragraph id 'p-3' where 'p-2' was expected"]),
        ([("a.md", ["p-1"]), ("b.md", ["p-1"])], ["Doc file 'b.md': paragraph id 'p-1' where 'p-2' was expected"]),
        ([("a.md", ["p-2", "p-1"])], ["'p-2' where 'p-1'", "'p-1' where 'p-2'"]),
    ],
)
def test_numbering_runs_through_the_brief_in_reading_order(
    pages: list[tuple[str, list[str]]], problems: list[str]
) -> None:
    found = numbering_problems(pages)
    assert len(found) == len(problems)
    for message, expected in zip(found, problems, strict=True):
        assert expected in message


# --- In a build of the project -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        pytest.param(
            "docs/meaning.md",
            "{ #meaning }",
            "{ #p-2 }",
            "Doc file 'meaning.md': duplicate id 'p-2': give each heading and paragraph its own id",
            id="duplicate-id",
        ),
        pytest.param(
            "docs/russia-position.md",
            "{ #p-3 }\n",
            "\n",
            "Doc file 'russia-position.md': paragraph 'Since the 1990s, Russia has consistently referred to the pri…' "
            "has no id: add { #p-N } on the line after it",
            id="paragraph-without-id",
        ),
        pytest.param(
            "docs/russia-position.md",
            "{ #russia-position }",
            "",
            "Doc file 'russia-position.md': heading 'What is Russia's position?' has no explicit id",
            id="heading-without-id",
        ),
        pytest.param(
            "docs/russian-arguments.md",
            "{ #p-4 }",
            "{ #p-6 }",
            "Doc file 'russian-arguments.md': paragraph id 'p-6' where 'p-4' was expected",
            id="numbering-gap",
        ),
        pytest.param(
            "docs/russian-arguments.md",
            "{ #p-4 }",
            "{ #p-3 }",
            "Doc file 'russian-arguments.md': paragraph id 'p-3' where 'p-4' was expected",
            id="numbering-repeat",
        ),
    ],
)
def test_a_markup_problem_fails_the_build_naming_the_page(
    project_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    assert not (project_copy / "anchors.lock").exists()  # the numbering alone, without the lock's warnings
    assert_edit_fails_the_build(project_copy, file, old, new, message)
