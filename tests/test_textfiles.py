"""Every input is read as UTF-8; a file that is not is named with the offending byte, its offset and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief_explainer.textfiles import UndecodableFileError, decode, undecodable_files

from .conftest import HTML_ONLY, build_in_process


def test_a_byte_order_mark_is_dropped_and_offsets_count_from_the_files_start(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    assert decode(b"\xef\xbb\xbfText", path) == "Text"
    with pytest.raises(UndecodableFileError) as caught:
        decode(b"\xef\xbb\xbfOne\ntwo \xe9", path)
    assert str(caught.value) == (
        "page.md: not UTF-8: byte 0xe9 at offset 11 (line 2) cannot be decoded; save the file as UTF-8"
    )


def test_every_undecodable_file_is_listed_in_the_order_given(tmp_path: Path) -> None:
    good, bad, worse = tmp_path / "good.md", tmp_path / "bad.md", tmp_path / "worse.md"
    good.write_bytes("café".encode())
    bad.write_bytes(b"caf\xe9")
    worse.write_bytes(b"\xff")
    assert list(undecodable_files([worse, good, bad])) == [worse, bad]


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
def test_a_file_that_is_not_utf8_fails_the_build_named_with_the_offset(
    project_copy: Path, file: str, after: str
) -> None:
    offset = spoil_encoding(project_copy / file, after)
    site = project_copy / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous good build", encoding="utf-8")
    result = build_in_process(project_copy, env=HTML_ONLY)  # a UnicodeDecodeError would be raised here
    assert result.returncode == 1
    name = Path(file).name
    assert f"{name}: not UTF-8: byte 0xe9 at offset {offset}" in result.log
    assert "save the file as UTF-8" in result.log
    assert "Traceback" not in result.log
    assert "UnicodeDecodeError" not in result.log
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous good build"
