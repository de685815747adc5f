"""What a browser test's first page costs in CPU: a new context and tab, an article loaded, the context closed, in
Debian's headless shell (what the browser tests run on) against Debian's whole Chromium, in the same run.

    .venv/bin/python bench/browser_bench.py [rounds]

CPU is the whole machine's (/proc/stat), so run it on a quiet machine: every process the browsers start is counted.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_bench import ENV, ROOT, build_seconds
from lighthouse_bench import CHROME, serve

HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
PAGE = "meaning.html"


def machine_cpu_seconds() -> float:
    """CPU time the whole machine has spent (user, nice and system), in seconds."""
    with open("/proc/stat", encoding="ascii") as stat:
        user, nice, system = (int(value) for value in stat.readline().split()[1:4])
    return (user + nice + system) / os.sysconf("SC_CLK_TCK")


def first_page_cpu(executable: str, url: str, rounds: int) -> float:
    """CPU seconds per new context, tab and load of ``url``, in the browser at ``executable``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        try:
            time.sleep(1)  # the browser's own start-up is not what is measured
            started = machine_cpu_seconds()
            for _ in range(rounds):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.new_page().goto(url)
                context.close()
            return (machine_cpu_seconds() - started) / rounds
        finally:
            browser.close()


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        build_seconds(ROOT, site, {**ENV, "BRIEF_PDF": "false", "BRIEF_EPUB": "false"})
        with serve(site, gzip_text=False) as base:
            whole = first_page_cpu(CHROME, base + PAGE, rounds)
            shell = first_page_cpu(HEADLESS_SHELL, base + PAGE, rounds)
    print(f"A new context, tab and {PAGE}, {rounds} rounds, CPU seconds each:")
    print(f"  chromium {whole:.2f}  chromium-headless-shell {shell:.2f}  ({shell / whole:.2f}x)")


if __name__ == "__main__":
    main()
