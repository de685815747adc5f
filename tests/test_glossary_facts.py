"""The glossary's facts hold together: every quote is sourced and checked, every quoted phrase is one of those
quotes (or the brief's own words), and no entry dates a document differently from the timeline built from it."""

from __future__ import annotations

import re
from pathlib import Path
from textwrap import dedent

import pytest
import yaml

from brief_explainer.glossary.model import Glossary, parse_glossary
from brief_explainer.glossary.render import MONTHS, format_date, timeline_markdown
from brief_explainer.htmlwalk import OpenElement, rewrite_html

from .conftest import ROOT

GLOSSARY_FILE = ROOT / "glossary.yml"
BRIEF_FILE = ROOT / "sources" / "indivisibility-of-security.pism-spotlight.txt"
TEXT_FIELDS = ("summary", "description", "note", "date_text", "adopted_by")
"""The fields of an entry written in our words, where a quoted phrase or a date can appear."""

MONTH = "|".join(MONTHS)
DATE = rf"(?:(?P<day>\d{{1,2}})(?:–\d{{1,2}})? )?(?:(?P<month>{MONTH}) )?(?P<year>(?:19|20)\d\d)\b"
"""A date in words: '27 May 1997', '5–6 December 1994' (the first day counts), 'December 2021' or '1999'."""
CONNECTOR = r"(?:of|on|in|at|signed|adopted|published|issued|concluded|done|dated|[A-Z][a-z]+)"
"""Words that may stand between a document's name and its date: 'signed in Paris on', 'of', '(Istanbul,'."""

DateTuple = tuple[int, int | None, int | None]


def glossary() -> Glossary:
    return parse_glossary(GLOSSARY_FILE.read_text(encoding="utf-8"))


def flat(text: str | None) -> str:
    return " ".join((text or "").split())


# --- Quotes: pinpoint, source and checked note -------------------------------------------------------------------


def raw_quotes() -> list[tuple[str, dict[str, object]]]:
    """(entry id, quote mapping) straight from the YAML, independent of the model's defaults."""
    data = yaml.load(GLOSSARY_FILE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return [(entry["id"], quote) for entry in data["entries"] for quote in entry.get("quotes", [])]


def quote_problems(entry_id: str, quote: dict[str, object]) -> list[str]:
    """What a quote lacks: its pinpoint, where it was checked, and the note of which check verified it."""
    where = f"{entry_id}: {str(quote.get('text', ''))[:40]!r}"
    problems = [
        f"{where}: no {field}"
        for field in ("text", "pinpoint", "source", "checked")
        if not str(quote.get(field) or "").strip()
    ]
    if quote.get("checked") and not re.search(r"§\d+[a-z]?", str(quote["checked"])):
        problems.append(f"{where}: the checked note names no section of the reference (like 'Reference §6')")
    if quote.get("press") == "true" and not str(quote.get("attribution") or "").strip():
        problems.append(f"{where}: a press quotation must name the press report in 'attribution'")
    if quote.get("verified") != "true":
        problems.append(f"{where}: not verified, so it must not be in the glossary")
    return problems


def test_every_quote_has_a_pinpoint_a_source_and_a_checked_note() -> None:
    quotes = raw_quotes()
    assert len(quotes) > 30
    assert [problem for entry_id, quote in quotes for problem in quote_problems(entry_id, quote)] == []


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ({"text": "x", "pinpoint": "para 1", "source": "a.org", "verified": "true"}, "no checked"),
        (
            {"text": "x", "pinpoint": "", "source": "a.org", "checked": "Reference §2", "verified": "true"},
            "no pinpoint",
        ),
        ({"text": "x", "pinpoint": "para 1", "checked": "Reference §2", "verified": "true"}, "no source"),
        ({"text": "x", "pinpoint": "para 1", "source": "a.org", "checked": "yes", "verified": "true"}, "no section"),
        (
            {
                "text": "x",
                "pinpoint": "p",
                "source": "a",
                "checked": "Reference §13",
                "verified": "true",
                "press": "true",
            },
            "must name the press report",
        ),
    ],
)
def test_an_incomplete_quote_is_reported(quote: dict[str, object], expected: str) -> None:
    assert any(expected in problem for problem in quote_problems("e", quote))


# --- Quoted phrases in our own words are checked quotes ----------------------------------------------------------


def _comparable(text: str) -> str:
    """Quoted wording compared without ellipses, surrounding punctuation and line breaks."""
    return flat(text.replace("…", " ")).strip(" .,;:")


def unbacked_phrases(glossary: Glossary, brief: str) -> list[str]:
    """Phrases in quotation marks ("…" or «…») in the entries' own text that are neither a verified quote of the
    glossary nor the brief's words: wording quoted without a pinpoint and a checked source."""
    checked = [_comparable(quote.text) for entry in glossary for quote in entry.shown_quotes]
    brief_words = flat(brief)
    found = []
    for entry in glossary:
        for field in TEXT_FIELDS:
            for match in re.finditer(r'"([^"]+)"|«([^»]+)»', flat(getattr(entry, field))):
                phrase = _comparable(match.group(1) or match.group(2))
                if not any(phrase in quote for quote in checked) and phrase not in brief_words:
                    found.append(f"{entry.id}.{field}: {phrase!r}")
    return found


def test_every_quoted_phrase_is_a_checked_quote_or_the_brief() -> None:
    assert unbacked_phrases(glossary(), BRIEF_FILE.read_text(encoding="utf-8")) == []


MINI = dedent(
    """\
    entries:
      - id: paris-charter
        term: Charter of Paris
        kind: document
        date: "1990-11-21"
        date_text: Signed on 21 November 1990 at the Paris summit, 19–21 November 1990
        bibkey: paris1990
        summary: The 1990 charter.
        description: >-
          It speaks of "equal security for all our countries" and of "a new quality in our security relations".
        quotes:
          - text: equal security for all our countries
            pinpoint: Opening section
            source: nuke.fas.org
            checked: Reference §2 (first reading)
            verified: true
      - id: osce
        term: OSCE
        case_sensitive: true
        kind: organisation
        summary: The OSCE.
        description: Successor of the CSCE; see the Charter of Paris of 21 November 1990.
    """
)


def test_a_phrase_quoted_without_a_checked_quote_is_reported() -> None:
    mini = parse_glossary(MINI)
    assert unbacked_phrases(mini, "") == ["paris-charter.description: 'a new quality in our security relations'"]
    assert unbacked_phrases(mini, "a new quality in our security relations") == []


# --- Dates agree with the timeline -------------------------------------------------------------------------------


def timeline_dates(glossary: Glossary) -> dict[str, str]:
    """Entry id → the date the timeline page shows it under, read from the timeline built from this glossary."""
    dates: dict[str, str] = {}
    current: list[str] = []

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        anchor = (attrs.get("id") or "").removeprefix("t-")
        if tag == "h2" and anchor:
            current[:] = [anchor]  # an event: its heading holds its date
        elif tag == "li" and anchor and current:
            dates[anchor] = dates[current[0]]  # a document of the same event, under the event's date
        elif tag == "time" and current:
            dates[current[0]] = attrs.get("datetime") or ""

    rewrite_html(timeline_markdown(glossary), on_start=on_start)
    return dates


def as_tuple(match: re.Match[str]) -> DateTuple:
    month = MONTHS.index(match["month"]) + 1 if match["month"] else None
    day = int(match["day"]) if match["day"] and month else None
    return int(match["year"]), month, day


def stated_dates(text: str) -> set[DateTuple]:
    """Every date a text states, including each day of a range and days whose year comes later
    ('agreed on 14 May and approved on 16 May 1997')."""
    found = {as_tuple(match) for match in re.finditer(DATE, text)}
    for match in re.finditer(rf"\b(\d{{1,2}})(?:–(\d{{1,2}}))? ({MONTH})\b", text):
        year = re.search(r"\b(?:19|20)\d\d\b", text[match.end() :])
        if year:
            month = MONTHS.index(match[3]) + 1
            found |= {(int(year[0]), month, int(day)) for day in (match[1], match[2]) if day}
    return found


def compatible(mentioned: DateTuple, known: set[DateTuple]) -> bool:
    """A mention agrees if a known date matches it to the precision it gives (a year, a month or a day)."""
    year, month, day = mentioned
    return any(
        year == known_year and month in (None, known_month) and day in (None, known_day)
        for known_year, known_month, known_day in known
    )


def dated_mentions(glossary: Glossary, ids: set[str]) -> list[tuple[str, str, DateTuple]]:
    """(where, document id, date) for every name of a dated entry written next to a date: 'the Istanbul Charter
    of 1999', 'the 1997 Founding Act', 'the NATO–Russia Founding Act signed in Paris on 27 May 1997'."""
    found = []
    for entry in glossary:
        for field in TEXT_FIELDS:
            text = flat(getattr(entry, field))
            for document in (document for document in glossary if document.id in ids):
                # Only the names match in any case (unless the entry says otherwise); connectors and dates do not.
                forms = "|".join(re.escape(form) for form in sorted(document.forms, key=len, reverse=True))
                forms = f"(?:{forms})" if document.case_sensitive else f"(?i:{forms})"
                after = rf"(?<![\w-]){forms}(?:[ ,(]+{CONNECTOR}){{0,4}}?[ ,(]+{DATE}"
                before = rf"(?:(?P<bmonth>{MONTH}) )?(?P<byear>(?:19|20)\d\d) {forms}\b"
                dates = [as_tuple(match) for match in re.finditer(after, text)]
                dates += [
                    (int(match["byear"]), MONTHS.index(match["bmonth"]) + 1 if match["bmonth"] else None, None)
                    for match in re.finditer(before, text)
                ]
                found += [(f"{entry.id}.{field}", document.id, date) for date in dates]
    return found


def date_problems(glossary: Glossary) -> list[str]:
    """Dates given to a document or event that contradict the timeline or the entry's own dates."""
    timeline = timeline_dates(glossary)
    problems = []
    known: dict[str, set[DateTuple]] = {}
    for entry in glossary:
        if entry.id not in timeline:
            continue
        shown = timeline[entry.id]
        if entry.date_text and format_date(shown) not in entry.date_text:
            problems.append(f"{entry.id}: the timeline shows {format_date(shown)!r}, its date_text does not say so")
        year, month, day = ([int(part) for part in shown.split("-")] + [None, None])[:3]
        known[entry.id] = {(year or 0, month, day)} | stated_dates(entry.date_text or "")
    problems += [
        f"{where}: dates {document_id} to {date}, the timeline to {timeline[document_id]}"
        for where, document_id, date in dated_mentions(glossary, set(known))
        if not compatible(date, known[document_id])
    ]
    return problems


def test_no_entry_dates_a_document_against_the_timeline() -> None:
    found = glossary()
    timeline = timeline_dates(found)
    assert len(timeline) >= 15
    assert len(dated_mentions(found, set(timeline))) >= 20  # the check has something to check
    assert date_problems(found) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "see the Charter of Paris of 21 November 1990",
            "see the Charter of Paris of 21 November 1991",
            "osce.description: dates paris-charter to (1991, 11, 21), the timeline to 1990-11-21",
        ),
        (
            "see the Charter of Paris of 21 November 1990",
            "see the 1991 Charter of Paris",
            "osce.description: dates paris-charter to (1991, None, None), the timeline to 1990-11-21",
        ),
        (
            'date: "1990-11-21"',
            'date: "1990-11-20"',
            "paris-charter: the timeline shows '20 November 1990', its date_text does not say so",
        ),
    ],
)
def test_a_date_against_the_timeline_is_reported(old: str, new: str, expected: str) -> None:
    assert date_problems(parse_glossary(MINI)) == []
    assert old in MINI
    assert expected in date_problems(parse_glossary(MINI.replace(old, new)))


# --- Claims about the brief, pinpoints, and the combat-forces pledge (third reading, reference §14) ---------------

SENTENCE_RE = re.compile(r"[^.!?]*(?:[.!?](?=\s|$)|$)")
"""A sentence of an entry's text (full stops inside quotations end it too: close enough for these rules)."""
BRIEF_SAYS_RE = re.compile(r"\bbrief (?:\w+ )?(?:says|said|states|writes|mentions)\b|\bbrief\b.* it (?:says|states)\b")
"""A sentence that reports what the brief says, rather than what it argues (an interpretation, shown as one)."""
FIRST_RE = re.compile(r"\bfirst\b[^.]*\b(?:mention|appear|introduc|stat|us)", re.IGNORECASE)


def sentences(glossary: Glossary) -> list[tuple[str, str]]:
    """(``entry.field``, sentence) for every sentence of the entries' own text."""
    return [
        (f"{entry.id}.{field}", match.group(0).strip())
        for entry in glossary
        for field in TEXT_FIELDS
        for match in SENTENCE_RE.finditer(flat(getattr(entry, field)))
        if match.group(0).strip()
    ]


def brief_claim_problems(glossary: Glossary, brief: str) -> list[str]:
    """What an entry says the brief says: in the brief's own words, in quotation marks; and never that the brief
    says a document was the *first* to mention something (reference §14: "first" is the explainer's inference)."""
    brief_words = flat(brief)
    problems = []
    for where, sentence in sentences(glossary):
        if not re.search(r"\bbrief\b", sentence):
            continue
        if FIRST_RE.search(sentence):
            problems.append(f"{where}: attributes a 'first' to the brief: {sentence[:80]!r}")
        if BRIEF_SAYS_RE.search(sentence):
            quoted = [_comparable(match.group(1)) for match in re.finditer(r'"([^"]+)"', sentence)]
            if not any(phrase and phrase in brief_words for phrase in quoted):
                problems.append(f"{where}: says what the brief says without quoting its words: {sentence[:80]!r}")
    return problems


def test_what_the_brief_says_is_quoted_from_the_brief() -> None:
    assert brief_claim_problems(glossary(), BRIEF_FILE.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        (
            "The PISM brief says the principle was first mentioned in the Final Act's preamble.",
            "attributes a 'first' to the brief",
        ),
        (
            "The PISM brief says the principle was first mentioned in the Final Act's preamble.",
            "without quoting its words",
        ),
        ("The PISM brief says the principle was repeated and expanded in the Charter.", "without quoting its words"),
        ('The PISM brief says the principle "was first set out" there.', "without quoting its words"),
    ],
)
def test_a_claim_about_the_brief_not_in_its_words_is_reported(description: str, expected: str) -> None:
    brief = "The principle was mentioned in the preamble to the Helsinki Final Act."
    mini = parse_glossary(
        MINI.replace("Successor of the CSCE; see the Charter of Paris of 21 November 1990.", description)
    )
    assert any(expected in problem for problem in brief_claim_problems(mini, brief))
    quoted = MINI.replace(
        "Successor of the CSCE; see", 'The PISM brief says the principle "was mentioned in the preamble"; see'
    )
    assert brief_claim_problems(parse_glossary(quoted), brief) == []


COMBAT_FORCES_RE = re.compile(r"\bcombat forces\b")
NEW_MEMBERS_RE = re.compile(r"\bnew member")


def combat_forces_problems(glossary: Glossary) -> list[str]:
    """Clauses that put "new members" into the substantial-combat-forces pledge: its verified wording (NAC,
    14 March 1997; Founding Act Section IV) does not say it; only the nuclear statement of 1996 does (§14)."""
    return [
        f"{where}: {clause.strip()[:100]!r}"
        for where, sentence in sentences(glossary)
        for clause in re.split(r"[,;]", sentence)
        if COMBAT_FORCES_RE.search(clause) and NEW_MEMBERS_RE.search(clause) and '"' not in clause
    ]


def test_the_combat_forces_pledge_is_not_about_new_members() -> None:
    assert combat_forces_problems(glossary()) == []


@pytest.mark.parametrize(
    "summary",
    [
        "NATO restated its restraint on nuclear weapons and combat forces in new member states.",
        "NATO set out limits for the territory of new members: the three no's and the statement on combat forces.",
    ],
)
def test_combat_forces_in_new_members_is_reported(summary: str) -> None:
    mini = parse_glossary(MINI.replace("summary: The OSCE.", f'summary: "{summary}"'))
    assert len(combat_forces_problems(mini)) == 1


REFERENCE_FILE = Path("/work/shared/reference/osce-documents.md")
"""The project's checked reference list, where this machine has it (the table below is copied from it)."""
REFERENCE_LOCATORS: dict[str, set[str]] = {
    "§2": {"opening section"},
    "§3": {"para 3", "summit declaration", "chapter iv"},
    "§4": {"para 1", "para 3", "para 4"},
    "§5a": {"preamble", "section i", "section iv"},
    "§5b": set(),
    "§5c": set(),
    "§6": {"para 1", "para 8"},
    "§7": {"para 1", "para 2", "para 3"},
    "§8": {"article 1"},
    "§9": {"preamble", "article 1"},
    "§10": set(),
    "§12": set(),
    "§13": {"article 1", "article 4", "preamble", "chapter 1", "para 1", "section iv"},
    "§14": {"chapter 1", "para 1", "second paragraph", "second sentence", "section iv"},
}
"""The places in each document that each section of the reference gives (§N: the section a ``checked`` note
names). A pinpoint that names a place (a paragraph, an article, a section, a chapter, the preamble, a sentence)
must name one that a section it was checked against gives; a descriptive one ("Passage on CFE adaptation", "no
pinpoint in the press report") names none and is not checked."""
LOCATOR_RE = re.compile(
    r"\b(?:para(?:graph)? \d+|article \d+|section [ivx]+\b|chapter (?:\d+|[ivx]+\b)|preamble|opening section|"
    r"summit declaration|(?:first|second|third|fourth|last) (?:paragraph|sentence))"
)


def _locators(text: str) -> set[str]:
    text = re.sub(r"\bparagraph (?=\d)", "para ", text.lower())
    text = re.sub(r"\bch\. ?(?=\d)", "chapter ", text)
    text = re.sub(r"\bart\. ?(?=\d)", "article ", text)
    return {match.group(0) for match in LOCATOR_RE.finditer(text)}


def pinpoint_problems(quotes: list[tuple[str, dict[str, object]]]) -> list[str]:
    """Pinpoints naming a place the reference sections they were checked against do not give."""
    problems = []
    for entry_id, quote in quotes:
        sections = re.findall(r"§\d+[a-z]?", str(quote.get("checked") or ""))
        given = set().union(*(REFERENCE_LOCATORS.get(section, set()) for section in sections))
        for locator in sorted(_locators(str(quote.get("pinpoint") or "")) - given):
            problems.append(f"{entry_id}: pinpoint {quote.get('pinpoint')!r}: no '{locator}' in {', '.join(sections)}")
    return problems


def test_every_pinpoint_is_one_the_reference_gives() -> None:
    assert pinpoint_problems(raw_quotes()) == []


@pytest.mark.parametrize(
    ("pinpoint", "checked"),
    [
        ("Opening section", "Reference §10 (first reading)"),  # Lavrov's letter before the third reading
        ("para 7", "Reference §4 (first reading)"),  # Lisbon para 7 is from memory
        ("Article 6", "Reference §9 (first reading)"),  # its number is from memory
    ],
)
def test_a_pinpoint_the_reference_does_not_give_is_reported(pinpoint: str, checked: str) -> None:
    assert pinpoint_problems([("e", {"pinpoint": pinpoint, "checked": checked})]) != []


@pytest.mark.skipif(not REFERENCE_FILE.is_file(), reason="the reference list is not on this machine")
def test_the_table_of_pinpoints_is_the_reference_s() -> None:
    """Every place the table lists is in the section of the reference it is listed under."""
    text = REFERENCE_FILE.read_text(encoding="utf-8")
    heads = list(re.finditer(r"^#{2,3} (\d+[a-z]?)\.", text, re.MULTILINE))
    section_text: dict[str, str] = {}
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        section_text[f"§{head.group(1)}"] = text[head.start() : end]
    for number in {key[:-1] for key in section_text if key[-1].isalpha()}:  # §5 is §5a to §5d
        section_text.setdefault(number, "".join(v for k, v in section_text.items() if k[:-1] == number))
    for section, places in REFERENCE_LOCATORS.items():
        assert places <= _locators(section_text[section]), section


# --- The corrections show in the built site ----------------------------------------------------------------------


def entry_texts(html: str) -> dict[str, str]:
    """Entry id → the text of its section of the built glossary page (heading to next heading)."""
    sections: dict[str, list[str]] = {}
    current: list[str] = [""]

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if tag in ("h2", "h3"):
            current[0] = attrs.get("id") or ""
            sections.setdefault(current[0], [])

    def on_text(text: str, stack: list[OpenElement]) -> None:
        if current[0] and not any(element.tag in ("script", "style") for element in stack):
            sections[current[0]].append(text)

    rewrite_html(html, on_start=on_start, on_text=on_text)
    return {entry_id: flat("".join(parts)) for entry_id, parts in sections.items()}


def test_the_built_glossary_shows_the_second_reading(built_site: Path) -> None:
    sections = entry_texts((built_site / "glossary.html").read_text(encoding="utf-8"))
    indivisibility = sections["indivisibility-of-security"]
    assert (
        'December 2021 draft treaty with the United States (Article 1 of each) build on "indivisible, equal and '
        'undiminished security"; its December 2021 draft agreement with NATO (Article 1) speaks instead of "the '
        'principles of cooperation, equal and indivisible security"'
    ) in indivisibility
    assert "Explainer's note: In the texts quoted in this glossary" in indivisibility
    for entry_id in ("csce", "osce", "budapest-document-1994"):
        assert "1 January 1995" in sections[entry_id] and "renamed" not in sections[entry_id], entry_id
    nato_draft = sections["russia-nato-draft-agreement-2021"]
    assert "shall guide in their relations" in nato_draft and "aalep" not in nato_draft
    assert "Press quotation: Draft agreement as quoted by TASS, 17 December 2021" in nato_draft
    assert "announced the letter on 26 and 28 January 2022; it was sent on 28 January" in sections["lavrov-letter-2022"]
    assert "restates this commitment" in sections["nac-statement-1997"]
    assert "same sentence" not in sections["nac-statement-1997"]
    founding_act = sections["nato-russia-founding-act"]
    assert "“NATO and Russia do not consider each other as adversaries” — Founding Act" in founding_act
    assert "Preamble: wording seen in Arms Control Today, May 1997" in founding_act
    three_nos = sections["nato-1996-communique"]
    assert (
        "no intention, no plan and no reason to deploy nuclear weapons on the territory of new members: the "
        "nuclear three no's" in three_nos
    )
    assert "a further clause adds that there is no need to change" in three_nos
    paris = sections["charter-of-paris"]
    assert "не укреплять свою безопасность…»; in English paraphrase," in paris
    assert (
        "Press quotation: Charter of Paris for a New Europe as quoted by the Financial Times, 7 February 2022" in paris
    )
    timeline = (built_site / "timeline.html").read_text(encoding="utf-8")
    assert "sent to Western foreign ministers on 28 January 2022, published on 1 February" in timeline


def test_the_built_site_shows_the_third_reading(built_site: Path) -> None:
    """Reference §14, item by item, on the glossary page (the popovers, the timeline and the PDF are built from
    the same entries), the bibliography and the pages' descriptions."""
    glossary_html = (built_site / "glossary.html").read_text(encoding="utf-8")
    sections = entry_texts(glossary_html)
    site = " ".join(path.read_text(encoding="utf-8") for path in sorted(built_site.rglob("*.html")))
    timeline = (built_site / "timeline.html").read_text(encoding="utf-8")
    enlargement = sections["nato-enlargement"]  # 1
    assert "Chapter 1, paragraph 1 of NATO's September 1995 Study on NATO Enlargement states:" in enlargement
    assert "begins its first chapter" not in enlargement and "Chapter 1, para 1 (its second sentence)" in enlargement
    three_nos = sections["nato-1996-communique"]  # 2
    assert "https://www.nato.int/docu/pr/1996/p96-165e.htm" in three_nos and "search hit" not in three_nos
    assert "address verified in the third reading" in three_nos
    bibliography = (built_site / "bibliography.html").read_text(encoding="utf-8")
    assert 'href="https://www.nato.int/docu/pr/1996/p96-165e.htm"' in bibliography
    assert "first mentioned" not in site  # 3
    assert (
        'the PISM brief says the principle "was mentioned in the preamble to the Helsinki Final Act"'
        in sections["indivisibility-of-security"]
    )
    expense = sections["no-security-at-expense-of-others"]  # 4
    assert "Russia appears to place this clause at the centre of its reading" in expense
    assert "the clause Russia places at the centre" not in site
    assert "combat forces in new member states" not in site  # 5
    assert "for the territory of new members, and its restraint on additional permanent stationing" in timeline
    assert "later OSCE texts trace" not in site  # 6
    assert "a later OSCE text, the Astana Declaration (para 2), traces the concept" in timeline
    lavrov = sections["lavrov-letter-2022"]  # 7
    assert "Opening section" not in lavrov and "several European countries, second paragraph" in lavrov
    assert "repeats, word for word" not in site  # 8
    assert "repeats the verified sentences of paragraph 8 of the Istanbul Charter" in sections["astana-declaration"]
    for page in ("index.html", "glossary.html", "timeline.html"):  # 9
        html = (built_site / page).read_text(encoding="utf-8")
        assert "OSCE documents it cites" not in html and "The OSCE documents" not in html, page
        assert "OSCE and NATO documents" in html, page
