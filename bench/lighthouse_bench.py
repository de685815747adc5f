"""Lighthouse 12.2.3 on every page, mobile and desktop, for the explainer and for a plain Material build of the
same pages (the glossary, timeline and bibliography included, written by the same functions), in the same run; also
page weight, as ratios. Scores vary with load: this is a benchmark, not a test.

    .venv/bin/python bench/lighthouse_bench.py [--pages index.html,meaning.html] [--site-url https://…/]

``--site-url`` builds the explainer as a release is built (SITE_URL set: canonical links, the service worker and
the web app manifest), still served from 127.0.0.1.

Pages are served gzipped, as a real web server would (``--no-gzip`` serves raw files). Installs the pinned
Lighthouse from the npm registry into .cache/lighthouse on first use and drives Debian's Chromium.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "12.2.3"
CACHE = ROOT / ".cache" / "lighthouse"
CHROME = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_bench import ENV, build_seconds, make_plain_project  # noqa: E402


def lighthouse() -> Path:
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(CACHE), f"lighthouse@{LIGHTHOUSE_VERSION}"],
            check=True,
        )
    return binary


COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml")


@contextlib.contextmanager
def serve(folder: Path, gzip_text: bool) -> Iterator[str]:
    """A static server on 127.0.0.1; with ``gzip_text``, text is sent gzipped, as any real web server does."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (gzip_text and wants_gzip and path.is_file() and path.suffix in COMPRESSIBLE):
                super().do_GET()
                return
            body = gzip.compress(path.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def audit(binary: Path, url: str, desktop: bool) -> dict[str, float]:
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        command = [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report.name}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
            "--disable-component-update --no-first-run",
            f"--only-categories={','.join(CATEGORIES)}",
        ]
        if desktop:
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True)
        data = json.loads(Path(report.name).read_text(encoding="utf-8"))
    scores = {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}
    scores["KiB"] = round(data["audits"]["total-byte-weight"]["numericValue"] / 1024)
    scores["TBT"] = round(data["audits"]["total-blocking-time"]["numericValue"])
    failing = [
        a
        for a, r in data["audits"].items()
        if r.get("score") is not None and r["score"] < 1 and r.get("scoreDisplayMode") == "binary"
    ]
    scores["failing"] = ", ".join(failing[:4])  # type: ignore[assignment]
    return scores


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", default="")
    parser.add_argument("--only-explainer", action="store_true", help="skip the plain Material site")
    parser.add_argument("--no-gzip", action="store_true", help="serve uncompressed, as python -m http.server does")
    parser.add_argument("--site-url", default="", help="build the explainer with this SITE_URL (a release build)")
    args = parser.parse_args()
    binary = lighthouse()
    with tempfile.TemporaryDirectory() as scratch:
        plain = make_plain_project(Path(scratch) / "plain")
        sites = {"plain Material": Path(scratch) / "site-plain", "explainer": Path(scratch) / "site-ours"}
        if args.only_explainer:
            del sites["plain Material"]
        else:
            build_seconds(plain, sites["plain Material"], ENV)
        release = {"SITE_URL": args.site_url} if args.site_url else {}
        build_seconds(ROOT, sites["explainer"], {**ENV, "BRIEF_PDF": "false", **release})
        header = " ".join(f"{c[:5]:>5}" for c in CATEGORIES)
        print(f"{'site':15} {'page':28} {'form':8} {header}   KiB  TBT ms  failing")
        weights: dict[str, dict[str, int]] = {name: {} for name in sites}
        for name, site in sites.items():
            pages = (
                args.pages.split(",")
                if args.pages
                # The 404 and offline pages anchor their links at SITE_URL's path (a <base>), which this server
                # does not serve them under: tests/browser/test_not_found.py and test_offline_web.py check them.
                else sorted(p.name for p in site.glob("*.html") if p.name not in {"404.html", "offline.html"})
            )
            with serve(site, gzip_text=not args.no_gzip) as base:
                for page in pages:
                    if not (site / page).exists():
                        continue
                    for desktop in (False, True):
                        s = audit(binary, base + page, desktop)
                        weights[name][page] = int(s["KiB"])
                        row = " ".join(f"{s[c]:5}" for c in CATEGORIES)
                        print(
                            f"{name:15} {page:28} {'desktop' if desktop else 'mobile':8} {row} {s['KiB']:5} "
                            f"{s['TBT']:7}  {s['failing']}",
                            flush=True,
                        )
        if args.only_explainer:
            return
        plain_weights, our_weights = weights["plain Material"], weights["explainer"]
        print(f"\nPage weight ({'raw' if args.no_gzip else 'gzipped'}), against the same page built by Material alone:")
        for page in sorted(our_weights):
            if page in plain_weights:
                plain_kib, our_kib = plain_weights[page], our_weights[page]
                print(f"  {page:28} plain {plain_kib:4} KiB  explainer {our_kib:4} KiB  {our_kib / plain_kib:.2f}x")


if __name__ == "__main__":
    main()
