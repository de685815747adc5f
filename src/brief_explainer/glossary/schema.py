"""Write glossary.schema.json from the glossary model: ``python -m brief_explainer.glossary.schema [PATH]``."""

from __future__ import annotations

import sys
from pathlib import Path

from .model import SCHEMA_FILE_NAME, write_json_schema


def main(argv: list[str]) -> int:
    """Write the schema to the path given, or to glossary.schema.json in the current folder."""
    target = Path(argv[0]) if argv else Path(SCHEMA_FILE_NAME)
    write_json_schema(target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
