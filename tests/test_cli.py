"""The one command, ``brief-explainer``: its subcommands, each with its ``--help``, run in process on small data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from brief_explainer import cli, linkcheck

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "brief_explainer"
SUBCOMMANDS = ["import", "anchors", "schema", "linkcheck", "check-url"]

PAGE = '<html><body><div class="md-content__inner"><h1 id="title">T</h1><p id="p-1">One.</p>{links}</div></body></html>'


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A tiny built site: one page with two anchors and whatever links a test adds."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text(PAGE.format(links=""), encoding="utf-8")
    return folder


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--help"])
    assert exited.value.code == 0
    listed = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert re.search(rf"^\s+{re.escape(name)}\s+\S", listed, re.MULTILINE), f"{name} not listed:\n{listed}"


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_has_its_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main([name, "--help"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: brief-explainer {name} ")


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["anchors", "verify", "site", "anchors.lock"])
    assert exited.value.code == 2
    assert "invalid choice: 'verify'" in capsys.readouterr().err


def test_schema_writes_the_committed_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "glossary.schema.json"
    assert cli.main(["schema", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == (ROOT / "glossary.schema.json").read_text(encoding="utf-8")
    assert capsys.readouterr().out == f"wrote {target}\n"


@pytest.mark.parametrize(
    ("url", "status", "said"),
    [
        ("https://example.org/", 0, ""),
        ("http://localhost:8000/", 1, "is not an https:// address"),
        ("https://localhost/", 1, "names a local host"),
        ("", 1, "SITE_URL is not set"),
    ],
)
def test_check_url_accepts_only_a_public_https_address(
    url: str, status: int, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check-url", url]) == status
    err = capsys.readouterr().err
    assert said in err
    if status:
        assert err.startswith("error: make release: ") and "SITE_URL=https://" in err


def test_anchors_update_then_check(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lock = tmp_path / "anchors.lock"
    assert cli.main(["anchors", "update", str(site), str(lock)]) == 0
    assert lock.read_text(encoding="utf-8").splitlines()[2:] == ["index.html", "index.html#title", "index.html#p-1"]
    assert cli.main(["anchors", "check", str(site), str(lock)]) == 0
    assert f"{lock}: all 3 addresses resolve" in capsys.readouterr().out
    (site / "index.html").write_text(PAGE.format(links="").replace(' id="p-1"', ""), encoding="utf-8")
    assert cli.main(["anchors", "check", str(site), str(lock)]) == 1
    assert "index.html#p-1: anchor #p-1 no longer exists on index.html" in capsys.readouterr().out


def test_anchors_without_a_built_site_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["anchors", "check", str(tmp_path / "nope"), str(tmp_path / "anchors.lock")]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path / 'nope'}: no built site here; run `make build` first\n"


def test_linkcheck_lists_each_link_and_fails_on_a_broken_one(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    links = '<a href="https://example.org/ok">a</a><a href="https://example.org/gone">b</a>'
    (site / "index.html").write_text(PAGE.format(links=links), encoding="utf-8")
    # No network in the tests: the visit itself is linkcheck.status_of's, replaced here.
    monkeypatch.setattr(linkcheck, "status_of", lambda url: "HTTP 404" if url.endswith("gone") else "ok")
    assert cli.main(["linkcheck", str(site)]) == 1
    out = capsys.readouterr().out
    assert "HTTP 404  https://example.org/gone  (index.html)" in out
    assert out.endswith("1 of 2 external links resolve\n")


def test_linkcheck_of_a_site_without_external_links(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["linkcheck", str(site)]) == 0
    assert "no external links" in capsys.readouterr().out


def test_import_of_a_missing_source_is_one_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "brief.txt"
    assert cli.main(["import", str(missing), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and str(missing) in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_no_module_reads_sys_argv_by_hand() -> None:
    readers = [path.relative_to(SRC).as_posix() for path in SRC.rglob("*.py") if "sys.argv" in path.read_text()]
    assert readers == []
