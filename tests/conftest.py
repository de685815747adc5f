"""Shared fixtures: one real build of the project, made once per test session."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import io
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
# Without SITE_URL whatever the shell holds: the default build is the one every test but the public build's checks.
BUILD_ENV = {
    **{name: value for name, value in os.environ.items() if name != "SITE_URL"},
    "NO_MKDOCS_2_WARNING": "1",
    "DISABLE_MKDOCS_2_WARNING": "true",
}
PUBLIC_URL = "https://example.org/explainer/"
"""The SITE_URL of the public build: below the host's root, as on GitHub Pages (example.org: RFC 2606)."""


def build_command(site_dir: Path, *extra: str, wrapper: Sequence[str] = ()) -> list[str]:
    """``mkdocs build --strict`` into ``site_dir``, as a user runs it (under ``wrapper``, if any)."""
    return [*wrapper, str(MKDOCS), "build", "--strict", "--site-dir", str(site_dir), *extra]


def run_build(
    project: Path,
    site_dir: Path,
    *extra: str,
    env: dict[str, str] | None = None,
    wrapper: Sequence[str] = (),
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` as a user would (under ``wrapper``, if any), returning the finished process."""
    return subprocess.run(
        build_command(site_dir, *extra, wrapper=wrapper),
        cwd=project,
        env={**BUILD_ENV, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file (which must hold it) by ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_project(destination: Path) -> Path:
    """A copy of the project's sources (not its build output) to break on purpose."""
    for name in ("docs", "overrides", "sources", "mkdocs.yml", "glossary.yml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy2(source, destination / name)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def without_network() -> list[str]:
    """``unshare -n`` where it works (as root): a network namespace with only a loopback that is down."""
    if shutil.which("unshare") is None:
        return []
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return ["unshare", "-n"] if probe.returncode == 0 else []


def build_command_of(site: Path) -> str:
    """How a session build ran (``unshare -n mkdocs build …`` where it could cut the network)."""
    return site.with_name(f"{site.name}.command").read_text(encoding="utf-8")


def build_log_of(site: Path) -> str:
    """What a session build printed (its stderr), kept beside the site, not in it."""
    return site.with_name(f"{site.name}.log").read_text(encoding="utf-8")


JAVA = ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m"]
"""Java for the checkers' one-off runs (epubcheck, the Nu Html Checker): the quick compiler only, which halves
their CPU time (the optimising one costs more than it saves in a run of seconds); the Nu checker's schema needs
the deeper stack that quick compiler's frames ask for."""


def pdf_text(pdf: Path | bytes) -> str:
    """The text of a PDF as poppler's pdftotext extracts it, pages in order (poppler-utils: make system-deps).

    A tenth of a second for the whole explainer's PDF, where pypdf takes three and a half."""
    data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=False)
    assert result.returncode == 0, f"pdftotext failed: {result.stderr.decode(errors='replace')}"
    return result.stdout.decode("utf-8")


# --- The session builds ----------------------------------------------------------------------------------------------
# The project built twice, as a user would (a subprocess `mkdocs build --strict`), for the whole run: with the
# network cut where that can be arranged (which proves the build needs none), and as a release. Under pytest-xdist
# every worker reads the same two builds: the first worker to need one starts both, side by side (a core each),
# and every worker waits for the one it needs. Without xdist only the build asked for is made.


@dataclass(frozen=True)
class SessionBuild:
    """One of the session builds: its folder's name and what its environment adds to :data:`BUILD_ENV`."""

    name: str
    env: dict[str, str]
    fixture: str
    """The fixture that returns it: a build no collected test asks for is not made."""
    offline: bool
    """Built with the network cut where that can be arranged (:func:`without_network`)."""


SESSION_BUILDS = (
    SessionBuild("site", {}, "built_site", offline=True),
    SessionBuild("public-site", {"SITE_URL": PUBLIC_URL}, "public_site", offline=False),
)
SESSION_BUILD_TIMEOUT = 600.0


def _start_session_build(build: SessionBuild, root: Path) -> None:
    """Start a build in the background, where it outlives the worker that started it: it writes its exit code in
    ``<name>.returncode`` when it ends (every worker waits for that file). It stays in the run's process group, so
    Ctrl-C stops it too."""
    site, log, done = (root / build.name, root / f"{build.name}.log", root / f"{build.name}.returncode")
    wrapper = without_network() if build.offline else []
    command = build_command(site, wrapper=wrapper)
    site.with_name(f"{site.name}.command").write_text(" ".join([*wrapper, "mkdocs build"]), encoding="utf-8")
    script = '("$@" 2> "$LOG"; echo $? > "$DONE.part" && mv "$DONE.part" "$DONE") < /dev/null > /dev/null &'
    subprocess.run(
        ["sh", "-c", script, "session-build", *command],
        cwd=ROOT,
        env={**BUILD_ENV, **build.env, "LOG": str(log), "DONE": str(done)},
        check=True,
    )


def _session_build(request: pytest.FixtureRequest, wanted: SessionBuild) -> Path:
    """The finished session build ``wanted``, started here unless another worker has; fails the test if it failed."""
    factory: pytest.TempPathFactory = request.config._tmp_path_factory  # type: ignore[attr-defined]
    under_xdist = hasattr(request.config, "workerinput")
    root = factory.getbasetemp().parent if under_xdist else factory.getbasetemp()
    root = root / "session-builds"
    root.mkdir(exist_ok=True)
    needed = {fixture for item in request.session.items for fixture in getattr(item, "fixturenames", ())}
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for build in SESSION_BUILDS:
            if build is wanted or (under_xdist and build.fixture in needed):
                started = root / f"{build.name}.started"
                if not started.exists():
                    _start_session_build(build, root)
                    started.touch()
    done = root / f"{wanted.name}.returncode"
    deadline = time.monotonic() + SESSION_BUILD_TIMEOUT
    while not done.exists():
        assert time.monotonic() < deadline, f"the {wanted.name} build did not end in {SESSION_BUILD_TIMEOUT:.0f} s"
        time.sleep(0.1)
    site = root / wanted.name
    assert done.read_text().strip() == "0", f"{build_command_of(site)} --strict failed:\n{build_log_of(site)[-4000:]}"
    return site


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest) -> Path:
    """The project built with --strict, with no network where that can be arranged; the build must succeed."""
    return _session_build(request, SESSION_BUILDS[0])


@pytest.fixture(scope="session")
def public_site(request: pytest.FixtureRequest) -> Path:
    """The project built with --strict and SITE_URL set to :data:`PUBLIC_URL`, as a release is."""
    return _session_build(request, SESSION_BUILDS[1])


# --- In-process builds ---------------------------------------------------------------------------------------------
# A subprocess build pays for starting Python and importing MkDocs, Material, WeasyPrint and pydantic every time;
# a test that only needs a build's messages or pages builds in this process, as MkDocs' own tests do
# (load_config + build.build). The subprocess build (run_build) stays for the end-to-end path.


@dataclass
class BuildResult:
    """What an in-process ``mkdocs build --strict`` did: its exit code as the command's, and its log."""

    returncode: int
    log: str
    """Every message as ``mkdocs build`` prints it (``WARNING -  brief_explainer: …``), then the abort's reason."""


class _CliFormatter(logging.Formatter):
    """The format of MkDocs' command line (mkdocs.__main__.ColorFormatter without colour or wrapping)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<8}-  {super().format(record)}"


@contextlib.contextmanager
def _build_environment(project: Path, env: dict[str, str]) -> Iterator[None]:
    """The variables and working folder a subprocess build would have, restored afterwards."""
    saved_environ, saved_cwd = dict(os.environ), Path.cwd()
    os.environ.pop("SITE_URL", None)  # as BUILD_ENV: only the public build's tests set it
    os.environ.update({"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **env})
    os.chdir(project)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_environ)


def build_in_process(project: Path, site_dir: Path | None = None, *, env: dict[str, str] | None = None) -> BuildResult:
    """``mkdocs build --strict`` of ``project`` in this process; a crash (anything but MkDocs' Abort) propagates.

    Where a subprocess build's stderr would hold a traceback, this raises: the test fails with it.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import Abort

    # MkDocs keeps the instance of a plugin with on_startup in its (class-wide) `plugins` option, for `serve`'s
    # rebuilds: every build here must start with new plugins, as a new process does.
    dict(MkDocsConfig._schema)["plugins"].plugin_cache.clear()  # type: ignore[attr-defined]

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_CliFormatter())
    logger = logging.getLogger("mkdocs")
    saved_level, saved_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # as the command line sets it: caplog and the root logger see nothing twice
    returncode = 0
    try:
        with _build_environment(project, env or {}):
            try:
                config = load_config(
                    config_file=str(project / "mkdocs.yml"),
                    strict=True,
                    site_dir=str(site_dir or project / "site"),
                )
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    build(config)
                finally:
                    config.plugins.on_shutdown()
            except Abort as abort:
                stream.write(f"{abort.message}\n")
                returncode = 1
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved_level)
        logger.propagate = saved_propagate
    return BuildResult(returncode, stream.getvalue())


def write_mini_project(project: Path, *, pdf: bool = False, glossary: str | None = None) -> Path:
    """A one-page site (``index.md``) with a one-entry bibliography, and ``glossary`` as its glossary.yml (without
    it, none yet: the test writes its own). With ``pdf``, it also has one short article of the brief (``meaning.md``,
    ¶1) and writes its PDFs: a PDF build in about a second, where the project's takes several."""
    (project / "docs").mkdir(parents=True)
    if glossary is not None:
        (project / "glossary.yml").write_text(glossary, encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Home { #home }\n\nThe OSCE.\n{ #p-1 }\n", encoding="utf-8")
    if pdf:
        (project / "docs" / "meaning.md").write_text(
            "---\nbrief: true\n---\n\n# Meaning { #meaning }\n\nThe Paris Charter.\n{ #p-1 }\n", encoding="utf-8"
        )
    (project / "refs.bib").write_text("@misc{paris1990, title={Charter of Paris}, year={1990}}\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        dedent(
            f"""\
            site_name: Mini
            use_directory_urls: false
            markdown_extensions: [attr_list, md_in_html, admonition, footnotes]
            extra:
              brief: {{title: Mini, short_title: Mini, author: A. Author, author_sort: "Author, A.", series: S,
                      publisher: P, date: January 2000, citation_date: 2000/01, language: en}}
            plugins:
              - brief-explainer:
                  bib_file: refs.bib
                  pdf_enabled: {str(pdf).lower()}
                  epub_enabled: false
                  offline_zip: ""
            """
        ),
        encoding="utf-8",
    )
    return project


HTML_ONLY = {"BRIEF_PDF": "false", "BRIEF_EPUB": "false"}
"""For builds whose test looks at neither the PDFs nor the EPUB."""


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A fresh copy of the project's sources, to break on purpose."""
    return copy_project(tmp_path / "project")


def assert_edit_fails_the_build(
    project: Path, file: str, old: str, new: str, message: str, *, env: dict[str, str] | None = None
) -> BuildResult:
    """Make one edit to a copy of the project: its in-process strict build must fail with ``message``."""
    edit(project / file, old, new)
    result = build_in_process(project, env=HTML_ONLY if env is None else env)
    assert result.returncode == 1, result.log[-3000:]
    assert message in result.log, result.log[-3000:]
    assert "Traceback" not in result.log
    return result


# --- A local web server ---------------------------------------------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, without a log line per request on stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_folder(
    folder: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = QuietHandler, prefix: str = "/"
) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 on a free port; yields the base URL (``prefix`` after the host), ending in /."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
