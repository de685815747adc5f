"""Build time of the explainer against a plain Material build of the same pages, and the PDF and EPUB steps' cost.

Each configuration is built several times in the same run, one after the other in each round. This machine's speed
drifts by a third within a minute, so each round's explainer build is divided by the same round's plain build, a
few seconds apart, and the median of those ratios is the figure; the fastest and median times are shown beside.

    .venv/bin/python bench/build_bench.py [--runs 9] [--html-only] [--cold]

``--cold`` adds the HTML-only build with the plugin's cache emptied before each run (a fresh clone, or the first
build after the glossary, the bibliography or the plugin changed): it validates the glossary with pydantic,
formats the bibliography and compiles Material's templates again.

The PDF and EPUB steps are also timed on their own, as the plugin logs them in the full build ("PDF: 5 file(s) in
4.10 s", "EPUB: 33 KiB in 0.20 s"), and shown side by side against the HTML-only build.

Goal: the HTML-only build at most 1.3x the plain Material build.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
PLAIN_CONFIG = """\
site_name: Plain Material
use_directory_urls: false
theme:
  name: material
markdown_extensions: [attr_list, md_in_html, admonition, def_list, footnotes]
plugins: [search]
"""


def build_seconds(project: Path, site: Path, env: dict[str, str]) -> float:
    """Wall-clock seconds of one whole ``mkdocs build``."""
    return build_times(project, site, env)[0]


STEP_LOG = re.compile(r"brief_explainer: (PDF|EPUB|Anchor lock): .* in (\d+\.\d+) s")
"""The plugin's log line for the PDF step, the EPUB step and the anchor lock's check, with its seconds."""


def build_times(
    project: Path, site: Path, env: dict[str, str], steps: dict[str, list[float]] | None = None
) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, the build's processes) of one whole ``mkdocs build``.

    CPU time is what the build costs; it holds when other work shares the machine, which wall clock does not.
    """
    shutil.rmtree(site, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [str(MKDOCS), "build", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-2000:]}")
    if steps is not None:
        for step, seconds in STEP_LOG.findall(result.stderr):
            steps.setdefault(step, []).append(float(seconds))
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compile_package() -> None:
    """Give our package its bytecode, as pip gives every installed package its own.

    An editable install has none until Python writes it on first import, and machines that set
    PYTHONDONTWRITEBYTECODE (CI images do) never write it: without this, every build would compile our modules
    from source while Material's come compiled, and the ratio would measure the compiler.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True, env=ENV)


def make_plain_project(folder: Path) -> Path:
    """The same pages, built by Material alone: the baseline.

    The glossary, timeline and bibliography are written as Markdown by the same functions our plugin uses, so the
    baseline has every page the explainer has, with the same text.
    """
    from brief_explainer.briefing import briefing_markdown
    from brief_explainer.citations import bibliography_markdown, load_bibliography
    from brief_explainer.glossary.model import load_glossary
    from brief_explainer.glossary.render import glossary_markdown, timeline_markdown

    (folder / "docs").mkdir(parents=True)
    for page in (ROOT / "docs").glob("*.md"):
        shutil.copy2(page, folder / "docs" / page.name)
    bibliography = load_bibliography(ROOT / "sources" / "references.bib")
    glossary = load_glossary(ROOT / "glossary.yml", bibkeys=bibliography.keys)
    generated = {
        "glossary.md": glossary_markdown(glossary),
        "timeline.md": timeline_markdown(glossary),
        "bibliography.md": bibliography_markdown(bibliography),
        "briefing.md": briefing_markdown(),  # its empty state, as a first visit shows it
    }
    for name, markdown in generated.items():
        (folder / "docs" / name).write_text(markdown, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    return folder


def size_kib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--html-only", action="store_true", help="skip the builds with PDFs")
    parser.add_argument("--cold", action="store_true", help="add HTML-only builds with the plugin's cache emptied")
    args = parser.parse_args()
    compile_package()
    with tempfile.TemporaryDirectory() as scratch:
        plain = make_plain_project(Path(scratch) / "plain")
        names = ("plain", "html") if args.html_only else ("plain", "html", "full")
        names += ("cold",) if args.cold else ()
        sites = {name: Path(scratch) / f"site-{name}" for name in names}
        runs: dict[str, list[float]] = {name: [] for name in sites}
        cpu: dict[str, list[float]] = {name: [] for name in sites}
        steps: dict[str, list[float]] = {}  # the full build's PDF and EPUB steps, as the plugin logs them
        for _ in range(args.runs):  # interleaved, so load on the machine affects all alike
            for name, project, env in (
                ("plain", plain, ENV),
                ("html", ROOT, {**ENV, "BRIEF_PDF": "false", "BRIEF_EPUB": "false"}),
                ("full", ROOT, ENV),
                ("cold", ROOT, {**ENV, "BRIEF_PDF": "false", "BRIEF_EPUB": "false"}),
            ):
                if name == "cold" and name in sites:
                    shutil.rmtree(ROOT / ".cache" / "brief-explainer", ignore_errors=True)
                if name in sites:
                    wall, used = build_times(project, sites[name], env, steps if name in ("full", "html") else None)
                    runs[name].append(wall)
                    cpu[name].append(used)
        print(f"{args.runs} rounds (whole `mkdocs build`; wall clock, and CPU time of the build's processes)")
        print(f"  {'':30} {'fastest':>8} {'median':>8} {'CPU':>8}   ratio to plain (median of the rounds' ratios)")
        labels = {
            "plain": "plain Material, same pages",
            "html": "explainer, HTML only",
            "cold": "the same, cache emptied",
        }
        for name, label in labels.items():
            if name not in sites:
                continue
            ratio = statistics.median(mine / base for mine, base in zip(runs[name], runs["plain"], strict=True))
            print(
                f"  {label:30} {min(runs[name]):6.2f} s {statistics.median(runs[name]):6.2f} s "
                f"{statistics.median(cpu[name]):6.2f} s   {ratio:.2f}" + ("  (goal: <= 1.30)" if name == "html" else "")
            )
        html_s = statistics.median(runs["html"])
        lock_s = statistics.median(steps["Anchor lock"])
        print(
            f"  {'anchor lock check (logged)':30} {lock_s:6.2f} s   share of the HTML-only build {lock_s / html_s:.2f}"
        )
        if args.html_only:
            return
        plain_s, html_s, full_s = (statistics.median(runs[name]) for name in ("plain", "html", "full"))
        pdf_s = full_s - html_s
        pdf = next((sites["full"] / "pdf").glob("contested-*.pdf"))
        print(f"  explainer, with PDFs and zip   {full_s:6.2f} s   ratio {full_s / plain_s:.2f}")
        print(f"  PDF+EPUB steps / HTML build    {pdf_s:6.2f} s   ratio {pdf_s / html_s:.2f}  (PDF goal: <= 3.00)")
        print(f"  whole-explainer PDF            {pdf.stat().st_size / 1024:6.0f} KiB  (budget 1024 KiB)")
        epub = next((sites["full"] / "epub").glob("*.epub"))
        for step in ("PDF", "EPUB"):
            logged = statistics.median(steps[step])
            label = f"{step} step (logged)"
            print(f"  {label:30} {logged:6.2f} s   ratio to the HTML-only build {logged / html_s:.2f}")
        print(f"  EPUB                           {epub.stat().st_size / 1024:6.0f} KiB  (the whole PDF: about 200 KiB)")
        print(f"  site folder: plain {size_kib(sites['plain']):.0f} KiB, explainer {size_kib(sites['full']):.0f} KiB")


if __name__ == "__main__":
    main()
