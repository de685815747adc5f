"""Make the built site lighter and portable: drop what no page loads, zip the rest for offline reading.

No MkDocs imports; ``python -m brief_explainer.offline SITE_DIR`` re-zips a built site by hand.
"""

from __future__ import annotations

import re
import shutil
import sys
import zipfile
from pathlib import Path

OFFLINE_ZIP = "download/indivisibility-explainer-offline.zip"
"""Where the zip goes, relative to the site folder."""


def prune_site(site_dir: Path) -> list[Path]:
    """Delete source maps and the search-language files that an English-only site never loads."""
    maps = [path for path in site_dir.rglob("*.map") if path.is_file()]
    for path in maps:
        path.unlink()
    lunr = site_dir / "assets" / "javascripts" / "lunr"
    languages = [path for path in lunr.rglob("*") if path.is_file()] if lunr.is_dir() else []
    shutil.rmtree(lunr, ignore_errors=True)
    return maps + languages


EAGER_INDEX_LOAD = re.compile(r'(?P<of>[A-Za-z_$][\w$]*)\(location\.protocol!=="file:"\)')
"""In Material's bundle, the condition under which the search index loads with the page instead of when search
is first opened: ``of(location.protocol !== "file:")`` merged with the search toggle. Read from disk, Material
already waits for the toggle; making the condition ``of(false)`` makes the web site wait too."""


MATERIAL_BUNDLE = "assets/javascripts/bundle.*.min.js"
"""Where Material's main script sits in a built site."""


def defer_search_index(site_dir: Path, bundle_glob: str = MATERIAL_BUNDLE) -> list[Path]:
    """Make Material's bundle fetch the search index when the reader first opens search, not with every page.

    Returns the bundles changed; a bundle without the expected code (another Material release) is left as it
    is, and the caller warns.
    """
    changed = []
    for bundle in sorted(site_dir.glob(bundle_glob)):
        script = bundle.read_text(encoding="utf-8")
        deferred, count = EAGER_INDEX_LOAD.subn(r"\g<of>(!1)", script)
        if count == 1:
            bundle.write_text(deferred, encoding="utf-8")
            changed.append(bundle)
    return changed


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


def write_site_zip(site_dir: Path, relative_zip: str = OFFLINE_ZIP) -> Path:
    """Zip the whole site (but the zip itself) into ``site_dir/relative_zip``, in a stable file order."""
    target = site_dir / relative_zip
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(site_dir.rglob("*")):
            if path.is_file() and path not in (target, partial):
                archive.write(path, Path("indivisibility-explainer") / path.relative_to(site_dir))
    partial.replace(target)
    return target


def main(argv: list[str]) -> int:
    """Zip the site folder given (default: site)."""
    site_dir = Path(argv[0] if argv else "site")
    if not (site_dir / "index.html").is_file():
        print(f"{site_dir}: no built site here; run `make build` first", file=sys.stderr)
        return 2
    target = write_site_zip(site_dir)
    print(f"wrote {target} ({target.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
