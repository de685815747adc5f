"""Results derived from the project's data files alone, kept between builds and recomputed when anything changes.

Parsing and formatting ``references.bib`` with pybtex, and validating ``glossary.yml``, give the same result every
time the file, the code that reads it and its libraries are the same: a build (every save in ``serve``) need
not redo them. Each result is a JSON file named by a hash of everything it depends on, so a stale entry is never
read: a changed input or an edited module gives another name. Writing an entry removes the older ones of its kind.
A cache that cannot be read or written is only slower, never wrong. No MkDocs imports.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def write_atomically(path: Path, content: bytes) -> None:
    """Write a cache file so that a build running at the same time reads the old file or the new, never half."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_bytes(content)
    partial.replace(path)


def source_of(*modules: str) -> bytes:
    """The source of the given module files (``__file__``), as a part of a cache key: editing one invalidates."""
    return b"".join(Path(module).read_bytes() for module in modules)


class DerivedCache:
    """JSON results in ``folder``, each under a key computed from its inputs (no folder: nothing is kept)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get_or_make(self, kind: str, inputs: Sequence[str | bytes], make: Callable[[], Any]) -> Any:
        """The result of ``make()`` for these inputs: from the cache, or made and then stored.

        Args:
            kind: What the result is (``bibliography``); a file-name prefix, one entry kept per kind.
            inputs: Everything the result depends on: the input's text, the deriving code's source, library
                versions. Their hash names the entry.
            make: Computes the result (JSON-serialisable); an exception it raises is not cached.
        """
        if self.folder is None:
            return make()
        digest = hashlib.sha256()
        for part in inputs:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)  # length-prefixed: parts cannot run into each other
        entry = self.folder / f"{kind}-{digest.hexdigest()[:16]}.json"
        try:
            return json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # not made yet, or unreadable: make it again
        result = make()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(entry, json.dumps(result, ensure_ascii=False).encode("utf-8"))
            for older in self.folder.glob(f"{kind}-*.json"):
                if older != entry:
                    older.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout builds as before, only without the saving
        return result
