"""Render the glossary: popovers (HTML), the glossary page and the timeline (Markdown). No MkDocs imports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from ..pages import front_matter
from .linker import Citation, Mention, summary_id
from .model import Entry, Glossary, Kind, Quote

KIND_HEADINGS = {
    Kind.document: ("Documents", "documents"),
    Kind.principle: ("Principles and commitments", "principles"),
    Kind.organisation: ("Organisations", "organisations"),
    Kind.event: ("Events", "events"),
}
GLOSSARY_PAGE_IDS = frozenset(anchor for _, anchor in KIND_HEADINGS.values()) | {"glossary", "timeline"}
"""The glossary page's own anchors (its sections, its title) and the timeline's: ids no entry may take."""
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def mentions_placeholder(entry_id: str) -> str:
    """The marker the glossary page carries until every page has been read for mentions."""
    return f'<div class="gloss-mentions" data-entry="{escape(entry_id, quote=True)}"></div>'


def format_date(iso: str) -> str:
    """'1975-08-01' → '1 August 1975'; '2021-12' → 'December 2021'; '1994' → '1994'."""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def quote_attribution(entry: Entry, quote: Quote) -> str:
    """Who a quote is by and where it stands, as plain text: the popover and the glossary page say the same.

    A quote of someone else's words (a statement, a press report) names them instead of the entry's document;
    a press quotation says that it is one.
    """
    label = "Press quotation: " if quote.press else ""
    return f"{label}{quote.attribution or entry.official_title or entry.term}, {quote.pinpoint}"


def popover_html(entry: Entry, glossary_url: str, address: str | None = None) -> str:
    """The popover of one entry: summary, key quote with pinpoint, links. Everything escaped.

    A native ``popover`` (shown by explainer.js), ``hidden`` as well for browsers without one. Its summary carries
    the id that the entry's links are described by, so a screen reader hears that one sentence only.
    """
    parts = [
        f'<div class="gloss-pop" id="gloss-pop-{entry.id}" popover="manual" hidden role="group" '
        f'aria-label="Glossary: {escape(entry.term, quote=True)}">',
        f'<p class="gloss-pop__term"><strong>{escape(entry.term)}</strong> '
        f'<span class="gloss-pop__kind">{escape(entry.kind.value)}</span>'
        '<button type="button" class="gloss-pop__close" aria-label="Close">×</button></p>',
        f'<p class="gloss-pop__summary" id="{summary_id(entry.id)}">{escape(entry.summary)}</p>',
    ]
    if entry.shown_quotes:
        quote = entry.shown_quotes[0]
        parts.append(
            f'<blockquote class="gloss-pop__quote"><p>“{escape(quote.text)}”</p>'
            f'<p class="gloss-pop__pinpoint">{escape(quote_attribution(entry, quote))}</p></blockquote>'
        )
    links = [f'<a href="{escape(glossary_url, quote=True)}#{entry.id}">Glossary entry</a>']
    if address or entry.shown_url:
        href = escape(address or entry.shown_url or "", quote=True)
        links.append(f'<a class="gloss-pop__official" href="{href}">Official text</a>')
    parts.append(f'<p class="gloss-pop__links">{" · ".join(links)}</p>')
    parts.append("</div>")
    return "".join(parts)


def popovers_block(entries: Iterable[Entry], glossary_url: str, reference_urls: dict[str, str] | None = None) -> str:
    """The popovers of one page, one per entry linked on it: rendered once, outside the article's text.

    The theme template puts the block after the page's footer (inside Material's container, so that instant
    navigation swaps it with the page); the article, and so search and the PDF, never contain it.
    """
    urls = reference_urls or {}
    inner = "".join(popover_html(entry, glossary_url, official_address(entry, urls)) for entry in entries)
    return f'<div class="gloss-popovers" data-search-exclude>{inner}</div>' if inner else ""


def _md_text(text: str) -> str:
    """Escape text for a Markdown line (it is ours to show, never to interpret)."""
    escaped = escape(text, quote=False)
    for char in "\\`*_[]{}#|":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def official_address(entry: Entry, reference_urls: dict[str, str]) -> str | None:
    """The one address shown for an entry's official text: the bibliography's, when the entry cites a reference
    that has one; else the entry's own, when verified; else none (the row is left out, not announced as missing)."""
    if entry.bibkey and entry.bibkey in reference_urls:
        return reference_urls[entry.bibkey]
    return entry.shown_url


def _facts(entry: Entry, bibliography_page: str, address: str | None) -> list[str]:
    rows = []
    if entry.official_title:
        rows.append(("Official title", _md_text(entry.official_title)))
    if entry.date_text or entry.date:
        rows.append(("Date", _md_text(entry.date_text or format_date(entry.date or ""))))
    if entry.place:
        rows.append(("Place", _md_text(entry.place)))
    if entry.adopted_by:
        rows.append(("Adopted by", _md_text(entry.adopted_by)))
    if address:
        rows.append(("Official text", f"<{address}>"))
    if entry.bibkey:
        rows.append(("Source", f"[bibliography entry]({bibliography_page}#ref-{entry.bibkey})"))
    if not rows:
        return []
    return [
        '<dl class="gloss-facts" markdown>',
        *[f"<dt>{name}</dt>\n<dd markdown>{value}</dd>" for name, value in rows],
        "</dl>",
        "",
    ]


def _verification(entry: Entry, address: str | None) -> list[str]:
    """The verification trail (where each wording and address was seen), for a reader who asks for it."""
    items = []
    if address and address == entry.shown_url and entry.url_source:
        items.append(f"- Address: seen in {_md_text(entry.url_source)}.")
    for quote in entry.shown_quotes:
        items.append(
            f"- {_md_text(quote.pinpoint)}: wording seen in {_md_text(quote.source)}; {_md_text(quote.checked)}."
        )
    if not items:
        return []
    return _details("gloss-check", "How this was checked", [*items, ""])


def _details(css_class: str, title: str, body: list[str]) -> list[str]:
    """A collapsed ``details`` block, as pymdownx.details writes one (Material styles it): it opens without
    scripts and from ``file://``. Written as HTML with md_in_html, so that the HTML blocks inside it (facts,
    quotations) are parsed as such."""
    return [
        f'<details class="{css_class}" markdown>',
        f"<summary>{escape(title)}</summary>",
        "",
        *body,
        "</details>",
        "",
    ]


def _entry_details(entry: Entry, glossary: Glossary, bibliography_page: str, address: str | None) -> list[str]:
    """The long parts of an entry, collapsed: description, note, facts, quotations, related, how it was checked."""
    body = [entry.description.strip(), ""]
    if entry.note:
        # Our own inference, kept apart from what the brief and the documents say.
        body += ['<div class="gloss-note" markdown>', "", f"*Explainer's note:* {entry.note.strip()}", "", "</div>", ""]
    body += _facts(entry, bibliography_page, address)
    for quote in entry.shown_quotes:
        body += [
            '<blockquote class="gloss-quote" markdown>',
            "",
            f"“{_md_text(quote.text)}”",
            "",
            f"— {_md_text(quote_attribution(entry, quote))}",
            "{ .gloss-quote__source }",
            "",
            "</blockquote>",
            "",
        ]
    if entry.related:
        related = ", ".join(f"[{_md_text(glossary.by_id[related].term)}](#{related})" for related in entry.related)
        body += [f"**Related:** {related}", ""]
    body += _verification(entry, address)
    title = "Quotations, facts and related entries" if entry.shown_quotes else "Facts and related entries"
    return _details("gloss-more", title, body)


def _ordered(glossary: Glossary, kind: Kind) -> list[Entry]:
    """Documents and events by date, as the timeline orders them (undated ones last); the rest alphabetically."""
    members = [entry for entry in glossary if entry.kind is kind]
    if kind in (Kind.document, Kind.event):
        return sorted(members, key=lambda entry: (entry.date is None, entry.date or "", entry.term.casefold()))
    return sorted(members, key=lambda entry: entry.term.casefold())


def _index(glossary: Glossary) -> list[str]:
    """A compact index of every entry, by kind, on the page's first screen."""
    lines = ['<nav class="gloss-index no-gloss" aria-label="Glossary entries" markdown>', ""]
    for kind, (heading, anchor) in KIND_HEADINGS.items():
        members = _ordered(glossary, kind)
        if not members:
            continue
        links = " · ".join(
            f"[{_md_text(entry.term)}](#{entry.id})" + (f" ({entry.date[:4]})" if entry.date else "")
            for entry in members
        )
        lines += [f"[**{heading}**](#{anchor}): {links}", "{ .gloss-index__kind }", ""]
    lines += ["</nav>", ""]
    return lines


def glossary_markdown(
    glossary: Glossary, *, bibliography_page: str = "bibliography.md", reference_urls: dict[str, str] | None = None
) -> str:
    """The glossary page: a compact index, then entries grouped by kind, each summary first (name, kind and
    date, one-sentence summary, where the brief mentions or cites it) with its long parts in a collapsed
    ``details`` block (opens without scripts, and from ``file://``).

    ``reference_urls``: the bibliography's address of each reference that has one: an entry citing one shows
    that address, so the glossary and the bibliography never disagree.
    """
    urls = reference_urls or {}
    lines = [
        *front_matter(
            "Glossary",
            "The OSCE and NATO documents, Russian drafts, organisations, principles and events behind Łukasz Kulesa's "
            "PISM Spotlight, with their dates, verified key passages and links to the official texts.",
        ),
        "# Glossary { #glossary }",
        "",
        '!!! info "About the glossary"',
        "",
        "    Editorial apparatus, not part of the brief. Each entry says where the brief mentions or cites it; open",
        "    an entry for its dates, quotations (each with its place in the document) and related entries.",
        "",
        *_index(glossary),
    ]
    for kind, (heading, anchor) in KIND_HEADINGS.items():
        members = _ordered(glossary, kind)
        if not members:
            continue
        lines += [f"## {heading} {{ #{anchor} }}", ""]
        for entry in members:
            address = official_address(entry, urls)
            lines += [f"### {_md_text(entry.term)} {{ #{entry.id} }}", ""]
            meta = entry.kind.value.capitalize() + (f", {format_date(entry.date)}" if entry.date else "")
            lines += [_md_text(meta), "{ .gloss-kind }", ""]
            if entry.aliases:
                lines += [f"*Also:* {_md_text('; '.join(entry.aliases))}", "{ .gloss-aliases }", ""]
            lines += [_md_text(entry.summary), "{ .gloss-summary }", ""]
            lines += [mentions_placeholder(entry.id), ""]
            lines += _entry_details(entry, glossary, bibliography_page, address)
    return "\n".join(lines)


@dataclass(frozen=True)
class BriefOnTimeline:
    """The brief itself, as one event of the timeline (from ``extra.brief`` in mkdocs.yml)."""

    order: str
    """An ISO date that places it among the others."""
    datetime: str
    """The ``datetime`` of its ``<time>``: as precise as what is known."""
    shown_date: str
    text: str
    """Markdown: who wrote what, where, linked to the overview."""


def brief_on_timeline(brief: dict[str, Any], overview_page: str) -> BriefOnTimeline | None:
    """The brief's own event, or None without its title and date. Its English date is only a month; a dated
    original (``extra.brief.original``) places it among the others, and is named with its address."""
    title, date = brief.get("title"), brief.get("date")
    month = str(brief.get("citation_date") or "").replace("/", "-")
    if not title or not date or not month:
        return None
    byline = ", ".join(_md_text(str(part)) for part in (brief.get("author"), brief.get("series")) if part)
    text = f"[{_md_text(str(title))}]({overview_page}){', ' + byline if byline else ''}: the brief this site explains."
    original = brief.get("original") or {}
    original_date = str(original.get("date") or "")
    if original_date and original.get("url") and original.get("title"):
        language = _md_text(str(original.get("language_name") or "original"))
        text += (
            f" Its {language} version, [{_md_text(str(original['title']))}]({original['url']}), is dated "
            f"{format_date(original_date)}."
        )
    return BriefOnTimeline(original_date or month, month, _md_text(str(date)), text)


TIMELINE_SEPARATOR = '<span class="timeline__sep">: </span>'
"""Between an event's date and its name: read in search results, the PDF's contents and by screen readers; on
screen the date stands on a line of its own instead."""


def _timeline_item(entry: Entry, glossary_page: str, grouped: list[Entry]) -> list[str]:
    """One event: its date and name as a heading (a search result of its own), summary, where the brief has it;
    documents of the same event listed inside it, each keeping its own anchor."""
    lines = [
        '<li markdown="block">',
        f'<h2 class="timeline__event" id="t-{entry.id}"><time datetime="{entry.date}">'
        f"{format_date(entry.date or '')}</time>{TIMELINE_SEPARATOR}{escape(entry.term)}</h2>",
        "",
        f"{_md_text(entry.summary)} ([glossary]({glossary_page}#{entry.id}))",
        "",
        mentions_placeholder(entry.id),
        "",
    ]
    if grouped:
        lines += ['<ul class="timeline__parts" markdown>']
        for part in grouped:
            lines += [
                f'<li id="t-{part.id}" markdown>[{_md_text(part.term)}]({glossary_page}#{part.id}) '
                f"{mentions_placeholder(part.id)}</li>"
            ]
        lines += ["</ul>", ""]
    return [*lines, "</li>"]


def _grouped_by_event(dated: list[Entry]) -> dict[str, list[Entry]]:
    """Event id → the documents of the same date that it names as related: one event on the timeline (the two
    December 2021 drafts, handed over on the same day, are one event, not three)."""
    groups: dict[str, list[Entry]] = {}
    for event in (entry for entry in dated if entry.kind is Kind.event):
        groups[event.id] = [
            entry
            for entry in dated
            if entry.id in event.related and entry.date == event.date and entry.kind is not Kind.event
        ]
    return groups


def timeline_markdown(
    glossary: Glossary, *, glossary_page: str = "glossary.md", brief: BriefOnTimeline | None = None
) -> str:
    """The timeline page: dated documents and events in date order, each a heading of its own (so that search
    finds it alone), linking to its entry and to the paragraphs of the brief that mention or cite it."""
    dated = sorted((entry for entry in glossary if entry.date), key=lambda entry: (entry.date or "", entry.term))
    groups = _grouped_by_event(dated)
    absorbed = {part.id for parts in groups.values() for part in parts}
    lines = [
        *front_matter(
            "Timeline",
            "The OSCE and NATO documents, Russian drafts and events behind the dispute over the indivisibility of "
            "security, in date order, from the Helsinki Final Act of 1975 to Lavrov's letter of 2022.",
        ),
        "# Timeline { #timeline }",
        "",
        "Editorial apparatus, not part of the brief: the documents and events of the glossary in date order, each",
        "linked to its entry and to the paragraphs of the brief that mention or cite it.",
        "{ .timeline-intro }",
        "",
        # Each item already links to its entry: its summary is not linked again.
        '<ol class="timeline no-gloss" markdown>',
    ]
    items: list[tuple[str, list[str]]] = [
        (entry.date or "", _timeline_item(entry, glossary_page, groups.get(entry.id, [])))
        for entry in dated
        if entry.id not in absorbed
    ]
    if brief is not None:
        items.append(
            (
                brief.order,
                [
                    '<li markdown="block">',
                    f'<h2 class="timeline__event" id="t-brief"><time datetime="{brief.datetime}">{brief.shown_date}'
                    f"</time>{TIMELINE_SEPARATOR}The brief</h2>",
                    "",
                    brief.text,
                    "",
                    "</li>",
                ],
            )
        )
    for _, item in sorted(items, key=lambda pair: pair[0]):
        lines += item
    lines += ["</ol>", ""]
    return "\n".join(lines)


def _paragraph_links(found: set[tuple[int, str]], page_urls: dict[str, str]) -> str:
    return ", ".join(
        f'<a href="{escape(page_urls[paragraph_id], quote=True)}#{paragraph_id}">¶{number}</a>'
        for number, paragraph_id in sorted(found)
    )


def mentions_html(
    entry: Entry,
    mentions: Iterable[Mention],
    page_urls: dict[str, str],
    citations: Iterable[Citation] = (),
) -> str:
    """Where the brief mentions an entry (its words) and cites it (a footnote to the entry's reference): one link
    per paragraph of the brief, in order. A document the brief cites is never called unmentioned."""
    mentioned = {
        (mention.paragraph_number, mention.paragraph_id)
        for mention in mentions
        if mention.entry_id == entry.id and mention.paragraph_id in page_urls
    }
    cited = {
        (citation.paragraph_number, citation.paragraph_id)
        for citation in citations
        if entry.bibkey and citation.bibkey == entry.bibkey and citation.paragraph_id in page_urls
    }
    parts = []
    if mentioned:
        parts.append(f"mentioned in {_paragraph_links(mentioned, page_urls)}")
    if cited:
        parts.append(f"cited in {_paragraph_links(cited, page_urls)}")
    text = "; ".join(parts) if parts else "neither mentioned nor cited in its text."
    return f'<p class="gloss-mentions"><strong>In the brief:</strong> {text}</p>'


def fill_mentions(
    html: str,
    entries: Iterable[Entry],
    mentions: Sequence[Mention],
    page_urls: dict[str, str],
    citations: Sequence[Citation] = (),
) -> str:
    """A generated page (the glossary, the timeline) once every page has been read: each entry's
    :func:`mentions_placeholder` replaced by :func:`mentions_html`.

    Args:
        html: The page's content, holding the placeholders.
        entries: The glossary's entries.
        mentions: Every mention of an entry the linker found in the brief.
        page_urls: Each numbered paragraph's id → the URL of its page, relative to this page.
        citations: Every citation of an entry's bibliography key in the brief.
    """
    for entry in entries:
        html = html.replace(mentions_placeholder(entry.id), mentions_html(entry, mentions, page_urls, citations))
    return html
