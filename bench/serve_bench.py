"""The editing loop: how long `make serve` takes to show an edit, against a plain Material build of the same docs.

A server runs on a copy of the project. Each round appends a note to an article and times until the served page
shows it; then it waits for the background PDFs (so they load no measurement) and times one plain Material build
of the same pages. Medians are compared as a ratio (goal: <= 1.5).

    .venv/bin/python bench/serve_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from build_bench import ENV, MKDOCS, ROOT, build_seconds, make_plain_project

ARTICLE = "meaning"
GOAL = 1.5


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return bytes(response.read())
    except (urllib.error.URLError, ConnectionError):
        return b""


def copy_sources(folder: Path) -> Path:
    for name in ("docs", "overrides", "sources"):
        shutil.copytree(ROOT / name, folder / name)
    for name in ("mkdocs.yml", "glossary.yml"):
        shutil.copy2(ROOT / name, folder / name)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        plain = make_plain_project(Path(scratch) / "plain")
        project = copy_sources(Path(scratch) / "project")
        url = f"http://127.0.0.1:{free_port()}/"
        server = subprocess.Popen(
            [str(MKDOCS), "serve", "--dev-addr", url.removeprefix("http://").rstrip("/")],
            cwd=project,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 120
            while not fetch(url + "index.html"):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("mkdocs serve did not start")
                time.sleep(0.2)
            page = project / "docs" / f"{ARTICLE}.md"
            edits, plains, pdfs = [], [], []
            for run in range(args.runs):
                marker = f"Benchmark note {run} {time.time_ns()}."
                page.write_text(page.read_text(encoding="utf-8") + f"\n\n!!! note\n    {marker}\n", encoding="utf-8")
                started = time.perf_counter()
                while marker.encode() not in fetch(f"{url}{ARTICLE}.html"):
                    time.sleep(0.01)
                edits.append(time.perf_counter() - started)
                fetch(f"{url}pdf/{ARTICLE}.pdf")  # held by the server until this edit's PDF is written
                pdfs.append(time.perf_counter() - started)
                plains.append(build_seconds(plain, Path(scratch) / "site-plain", ENV))
        finally:
            server.terminate()
            server.wait(timeout=30)
    edit_s, plain_s, pdf_s = (statistics.median(values) for values in (edits, plains, pdfs))
    print(f"median of {args.runs} rounds (wall clock)")
    print(f"  plain Material build, same pages       {plain_s:6.2f} s   ratio 1.00")
    print(f"  make serve: an edit shows on the page  {edit_s:6.2f} s   ratio {edit_s / plain_s:.2f}  (goal: <= {GOAL})")
    print(f"  make serve: that edit's PDF is served  {pdf_s:6.2f} s   (in the background; never stale)")


if __name__ == "__main__":
    main()
