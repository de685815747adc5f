"""The bibliography: load references.bib, check citations before mkdocs-bibtex sees them, render the page.

mkdocs-bibtex (plain mode) warns about unknown keys with a traceback, drops affixes silently and crashes
on biblatex entry types. These checks run first and turn each case into one clear message.
No MkDocs imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs_bibtex.citation import CitationBlock
from pybtex.backends.markdown import Backend as MarkdownBackend
from pybtex.database import BibliographyData, BibliographyDataError, parse_string
from pybtex.scanner import PybtexError
from pybtex.style.formatting.plain import Style as PlainStyle

from .pages import front_matter
from .textfiles import UndecodableFileError, read_text


class BibliographyError(Exception):
    """references.bib cannot be used."""


@dataclass
class Bibliography:
    """Parsed references, with their plain-style Markdown rendering."""

    data: BibliographyData

    @property
    def keys(self) -> set[str]:
        """Every citation key."""
        return set(self.data.entries.keys())

    def formatted(self) -> dict[str, str]:
        """Each reference rendered as mkdocs-bibtex renders its footnotes (pybtex plain style, Markdown)."""
        style = PlainStyle()
        backend = MarkdownBackend()
        return {entry.key: entry.text.render(backend) for entry in style.format_entries(self.data.entries.values())}


def load_bibliography(path: Path) -> Bibliography:
    """Parse a BibTeX file and check every entry type is one plain mode can format."""
    if not path.is_file():
        raise BibliographyError(f"{path}: bibliography file not found")
    try:
        data = parse_string(read_text(path), bib_format="bibtex")
    except UndecodableFileError as exc:
        raise BibliographyError(str(exc)) from exc
    except (PybtexError, BibliographyDataError) as exc:
        raise BibliographyError(f"{path.name}: not valid BibTeX: {exc}") from exc
    style = PlainStyle()
    problems = [
        f"{path.name}: entry '{key}': type @{entry.type} cannot be formatted in plain mode; use @misc or @techreport"
        for key, entry in data.entries.items()
        if not hasattr(style, f"get_{entry.type.lower()}_template")
    ]
    if problems:
        raise BibliographyError("\n".join(problems))
    return Bibliography(data)


@dataclass(frozen=True)
class CitationProblem:
    """A citation block that cannot be rendered as written, and why."""

    block: str
    """The block as written, brackets included: ``[@key]``."""
    message: str


def citation_problems(markdown: str, keys: set[str]) -> list[CitationProblem]:
    """Problems with the ``[@key]`` citations in a page's Markdown, found with mkdocs-bibtex's own parser."""
    problems = []
    for block in CitationBlock.from_markdown(markdown):
        for citation in block.citations:
            if citation.key not in keys:
                message = f"unknown citation key '@{citation.key}': add it to references.bib or fix the key"
            elif citation.prefix.strip() or citation.suffix.strip():
                message = (
                    f"citation '{block}' has a prefix or locator, which plain mode would drop: "
                    "cite the bare key and put the pinpoint in the text"
                )
            else:
                continue
            problems.append(CitationProblem(str(block), message))
    return problems


def without_citations(markdown: str, blocks: set[str]) -> str:
    """``markdown`` with the given citation blocks shown as written instead of cited.

    The ``@`` becomes a character reference, so that mkdocs-bibtex no longer sees a citation (it would crash on an
    unknown key) and the reader of a draft sees exactly what was typed.
    """
    for block in blocks:
        markdown = markdown.replace(block, block.replace("@", "&#64;"))
    return markdown


def bibliography_markdown(bibliography: Bibliography, *, title: str = "Bibliography") -> str:
    """The bibliography page: every reference, sorted by author or title, each with a ``#ref-<key>`` anchor."""
    lines = [
        *front_matter(
            title,
            "Sources cited in the explainer of Łukasz Kulesa's PISM Spotlight on the indivisibility of security: "
            "the brief itself and the OSCE, NATO and Russian documents it refers to.",
        ),
        f"# {title} {{ #bibliography }}",
        "",
        '<ol class="bibliography" markdown>',
    ]
    for key, text in bibliography.formatted().items():
        lines += [f'<li id="ref-{key}" markdown>{text}</li>']
    lines += ["</ol>", ""]
    return "\n".join(lines)
