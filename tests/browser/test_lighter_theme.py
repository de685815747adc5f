"""The theme, made lighter, looks and works the same.

- The site's theme stylesheets give every element the style Material's own give it, in every state a reader can
  reach, those where Material creates components at run time included (footnote tooltips, search results, the
  dialog, the drawer); what appears is measured, not only styled.
- Footnote tooltips and glossary popovers are positioned bubbles beside their marks, drawn as Material's own
  stylesheets draw them, on every article in both palettes (one on a desktop, the other on a phone). (On the purged
  build this replaces, a footnote's tooltip was a static block 1,280 px wide below the page: these tests fail on it.)
- The search index loads only when search is opened.
- Every page transfers, gzipped, at most plain Material's same page + 25%.
- Material's toggles start closed after Back.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import material
import pytest
from playwright.sync_api import Browser, Locator, Page, Request, expect

from ..conftest import build_in_process
from .conftest import ARTICLES, ROOT, settled, switch_palette, wait_until
from .test_site_wide import PAGES as SITE_PAGES
from .test_site_wide import VIEWPORTS

sys.path.insert(0, str(ROOT / "bench"))
from build_bench import make_plain_project
from lighthouse_bench import serve
from weight_bench import BUDGET, cold_cache_tab, transferred

# One worker runs the module under pytest-xdist (make test): plain Material's build is made once.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("lighter-theme")]

THEME_STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
THEME_REQUEST = re.compile(r"/assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css$")

# Every element and its ::before and ::after, as "path: property=value; ..." lines (custom properties aside),
# kept in the page; a short hash of each comes back. Taken once animations and transitions have ended.
STYLE_SIGNATURE = """async () => {
  await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
  const paths = new Map();
  const visit = (el, prefix) => {
    [...el.children].forEach((child, index) => {
      const path = `${prefix}>${child.tagName.toLowerCase()}${child.id ? "#" + child.id : ""}[${index}]`;
      paths.set(child, path);
      visit(child, path);
    });
  };
  paths.set(document.documentElement, "html");
  visit(document.documentElement, "html");
  // Sizes and positions are layout results, not declarations, and so are auto side margins: Chromium reports
  // them as used values or not depending on layout timing. What appears is measured separately.
  const LAYOUT_RESULTS = new Set(["width", "height", "block-size", "inline-size", "top", "right", "bottom", "left",
    "inset-block-start", "inset-block-end", "inset-inline-start", "inset-inline-end", "perspective-origin",
    "transform-origin", "margin-left", "margin-right", "margin-inline-start", "margin-inline-end"]);
  const hash = (text) => {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return (h >>> 0).toString(36);
  };
  const names = [...getComputedStyle(document.documentElement)].filter(
    (name) => !name.startsWith("--") && !LAYOUT_RESULTS.has(name),
  );
  const lines = [];
  for (const [el, path] of paths) {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      if (pseudo && (style.content === "none" || style.content === "normal")) continue;
      const values = names.map((name) => `${name}=${style.getPropertyValue(name)}`);
      lines.push(`${path}${pseudo || ""}: ${values.join("; ")}`);
    }
  }
  window.__signature = lines;
  return lines.map(hash);
}"""
LINE_OF_SIGNATURE = "(index) => window.__signature[index]"

# Where an element is and how big, in CSS pixels of the viewport, with its computed position.
BOX = """(el) => {
  const box = el.getBoundingClientRect();
  return {x: box.x, y: box.y, width: box.width, height: box.height, position: getComputedStyle(el).position};
}"""


def box(locator: Locator) -> dict[str, float | str]:
    return locator.evaluate(BOX)  # type: ignore[no-any-return]


def in_the_middle(locator: Locator) -> None:
    """Scroll so the element is in the middle of the viewport, wherever the page puts it."""
    locator.evaluate("(el) => el.scrollIntoView({block: 'center', inline: 'nearest'})")


def open_search(page: Page) -> Locator:
    page.locator(".md-search__input").fill("security")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=10_000)
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching documents?"))
    return page.locator(".md-search__output")


def open_drawer(page: Page) -> Locator:
    page.locator(".md-header label[for='__drawer']").click()
    expect(page.locator("#__drawer")).to_be_checked()
    drawer = page.locator(".md-sidebar--primary")
    expect(drawer).to_be_in_viewport()
    return drawer


def hover(page: Page, mark: str, shown: str) -> Locator:
    """Hover the first ``mark`` and return what appears (``shown``), once it is visible, worded and settled."""
    target = page.locator(mark).first
    in_the_middle(target)
    target.hover()
    appeared = page.locator(shown)
    expect(appeared).to_be_visible()
    expect(appeared).to_contain_text(re.compile(r"\w{3,}"))
    settled(page)
    return appeared


def hover_footnote(page: Page) -> Locator:
    return hover(page, "a.footnote-ref", ".md-tooltip2--active .md-tooltip2__inner")


def hover_glossary_link(page: Page) -> Locator:
    return hover(page, "article a.gloss-link", ".gloss-popover")


def show_dialog(page: Page) -> Locator:
    # What Material's copy buttons do (content.code.copy): its alert$ subject shows the dialog.
    wait_until(page, "window.alert$ !== undefined")
    page.evaluate("() => window.alert$.next('Copied to clipboard')")
    dialog = page.locator(".md-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_text("Copied to clipboard")
    settled(page)
    return dialog


def signature_with_dialog_shown(page: Page) -> object:
    """The style signature, taken while the dialog shows: Material hides it 2 s after it shows, which a loaded
    machine can reach while the signature is taken. Showing it again restarts those 2 s (no transition: it stays);
    a signature the dialog did not last through is taken again."""
    for _ in range(5):
        page.evaluate("() => window.alert$.next('Copied to clipboard')")
        signature = page.evaluate(STYLE_SIGNATURE)
        if page.evaluate("() => document.querySelector('.md-dialog').classList.contains('md-dialog--active')"):
            return signature
    pytest.fail("the dialog never stayed shown for as long as the style signature took")


def at_rest(page: Page) -> None:
    return None


def printed(page: Page) -> None:
    page.emulate_media(media="print")


State = tuple[str, dict[str, int], str, Callable[[Page], Locator | None]]
STATES: dict[str, State] = {
    "article, desktop, light": ("russia-position.html", VIEWPORTS["desktop"], "light", at_rest),
    "glossary, desktop, light": ("glossary.html", VIEWPORTS["desktop"], "light", at_rest),
    "desktop, dark, search results": ("russia-position.html", VIEWPORTS["desktop"], "dark", open_search),
    "phone, dark, navigation drawer": ("russia-position.html", VIEWPORTS["phone"], "dark", open_drawer),
    "desktop, light, footnote hovered": ("common-interpretation.html", VIEWPORTS["desktop"], "light", hover_footnote),
    "phone, dark, footnote hovered": ("meaning.html", VIEWPORTS["phone"], "dark", hover_footnote),
    "desktop, dark, glossary link hovered": ("russia-position.html", VIEWPORTS["desktop"], "dark", hover_glossary_link),
    "phone, light, glossary link hovered": (
        "common-interpretation.html",
        VIEWPORTS["phone"],
        "light",
        hover_glossary_link,
    ),
    "desktop, light, copy dialog": ("russian-arguments.html", VIEWPORTS["desktop"], "light", show_dialog),
    "article printed from the browser": ("russia-position.html", VIEWPORTS["desktop"], "light", printed),
    "glossary printed from the browser": ("glossary.html", VIEWPORTS["desktop"], "light", printed),
}


def with_material_stylesheets(page: Page) -> None:
    """Serve Material's own stylesheets in place of the site's, whatever the build did to them or named them."""

    def fulfill(route: object) -> None:
        name = route.request.url.rsplit("/", 1)[-1]  # type: ignore[attr-defined]
        (original,) = THEME_STYLESHEETS.glob(name.split(".", 1)[0] + ".*.min.css")
        route.fulfill(path=original, content_type="text/css")  # type: ignore[attr-defined]

    page.route(THEME_REQUEST, fulfill)


@pytest.mark.parametrize("state", STATES)
def test_the_site_theme_styles_every_element_as_material_s_own(browser: Browser, site_url: str, state: str) -> None:
    name, viewport, scheme, reach_state = STATES[state]
    context = browser.new_context(viewport=viewport, color_scheme=scheme, base_url=site_url)
    try:
        site_page, full_page = context.new_page(), context.new_page()
        with_material_stylesheets(full_page)
        signatures, boxes = [], []
        for page in (site_page, full_page):
            page.bring_to_front()  # a tab behind the other runs no animation frames: its state would never settle
            page.goto(name)
            appeared = reach_state(page)
            settled(page)  # the drawer slides in, search results widen
            boxes.append(box(appeared) if appeared is not None else None)
            # Once transitions have ended.
            if reach_state is show_dialog:
                signatures.append(signature_with_dialog_shown(page))
            else:
                signatures.append(page.evaluate(STYLE_SIGNATURE))
        ours, theirs = signatures
        differences = [index for index, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b]
        if differences:
            mine, full = (page.evaluate(LINE_OF_SIGNATURE, differences[0]) for page in (site_page, full_page))
            site_only = sorted(set(mine.split("; ")) - set(full.split("; ")))
            full_only = sorted(set(full.split("; ")) - set(mine.split("; ")))
            pytest.fail(
                f"{len(differences)} element(s) styled differently; first: {mine.split(':', 1)[0]}:\n"
                f"  site's theme:      {site_only[:5]}\n  Material's theme: {full_only[:5]}"
            )
    finally:
        context.close()
    assert len(ours) > 100, "the page did not render"
    assert len(ours) == len(theirs)
    # What appeared (tooltip, popover, results, dialog, drawer) sits where, and is as big as, with Material's own.
    site_box, full_box = boxes
    if site_box is not None and full_box is not None:
        assert site_box["position"] == full_box["position"]
        for key in ("x", "y", "width", "height"):
            assert abs(float(site_box[key]) - float(full_box[key])) <= 1, (key, site_box, full_box)


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same pages built by Material alone (the benchmarks' baseline)."""
    project = make_plain_project(tmp_path_factory.mktemp("plain") / "project")
    site = project.parent / "site"
    result = build_in_process(project, site)
    assert result.returncode == 0, result.log[-4000:]
    return site


@pytest.fixture(scope="module")
def plain_site_url(plain_site: Path) -> Iterator[str]:
    with serve(plain_site, gzip_text=True) as url:
        yield url


HOVERED: dict[str, tuple[str, Callable[[Page], Locator], str, int]] = {
    # kind: (what is hovered, how, the positioned element that appears, its widest in CSS pixels)
    "footnote": ("a.footnote-ref", hover_footnote, ".md-tooltip2--active", 420),
    "glossary link": ("article a.gloss-link", hover_glossary_link, ".gloss-popover", 640),
}


def hovered(page: Page, kind: str) -> dict[str, float | str]:
    """What appears when the first mark of a kind is hovered in the middle of the viewport: its box, its offset
    from the mark, and how the element that holds it is positioned. The pointer leaves the mark again before this
    returns; what appeared is waited out (it goes after a delay) only when that kind is hovered next in the tab."""
    trigger, hover, holder, _ = HOVERED[kind]
    page.bring_to_front()  # a tab behind the other runs no animation frames: what appears would never settle
    expect(page.locator(holder)).to_be_hidden()
    mark = page.locator(trigger).first
    appeared = hover(page)
    found = box(appeared)
    anchor = box(mark)
    found["dx"] = float(found["x"]) - float(anchor["x"])
    found["dy"] = float(found["y"]) - float(anchor["y"])
    found["holder"] = str(box(page.locator(holder))["position"])
    found["mark_top"], found["mark_bottom"] = float(anchor["y"]), float(anchor["y"]) + float(anchor["height"])
    page.mouse.move(0, 0)
    return found


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_tooltips_look_as_with_material_s_own_theme_on_every_page(
    browser: Browser, site_url: str, viewport: str
) -> None:
    # Compared with Material's own stylesheets in the same site: plain Material's build of the same Markdown has
    # no footnotes (they come from the citations) and no glossary links. One tab of each goes through the articles
    # and hovers both kinds of mark on each, in one palette (switched by Material's toggle): the palettes alternate
    # from article to article, the other way round on the other viewport, so that each article is measured in both.
    # (What each palette's stylesheets give a hovered mark's bubble is compared property by property, on an article,
    # by the style-signature test above.)
    size = VIEWPORTS[viewport]
    report = {}
    # Without transitions (both stylesheets honour reduced motion): the same boxes, without waiting for them.
    context = browser.new_context(viewport=size, color_scheme="light", base_url=site_url, reduced_motion="reduce")
    schemes = ["light", "dark"] if viewport == "desktop" else ["dark", "light"]
    try:
        site_page, full_page = context.new_page(), context.new_page()
        with_material_stylesheets(full_page)
        for index, name in enumerate(ARTICLES):
            scheme = schemes[index % 2]
            for page in (site_page, full_page):
                page.goto(name)
                page.bring_to_front()
                switch_palette(page, scheme)
            for kind, (_, _, _, widest) in HOVERED.items():
                ours, full = hovered(site_page, kind), hovered(full_page, kind)
                where = f"{name}, {scheme}, {kind}"
                # A positioned bubble next to its mark, inside the viewport: not a block below the page.
                assert ours["holder"] == "absolute", (where, ours)
                assert 40 < float(ours["width"]) <= min(size["width"] - 16, widest), (where, ours)
                left, right = float(ours["x"]), float(ours["x"]) + float(ours["width"])
                assert left >= 0 and right <= size["width"], (where, ours)
                gap_below = float(ours["y"]) - float(ours["mark_bottom"])
                gap_above = float(ours["mark_top"]) - (float(ours["y"]) + float(ours["height"]))
                assert 0 <= gap_below <= 40 or 0 <= gap_above <= 40, (where, ours)
                # As Material's own stylesheets draw it: the same size, at the same place relative to its mark.
                differing = {
                    key: (round(float(ours[key]), 1), round(float(full[key]), 1))
                    for key in ("width", "height", "dx", "dy")
                    if abs(float(ours[key]) - float(full[key])) > 1
                }
                if differing:
                    report[where] = differing
    finally:
        context.close()
    assert not report, report


def test_search_index_loads_only_when_search_is_opened(page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url) if "search_index" in request.url else None)
    page.goto("russia-position.html")
    page.wait_for_load_state("networkidle")
    assert requested == [], "the search index loaded with the page"

    with page.expect_request(lambda request: "search_index" in request.url) as index_request:
        page.keyboard.press("/")
    request: Request = index_request.value
    assert request.url.endswith("search/search_index.json")
    page.keyboard.type("Founding Act")
    expect(page.locator(".md-search-result__item").first).to_contain_text("Founding Act", timeout=10_000)


PAGES = [*SITE_PAGES, "404.html"]


def test_every_page_transfers_at_most_plain_material_plus_a_quarter(
    browser: Browser, built_site: Path, plain_site_url: str
) -> None:
    report = {}
    with serve(built_site, gzip_text=True) as site_url, cold_cache_tab(browser) as tab:
        for name in PAGES:
            ours, plain = transferred(tab, site_url + name), transferred(tab, plain_site_url + name)
            assert name in ours and name in plain
            assert any(path.startswith("assets/javascripts/bundle.") for path in ours), ours
            assert not any("search_index" in path for path in ours), f"{name}: the search index loads with the page"
            if sum(ours.values()) > BUDGET * sum(plain.values()):
                report[name] = {"explainer": ours, "plain Material": plain}
    assert not report, report


def test_toggles_start_closed_after_back(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["phone"], base_url=site_url)
    try:
        page = context.new_page()
        page.goto("russia-position.html")
        drawer = open_drawer(page)
        page.locator(".md-nav--primary a[href='meaning.html']").first.click()
        expect(page).to_have_url(re.compile(r"/meaning\.html$"))
        page.go_back()
        expect(page).to_have_url(re.compile(r"/russia-position\.html$"))
        page.wait_for_load_state("load")
        expect(page.locator("#__drawer")).not_to_be_checked()
        expect(drawer).not_to_be_in_viewport()
        # Search too: opened, left, come back to: closed.
        page.locator("label.md-header__button[for='__search']").click()
        expect(page.locator("#__search")).to_be_checked()
        page.goto("meaning.html")
        page.go_back()
        page.wait_for_load_state("load")
        expect(page.locator("#__search")).not_to_be_checked()
        expect(page.locator(".md-search__input")).not_to_be_in_viewport()
    finally:
        context.close()
