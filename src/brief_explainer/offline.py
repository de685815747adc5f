"""Make the built site lighter and portable: drop what no page loads, zip the rest for offline reading.

No MkDocs imports.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Collection
from pathlib import Path

ONLINE_ONLY_CLASS = "online-only"
"""Elements with this class are left out of the zip's pages (the link to the zip itself, which it does not hold)."""


def offline_page(html: str) -> str:
    """A page as the zip holds it: without the parts that only make sense online."""
    from .htmlwalk import rewrite_html

    def online_only(tag: str, attrs: dict[str, str | None], stack: object) -> bool:
        return ONLINE_ONLY_CLASS in (attrs.get("class") or "").split()

    return rewrite_html(html, drop=online_only)


def prune_site(site_dir: Path) -> list[Path]:
    """Delete source maps and the search-language files that an English-only site never loads."""
    maps = [path for path in site_dir.rglob("*.map") if path.is_file()]
    for path in maps:
        path.unlink()
    lunr = site_dir / "assets" / "javascripts" / "lunr"
    languages = [path for path in lunr.rglob("*") if path.is_file()] if lunr.is_dir() else []
    shutil.rmtree(lunr, ignore_errors=True)
    return maps + languages


def minify_assets(site_dir: Path, paths: list[str]) -> None:
    """Minify our own scripts and stylesheets in the built site (the sources in docs/ stay readable)."""
    import rcssmin
    import rjsmin

    for relative in paths:
        path = site_dir / relative
        if path.suffix == ".js":
            path.write_text(rjsmin.jsmin(path.read_text(encoding="utf-8")), encoding="utf-8")
        elif path.suffix == ".css":
            path.write_text(rcssmin.cssmin(path.read_text(encoding="utf-8")), encoding="utf-8")


def partial_zip(target: Path) -> Path:
    """Where the zip is written before it is moved into place, so that no reader gets half a zip."""
    return target.with_suffix(".partial")


def write_site_zip(site_dir: Path, relative_zip: str, folder: str, *, leave_out: Collection[str] = ()) -> Path:
    """Zip the whole site (but the zip itself, and the site paths in ``leave_out``) into ``site_dir/relative_zip``,
    in a stable file order, every file inside ``folder`` (:attr:`.outputs.OutputNames.offline_zip_folder`)."""
    target = site_dir / relative_zip
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_zip(target)
    # zlib's default level: 9 takes half as long again (10 ms a build) for a zip 0.4% smaller.
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(site_dir.rglob("*")):
            if not path.is_file() or path in (target, partial) or path.relative_to(site_dir).as_posix() in leave_out:
                continue
            name = Path(folder) / path.relative_to(site_dir)
            if path.suffix == ".html" and ONLINE_ONLY_CLASS.encode() in path.read_bytes():
                info = zipfile.ZipInfo.from_file(path, name)  # the file's own date, as archive.write keeps it
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, offline_page(path.read_text(encoding="utf-8")), compresslevel=6)
            else:
                archive.write(path, name)
    partial.replace(target)
    return target
