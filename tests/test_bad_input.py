"""Bad input fails the build with a message naming the file and the problem: never a traceback, never a
half-written site/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BUILD_ENV, ROOT, copy_project, edit, run_build

QUICK = {"BRIEF_PDF": "false"}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def build(project: Path) -> subprocess.CompletedProcess[str]:
    return run_build(project, project / "site", env=QUICK)


BREAKAGES = [
    pytest.param(
        "docs/meaning.md",
        "[@paris1990]",
        "[@paris1991]",
        "Doc file 'meaning.md', line 10: unknown citation key '@paris1991': add it to references.bib or fix the key",
        id="unknown-citation-key",
    ),
    pytest.param(
        "docs/meaning.md",
        "[@paris1990]",
        "[@paris1990, p.]",
        "Doc file 'meaning.md', line 10: citation '[@paris1990, p.]' is malformed: the locator 'p.' has no value: "
        "write it as 'p. 3'",
        id="citation-malformed",
    ),
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
        "docs/index.md",
        "(meaning.md)",
        "(meanings.md)",
        "Doc file 'index.md' contains a link 'meanings.md', but the target is not found among documentation files.",
        id="broken-link",
    ),
    pytest.param(
        "docs/index.md",
        "(meaning.md)",
        "(meaning.md#p-9)",
        "Doc file 'index.md' contains a link 'meaning.md#p-9', "
        "but the doc 'meaning.md' does not contain an anchor '#p-9'.",
        id="broken-anchor",
    ),
    pytest.param(
        "sources/references.bib",
        "@misc{helsinki1975",
        "@legal{helsinki1975",
        "references.bib: entry 'helsinki1975': type @legal cannot be formatted in plain mode; use @misc or @techreport",
        id="biblatex-type",
    ),
    pytest.param(
        "mkdocs.yml",
        "  - assets/stylesheets/explainer.css",
        "  - assets/stylesheets/explainer.css\n  - https://fonts.googleapis.com/css?family=Roboto",
        "External file: https://fonts.googleapis.com/css?family=Roboto",
        id="external-asset",
    ),
    pytest.param(
        "mkdocs.yml",
        "  - footnotes:\n      # Number footnotes by first reference in the text, not by definition order.\n"
        "      USE_DEFINITION_ORDER: false\n",
        "",
        "Citations are footnotes: add 'footnotes' to markdown_extensions in mkdocs.yml",
        id="no-footnotes",
    ),
    pytest.param(
        "glossary.yml",
        "kind: organisation",
        "kind: organization",
        "'kind' must be one of: document, organisation, principle, event",
        id="glossary-typo",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BREAKAGES)
def test_bad_input_fails_with_a_clear_message(project: Path, file: str, old: str, new: str, message: str) -> None:
    edit(project / file, old, new)
    result = build(project)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_make_build_never_leaves_a_half_written_site(project: Path) -> None:
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
        env={**BUILD_ENV, **QUICK},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "unknown citation key '@nokey'" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous good build"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]


def test_bibtex_pitfalls_are_configured_around(project: Path) -> None:
    # Only [@key] cites: an @key in code or in a URL stays as written.
    (project / "docs" / "notes.md").write_text(
        "# Notes { #notes }\n\nCode `@helsinki1975` and [a link](https://example.org/@helsinki1975).\n\n"
        # Shown as typed, and no warning (a strict build failed on these): the syntax in a code span, a handle as
        # a link's text, escaped brackets.
        "Cite as `[@nokey]`, ask [@someone](https://example.org/someone), or write \\[@nokey2].\n",
        encoding="utf-8",
    )
    edit(project / "mkdocs.yml", "  - Reference:", "  - notes.md\n  - Reference:")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "citation" not in result.stderr
    html = (project / "site" / "notes.html").read_text(encoding="utf-8")
    assert "<code>@helsinki1975</code>" in html
    assert 'href="https://example.org/@helsinki1975"' in html
    assert "<code>[@nokey]</code>" in html and ">@someone</a>" in html and "[@nokey2]" in html


def spoil_encoding(path: Path, after: str) -> int:
    """Put a Latin-1 "é" (byte 0xe9, not UTF-8) into ``path`` right after the first ``after``; return its offset."""
    data = path.read_bytes()
    offset = data.index(after.encode()) + len(after)
    path.write_bytes(data[:offset] + "é".encode("latin-1") + data[offset:])
    return offset


@pytest.mark.parametrize(
    ("file", "after"),
    [
        pytest.param("glossary.yml", "entries:", id="glossary"),
        pytest.param("sources/references.bib", "@", id="bibliography"),
        pytest.param("docs/russia-position.md", "# ", id="page"),
    ],
)
def test_a_file_that_is_not_utf8_is_named_with_the_offset(project: Path, file: str, after: str) -> None:
    offset = spoil_encoding(project / file, after)
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous good build", encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    name = Path(file).name
    assert f"{name}: not UTF-8: byte 0xe9 at offset {offset}" in result.stderr
    assert "save the file as UTF-8" in result.stderr
    assert "Traceback" not in result.stderr
    assert "UnicodeDecodeError" not in result.stderr
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous good build"


def test_an_anchor_lock_that_is_not_utf8_is_named_with_the_offset(tmp_path: Path, built_site: Path) -> None:
    lock = tmp_path / "anchors.lock"
    lock.write_bytes(b"# Published addresses\nindex.html\nmeaning.html#p-2\n" + b"caf\xe9.html\n")
    before = lock.read_bytes()
    for command in ("check", "update"):
        result = subprocess.run(
            [sys.executable, "-m", "brief_explainer", "anchors", command, str(built_site), str(lock)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1
        assert "anchors.lock: not UTF-8: byte 0xe9 at offset 53 (line 4)" in result.stderr
        assert "Traceback" not in result.stderr
        assert lock.read_bytes() == before
