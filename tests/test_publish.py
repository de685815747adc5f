"""Publishing: no build names the author's machine, a SITE_URL build names its address everywhere, `make release`
refuses a non-public address, the static hosts' `_headers`, and the GitHub Pages workflow."""

from __future__ import annotations

import functools
import gzip
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from pypdf import PdfReader

from brief_explainer.hardening import HEADER_ONLY
from brief_explainer.htmlwalk import OpenElement, rewrite_html
from brief_explainer.publish import CONTENT_HASHED_NAME_RE, headers_text, public_url_problem

from .conftest import BUILD_ENV, PUBLIC_URL, ROOT, copy_project, pdf_text
from .test_build import ALL_PAGES, BRIEF_PAGES
from .test_pdf import link_targets

LOCAL = re.compile(rb"127\.0\.0\.1|localhost", re.IGNORECASE)
WHOLE_PDF = "pdf/contested-interpretations-of-the-indivisibility-of-security.pdf"
ZIP = "download/indivisibility-explainer-offline.zip"
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def local_addresses(name: str, data: bytes) -> list[str]:
    """Where a file (a PDF: also its text and link targets, a .gz: its content) names 127.0.0.1 or localhost."""
    found = [f"{name}: {match.group().decode()}" for match in LOCAL.finditer(data)]
    if name.endswith(".gz"):
        found += local_addresses(name.removesuffix(".gz"), gzip.decompress(data))
    if name.endswith(".pdf"):
        found += [f"{name} (text, links or metadata)" for _ in range(pdf_mentions_of_local(data))]
    return found


@functools.cache
def pdf_mentions_of_local(data: bytes) -> int:
    """How many of a PDF's text, link targets and metadata values name the local machine. Kept by content: the
    zip holds the same PDFs again, byte for byte."""
    reader = PdfReader(io.BytesIO(data))
    readable = [pdf_text(data), *link_targets(reader)[1], *(str(v) for v in (reader.metadata or {}).values())]
    return sum(1 for text in readable if LOCAL.search(text.encode()))


@pytest.fixture(params=["built_site", "public_site"])
def any_site(request: pytest.FixtureRequest) -> Path:
    """The default build, then the SITE_URL build."""
    return Path(request.getfixturevalue(request.param))


def test_no_file_of_either_build_names_the_local_machine(any_site: Path) -> None:
    found: list[str] = []
    checked = 0
    for path in sorted(any_site.rglob("*")):
        if path.is_file():
            checked += 1
            found += local_addresses(path.relative_to(any_site).as_posix(), path.read_bytes())
    with zipfile.ZipFile(any_site / ZIP) as archive:
        members = [name for name in archive.namelist() if not name.endswith("/")]
        for name in members:
            found += local_addresses(f"{ZIP}!{name}", archive.read(name))
    assert not found
    # The zip holds the site (every page and PDF), so its contents were checked too, not an empty archive.
    assert checked > 20
    assert {f"indivisibility-explainer/{page}" for page in ALL_PAGES} <= set(members)
    assert f"indivisibility-explainer/{WHOLE_PDF}" in members


def self_references(html: str) -> dict[str, str]:
    """The page's canonical link, og:url and citation_pdf_url, by name, where present."""
    found: dict[str, str] = {}

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if tag == "link" and attrs.get("rel") == "canonical":
            found["canonical"] = attrs.get("href") or ""
        elif tag == "meta" and attrs.get("property") == "og:url":
            found["og:url"] = attrs.get("content") or ""
        elif tag == "meta" and attrs.get("name") == "citation_pdf_url":
            found["citation_pdf_url"] = attrs.get("content") or ""

    rewrite_html(html, on_start=on_start)
    return found


def pdf_links(site: Path) -> dict[str, list[str]]:
    """Every PDF's external links, by file name."""
    return {path.name: link_targets(PdfReader(path))[1] for path in sorted((site / "pdf").glob("*.pdf"))}


def test_without_site_url_nothing_claims_an_address(built_site: Path, public_site: Path) -> None:
    for page in [*ALL_PAGES, "404.html"]:
        assert self_references((built_site / page).read_text(encoding="utf-8")) == {}, page
    assert not (built_site / "sitemap.xml").exists()
    assert not (built_site / "sitemap.xml.gz").exists()
    assert (built_site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    pdfs = sorted((built_site / "pdf").glob("*.pdf"))
    assert len(pdfs) == 5
    for path in pdfs:
        assert "online edition" not in pdf_text(path).casefold(), path.name
    # The links that lead into the site online (the cover's, the "How to cite" box's, the articles' links to the
    # other parts) are left out, not pointed at another address: what remains are the links that leave the site.
    public_links = pdf_links(public_site)
    assert sum(uri.startswith(PUBLIC_URL) for links in public_links.values() for uri in links) >= 6
    assert pdf_links(built_site) == {
        name: [uri for uri in links if not uri.startswith(PUBLIC_URL)] for name, links in public_links.items()
    }


def test_with_site_url_every_place_uses_it(public_site: Path) -> None:
    pdf_url = PUBLIC_URL + WHOLE_PDF
    for page in ALL_PAGES:
        expected = {"canonical": PUBLIC_URL + page, "og:url": PUBLIC_URL + page}
        if page in BRIEF_PAGES:
            expected["citation_pdf_url"] = pdf_url
        assert self_references((public_site / page).read_text(encoding="utf-8")) == expected
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sitemap = (public_site / "sitemap.xml").read_bytes()
    locations = [loc.text for loc in ElementTree.fromstring(sitemap).iterfind("s:url/s:loc", namespace)]
    assert sorted(locations) == sorted(PUBLIC_URL + page for page in ALL_PAGES)
    assert gzip.decompress((public_site / "sitemap.xml.gz").read_bytes()) == sitemap
    robots = (public_site / "robots.txt").read_text(encoding="utf-8")
    assert robots == f"User-agent: *\nAllow: /\nSitemap: {PUBLIC_URL}sitemap.xml\n"
    assert f"Online edition: {PUBLIC_URL}" in pdf_text(public_site / WHOLE_PDF)
    links = {
        name: [uri for uri in links if uri.startswith(PUBLIC_URL)] for name, links in pdf_links(public_site).items()
    }
    # The cover's link, and the "How to cite" box's link to the PDF itself (not part of the PDF: it leads online).
    assert {PUBLIC_URL, pdf_url} <= set(links.pop(Path(WHOLE_PDF).name))
    # Each article's PDF links to the other parts of the explainer online.
    assert len(links) == 4
    assert all(links.values()), links


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.org/explainer/", None),
        ("https://kulesa-explainer.github.io/", None),
        ("https://203.0.113.7.nip.io/", None),
        ("", "not set"),
        ("http://example.org/", "not an https://"),
        ("example.org", "not an https://"),
        ("https://localhost/", "local host"),
        ("https://LOCALHOST.:8443/", "local host"),
        ("https://docs.localhost/", "local host"),
        ("https://explainer.local/", "local host"),
        ("https://intranet/", "local host"),
        ("https://127.0.0.1:8000/", "private or local"),
        ("https://[::1]/", "private or local"),
        ("https://192.168.1.20/", "private or local"),
        ("https://10.0.0.1/", "private or local"),
        ("https://0.0.0.0/", "private or local"),
        ("https:///explainer/", "no host"),
        ("https://user:secret@example.org/", "user name"),
        ("https://example.org/?preview=1", "query"),
    ],
)
def test_public_url_problem(url: str, problem: str | None) -> None:
    found = public_url_problem(url)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def run_make_release(project: Path, site_url: str | None) -> subprocess.CompletedProcess[str]:
    """`make release` in a copy of the project, its virtual environment borrowed (-o: never reinstalled there)."""
    env = dict(BUILD_ENV) | ({"SITE_URL": site_url} if site_url is not None else {})
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "release"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def make_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Makefile with what it reads, in a folder of its own: `make` never runs in the checkout."""
    project = copy_project(tmp_path_factory.mktemp("make") / "project")
    for name in ("Makefile", "pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv")
    (project / "src").symlink_to(ROOT / "src")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the previous good build", encoding="utf-8")
    return project


@pytest.mark.parametrize("site_url", [None, "", "http://example.org/", "https://127.0.0.1:8000/"])
def test_make_release_refuses_a_non_public_address(make_project: Path, site_url: str | None) -> None:
    site = make_project / "site"
    before = site.stat().st_mtime_ns
    result = run_make_release(make_project, site_url)
    assert result.returncode != 0
    assert "make release: SITE_URL" in result.stderr
    assert "SITE_URL=https://" in result.stderr  # says how to run it
    assert "mkdocs" not in result.stdout  # refused before building: the previous site/ is untouched
    assert site.stat().st_mtime_ns == before
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]


# ---------------------------------------------------------------------------------------------------------------
# _headers


def parse_headers(text: str) -> list[tuple[str, dict[str, str]]]:
    """Netlify/Cloudflare Pages ``_headers``: a path at the start of a line, then indented ``Name: value`` lines."""
    rules: list[tuple[str, dict[str, str]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            assert line.startswith("/"), f"line {number}: a rule's path starts with /: {line!r}"
            rules.append((line, {}))
            continue
        name, separator, value = line.strip().partition(":")
        assert separator and rules, f"line {number}: not 'Name: value' under a path: {line!r}"
        assert name not in rules[-1][1], f"line {number}: {name} twice for {rules[-1][0]}"
        rules[-1][1][name] = value.strip()
    return rules


def site_path_exists(site: Path, path: str) -> bool:
    """Whether a rule's path (no wildcard) is a file of the site, as a host would serve it."""
    relative = path.lstrip("/")
    candidates = [relative + "index.html"] if path.endswith("/") else [relative, relative + ".html"]
    return any((site / candidate).is_file() for candidate in candidates)


def page_policy(html: str) -> str:
    found: list[str] = []

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy":
            found.append(attrs.get("content") or "")

    rewrite_html(html, on_start=on_start)
    assert len(found) == 1
    return found[0]


def directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in policy.split(";") if part.strip())}


def test_headers_file_caches_only_hashed_assets_for_ever(built_site: Path) -> None:
    rules = parse_headers((built_site / "_headers").read_text(encoding="utf-8"))
    immutable = [path for path, headers in rules if "immutable" in headers.get("Cache-Control", "")]
    hashed_files = {
        "/" + path.relative_to(built_site).as_posix()
        for path in built_site.rglob("*")
        if path.is_file() and CONTENT_HASHED_NAME_RE.search(path.name)
    }
    # Material's bundle, search worker and both stylesheets at least; each one named, and existing, under that name.
    assert len(immutable) >= 4
    assert set(immutable) == hashed_files
    for path in immutable:
        assert "*" not in path and (built_site / path.lstrip("/")).is_file(), path
    # Every page (and its pretty URL) and every PDF and the zip: short caching, never immutable.
    cache = {path: headers["Cache-Control"] for path, headers in rules if "Cache-Control" in headers}
    short = re.compile(r"public, max-age=(\d+)")
    for page in built_site.rglob("*.html"):
        relative = page.relative_to(built_site).as_posix()
        served_at = ["/" + relative, "/" + relative.removesuffix("index.html").removesuffix(".html")]
        for path in served_at:
            match = short.match(cache[path])
            assert match and int(match.group(1)) <= 3600 and "immutable" not in cache[path], path
    for folder in ("/pdf/*", "/download/*"):
        match = short.match(cache[folder])
        assert match and int(match.group(1)) <= 3600 and "immutable" not in cache[folder], folder
    # No two rules that can match the same request both set Cache-Control (one has a wildcard: only folders).
    for path in cache:
        if "*" not in path:
            assert site_path_exists(built_site, path), path
            assert not any(other != path and path.startswith(other.rstrip("*")) for other in cache if "*" in other)
    assert "Cache-Control" not in dict(rules)["/*"]


def test_headers_file_sends_the_pages_policy_and_forbids_framing(built_site: Path) -> None:
    rules = dict(parse_headers((built_site / "_headers").read_text(encoding="utf-8")))
    header = directives(rules["/*"]["Content-Security-Policy"])
    assert header.pop("frame-ancestors") == HEADER_ONLY.split()[1:]
    header_scripts = set(header.pop("script-src"))
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 9
    page_scripts: set[str] = set()
    for page in pages:
        meta = directives(page_policy(page.read_text(encoding="utf-8")))
        page_scripts |= set(meta.pop("script-src"))
        assert meta == header, page.name  # the same policy, but for the scripts allowed
    # Both policies apply to a page: the header allows every page's inline scripts, each page's meta its own.
    assert header_scripts == page_scripts
    assert rules["/*"]["X-Content-Type-Options"] == "nosniff"
    # The file is for hosts: it is not in the offline zip.
    with zipfile.ZipFile(built_site / ZIP) as archive:
        assert not [name for name in archive.namelist() if name.endswith("_headers")]


def test_headers_follow_the_files_actually_built(tmp_path: Path) -> None:
    """A theme file renamed after its rewritten content is listed under its new name; unhashed files never."""
    files = {
        "index.html": '<html><head><meta http-equiv="Content-Security-Policy" content="script-src \'self\' '
        "'sha256-AAAA'\"></head><body></body></html>",
        "assets/stylesheets/main.0123abcd.min.css": "",
        "assets/stylesheets/main.89abcdef01.css": "",
        "assets/javascripts/workers/search.fedcba98.min.js": "",
        "assets/stylesheets/explainer.css": "",
        "assets/images/favicon.png": "",
        "assets/javascripts/deadbeef.js": "",
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    rules = parse_headers(headers_text(tmp_path))
    immutable = sorted(path for path, headers in rules if headers.get("Cache-Control", "").endswith("immutable"))
    assert immutable == [
        "/assets/javascripts/workers/search.fedcba98.min.js",
        "/assets/stylesheets/main.0123abcd.min.css",
        "/assets/stylesheets/main.89abcdef01.css",
    ]
    assert "'sha256-AAAA'" in dict(rules)["/*"]["Content-Security-Policy"]
    assert {path for path, _ in rules} >= {"/", "/index.html"}
    assert "/pdf/*" not in dict(rules)  # no folder, no rule


# ---------------------------------------------------------------------------------------------------------------
# GitHub Pages and the README


def publish_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("\n## Publish\n", 1)[1].split("\n## ", 1)[0]


def test_github_pages_workflow_builds_with_the_readme_command_and_publishes_site() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "workflow_dispatch" in triggers and "push" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    steps = build["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    runs = [step["run"] for step in steps if "run" in step]
    # The build step: the README's release command, with the address GitHub Pages gives the site.
    release = next(step for step in steps if "make release" in step.get("run", ""))
    assert release["run"].strip() == "make release"
    assert "steps.pages.outputs.base_url" in release["env"]["SITE_URL"]
    assert "make release" in publish_section()
    assert next(step for step in steps if step.get("id") == "pages")["uses"].startswith("actions/configure-pages@")
    # The upload step publishes site/, after the build.
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert steps.index(release) < steps.index(upload)
    assert uses.index("actions/checkout") < steps.index(release)
    assert not any("pip install" in run or "mkdocs" in run for run in runs)  # the Makefile sets itself up
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_readme_publish_section_has_one_step_per_host() -> None:
    section = publish_section()
    steps = [line for line in section.splitlines() if line.startswith("- **")]
    assert [step.split("**")[1] for step in steps] == [
        "GitHub Pages",
        "Netlify",
        "Cloudflare Pages",
        "Any other static host",
    ]
    assert "SITE_URL=https://" in section and "_headers" in section
