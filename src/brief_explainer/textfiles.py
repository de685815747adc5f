"""Reading the project's text files: every input is UTF-8, and a file that is not says where. No MkDocs imports."""

from __future__ import annotations

from pathlib import Path

UTF8_BOM = b"\xef\xbb\xbf"


class UndecodableFileError(Exception):
    """A text file that is not UTF-8: names the file, the first bad byte and its offset, and the fix."""

    def __init__(self, path: Path, data: bytes, offset: int) -> None:
        self.path = path
        self.offset = offset
        self.byte = data[offset]
        self.line = data[:offset].count(b"\n") + 1
        super().__init__(
            f"{path.name}: not UTF-8: byte 0x{self.byte:02x} at offset {offset} (line {self.line}) "
            "cannot be decoded; save the file as UTF-8"
        )


def decode(data: bytes, path: Path) -> str:
    """``data``, the bytes of ``path``, decoded as UTF-8 (a leading byte-order mark is dropped, as MkDocs does).

    Raises:
        UndecodableFileError: The bytes are not UTF-8.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # decode() counts from after the byte-order mark it dropped; report the offset in the file.
        offset = exc.start + (len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0)
        raise UndecodableFileError(path, data, offset) from None


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (see :func:`decode`).

    Raises:
        UndecodableFileError: The file holds bytes that are not UTF-8.
        OSError: The file cannot be read.
    """
    return decode(path.read_bytes(), path)


def undecodable_files(paths: list[Path]) -> dict[Path, str]:
    """The files among ``paths`` that are not UTF-8, each with its message (in the order given)."""
    problems = {}
    for path in paths:
        try:
            read_text(path)
        except UndecodableFileError as exc:
            problems[path] = str(exc)
    return problems
