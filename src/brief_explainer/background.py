"""The PDFs and the offline zip, written by a separate process while ``mkdocs serve`` goes on serving.

Rendering the PDFs takes several times as long as building the HTML. In ``mkdocs serve`` an editor wants the
edited page, so the plugin writes the HTML, hands the rendered pages to a worker process (a process, not a
thread: WeasyPrint would hold the interpreter lock and slow the next rebuild) and returns. The worker writes
the PDFs into a staging folder, moves each one into place, then zips the site.

Nothing stale is ever served: MkDocs empties the site folder at the start of every rebuild, and the plugin
cancels a running worker before that; a request for a PDF or the zip waits until the new worker has written
it (:func:`waiting_for_outputs`). No MkDocs imports.

    python -m brief_explainer.background JOB.json [SERVER_PID]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pdf import PdfPage

log = logging.getLogger("mkdocs.plugins.brief_explainer.background")

STOP_TIMEOUT_SECONDS = 5.0
PARENT_POLL_SECONDS = 0.2


@dataclass(frozen=True)
class SnapshotFile:
    """The part of a page's file the PDF needs."""

    src_uri: str
    url: str


@dataclass(frozen=True)
class PageSnapshot:
    """A rendered page, as the worker receives it."""

    title: str | None
    content: str | None
    file: SnapshotFile
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OutputJob:
    """Everything the worker needs: the pages in reading order and where the outputs go."""

    pages: Sequence[PageSnapshot]
    site_dir: str
    pdf_dir: str
    pdf_name: str
    brief: Mapping[str, Any]
    site_url: str
    offline_zip: str
    offline_zip_folder: str
    """The folder the zip holds the site in (:attr:`.outputs.OutputNames.offline_zip_folder`)."""
    epub: str = ""
    """The EPUB's path in the site, or '' for none."""

    @classmethod
    def of(cls, pages: Sequence[PdfPage], **options: Any) -> OutputJob:
        """A job for MkDocs pages (or anything with their shape)."""
        snapshots = [
            PageSnapshot(
                page.title,
                page.content,
                SnapshotFile(page.file.src_uri, page.file.url),
                # Front matter may hold dates; the PDF reads only flags and strings from it.
                json.loads(json.dumps(dict(page.meta), default=str)),
            )
            for page in pages
        ]
        return cls(pages=snapshots, **options)

    def dumps(self) -> str:
        """The job as JSON."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def loads(cls, text: str) -> OutputJob:
        """A job from :meth:`dumps`'s JSON."""
        data = json.loads(text)
        pages = [
            PageSnapshot(page["title"], page["content"], SnapshotFile(**page["file"]), page["meta"])
            for page in data.pop("pages")
        ]
        return cls(pages=pages, **data)


def staging_dir(job: OutputJob) -> Path:
    """Where the worker writes the PDFs before moving each into place."""
    return Path(job.site_dir) / f".{job.pdf_dir}-partial"


def remove_unfinished(job: OutputJob) -> None:
    """Delete what a worker stopped midway leaves half-written: the PDFs' staging folder and the partial zip."""
    from .offline import partial_zip

    shutil.rmtree(staging_dir(job), ignore_errors=True)
    if job.epub:
        from .epub import partial_path

        partial_path(Path(job.site_dir) / job.epub).unlink(missing_ok=True)
    if job.offline_zip:
        partial_zip(Path(job.site_dir) / job.offline_zip).unlink(missing_ok=True)


def run_job(job: OutputJob) -> int:
    """Write the job's PDFs and zip; 0 when done, 1 when the PDFs could not be written."""
    # Imported here, in the worker: the server that imports this module to start workers never renders a PDF.
    from .offline import write_site_zip
    from .pdf import PdfError, build_pdfs, report

    site_dir = Path(job.site_dir)
    staging = staging_dir(job)
    started = time.monotonic()
    if job.pdf_dir:
        try:
            result = build_pdfs(
                job.pages,
                site_dir=site_dir,
                pdf_dir=str(staging.relative_to(site_dir)),
                pdf_name=job.pdf_name,
                brief=job.brief,
                site_url=job.site_url,
            )
        except PdfError as exc:
            log.error(f"PDFs not written: {exc}")
            return 1
        target = site_dir / job.pdf_dir
        target.mkdir(parents=True, exist_ok=True)
        for path in result.written:
            path.replace(target / path.name)
        shutil.rmtree(staging, ignore_errors=True)
        report(result, log)
        log.info(f"PDFs written in the background in {time.monotonic() - started:.1f} s: {job.pdf_dir}/")
    if job.epub:
        from .epub import EpubError, build_epub

        try:
            build_epub(job.pages, site_dir=site_dir, target=job.epub, brief=job.brief, site_url=job.site_url)
        except EpubError as exc:
            log.warning(f"EPUB not written: {exc}")
        else:
            log.info(f"EPUB written in the background: {job.epub}")
    if job.offline_zip:
        write_site_zip(site_dir, job.offline_zip, job.offline_zip_folder)
    return 0


class BackgroundOutputs:
    """At most one worker at a time; a new build cancels the one still running.

    ``ready`` is set while the site folder's PDFs and zip are those of the latest build (or none are coming):
    the server makes a request for them wait on it, so a reader gets the new PDF, never the old one or a 404.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.ready = threading.Event()
        self.ready.set()
        self._lock = threading.Lock()

    def expect(self) -> None:
        """A build has started: its outputs are not ready until :meth:`start`'s worker ends or :meth:`skip`."""
        self.cancel()
        self.ready.clear()

    def skip(self) -> None:
        """This build writes no outputs in the background (a failed build, or PDFs and zip both off)."""
        self.ready.set()

    def start(self, job: OutputJob) -> None:
        """Cancel a running worker, then start one for ``job``."""
        self.cancel()
        handle, job_file = tempfile.mkstemp(prefix="brief-explainer-job-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(job.dumps())
        # The worker deletes the job file once read; its output goes to the same terminal as MkDocs'.
        with self._lock:
            self.process = subprocess.Popen([sys.executable, "-m", __name__, job_file, str(os.getpid())])
            threading.Thread(target=self._mark_ready_after, args=(self.process,), daemon=True).start()

    def _mark_ready_after(self, process: subprocess.Popen[bytes]) -> None:
        process.wait()
        with self._lock:
            if self.process is process:  # not cancelled for a newer build meanwhile
                self.ready.set()

    def cancel(self) -> None:
        """Stop the running worker, if any, and wait until it has gone (so it writes nothing more)."""
        with self._lock:
            process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def waiting_for_outputs(app: WsgiApp, paths: Sequence[str], outputs: BackgroundOutputs, timeout: float) -> WsgiApp:
    """A WSGI app that holds requests for ``paths`` (prefixes) until the background outputs are ready."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if str(environ.get("PATH_INFO", "")).startswith(tuple(paths)):
            outputs.ready.wait(timeout)
        return app(environ, start_response)

    return serve


def exit_with_parent(parent_pid: int, clean_up: Callable[[], None]) -> None:
    """End this worker as soon as the server that started it has gone.

    Ctrl+C lets the server cancel its worker (``on_shutdown``), but a SIGTERM ends it with no hook run: without this
    watch the worker would go on writing into the site folder of a server that no longer exists.
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_SECONDS)
        clean_up()
        log.info("The server has stopped: the PDFs and the zip were not finished")
        logging.shutdown()
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _worker_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m brief_explainer.background",
        description="The worker the plugin starts under `mkdocs serve` (not a command to run by hand): write the "
        "PDFs, the EPUB and the zip of the job, then exit.",
    )
    parser.add_argument("job_file", type=Path, metavar="JOB.json", help="the job, as OutputJob.dumps writes it")
    parser.add_argument(
        "server_pid", type=int, nargs="?", metavar="SERVER_PID", help="stop as soon as this process has gone"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the job in the JSON file given, then delete that file; a second argument is the server's process id."""
    args = _worker_parser().parse_args(argv)
    # Printed like MkDocs' own messages, in the same terminal; WeasyPrint's progress messages stay quiet.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  brief_explainer: %(message)s"))
    plugin_log = logging.getLogger("mkdocs.plugins.brief_explainer")
    plugin_log.addHandler(handler)
    plugin_log.setLevel(logging.INFO)
    try:
        job = OutputJob.loads(args.job_file.read_text(encoding="utf-8"))
    finally:
        args.job_file.unlink(missing_ok=True)
    if args.server_pid is not None:
        exit_with_parent(args.server_pid, lambda: remove_unfinished(job))
    return run_job(job)


if __name__ == "__main__":
    raise SystemExit(main())
