"""Shared fixtures: one real build of the project, made once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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


def run_build(
    project: Path, site_dir: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` as a user would, returning the finished process."""
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(site_dir), *extra],
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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built with --strict into a temporary folder; the build must succeed."""
    site = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, site)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    (site / ".build-log.txt").write_text(result.stderr, encoding="utf-8")
    return site


@pytest.fixture(scope="session")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built with --strict and SITE_URL set to :data:`PUBLIC_URL`, as a release is."""
    site = tmp_path_factory.mktemp("public-site")
    result = run_build(ROOT, site, env={"SITE_URL": PUBLIC_URL})
    assert result.returncode == 0, f"mkdocs build --strict with SITE_URL failed:\n{result.stderr[-4000:]}"
    return site
