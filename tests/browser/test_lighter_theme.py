"""The theme, made lighter, looks and works the same: the purged stylesheets give every element the style the full
ones give it, in every state a reader can reach; and the search index loads only when search is opened."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import material
import pytest
from playwright.sync_api import Browser, Page, Request, expect

from ..conftest import run_build
from .conftest import ROOT, serve_folder
from .test_site_wide import PAGES as SITE_PAGES

sys.path.insert(0, str(ROOT / "bench"))
from build_bench import make_plain_project

pytestmark = pytest.mark.browser

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
  // them as used values or not depending on layout timing.
  const LAYOUT_RESULTS = new Set(["width", "height", "block-size", "inline-size", "top", "right", "bottom", "left",
    "inset-block-start", "inset-block-end", "inset-inline-start", "inset-inline-end", "perspective-origin",
    "transform-origin", "margin-left", "margin-right", "margin-inline-start", "margin-inline-end"]);
  const hash = (text) => {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    return (h >>> 0).toString(36);
  };
  // Custom properties are compared through the properties that use them: the purge drops unused ones.
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


def open_search(page: Page) -> None:
    page.locator(".md-search__input").fill("security")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)


def open_drawer(page: Page) -> None:
    page.locator(".md-header label[for='__drawer']").click()
    expect(page.locator("#__drawer")).to_be_checked()


def at_rest(page: Page) -> None:
    pass


def printed(page: Page) -> None:
    page.emulate_media(media="print")


STATES: dict[str, tuple[dict[str, int], str, Callable[[Page], None]]] = {
    "desktop, light": ({"width": 1280, "height": 900}, "light", at_rest),
    "desktop, dark, search results": ({"width": 1280, "height": 900}, "dark", open_search),
    "phone, dark, navigation drawer": ({"width": 375, "height": 740}, "dark", open_drawer),
    "printed from the browser": ({"width": 1280, "height": 900}, "light", printed),
}


def test_the_theme_stylesheets_are_purged(built_site: Path) -> None:
    purged = sorted(path.name for path in (built_site / "assets" / "stylesheets").glob("*.min.css"))
    assert len(purged) == 2 and all((THEME_STYLESHEETS / file).is_file() for file in purged), purged
    # The site's copies are smaller than Material's, which the test below compares them with.
    for file in purged:
        assert (built_site / "assets" / "stylesheets" / file).stat().st_size < (THEME_STYLESHEETS / file).stat().st_size


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", ["russia-position.html", "glossary.html"])
def test_purged_theme_styles_every_element_as_the_full_theme(
    browser: Browser, site_url: str, name: str, state: str
) -> None:
    viewport, scheme, reach_state = STATES[state]
    context = browser.new_context(viewport=viewport, color_scheme=scheme, base_url=site_url)
    try:
        purged_page, full_page = context.new_page(), context.new_page()
        full_page.route(
            THEME_REQUEST,
            lambda route: route.fulfill(
                path=THEME_STYLESHEETS / route.request.url.rsplit("/", 1)[-1], content_type="text/css"
            ),
        )
        signatures = []
        for page in (purged_page, full_page):
            page.goto(name)
            reach_state(page)
            signatures.append(page.evaluate(STYLE_SIGNATURE))
        ours, theirs = signatures
        differences = [index for index, (a, b) in enumerate(zip(ours, theirs, strict=False)) if a != b]
        if differences:
            mine, full = (page.evaluate(LINE_OF_SIGNATURE, differences[0]) for page in (purged_page, full_page))
            purged_only = sorted(set(mine.split("; ")) - set(full.split("; ")))
            full_only = sorted(set(full.split("; ")) - set(mine.split("; ")))
            pytest.fail(
                f"{len(differences)} element(s) styled differently; first: {mine.split(':', 1)[0]}:\n"
                f"  purged theme: {purged_only[:5]}\n  full theme:   {full_only[:5]}"
            )
    finally:
        context.close()
    assert len(ours) > 100, "the page did not render"
    assert len(ours) == len(theirs)


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


PLAIN_MATERIAL_KIB = 266
"""What a page of a plain Material build of the four articles loads before compression (Lighthouse 12, issue 5)."""

PAGES = [*SITE_PAGES, "404.html"]


def page_weight(browser: Browser, url: str) -> dict[str, int]:
    """Bytes of every response a page loads on a cold cache, by path, until the network is idle.

    The search worker's script is left out, as Lighthouse leaves it out (it counts it at a near-zero transfer
    size): both sites load the same one.
    """
    context = browser.new_context()
    sizes: dict[str, int] = {}
    base = url.rsplit("/", 1)[0] + "/"

    def record(request: Request) -> None:
        response = request.response()
        if response is not None and request.url.startswith(base) and "/workers/" not in request.url:
            sizes[request.url.removeprefix(base)] = len(response.body())

    try:
        page = context.new_page()
        page.on("requestfinished", record)
        page.goto(url)
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    return sizes


@pytest.fixture(scope="module")
def plain_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same pages built by Material alone (the benchmarks' baseline), served."""
    project = make_plain_project(tmp_path_factory.mktemp("plain") / "project")
    site = project.parent / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr[-4000:]
    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def our_weights(browser: Browser, site_url: str) -> dict[str, dict[str, int]]:
    """What each page of the explainer loads, measured once for the tests below."""
    return {name: page_weight(browser, site_url + name) for name in PAGES}


def test_every_page_weighs_less_than_the_same_page_built_by_material_alone(
    browser: Browser, our_weights: dict[str, dict[str, int]], plain_site_url: str
) -> None:
    report = {}
    for name in PAGES:
        ours, plain = our_weights[name], page_weight(browser, plain_site_url + name)
        assert name in ours and name in plain and any(path.startswith("assets/javascripts/bundle.") for path in ours)
        assert not any("search_index" in path for path in ours), f"{name}: the search index loads with the page"
        if sum(ours.values()) > sum(plain.values()):
            report[name] = {"explainer": ours, "plain Material": plain}
    assert not report, report


def test_every_article_stays_within_the_issue_budget(our_weights: dict[str, dict[str, int]]) -> None:
    # The glossary is the exception: its own HTML is 98 KiB of entries (quotes, facts, backlinks). It is compared
    # with the plain Material glossary above.
    report = {}
    for name in PAGES:
        if name == "glossary.html":
            continue
        sizes = our_weights[name]
        kib = sum(sizes.values()) / 1024
        if kib > PLAIN_MATERIAL_KIB:
            report[name] = (round(kib), {path: round(size / 1024, 1) for path, size in sizes.items()})
    assert not report, report
