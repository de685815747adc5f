"""Build time of the explainer against a plain Material build of the same pages, and the PDF step's cost.

Each configuration is built several times in the same run; medians are compared as ratios.

    .venv/bin/python bench/build_bench.py [--runs 3] [--html-only]

Goal: the HTML-only build at most 1.3x the plain Material build.
"""

from __future__ import annotations

import argparse
import os
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


def build_times(project: Path, site: Path, env: dict[str, str]) -> tuple[float, float]:
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
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def make_plain_project(folder: Path) -> Path:
    """The same pages, built by Material alone: the baseline.

    The glossary, timeline and bibliography are written as Markdown by the same functions our plugin uses, so the
    baseline has every page the explainer has, with the same text.
    """
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
    }
    for name, markdown in generated.items():
        (folder / "docs" / name).write_text(markdown, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    return folder


def size_kib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--html-only", action="store_true", help="skip the builds with PDFs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        plain = make_plain_project(Path(scratch) / "plain")
        names = ("plain", "html") if args.html_only else ("plain", "html", "full")
        sites = {name: Path(scratch) / f"site-{name}" for name in names}
        runs: dict[str, list[float]] = {name: [] for name in sites}
        cpu: dict[str, list[float]] = {name: [] for name in sites}
        for _ in range(args.runs):  # interleaved, so load on the machine affects all alike
            for name, project, env in (
                ("plain", plain, ENV),
                ("html", ROOT, {**ENV, "BRIEF_PDF": "false"}),
                ("full", ROOT, ENV),
            ):
                if name in sites:
                    wall, used = build_times(project, sites[name], env)
                    runs[name].append(wall)
                    cpu[name].append(used)
        plain_s, html_s = (statistics.median(runs[name]) for name in ("plain", "html"))
        plain_cpu, html_cpu = (statistics.median(cpu[name]) for name in ("plain", "html"))
        print(f"median of {args.runs} runs (whole `mkdocs build`; wall clock, and CPU time, which load does not skew)")
        print(f"  plain Material, same pages     {plain_s:6.2f} s   ratio 1.00   CPU {plain_cpu:5.2f} s   ratio 1.00")
        print(
            f"  explainer, HTML only           {html_s:6.2f} s   ratio {html_s / plain_s:.2f}   "
            f"CPU {html_cpu:5.2f} s   ratio {html_cpu / plain_cpu:.2f}  (goal: <= 1.30)"
        )
        if args.html_only:
            return
        full_s = statistics.median(runs["full"])
        pdf_s = full_s - html_s
        pdf = next((sites["full"] / "pdf").glob("contested-*.pdf"))
        print(f"  explainer, with PDFs and zip   {full_s:6.2f} s   ratio {full_s / plain_s:.2f}")
        print(f"  PDF step / HTML-only build     {pdf_s:6.2f} s   ratio {pdf_s / html_s:.2f}  (goal: <= 3.00)")
        print(f"  whole-explainer PDF            {pdf.stat().st_size / 1024:6.0f} KiB  (budget 1024 KiB)")
        print(f"  site folder: plain {size_kib(sites['plain']):.0f} KiB, explainer {size_kib(sites['full']):.0f} KiB")


if __name__ == "__main__":
    main()
