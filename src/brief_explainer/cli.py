"""The ``brief-explainer`` command (also ``python -m brief_explainer``): one entry point, a subcommand per tool.

    brief-explainer import SOURCE.txt --ids IDS.yml --out DIR     # write the pages of a new explainer
    brief-explainer import SOURCE.txt --ids IDS.yml --check DIR   # compare existing pages with a fresh import
    brief-explainer anchors check|update SITE_DIR LOCK_FILE       # the anchor lock (make anchors)
    brief-explainer schema [PATH]                                 # glossary.schema.json (make schema)
    brief-explainer linkcheck [SITE_DIR]                          # external links (make linkcheck-external)
    brief-explainer check-url URL                                 # a release's public address (make release)

Each subcommand's ``--help`` says what it does. Exit status: 0 done, 1 an error (its message on stderr, naming
the file and the fix, nothing half-written), 2 a usage error (argparse's).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .importer import (
    BriefImportError,
    check_lock_file,
    check_pages,
    find_config,
    find_lock,
    import_brief,
    read_site_markdown,
    write_pages,
)

DEFAULT_SITE_DIR = Path("site")
"""Where ``make build`` writes the site: the commands that read a built site look there unless told."""


class CommandError(Exception):
    """A command cannot do its work: the message says why and what to do."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brief-explainer", description="Tools for the brief explainer.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_import(commands)
    _add_anchors(commands)
    _add_schema(commands)
    _add_linkcheck(commands)
    _add_check_url(commands)
    return parser


def _add_import(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    command.add_argument(
        "--config",
        type=Path,
        metavar="mkdocs.yml",
        help="the site's configuration, whose markdown_extensions render the pages (default: the nearest "
        "mkdocs.yml in or above DIR, else the current folder's)",
    )
    command.set_defaults(run=_run_import)


def _add_anchors(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "anchors",
        help="check a built site against the anchor lock, or add its new addresses to the lock",
        description="The anchor lock lists every published page URL and anchor. 'check' names each listed address "
        "the built site no longer resolves (through redirects too); 'update' adds the site's new addresses, after "
        "adding anchors on purpose, and refuses while a listed one is broken: a lock only grows.",
    )
    command.add_argument("action", choices=("check", "update"), help="check the site, or add its new addresses")
    command.add_argument("site_dir", type=Path, metavar="SITE_DIR", help="the built site (make build writes site/)")
    command.add_argument("lock", type=Path, metavar="LOCK_FILE", help="the lock file (anchors.lock)")
    command.set_defaults(run=_run_anchors)


def _add_schema(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .glossary.model import SCHEMA_FILE_NAME

    command = commands.add_parser(
        "schema",
        help="write the glossary's JSON Schema",
        description="Write the JSON Schema of glossary.yml, generated from the model the plugin validates with "
        "(editors use it to check the file as it is typed).",
    )
    command.add_argument(
        "path",
        type=Path,
        nargs="?",
        default=Path(SCHEMA_FILE_NAME),
        help=f"where to write it (default: {SCHEMA_FILE_NAME})",
    )
    command.set_defaults(run=_run_schema)


def _add_linkcheck(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "linkcheck",
        help="visit every external link of a built site (needs a network)",
        description="Visit every external http(s) link of a built site and list each one's status; exit 1 when one "
        "does not resolve. Internal links and anchors are the tests' (no network needed).",
    )
    command.add_argument(
        "site_dir",
        type=Path,
        nargs="?",
        default=DEFAULT_SITE_DIR,
        metavar="SITE_DIR",
        help="the built site (default: site)",
    )
    command.set_defaults(run=_run_linkcheck)


def _add_check_url(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "check-url",
        help="check that an address can be a release's public one (make release runs it first)",
        description="A release writes its address into every page, the sitemap and the PDFs: it must be a public "
        "https:// address, never a local or private one. Exit 0 when URL can be, else say why and exit 1.",
    )
    command.add_argument("url", metavar="URL", help="the site's public address (make release passes $SITE_URL)")
    command.set_defaults(run=_run_check_url)


def _run_import(args: argparse.Namespace) -> int:
    try:
        return run_import(args.source, args.ids, args.out, args.check, args.lock, args.config)
    except BriefImportError as exc:
        raise CommandError(f"{exc}\nNothing written.") from exc


def run_import(
    source: Path, ids: Path | None, out: Path | None, check: Path | None, lock: Path | None, config: Path | None = None
) -> int:
    """Import (or check) a brief, printing repairs, summary and problems; returns the exit status."""
    directory = out or check
    assert directory is not None
    config = config or find_config(directory)
    if config is None:
        raise CommandError(
            f"no mkdocs.yml in or above {directory}, nor in the current folder: give the site's with --config "
            "(its markdown_extensions render the pages)\nNothing written."
        )
    imported, notes = import_brief(source, ids, site_markdown=read_site_markdown(config))
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


def _run_anchors(args: argparse.Namespace) -> int:
    from .anchors import check_addresses, collect_addresses, read_lock, write_lock
    from .textfiles import UndecodableFileError

    site_dir, lock = args.site_dir, args.lock
    if not site_dir.is_dir():
        raise CommandError(f"{site_dir}: no built site here; run `make build` first")
    try:
        previous = read_lock(lock) if lock.is_file() else []
    except UndecodableFileError as exc:
        raise CommandError(str(exc)) from exc
    problems = check_addresses(site_dir, previous)
    if args.action == "check":
        print("\n".join(problems) if problems else f"{lock}: all {len(previous)} addresses resolve")
        return 1 if problems else 0
    if problems:
        print("Locked addresses that no longer resolve (fix them; the lock is not changed):", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        return 1
    addresses = collect_addresses(site_dir)
    write_lock(lock, addresses, previous)
    print(f"{lock}: {len(set(addresses) - set(previous))} address(es) added, {len(previous)} kept")
    return 0


def _run_schema(args: argparse.Namespace) -> int:
    from .glossary.model import write_json_schema

    write_json_schema(args.path)
    print(f"wrote {args.path}")
    return 0


def _run_linkcheck(args: argparse.Namespace) -> int:
    from .linkcheck import external_links, link_statuses

    site_dir = args.site_dir
    if not site_dir.is_dir():
        raise CommandError(f"{site_dir}: no built site here; run `make build` first")
    links = external_links(site_dir)
    if not links:
        print(f"{site_dir}: no external links (is the site built?)")
        return 0
    results = link_statuses(links)
    broken = {url: status for url, status in results.items() if status != "ok"}
    for url, status in sorted(results.items()):
        print(f"{status:>30}  {url}  ({', '.join(links[url][:3])})")
    print(f"{len(results) - len(broken)} of {len(results)} external links resolve")
    return 1 if broken else 0


def _run_check_url(args: argparse.Namespace) -> int:
    from .publish import public_url_problem

    problem = public_url_problem(args.url)
    if problem:
        raise CommandError(
            f"make release: {problem}. A release writes its address into every page, the sitemap and the PDFs: "
            "run it as SITE_URL=https://your.public.address/ make release"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 done, 1 an error, 2 a usage error)."""
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        if args.command == "import":
            print("Nothing written.", file=sys.stderr)
        return 1
