"""``mkdocs serve`` as an editor uses it: an edit shows, the PDFs are never stale, mistakes are warnings.

The tests run a real server on a copy of the project (on a free port of 127.0.0.1) and edit its files: one server
with the PDFs shared by the tests in file order (the last stops it), one without for the test that breaks things.
"""

from __future__ import annotations

import contextlib
import io
import socket
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from brief_explainer.htmlwalk import OpenElement, rewrite_html
from brief_explainer.outputs import epub_path

from .conftest import BUILD_ENV, MKDOCS, ROOT, copy_project, pdf_text

START_TIMEOUT_SECONDS = 90.0
EDIT_TIMEOUT_SECONDS = 60.0

# The tests share a server in file order: under pytest-xdist (make test), one worker runs them all.
pytestmark = pytest.mark.xdist_group("serve")


@dataclass
class Server:
    project: Path
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=EDIT_TIMEOUT_SECONDS) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def text(self, path: str) -> str:
        status, body = self.get(path)
        assert status == 200, f"{path}: HTTP {status}"
        return body.decode("utf-8")

    def wait_for(self, path: str, condition: Callable[[str], bool]) -> str:
        """The page's text once ``condition`` holds for it (the server rebuilds after an edit)."""
        deadline = time.monotonic() + EDIT_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            status, body = self.get(path)
            if status == 200 and condition(body.decode("utf-8")):
                return body.decode("utf-8")
            time.sleep(0.1)
        raise AssertionError(f"{path} did not change as expected within {EDIT_TIMEOUT_SECONDS} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def append(self, file: str, text: str) -> None:
        path = self.project / file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    def replace(self, file: str, old: str, new: str) -> None:
        path = self.project / file
        content = path.read_text(encoding="utf-8")
        assert old in content, f"{old!r} not in {file}"
        path.write_text(content.replace(old, new, 1), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_server(folder: Path, env: dict[str, str]) -> Iterator[Server]:
    """``mkdocs serve`` as `make serve` runs it, on a copy of the project in ``folder``."""
    project = copy_project(folder / "project")
    port = free_port()
    log = folder / "serve.log"
    with log.open("w", encoding="utf-8") as stream:
        process = subprocess.Popen(
            [str(MKDOCS), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env={**BUILD_ENV, **env},
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    running = Server(project, f"http://127.0.0.1:{port}/", log, process)
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            assert process.poll() is None, f"mkdocs serve exited:\n{running.output()}"
            assert time.monotonic() < deadline, f"mkdocs serve did not start:\n{running.output()}"
            try:
                if running.get("index.html")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        yield running
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server with the PDFs for this module's tests, in file order: the last one stops it with SIGTERM."""
    with running_server(tmp_path_factory.mktemp("serve"), {}) as running:
        yield running


@pytest.fixture
def html_only_server(tmp_path: Path) -> Iterator[Server]:
    """A server of its own, without PDFs, for a test that breaks and mends the project."""
    with running_server(tmp_path, {"BRIEF_PDF": "false"}) as running:
        yield running


def pdf_words(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


def assets_of(html: str) -> list[str]:
    """The scripts and stylesheets a page loads (site-relative)."""
    assets: list[str] = []

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        address = attrs.get("src") if tag == "script" else attrs.get("href") if tag == "link" else None
        if address and (tag == "script" or attrs.get("rel") == "stylesheet"):
            assets.append(address)

    rewrite_html(html, on_start=on_start)
    return assets


def test_served_pages_load_every_script_and_stylesheet_they_name(server: Server) -> None:
    assets = assets_of(server.text("meaning.html"))
    assert any("bundle." in asset for asset in assets)
    assert len(assets) >= 4
    for asset in assets:
        assert server.get(asset)[0] == 200, asset


def test_an_edit_shows_and_the_pdf_served_is_never_stale(server: Server) -> None:
    # Made as soon as the server serves, usually while its first worker still renders the PDFs (the rebuild
    # cancels that worker, which also spares its CPU): what is served must be this edit's, never the first build's.
    server.append("docs/meaning.md", '\n\n!!! note "Editor"\n    EDITORS NOTE one.\n')
    server.wait_for("meaning.html", lambda html: "EDITORS NOTE one." in html)
    # Asked for at once, while the worker is still rendering: held until this edit's PDF is written.
    status, after = server.get("pdf/meaning.pdf")
    assert status == 200
    assert "EDITORS NOTE one." in pdf_words(after)
    status, whole = server.get("pdf/contested-interpretations-of-the-indivisibility-of-security.pdf")
    assert status == 200
    assert "EDITORS NOTE one." in pdf_words(whole)
    # The EPUB likewise: written by the same worker, after the PDFs, and held until it is.
    status, book = server.get(epub_path("contested-interpretations-of-the-indivisibility-of-security"))
    assert status == 200
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        assert "EDITORS NOTE one." in archive.read("EPUB/meaning.xhtml").decode("utf-8")
    assert server.get("download/indivisibility-explainer-offline.zip")[0] == 200
    output = server.output()
    assert "PDFs written in the background" in output
    assert "EPUB written in the background" in output
    assert "Traceback" not in output


def test_content_mistakes_are_warnings_and_the_server_keeps_serving(html_only_server: Server) -> None:
    server = html_only_server
    server.replace("docs/meaning.md", "[@paris1990]", "[@paris1991]")
    server.append("docs/meaning.md", "\n\n!!! note\n    First edit.\n")
    html = server.wait_for("meaning.html", lambda html: "First edit." in html)
    assert "[@paris1991]" in html  # shown as typed, for the editor to see
    assert (
        "WARNING -  brief_explainer: Doc file 'meaning.md', line 10: unknown citation key '@paris1991': "
        "add it to references.bib or fix the key" in server.output()
    )

    # A broken glossary: the last good one stays in use, so the articles keep their glossary links.
    server.replace("glossary.yml", "kind: organisation", "kind: organization")
    server.append("docs/meaning.md", "\n\n!!! note\n    Second edit.\n")
    html = server.wait_for("meaning.html", lambda html: "Second edit." in html)
    assert 'class="gloss-link" href="glossary.html#helsinki-final-act"' in html
    assert 'id="helsinki-final-act"' in server.text("glossary.html")
    output = server.output()
    assert "'kind' must be one of: document, organisation, principle, event" in output
    assert "Serving the last good version until the file is fixed." in output

    # Fixed: the warnings stop, the page is cited again.
    server.replace("glossary.yml", "kind: organization", "kind: organisation")
    server.replace("docs/meaning.md", "[@paris1991]", "[@paris1990]")
    server.append("docs/meaning.md", "\n\n!!! note\n    Third edit.\n")
    html = server.wait_for("meaning.html", lambda html: "Third edit." in html)
    assert "paris1991" not in html

    # A published address broken, the numbering with it: warnings, and the edited page is served.
    (server.project / "anchors.lock").write_bytes((ROOT / "anchors.lock").read_bytes())
    server.replace("docs/russia-position.md", "{ #p-3 }", "{ #p-33 }")
    assert 'id="p-33"' in server.wait_for("russia-position.html", lambda html: 'id="p-33"' in html)
    deadline = time.monotonic() + 30
    while "Published address 'russia-position.html#p-3' no longer resolves" not in server.output():
        assert time.monotonic() < deadline, server.output()[-3000:]
        time.sleep(0.2)
    assert "Doc file 'russia-position.md': paragraph id 'p-33' where 'p-3' was expected" in server.output()
    assert "Traceback" not in server.output()
    assert "An error happened during the rebuild" not in server.output()


def pdf_worker_of(server_pid: int) -> int | None:
    """The process id of the server's background PDF worker, if one is running (Linux /proc)."""
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text(encoding="utf-8").split()
    for child in children:
        with contextlib.suppress(OSError):
            if b"brief_explainer.background" in Path(f"/proc/{child}/cmdline").read_bytes():
                return int(child)
    return None


def is_running(pid: int) -> bool:
    """Running, as opposed to gone or a zombie no one has reaped yet (a container's first process may not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the worker through Linux's /proc")
def test_a_server_stopped_by_sigterm_takes_its_pdf_worker_with_it(server: Server) -> None:
    # SIGTERM (a process manager, `kill`, a closed terminal's job) runs no plugin hook, unlike Ctrl+C.
    server.append("docs/meaning.md", "\n\n!!! note\n    An edit, for a new worker.\n")
    deadline = time.monotonic() + EDIT_TIMEOUT_SECONDS
    while (worker := pdf_worker_of(server.process.pid)) is None:
        assert time.monotonic() < deadline, f"no PDF worker started:\n{server.output()}"
        time.sleep(0.02)
    server.process.terminate()
    server.process.wait(timeout=30)
    deadline = time.monotonic() + 2
    while is_running(worker):
        assert time.monotonic() < deadline, "the PDF worker outlived its server by 2 s"
        time.sleep(0.05)
    site = server.project / "site"
    assert not list(site.glob(".*-partial")), "a half-written PDF folder was left in the site"
    assert not list(site.rglob("*.partial")), "a half-written zip was left in the site"
    output = server.output()
    assert "The server has stopped: the PDFs and the zip were not finished" in output
    assert "Traceback" not in output
