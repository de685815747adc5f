"""The ``brief-explainer`` command (also ``python -m brief_explainer``).

    brief-explainer import SOURCE.txt --ids IDS.yml --out DIR     # write the pages of a new explainer
    brief-explainer import SOURCE.txt --ids IDS.yml --check DIR   # compare existing pages with a fresh import

Every repair is printed with its source lines, then a summary. Bad input is one message naming the file and
line, exit status 1, and nothing written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .importer import BriefImportError, check_lock_file, check_pages, find_lock, import_brief, write_pages


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brief-explainer", description="Tools for the brief explainer.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    command = commands.add_parser(
        "import",
        help="make the explainer's pages from a brief's extracted text",
        description="Make the explainer's pages from a brief's text as extracted from its PDF: index.md and one page "
        "per question, every paragraph numbered, every repair of the PDF's artefacts reported.",
    )
    command.add_argument("source", type=Path, metavar="SOURCE.txt", help="the brief's text, extracted from its PDF")
    command.add_argument(
        "--ids", type=Path, metavar="IDS.yml", help="YAML: each question, as in the source, to its page's id"
    )
    target = command.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, metavar="DIR", help="write the pages into DIR (never overwriting a page)")
    target.add_argument(
        "--check", type=Path, metavar="DIR", help="compare the brief's text of the pages in DIR with a fresh import"
    )
    command.add_argument(
        "--lock",
        type=Path,
        metavar="anchors.lock",
        help="the anchor lock whose addresses must be kept (default: the nearest anchors.lock in or above DIR)",
    )
    return parser


def run_import(source: Path, ids: Path | None, out: Path | None, check: Path | None, lock: Path | None) -> int:
    """Import (or check) a brief, printing repairs, summary and problems; returns the exit status."""
    directory = out or check
    assert directory is not None
    imported, notes = import_brief(source, ids)
    brief = imported.brief
    print(f"{source}: '{brief.title}' by {brief.author}")
    print(f"Repairs ({len(brief.repairs)}):")
    for repair in brief.repairs:
        print(f"  {repair}")
    for note in notes:
        print(f"  id: {note}")
    lock = lock or find_lock(directory)
    if lock is not None:
        problems, kept = check_lock_file(imported, lock)
        if problems:
            print(f"error: {lock}: this import would break {len(problems)} published address(es):", file=sys.stderr)
            print("\n".join(f"  {problem}" for problem in problems), file=sys.stderr)
            print(
                "Fix the source or the ids file: a locked address is never removed. Nothing written.", file=sys.stderr
            )
            return 1
        print(f"{lock}: all {kept} locked addresses of the brief kept")
    if check is not None:
        differences = check_pages(imported, check)
        print(f"Summary: {imported.summary()}")
        if differences:
            print("\n".join(differences), file=sys.stderr)
            print(f"{len(differences)} page(s) differ from the import of {source}", file=sys.stderr)
            return 1
        print(f"{check}: the brief's text of all {len(imported.pages)} pages matches the import")
        return 0
    assert out is not None
    write_pages(imported.pages, out)
    print(f"Summary: {imported.summary()}; {len(imported.pages)} pages written to {out}: {', '.join(imported.pages)}")
    # The navigation is the site's to arrange (reference pages, other sections): printed, not written into it.
    print("\nTo list them in reading order, in mkdocs.yml:\n")
    print(imported.nav_yaml(), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 done, 1 bad input, 2 usage)."""
    args = _parser().parse_args(argv)
    try:
        return run_import(args.source, args.ids, args.out, args.check, args.lock)
    except BriefImportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("Nothing written.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        print("Nothing written.", file=sys.stderr)
        return 1
