"""Reading without noise (issue 11) and the reader tools under instant navigation (issue 10), in Chromium.

What a reader sees: the header's title at the top of a page, tools that take no room from the text and shift
nothing, a copied selection holding the brief's words only, a deep link landing with its ¶ number, citation files
that reference managers can read, passage links whose text fragment highlights the words with scripts off, and
every tool working on pages reached by Material's instant navigation.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pybtex.database import parse_string

from ..brief_text import paragraphs
from ..conftest import HTML_ONLY, QuietHandler, build_in_process, copy_project
from .conftest import VIEWPORT, wait_until
from .test_reader_tools import PAGE, by_id, clipboard_after, in_view_below_header, reset_clipboard, select_text

pytestmark = pytest.mark.browser

BRIEF_PAGES = ["index.html", "meaning.html", PAGE, "russian-arguments.html", "common-interpretation.html"]
PHONE = {"width": 375, "height": 560}
TITLE_ACTIVE = "document.querySelector('.md-header__title').classList.contains('md-header__title--active')"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------------------------------------ the header --


def test_header_shows_the_site_name_until_the_title_scrolls_away(browser: Browser, site_url: str) -> None:
    # A short window, so that the page can scroll well past its h1.
    context = browser.new_context(viewport={"width": 1280, "height": 400}, base_url=site_url)
    try:
        page = context.new_page()
        for name in ("meaning.html", PAGE, "glossary.html"):
            page.goto(name)
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)
            assert not page.evaluate(TITLE_ACTIVE), f"{name}: the header shows the page title at scroll 0"
            topic = page.locator(".md-header__topic").first
            expect(topic).to_be_in_viewport()
            page.evaluate("window.scrollTo(0, document.querySelector('.md-content h1').getBoundingClientRect().bottom)")
            page.evaluate("window.scrollBy(0, 200)")
            wait_until(page, TITLE_ACTIVE)
    finally:
        context.close()


# ------------------------------------------------------------------------------------ tools take no room --


LAYOUT = """() => [...document.querySelectorAll('article p.brief-para, article h1[id], article h2[id], article h3[id]')]
    .map(el => { const s = getComputedStyle(el), r = el.getBoundingClientRect();
                 return [el.id, Math.round(r.top + scrollY), Math.round(r.width), s.paddingTop, s.paddingRight]; })"""


# Each layout shift with what moved (element, previous and current box), so that a failure says what shifted.
SHIFT_RECORDER = """window.__shifts = [];
new PerformanceObserver(list => list.getEntries().forEach(entry => window.__shifts.push({
    value: entry.value, at: Math.round(entry.startTime),
    moved: entry.sources.map(source => [
        !source.node ? '?' : source.node.id ? '#' + source.node.id : source.node.nodeName + '.' + source.node.className,
        [source.previousRect.x, source.previousRect.y, source.previousRect.width, source.previousRect.height],
        [source.currentRect.x, source.currentRect.y, source.currentRect.width, source.currentRect.height]]),
}))).observe({type: 'layout-shift', buffered: true});"""
OUR_SCRIPT = re.compile(r"explainer(\.[0-9a-f]+)?\.js")


@pytest.mark.parametrize(
    ("viewport", "touch"), [(VIEWPORT, False), ({"width": 900, "height": 800}, False), (PHONE, True)]
)
def test_tools_reserve_no_space_and_shift_nothing(
    browser: Browser, site_url: str, built_site: Path, viewport: dict[str, int], touch: bool
) -> None:
    # Each page loads without our script, and settles; then the script is added to it, and runs as it does on a
    # page (it sets up through Material's document$). Whatever moves from then on, the tools moved. Measured during
    # the load instead, a page still being laid out under CPU load moved on its own (Material's footer; a first
    # paragraph by 4 px), with our script as without it.
    context = browser.new_context(
        viewport=viewport,
        base_url=site_url,
        has_touch=touch,
        is_mobile=touch,
        bypass_csp=True,  # to add the script
    )
    try:
        page = context.new_page()
        page.add_init_script(SHIFT_RECORDER)
        page.route(OUR_SCRIPT, lambda route: route.abort())
        for name in [*BRIEF_PAGES, "glossary.html", "timeline.html", "bibliography.html", "briefing.html"]:
            page.goto(name)
            page.wait_for_load_state("load")
            page.wait_for_timeout(200)
            assert page.locator(".anchor-tools").count() == 0
            bare = page.evaluate(LAYOUT)
            source = page.locator("script[src*='explainer']").get_attribute("src") or ""
            assert OUR_SCRIPT.search(source), f"{name}: no script of ours named in the page"
            page.evaluate("window.__shifts = []")
            page.add_script_tag(content=(built_site / source.split("?")[0]).read_text(encoding="utf-8"))
            expect(page.locator(".anchor-tools").first).to_be_attached()
            page.wait_for_timeout(200)
            with_tools = page.evaluate(LAYOUT)
            assert with_tools == bare, f"{name}: the tools moved or narrowed the text"
            for element_id, _, _, padding_top, padding_right in with_tools:
                assert (padding_top, padding_right) == ("0px", "0px"), f"{name}#{element_id}: space reserved"
            assert not page.evaluate("window.__shifts"), f"{name}: layout shift {page.evaluate('window.__shifts')}"
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    finally:
        context.close()


def test_wide_screen_tools_sit_in_the_margin(page: Page) -> None:
    page.goto(PAGE)
    paragraph = page.locator("#p-3")
    paragraph.hover()
    tools = page.locator("#p-3 > .anchor-tools")
    expect(tools).to_have_css("opacity", "1")
    para_box, tools_box = paragraph.bounding_box(), tools.bounding_box()
    assert para_box is not None and tools_box is not None
    assert tools_box["x"] >= para_box["x"] + para_box["width"], "the tools cover the text"
    heading = page.locator("h1#russia-position")
    heading.hover()
    heading_tools = page.locator("h1#russia-position + .anchor-slot > .anchor-tools")
    expect(heading_tools).to_have_css("opacity", "1")
    heading_box, box = heading.bounding_box(), heading_tools.bounding_box()
    assert heading_box is not None and box is not None
    assert box["x"] >= heading_box["x"] + heading_box["width"]
    assert heading_box["y"] - box["height"] <= box["y"] <= heading_box["y"] + heading_box["height"]
    # Here the ¶ number is a plain link (it opens no menu), so it claims no expanded state.
    assert not page.locator("#p-3 .para-num").evaluate("el => el.hasAttribute('aria-expanded')")
    # The heading's name is its text alone: the tools are not inside it.
    expect(page.get_by_role("heading", name="What is Russia's position?", exact=True)).to_be_visible()


# --------------------------------------------------------------------------------- popovers, copying --


def test_popovers_are_outside_the_text_and_copying_yields_the_brief_only(page: Page) -> None:
    page.goto(PAGE)
    assert page.locator("article .gloss-pop, article .gloss-popovers").count() == 0
    expect(page.locator("body .gloss-popovers .gloss-pop").first).to_be_attached()
    # A popover open while the reader selects and copies the whole paragraph with the keyboard shortcut.
    page.locator("#p-3 a.gloss-link").first.hover()
    expect(page.locator(".gloss-popover")).to_be_visible()
    reset_clipboard(page)
    page.evaluate(
        "() => { const range = document.createRange(); range.selectNodeContents(document.getElementById('p-3'));"
        " getSelection().removeAllRanges(); getSelection().addRange(range); }"
    )
    page.keyboard.press("Control+c")
    copied = clipboard_after(page)
    brief = paragraphs()[2]
    # The brief's words, and nothing added for the web (¶ number, citation marks, buttons, popover text).
    assert squash(copied) == squash(brief)


def test_glossary_links_are_described_by_their_summary_only(page: Page) -> None:
    page.goto("meaning.html")
    links = page.locator("article a.gloss-link")
    assert links.count() > 0
    for index in range(links.count()):
        link = links.nth(index)
        entry = link.get_attribute("data-gloss")
        summary = page.locator(f"#gloss-sum-{entry}").text_content()
        assert summary and summary.count(". ") == 0  # one sentence
        expect(link).to_have_accessible_description(summary)


# ------------------------------------------------------------------------------------------ deep links --


def test_deep_link_to_a_sentence_shows_its_paragraph_number(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, base_url=site_url)
    try:
        page = context.new_page()
        for target in ("p-3.2", "p-3.4"):
            page.goto(f"{PAGE}#{target}")
            page.wait_for_load_state("load")
            sentence = by_id(page, target)
            expect(sentence).to_have_class(re.compile(r"\bis-target\b"))
            in_view_below_header(page, page.locator("#p-3 .para-num"))
            expect(sentence).to_be_in_viewport()
    finally:
        context.close()


# ------------------------------------------------------------------------------------ citation exports --


@pytest.fixture
def downloads(page: Page, site_url: str) -> Iterator[dict[str, str]]:
    """The three citation files for ¶3, downloaded from the ¶ tools, by format label."""
    page.goto(PAGE)
    page.locator("#p-3").hover()
    toggle = page.get_by_role("button", name="Download citation for ¶3")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    files: dict[str, str] = {}
    for label in ("BibTeX", "RIS", "CSL-JSON"):
        with page.expect_download() as info:
            page.get_by_role("button", name=f"{label} citation for ¶3").click()
        download = info.value
        path = download.path()
        assert path is not None
        files[label] = Path(path).read_text(encoding="utf-8")
        files[label + " name"] = download.suggested_filename
    yield files


def test_citation_exports_parse(downloads: dict[str, str], site_url: str) -> None:
    url = f"{site_url}{PAGE}#p-3"
    assert downloads["BibTeX name"] == "kulesa2022contested-p3.bib"

    bibtex = parse_string(downloads["BibTeX"], "bibtex")
    (key, entry), *_ = bibtex.entries.items()
    assert len(bibtex.entries) == 1 and key == "kulesa2022contested"
    assert str(entry.persons["author"][0]) == "Kulesa, Łukasz"
    assert entry.fields["title"] == "{Contested Interpretations of the Indivisibility of Security}"
    assert (entry.fields["year"], entry.fields["month"]) == ("2022", "February")
    assert entry.fields["url"] == url and entry.fields["note"] == "¶3"
    assert entry.fields["howpublished"] == "PISM Spotlight"
    # Nothing the site does not know: no series number, no day, no URL of the original.
    assert not {"number", "day", "doi"} & {name.lower() for name in entry.fields}

    (ris,) = rispy.loads(downloads["RIS"])
    assert ris["type_of_reference"] == "RPRT"
    assert ris["authors"] == ["Kulesa, Łukasz"]
    assert ris["title"] == "Contested Interpretations of the Indivisibility of Security"
    assert ris["tertiary_title"] == "PISM Spotlight"
    assert ris["year"] == "2022" and ris["date"] == "2022/02//"
    assert ris["urls"] == [url] and "¶3" in ris["notes"][0]
    assert "number" not in ris

    data = json.loads(downloads["CSL-JSON"])
    assert data[0]["URL"] == url and data[0]["issued"] == {"date-parts": [[2022, 2]]}
    source = CiteProcJSON(data)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(data[0]["id"])]))
    rendered = str(bibliography.bibliography()[0])
    assert "Kulesa" in rendered and "2022" in rendered and "Contested Interpretations" in rendered


def test_citation_download_works_offline(browser: Browser, built_site: Path) -> None:
    # From disk, as in the offline zip: the file is made in the page (a blob), no request involved.
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    try:
        page = context.new_page()
        page.route(re.compile(r"^https?://"), lambda route: route.abort())
        page.goto((built_site / PAGE).as_uri())
        page.locator("#p-3").hover()
        page.get_by_role("button", name="Download citation for ¶3").click()
        with page.expect_download() as info:
            page.get_by_role("button", name="BibTeX citation for ¶3").click()
        path = info.value.path()
        assert path is not None
        entry = parse_string(Path(path).read_text(encoding="utf-8"), "bibtex").entries["kulesa2022contested"]
        # No public address in this build: none is given, never a file:// path (issue 24).
        assert "url" not in entry.fields
    finally:
        context.close()


# ---------------------------------------------------------------------------------------- text fragments --


def passage_link(page: Page, start_id: str, start: int, end_id: str, end: int | None) -> str:
    reset_clipboard(page)
    select_text(page, start_id, start, end_id, end)
    page.keyboard.press("Alt+Shift+L")
    return clipboard_after(page)


def directive(link: str) -> list[str]:
    """The text directive's parts, decoded: [prefix-, ]start[, end][, -suffix]."""
    return [urllib.parse.unquote(part) for part in link.split(":~:text=", 1)[1].split(",")]


def test_passage_link_text_fragment_targets_the_selected_words(page: Page) -> None:
    page.goto(PAGE)
    sentence = squash(by_id(page, "p-3.2").text_content() or "")
    link = passage_link(page, "p-3.2", 0, "p-3.2", None)
    assert link.split("#")[1].startswith("p-3.2:~:text=")
    start, end = directive(link)
    assert sentence.startswith(start) and sentence.endswith(end)

    # A selection starting and ending inside words ("e 1990s, Rus"): the fragment takes the whole words.
    reset_clipboard(page)
    page.evaluate(
        "() => { const text = document.getElementById('p-3.1').firstChild; const range = document.createRange();"
        " range.setStart(text, 8); range.setEnd(text, 20); getSelection().removeAllRanges();"
        " getSelection().addRange(range); }"
    )
    assert page.evaluate("getSelection().toString()") == "e 1990s, Rus"
    page.keyboard.press("Alt+Shift+L")
    (words,) = directive(clipboard_after(page))
    assert words == "the 1990s, Russia"

    # Words that occur more than once on the page get the words around them.
    page.goto(PAGE)
    text = squash(by_id(page, "p-3.3").text_content() or "")
    at = text.index("the indivisibility of security")
    link = passage_link(page, "p-3.3", at, "p-3.3", at + len("the indivisibility of security"))
    parts = directive(link)
    assert parts[0].endswith("-") and parts[-1].startswith("-"), parts
    assert parts[1] == "the indivisibility of security"
    # The prefix and suffix are the words right around the selection (across its sentence's end, here).
    paragraph = squash(page.locator("#p-3").text_content() or "")
    around = re.escape(parts[0][:-1]) + r"\s+" + re.escape(parts[1]) + r"\s*" + re.escape(parts[2][1:])
    assert len(re.findall(around, paragraph)) == 1


def highlighted_pixels(page: Page, box: dict[str, float]) -> int:
    """Pixels in a box painted with the ::target-text highlight (explainer.css) over the page background."""
    from io import BytesIO

    from PIL import Image

    clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": box["height"]}
    image = Image.open(BytesIO(page.screenshot(clip=clip))).convert("RGB")
    # rgba(255, 235, 59, 0.3) over white.
    return sum(1 for r, g, b in image.getdata() if r > 245 and 240 <= g <= 255 and 195 <= b <= 230)


def test_text_fragment_highlights_the_words_with_scripts_disabled(
    browser: Browser, context: BrowserContext, site_url: str
) -> None:
    page = context.new_page()
    page.goto(PAGE)
    link = passage_link(page, "p-3.3", 0, "p-3.3", None)
    off = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        reader = off.new_page()
        reader.goto(link)
        reader.wait_for_load_state("load")
        target = reader.locator('[id="p-3.3"]')
        expect(target).to_be_in_viewport()
        expect(reader.locator(".anchor-tools")).to_have_count(0)  # no script ran
        reader.wait_for_timeout(300)
        inside = target.bounding_box()
        other = reader.locator('[id="p-3.1"]').bounding_box()
        assert inside is not None and other is not None
        assert highlighted_pixels(reader, inside) > 500, "the selected words are not highlighted"
        if other["y"] >= 0:
            assert highlighted_pixels(reader, other) == 0
    finally:
        off.close()


# ------------------------------------------------------------------------------------ instant navigation --


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The project built with Material's navigation.instant on, served locally."""
    project = copy_project(tmp_path_factory.mktemp("instant"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    - navigation.footer\n" in text
    config.write_text(text.replace("    - navigation.footer\n", "    - navigation.footer\n    - navigation.instant\n"))
    site = project / "site"
    # Material navigates instantly only to the addresses its sitemap lists: build for the address it is served at.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    result = build_in_process(project, site, env={**HTML_ONLY, "SITE_URL": url})
    assert result.returncode == 0, result.log[-3000:]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_every_tool_works_after_instant_navigation(browser: Browser, instant_site: str) -> None:
    context = browser.new_context(viewport=VIEWPORT, base_url=instant_site)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=instant_site.rstrip("/"))
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto("index.html")
        page.evaluate("window.__sameDocument = true")
        for title, name, paragraph in (
            ("What does the principle mean?", "meaning.html", "p-2"),
            ("What is Russia's position?", PAGE, "p-3"),
        ):
            page.locator(".md-nav--primary").get_by_role("link", name=title, exact=True).click()
            page.wait_for_url(re.compile(re.escape(name) + "$"))
            expect(page.locator(f"#{paragraph}")).to_be_visible()
            assert page.evaluate("window.__sameDocument === true"), "the page was loaded, not swapped in"

            # Copy buttons.
            reset_clipboard(page)
            page.locator(f"#{paragraph}").hover()
            page.get_by_role("button", name=f"Copy link to ¶{paragraph[2:]}").click()
            assert clipboard_after(page) == f"{instant_site}{name}#{paragraph}"
            # Popovers: this page's own.
            link = page.locator(f"#{paragraph} a.gloss-link").first
            link.hover()
            popover = page.locator(".gloss-popover")
            expect(popover).to_be_visible()
            expect(popover).to_have_id(f"gloss-pop-{link.get_attribute('data-gloss')}")
            page.mouse.move(5, 890)
            expect(popover).to_have_count(0)
            # Passage links.
            reset_clipboard(page)
            select_text(page, f"{paragraph}.1", 0, f"{paragraph}.1", None)
            page.locator(".passage-link").click()
            assert clipboard_after(page).startswith(f"{instant_site}{name}#{paragraph}.1:~:text=")
            page.evaluate("getSelection().removeAllRanges()")
            # Deep links within the page.
            page.evaluate(f"location.hash = '#{paragraph}.2'")
            expect(by_id(page, f"{paragraph}.2")).to_have_class(re.compile(r"\bis-target\b"))
        # One set of tools per paragraph, however many pages were visited.
        assert page.locator("#p-3 > .anchor-tools").count() == 1
        assert page.locator(".explainer-status").count() == 1
    finally:
        context.close()
    assert not errors, errors
