"""glossary.yml validation: every problem reported at once, with file, line and entry; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brief_explainer.glossary.model import GlossaryError, json_schema, parse_glossary

from .conftest import ROOT, assert_edit_fails_the_build, build_in_process, write_mini_project

VALID = dedent(
    """\
    entries:
      - id: osce
        term: OSCE
        case_sensitive: true
        kind: organisation
        summary: The Organization for Security and Co-operation in Europe.
        description: Successor of the CSCE.
        related: [paris-charter]
      - id: paris-charter
        term: Charter of Paris
        aliases: [Paris Charter]
        kind: document
        date: "1990-11-21"
        bibkey: paris1990
        url: https://osce.org/mc/87189
        url_verified: true
        summary: The 1990 charter.
        description: Signed in Paris.
        quotes:
          - text: The era of confrontation and division of Europe has ended.
            pinpoint: Opening section
            source: nuke.fas.org/control/paris/text/charter.htm
            checked: Reference §2 (first reading)
            verified: true
    """
)
BIBKEYS = {"paris1990"}


def problems(text: str) -> list[str]:
    with pytest.raises(GlossaryError) as caught:
        parse_glossary(text, bibkeys=BIBKEYS)
    return caught.value.problems


def test_valid_glossary_loads() -> None:
    glossary = parse_glossary(VALID, bibkeys=BIBKEYS)
    assert [entry.id for entry in glossary] == ["osce", "paris-charter"]
    assert glossary.by_id["paris-charter"].date == "1990-11-21"  # a string, not a date object


BROKEN = [
    (
        "url: https://osce.org/mc/87189",
        "url: http://osce.org/mc/87189",
        "glossary.yml:15: entry 'paris-charter': 'url' must be an https URL",
    ),
    (
        "url: https://osce.org/mc/87189",
        "url: javascript:alert(1)",
        "glossary.yml:15: entry 'paris-charter': 'url' must be an https URL",
    ),
    (
        "    kind: organisation",
        "    kind: organization",
        "glossary.yml:5: entry 'osce': 'kind' must be one of: document, organisation, principle, event",
    ),
    ("    summary: The 1990 charter.\n", "", "glossary.yml:9: entry 'paris-charter': 'summary' is required"),
    (
        "    term: OSCE",
        "    term: OSCE\n    colour: blue",
        "glossary.yml:4: entry 'osce': unknown field 'colour' (check its spelling against glossary.schema.json)",
    ),
    (
        "related: [paris-charter]\n  - id: paris-charter",
        "related: []\n  - id: osce",
        "glossary.yml:9: entry 'osce': duplicate id 'osce': every entry needs its own id",
    ),
    (
        "aliases: [Paris Charter]",
        "aliases: [OSCE]",
        "glossary.yml:11: entry 'paris-charter': 'OSCE' is already a term or alias of entry 'osce'",
    ),
    (
        "aliases: [Paris Charter]",
        "aliases: [Paris charter, paris CHARTER]",
        "glossary.yml:11: entry 'paris-charter': 'paris CHARTER' is already a term or alias of entry 'paris-charter'",
    ),
    (
        "related: [paris-charter]",
        "related: [helsinki]",
        "glossary.yml:8: entry 'osce': related entry 'helsinki' does not exist (check the id)",
    ),
    (
        "bibkey: paris1990",
        "bibkey: paris1991",
        "glossary.yml:14: entry 'paris-charter': bibliography key 'paris1991' is not in the bibliography",
    ),
    ('    date: "1990-11-21"\n', "", "glossary.yml:9: entry 'paris-charter': 'date' is required for a document"),
    (
        'date: "1990-11-21"',
        'date: "21 Nov 1990"',
        "glossary.yml:13: entry 'paris-charter': 'date' must be a date as YYYY, YYYY-MM or YYYY-MM-DD (in quotes)",
    ),
    (
        'date: "1990-11-21"',
        'date: "1990-02-30"',
        "glossary.yml:13: entry 'paris-charter': 'date' day is out of range for month",
    ),
    (
        "  - id: osce",
        "  - id: OSCE",
        "glossary.yml:2: entry 'OSCE': 'id' must be lower-case words joined by hyphens, like 'charter-of-paris'",
    ),
    (
        "    url_verified: true\n",
        "",
        "glossary.yml:15: entry 'paris-charter': 'url_verified' is required with 'url' "
        "(true only if the address was checked)",
    ),
    (
        "summary: The 1990 charter.",
        "summary: The <script>alert(1)</script> charter.",
        "glossary.yml:17: entry 'paris-charter': 'summary' must be plain text without < or >",
    ),
    (
        "description: Signed in Paris.",
        "description: Signed <img src=x onerror=alert(1)>.",
        "glossary.yml:18: entry 'paris-charter': 'description' must be Markdown without raw HTML tags",
    ),
    (
        "description: Signed in Paris.",
        "description: '[x](javascript:alert(1))'",
        "glossary.yml:18: entry 'paris-charter': 'description' must not contain javascript: links",
    ),
    (
        "case_sensitive: true",
        "case_sensitive: maybe",
        "glossary.yml:4: entry 'osce': 'case_sensitive': input should be a valid boolean, unable to interpret input",
    ),
    (
        "    bibkey: paris1990\n",
        "",
        "glossary.yml:9: entry 'paris-charter': 'bibkey' is required for a document (a key in references.bib)",
    ),
    ("entries:", "entries:\n  - oops: [unclosed", "glossary.yml:3: not valid YAML: did not find expected ',' or ']'"),
    (VALID, "- just a list", "glossary.yml:1: expected a mapping with a list under 'entries:'"),
    (VALID, "entries: []", "glossary.yml:1: 'entries': list should have at least 1 item after validation, not 0"),
    (
        "        checked: Reference §2 (first reading)\n",
        "",
        "glossary.yml:20: entry 'paris-charter': 'quotes.0.checked' is required",
    ),
    (
        "        verified: true\n",
        "        verified: true\n        press: true\n",
        "glossary.yml:25: entry 'paris-charter': 'quotes.0.attribution' is required with 'press' "
        "(name the press report, like 'Financial Times, 7 February 2022')",
    ),
    (
        "description: Signed in Paris.",
        "description: Signed in Paris.\n    note: Our <b>view</b>.",
        "glossary.yml:19: entry 'paris-charter': 'note' must be Markdown without raw HTML tags",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN, ids=[m.split(": ", 2)[-1][:40] for *_, m in BROKEN])
def test_broken_glossary_message(old: str, new: str, message: str) -> None:
    assert old in VALID
    assert problems(VALID.replace(old, new, 1)) == [message]


def test_every_problem_is_reported_at_once() -> None:
    text = VALID.replace("kind: organisation", "kind: club").replace("bibkey: paris1990", "bibkey: nope")
    text = text.replace("url: https://osce.org/mc/87189", "url: ftp://x")
    found = problems(text)
    assert len(found) == 2  # schema errors first; cross-checks (the bibkey) once the schema holds
    assert found[0].startswith("glossary.yml:5: entry 'osce': 'kind'")
    assert found[1].startswith("glossary.yml:15: entry 'paris-charter': 'url'")


@pytest.fixture(scope="module")
def mini_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_mini_project(tmp_path_factory.mktemp("mini"))


@pytest.mark.parametrize(
    ("old", "new", "message"), BROKEN[:16], ids=[m.split(": ", 2)[-1][:40] for *_, m in BROKEN[:16]]
)
def test_broken_glossary_fails_the_build_cleanly(mini_project: Path, old: str, new: str, message: str) -> None:
    (mini_project / "glossary.yml").write_text(VALID.replace(old, new, 1), encoding="utf-8")
    site = mini_project / "site"
    result = build_in_process(mini_project, site)  # a crash would raise here: no traceback
    assert result.returncode == 1
    assert message in result.log
    assert not site.exists()  # validation runs before anything is written


def test_valid_mini_project_builds(mini_project: Path, tmp_path: Path) -> None:
    (mini_project / "glossary.yml").write_text(VALID, encoding="utf-8")
    result = build_in_process(mini_project, tmp_path / "site")
    assert result.returncode == 0, result.log
    assert 'href="glossary.html#osce"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_the_projects_glossary_broken_fails_its_build(project_copy: Path) -> None:
    assert_edit_fails_the_build(
        project_copy,
        "glossary.yml",
        "kind: organisation",
        "kind: organization",
        "'kind' must be one of: document, organisation, principle, event",
    )


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.floats(allow_nan=False))
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12,
)
entry_like = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.sampled_from(["osce", "paris-charter", "x"]), st.text(max_size=8)),
        "term": st.text(max_size=12),
        "aliases": st.lists(st.text(max_size=8), max_size=3),
        "kind": st.sampled_from(["document", "principle", "event", "organisation", "other"]),
        "summary": st.text(max_size=20),
        "description": st.text(max_size=20),
        "related": st.lists(st.sampled_from(["osce", "x", "nope"]), max_size=2),
        "date": st.text(max_size=10),
        "url": st.sampled_from(["https://a.example", "http://a", "javascript:x", ""]),
        "url_verified": yaml_values,
        "quotes": st.lists(
            st.dictionaries(
                st.sampled_from(["text", "pinpoint", "source", "checked", "verified", "press", "attribution", "x"]),
                yaml_scalars,
                max_size=6,
            ),
            max_size=2,
        ),
        "extra": yaml_values,
    },
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(yaml_values, st.fixed_dictionaries({"entries": st.lists(entry_like, max_size=4)})))
def test_random_data_never_raises_anything_but_glossary_error(data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        parse_glossary(text, bibkeys=BIBKEYS)
    except GlossaryError as exc:
        assert exc.problems and all(problem.startswith("glossary.yml:") for problem in exc.problems)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_raises_anything_but_glossary_error(text: str) -> None:
    try:
        parse_glossary(text, bibkeys=BIBKEYS)
    except GlossaryError as exc:
        assert all(problem.startswith("glossary.yml:") for problem in exc.problems)


def test_schema_file_is_generated_from_the_model() -> None:
    on_disk = json.loads((ROOT / "glossary.schema.json").read_text(encoding="utf-8"))
    assert on_disk == json_schema(), "glossary.schema.json is stale: run `make schema`"
    assert (ROOT / "glossary.yml").read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=./glossary.schema.json"
    )


def test_project_glossary_is_valid_and_shows_only_verified_material() -> None:
    from brief_explainer.citations import load_bibliography

    keys = load_bibliography(ROOT / "sources" / "references.bib").keys
    glossary = parse_glossary((ROOT / "glossary.yml").read_text(encoding="utf-8"), bibkeys=keys)
    required = {
        "osce",
        "csce",
        "nato",
        "indivisibility-of-security",
        "helsinki-final-act",
        "charter-of-paris",
        "istanbul-charter",
        "astana-declaration",
        "nato-russia-founding-act",
        "lavrov-letter-2022",
    }
    assert required <= set(glossary.by_id)
    for entry in glossary:
        assert all(quote.verified for quote in entry.shown_quotes)


def test_an_entry_may_not_take_a_reserved_id() -> None:
    with pytest.raises(GlossaryError) as caught:
        parse_glossary(VALID, bibkeys=BIBKEYS, reserved_ids={"osce", "documents"})
    assert caught.value.problems == [
        "glossary.yml: entry ids ['osce'] are reserved for the glossary page's own: rename them"
    ]
    assert [entry.id for entry in parse_glossary(VALID, bibkeys=BIBKEYS, reserved_ids={"documents"})] == [
        "osce",
        "paris-charter",
    ]
