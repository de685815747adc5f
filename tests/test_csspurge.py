"""Unit tests of the stylesheet purge and of the deferred search index (pure functions, no build)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief_explainer.csspurge import PurgeReport, page_words, purge_css, purge_site_stylesheets, theme_words
from brief_explainer.offline import defer_search_index

CONTENT = frozenset(["md-nav", "md-nav__link", "main", "p", "a", "data-md-color-scheme", "slate", "here", "fade"])


@pytest.mark.parametrize(
    ("selector", "kept"),
    [
        (".md-nav", True),
        (".md-tabs", False),
        (".md-nav .md-tabs", False),
        (".md-nav>.md-nav__link", True),
        ("#here", True),
        ("#elsewhere", False),
        ("p", True),
        ("table", False),
        ("html body", True),
        ("*", True),
        ("[data-md-color-scheme=slate]", True),
        ("[data-md-color-scheme=unknown]", False),
        ("[data-md-color-scheme^=sl]", True),
        ("[data-absent]", False),
        (".md-nav:hover", True),
        (".md-nav:not(.md-tabs)", True),
        (":is(.md-tabs,.md-nav) a", True),
        (":is(.md-tabs,.md-typeset) a", False),
        (":where(.md-tabs) a", False),
        ("p:has(> .md-tabs)", False),
        ("p:has(> .md-nav__link)", True),
        (".md-nav::before", True),
        (".md-tabs::after", False),
        (".md-nav::-webkit-scrollbar", True),  # a selector the parser does not know: kept
    ],
)
def test_a_rule_stays_when_its_selector_can_match(selector: str, kept: bool) -> None:
    purged = purge_css(f"{selector}{{color:red}}", CONTENT)
    assert (purged == f"{selector}{{color:red}}") is kept, purged


def test_a_selector_list_keeps_only_the_selectors_that_can_match() -> None:
    assert purge_css(".md-tabs,.md-nav,table{color:red}", CONTENT) == ".md-nav{color:red}"


def test_media_blocks_are_purged_inside_and_dropped_when_empty() -> None:
    css = "@media (min-width:10em){.md-tabs{color:red}.md-nav{color:blue}}@media print{.md-tabs{color:red}}"
    assert purge_css(css, CONTENT) == "@media (min-width:10em){.md-nav{color:blue}}"


def test_custom_properties_go_when_nothing_reads_them() -> None:
    css = (
        ":root{--used:var(--chained);--chained:1px;--unused:2px;--read-by-script:3px;--read-elsewhere:4px}"
        ".md-nav{margin:var(--used)}"
    )
    report = PurgeReport(Path("x.css"), len(css), 0)
    purged = purge_css(css, CONTENT | {"--read-by-script"}, report, read_elsewhere=frozenset(["--read-elsewhere"]))
    assert purged == (
        ":root{--used:var(--chained);--chained:1px;--read-by-script:3px;--read-elsewhere:4px}.md-nav{margin:var(--used)}"
    )
    assert report.custom_properties_dropped == 1


def test_keyframes_go_when_no_kept_rule_animates_with_them() -> None:
    css = "@keyframes spin{to{opacity:0}}@keyframes fade{to{opacity:0}}.md-tabs{animation:spin 1s}"
    assert purge_css(css, CONTENT) == "@keyframes fade{to{opacity:0}}"
    css = "@keyframes spin{to{opacity:0}}.md-nav{animation:spin 1s}"
    assert purge_css(css, CONTENT) == css


def test_font_faces_and_other_at_rules_stay() -> None:
    css = "@font-face{font-family:x;src:url(x.woff2)}@page{margin:1cm}"
    assert purge_css(css, CONTENT) == css


def test_page_words_come_from_tags_attributes_and_scripts_not_from_text() -> None:
    found = page_words(
        '<p class="md-nav  big" id="x" data-md-state="lock">md-tabs in the text</p>'
        '<script>el.classList.add("md-dialog--active")</script>'
    )
    assert {"p", "md-nav", "big", "x", "data-md-state", "lock", "md-dialog--active"} <= found
    assert "md-tabs" not in found


@pytest.mark.parametrize(
    ("word", "kept"),
    [
        ("md-nav__link--active", True),  # its block is on the pages
        ("md-annotation__index", False),  # a feature this site does not use
        ("md-annotation", False),
        ("tabbed-labels--linked", False),
        ("js", True),
        ("focus-visible", True),
    ],
)
def test_theme_script_words_count_when_their_block_is_on_the_pages(word: str, kept: bool) -> None:
    assert (word in theme_words(f'e.classList.add("{word}")', {"md-nav"})) is kept


def test_site_stylesheets_are_purged_in_place(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text('<nav class="md-nav"></nav>', encoding="utf-8")
    (tmp_path / "assets" / "main.min.css").write_text(".md-nav{color:var(--fg)}.md-tabs{color:red}", encoding="utf-8")
    (tmp_path / "assets" / "palette.min.css").write_text(":root{--fg:red;--unused:0}", encoding="utf-8")
    (tmp_path / "assets" / "bundle.min.js").write_text('x("div",{class:"md-nav__title md-tabs__link"})')
    reports = purge_site_stylesheets(
        tmp_path, ["assets/*.min.css"], scripts=[], theme_scripts=["assets/*.js"], keep_stylesheets=[]
    )
    assert (tmp_path / "assets" / "main.min.css").read_text(encoding="utf-8") == ".md-nav{color:var(--fg)}"
    # The palette's property is read by the main sheet, so it stays.
    assert (tmp_path / "assets" / "palette.min.css").read_text(encoding="utf-8") == ":root{--fg:red}"
    assert [report.size_after < report.size_before for report in reports] == [True, True]


EAGER = 'function ks(){return 1}function Ei(e,t){return L($(location.protocol!=="file:"),Je("search")).pipe(b(()=>t))}'


def test_the_search_index_waits_for_search_to_open(tmp_path: Path) -> None:
    bundle = tmp_path / "assets" / "javascripts" / "bundle.0123abcd.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text(EAGER, encoding="utf-8")
    assert defer_search_index(tmp_path) == [bundle]
    assert 'L($(!1),Je("search"))' in bundle.read_text(encoding="utf-8")
    # Already deferred, or another Material release: nothing to change, and the caller is told so.
    assert defer_search_index(tmp_path) == []


def test_custom_properties_inside_media_blocks_are_pruned_too() -> None:
    css = "@media (prefers-color-scheme:dark){:root{--fg:red;--unused:0}}.md-nav{color:var(--fg)}"
    assert purge_css(css, CONTENT) == "@media (prefers-color-scheme:dark){:root{--fg:red}}.md-nav{color:var(--fg)}"
