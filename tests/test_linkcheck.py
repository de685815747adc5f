"""`make linkcheck-external`: every external link of a built site is visited once and reported with its pages.

Checked against a local http.server on 127.0.0.1: no test needs a network."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from brief_explainer import linkcheck
from brief_explainer.cli import main
from brief_explainer.linkcheck import external_links, status_of

from .conftest import QuietHandler, serve_folder


class _Handler(QuietHandler):
    """/ok answers; /no-head refuses HEAD (as some official sites do) but answers GET; /gone is 404."""

    requests: ClassVar[list[tuple[str, str, str]]] = []

    def _answer(self) -> None:
        type(self).requests.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if self.path == "/ok" or (self.path == "/no-head" and self.command == "GET"):
            self.send_response(200)
        elif self.path == "/no-head":
            self.send_response(405)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer  # answers by path, serves no file


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    _Handler.requests = []
    with serve_folder(tmp_path, _Handler) as url:
        yield url.rstrip("/")


def write_site(site: Path, base: str) -> Path:
    site.mkdir()
    (site / "index.html").write_text(
        f'<p><a href="{base}/ok">ok</a> <a href="{base}/gone">gone</a> <a href="meaning.html">inner</a> '
        '<a href="mailto:x@example.org">mail</a> <a href="#p-1">here</a></p>',
        encoding="utf-8",
    )
    (site / "meaning.html").write_text(
        f'<p><a href="{base}/ok">ok again</a> <a href="{base}/no-head">no head</a>'
        '<link href="https://cdn.example.org/not-a-link.css"></p>',
        encoding="utf-8",
    )
    return site


def test_external_links_are_found_once_with_the_pages_that_carry_them(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", "https://example.org")
    assert external_links(site) == {
        "https://example.org/ok": ["index.html", "meaning.html"],
        "https://example.org/gone": ["index.html"],
        "https://example.org/no-head": ["meaning.html"],
    }
    assert external_links(site, own_host="example.org") == {}


def test_status_tries_head_then_get_and_names_the_failure(server: str) -> None:
    assert status_of(f"{server}/ok") == "ok"
    assert status_of(f"{server}/no-head") == "ok"
    assert status_of(f"{server}/gone") == "HTTP 404"
    methods = [(method, path) for method, path, _ in _Handler.requests]
    assert methods == [("HEAD", "/ok"), ("HEAD", "/no-head"), ("GET", "/no-head"), ("HEAD", "/gone")]
    assert {agent for *_, agent in _Handler.requests} == {linkcheck.USER_AGENT}


def test_an_unreachable_host_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linkcheck, "TIMEOUT_SECONDS", 2)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert status_of(f"http://127.0.0.1:{port}/").startswith("unreachable (")


def test_the_command_reports_every_link_and_fails_on_a_broken_one(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = write_site(tmp_path / "site", server)
    assert main(["linkcheck", str(site)]) == 1
    out = capsys.readouterr().out
    assert f"HTTP 404  {server}/gone  (index.html)" in out
    assert f"ok  {server}/ok  (index.html, meaning.html)" in out
    assert "2 of 3 external links resolve" in out
    (site / "index.html").write_text(f'<a href="{server}/ok">ok</a>', encoding="utf-8")
    (site / "meaning.html").unlink()
    assert main(["linkcheck", str(site)]) == 0
    assert "1 of 1 external links resolve" in capsys.readouterr().out


def test_a_site_without_external_links_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["linkcheck", str(tmp_path)]) == 0
    assert "no external links (is the site built?)" in capsys.readouterr().out
