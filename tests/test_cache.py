"""What is derived from the data files alone is kept between builds, and never outlives a change."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from brief_explainer.cache import DerivedCache

from .conftest import BUILD_ENV, build_in_process, edit, write_mini_project
from .test_glossary_model import VALID


def test_a_result_is_made_once_for_the_same_inputs(tmp_path: Path) -> None:
    cache = DerivedCache(tmp_path)
    made: list[str] = []

    def make(value: str) -> dict[str, str]:
        made.append(value)
        return {"value": value}

    assert cache.get_or_make("kind", ["input", b"code"], lambda: make("first")) == {"value": "first"}
    assert cache.get_or_make("kind", ["input", b"code"], lambda: make("second")) == {"value": "first"}
    assert made == ["first"]
    # Another input, or the same bytes split otherwise, is another entry; the older one of the kind goes.
    assert cache.get_or_make("kind", ["inpu", b"tcode"], lambda: make("third")) == {"value": "third"}
    assert len(list(tmp_path.glob("kind-*.json"))) == 1
    assert cache.get_or_make("other", ["input", b"code"], lambda: make("fourth")) == {"value": "fourth"}
    assert made == ["first", "third", "fourth"]


def test_a_failure_is_not_kept(tmp_path: Path) -> None:
    cache = DerivedCache(tmp_path)

    def fail() -> None:
        raise ValueError("broken input")

    with pytest.raises(ValueError, match="broken input"):
        cache.get_or_make("kind", ["bad"], fail)
    assert list(tmp_path.iterdir()) == []


def test_an_unreadable_entry_is_made_again(tmp_path: Path) -> None:
    cache = DerivedCache(tmp_path)
    cache.get_or_make("kind", ["x"], lambda: [1])
    [entry] = tmp_path.glob("kind-*.json")
    entry.write_text("{half", encoding="utf-8")
    assert cache.get_or_make("kind", ["x"], lambda: [2]) == [2]
    assert json.loads(entry.read_text(encoding="utf-8")) == [2]


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    assert DerivedCache(blocked / "cache").get_or_make("kind", ["x"], lambda: [3]) == [3]


BUILD_AND_REPORT = """\
import sys
from mkdocs.__main__ import cli
try:
    cli(["build", "--strict", "--site-dir", sys.argv[1]])
except SystemExit as exit:
    if exit.code:
        raise
print("pydantic imported:", "pydantic" in sys.modules)
"""


def build_reporting_pydantic(project: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", BUILD_AND_REPORT, str(project / "site")],
        cwd=project,
        env=BUILD_ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_an_unchanged_glossary_is_read_back_and_a_changed_one_validated(tmp_path: Path) -> None:
    project = write_mini_project(tmp_path)
    (project / "glossary.yml").write_text(VALID, encoding="utf-8")
    assert build_reporting_pydantic(project) == "pydantic imported: True"  # first build: validated
    assert build_reporting_pydantic(project) == "pydantic imported: False"  # same files: from the cache
    html = (project / "site" / "glossary.html").read_text(encoding="utf-8")
    assert "Signed in Paris." in html
    # An edit is seen at once: the entry is keyed by the file's text.
    edit(project / "glossary.yml", "description: Signed in Paris.", "description: Signed in the Elysée.")
    assert build_reporting_pydantic(project) == "pydantic imported: True"
    html = (project / "site" / "glossary.html").read_text(encoding="utf-8")
    assert "Signed in the Elysée." in html and "Signed in Paris." not in html
    # So is a broken one, even after good builds of the same entries.
    edit(project / "glossary.yml", "url: https://osce.org/mc/87189", "url: http://osce.org/mc/87189")
    result = build_in_process(project)
    assert result.returncode == 1
    assert "glossary.yml:15: entry 'paris-charter': 'url' must be an https URL" in result.log


def test_a_removed_bibliography_key_is_seen_by_a_cached_glossary(tmp_path: Path) -> None:
    project = write_mini_project(tmp_path)
    (project / "glossary.yml").write_text(VALID, encoding="utf-8")
    assert build_in_process(project).returncode == 0
    (project / "refs.bib").write_text("@misc{other1990, title={Other}, year={1990}}\n", encoding="utf-8")
    result = build_in_process(project)
    assert result.returncode == 1
    assert "bibliography key 'paris1990' is not in the bibliography" in result.log
