"""The reader tools' front end: per-feature sources joined into the one script and one stylesheet pages load."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from brief_explainer import frontend
from brief_explainer.frontend import (
    CSS_DIR,
    CSS_SOURCES,
    JS_DIR,
    JS_SOURCES,
    MARGIN_MEDIA,
    MENU_MEDIA,
    SOURCE_DIR,
    FrontendError,
    bundle_css,
    bundle_js,
)
from brief_explainer.plugin import BriefExplainerPlugin

from .conftest import ROOT

SHARED_SCRIPTS = ("shared.js", "passages.js")
"""Helpers with no listeners of their own; every other script is a feature with a setup function."""


def setup_name(source: str) -> str:
    """``copy-tools.js`` → ``setupCopyTools``: the function each feature file defines and calls."""
    return "setup" + "".join(part.capitalize() for part in source.removesuffix(".js").split("-"))


FEATURES = [name for name in JS_SOURCES if name not in SHARED_SCRIPTS]

SCRIPTS = [f"js/{name}" for name in JS_SOURCES] + sorted(path.name for path in SOURCE_DIR.glob("*.js"))
"""Every script under frontend/: the bundle's sources, then the release build's registration script and its two
service workers (brief_explainer.offline_web), which stand alone."""


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# ------------------------------------------------------------------------------------------------ the bundler --


def test_scripts_are_joined_in_the_listed_order_inside_one_strict_function(tmp_path: Path) -> None:
    folder = write(tmp_path, {"a.js": "var first = 1;\n", "b.js": "var second = first + 1;\n", "c.js": "var x;\n"})
    script = bundle_js(folder, ["b.js", "a.js"], minify=False)
    assert script.startswith('(function () {\n"use strict";\n')
    assert script.rstrip().endswith("startPages();\n})();")
    assert script.index("var second") < script.index("var first")
    assert "var x" not in script  # only the files listed
    assert script.count("(function () {") == 1


def test_the_script_bundle_runs_once_per_page_and_names_the_breakpoint(tmp_path: Path) -> None:
    folder = write(tmp_path, {"a.js": "var first = 1;\n"})
    script = bundle_js(folder, ["a.js"], minify=False)
    guard = "if (window.__briefExplainer) {\n  return;\n}\nwindow.__briefExplainer = true;\n"
    assert guard in script and script.index(guard) < script.index("var first")
    assert 'var MENU_MEDIA = "(max-width: 76.2344em), (hover: none)";' in script


def test_the_minified_bundle_keeps_the_code_and_drops_comments_and_indentation(tmp_path: Path) -> None:
    folder = write(tmp_path, {"a.js": "/* about a */\nfunction setupA() {\n  return 1;\n}\nsetupA();\n"})
    script = bundle_js(folder, ["a.js"])
    assert script.startswith('(function(){"use strict";')
    assert "function setupA(){return 1;}" in script
    assert "about a" not in script and "\n  " not in script


def test_the_breakpoint_is_one_number() -> None:
    assert MENU_MEDIA == "(max-width: 76.2344em), (hover: none)"
    assert MARGIN_MEDIA == "(min-width: 76.25em) and (hover: hover)"
    # Nowhere else: the sources name it by MENU_MEDIA or @media (--menu-mode) / (--margin-mode).
    for path in [*JS_DIR.iterdir(), *CSS_DIR.iterdir()]:
        assert "76.2" not in path.read_text(encoding="utf-8"), path.name


def test_stylesheets_get_the_queries_of_their_media_names(tmp_path: Path) -> None:
    folder = write(
        tmp_path,
        {
            "a.css": "@media (--menu-mode) {\n  .x {\n    color: var(--md-accent-fg-color);\n  }\n}\n",
            "b.css": "@media (--margin-mode) {\n  .y {\n    opacity: 1;\n  }\n}\n",
        },
    )
    stylesheet = bundle_css(folder, ["a.css", "b.css"], minify=False)
    assert f"@media {MENU_MEDIA} {{" in stylesheet
    assert f"@media {MARGIN_MEDIA} {{" in stylesheet
    assert "--menu-mode" not in stylesheet and "--margin-mode" not in stylesheet
    assert "var(--md-accent-fg-color)" in stylesheet  # custom properties are not media names
    assert stylesheet.index(".x") < stylesheet.index(".y")
    minified = "@media (max-width:76.2344em),(hover:none){.x{color:var(--md-accent-fg-color)}}"
    assert bundle_css(folder, ["a.css"]) == minified


def test_an_unknown_media_name_names_its_file(tmp_path: Path) -> None:
    folder = write(tmp_path, {"a.css": "@media (--phone) {\n  .x {\n    color: red;\n  }\n}\n"})
    with pytest.raises(FrontendError, match=r"Front-end source 'a\.css': unknown media name\(s\) --phone: use "):
        bundle_css(folder, ["a.css"])


@pytest.mark.parametrize("bundle", [bundle_js, bundle_css])
def test_a_missing_source_is_an_error_naming_it(tmp_path: Path, bundle: object) -> None:
    folder = write(tmp_path, {"there.js": "", "there.css": ""})
    with pytest.raises(FrontendError, match=r"Front-end source 'gone\.\w+' is missing from .*: restore it"):
        assert callable(bundle)
        bundle(folder, ["there.js", "gone.js"] if bundle is bundle_js else ["there.css", "gone.css"])


# ------------------------------------------------------------------------------------------- the sources --


@pytest.mark.parametrize(("folder", "listed", "suffix"), [(JS_DIR, JS_SOURCES, ".js"), (CSS_DIR, CSS_SOURCES, ".css")])
def test_every_source_file_is_listed_once(folder: Path, listed: tuple[str, ...], suffix: str) -> None:
    """A file not listed would be left out of the bundle without a word."""
    on_disk = sorted(path.name for path in folder.iterdir() if path.name.endswith(suffix) and ".d." not in path.name)
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)


@pytest.mark.parametrize("source", FEATURES)
def test_each_feature_sets_itself_up(source: str) -> None:
    """Its own setup function, which installs its own listeners, called in its own file."""
    text = (JS_DIR / source).read_text(encoding="utf-8")
    name = setup_name(source)
    assert f"function {name}() {{" in text
    assert text.rstrip().endswith(f"{name}();")


@pytest.mark.parametrize("source", SCRIPTS)
def test_every_function_has_a_jsdoc_comment(source: str) -> None:
    """tsc checks the types the comments give; a function without one would go unchecked."""
    text = (SOURCE_DIR / source).read_text(encoding="utf-8")
    for match in re.finditer(r"^(?:async )?function (\w+)\(([^)]*)\)", text, flags=re.MULTILINE):
        before = text[: match.start()].rstrip()
        assert before.endswith("*/"), f"{source}: function {match.group(1)} has no JSDoc comment"
        comment = before[before.rfind("/**") :]
        for parameter in filter(None, (part.strip() for part in match.group(2).split(","))):
            assert f"}} {parameter}" in comment or f"}} [{parameter}]" in comment, (source, match.group(1), parameter)


def lint_tsconfigs() -> list[str]:
    """The tsconfig files ``make lint`` runs tsc with, in the order of its recipe."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\nlint:") :].split("\n\n", 1)[0]
    return re.findall(r"tsc -p (\S+)", recipe)


def test_make_lint_type_checks_every_script_once() -> None:
    """A script no tsconfig names goes unchecked; one in two programs is checked against two sets of globals."""
    tsc = ROOT / "node_modules" / ".bin" / "tsc"
    if not tsc.exists():
        pytest.skip("TypeScript is not installed (make node_modules/.installed)")
    configs = lint_tsconfigs()
    assert "tsconfig.json" in configs, configs
    checked: Counter[Path] = Counter()
    for config in configs:
        # tsc resolves the config's extends and include; --listFilesOnly names the program's files, checking none.
        result = subprocess.run(
            [str(tsc), "-p", config, "--listFilesOnly"], cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
        checked.update(Path(line).resolve() for line in result.stdout.splitlines() if line.endswith(".js"))
    scripts = sorted(path.resolve() for path in SOURCE_DIR.rglob("*.js"))
    assert len(scripts) == len(SCRIPTS)
    assert {str(path.relative_to(SOURCE_DIR)): checked[path] for path in scripts} == dict.fromkeys(
        (str(path.relative_to(SOURCE_DIR)) for path in scripts), 1
    )


def test_the_bundle_is_valid_javascript(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    for minify in (False, True):
        path = tmp_path / f"explainer-{minify}.js"
        path.write_text(bundle_js(minify=minify), encoding="utf-8")
        result = subprocess.run([node, "--check", str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------------------------- the plugin --


def test_the_plugin_stops_on_a_missing_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(frontend, "JS_SOURCES", (*JS_SOURCES, "no-such-feature.js"))
    with pytest.raises(PluginError, match=r"Front-end source 'no-such-feature\.js' is missing from .*frontend/js"):
        BriefExplainerPlugin()._add_frontend(Files([]), config=None)  # type: ignore[arg-type]


def test_the_plugin_refuses_a_hand_kept_copy_in_docs(tmp_path: Path) -> None:
    path = "assets/javascripts/explainer.js"
    copy = File(path, src_dir=str(tmp_path), dest_dir=str(tmp_path), use_directory_urls=False)
    with pytest.raises(PluginError, match=r"docs/assets/javascripts/explainer\.js exists, but the plugin builds"):
        BriefExplainerPlugin()._add_frontend(Files([copy]), config=None)  # type: ignore[arg-type]


def test_no_hand_kept_copies_are_left_in_docs() -> None:
    assert not (ROOT / "docs" / "assets" / "javascripts" / "explainer.js").exists()
    assert not (ROOT / "docs" / "assets" / "stylesheets" / "explainer.css").exists()


# ------------------------------------------------------------------------------------------------ the build --


def test_the_built_script_holds_every_feature_minified(built_site: Path) -> None:
    script = (built_site / "assets" / "javascripts" / "explainer.js").read_text(encoding="utf-8")
    for source in FEATURES:
        assert f"function {setup_name(source)}(){{" in script, source
        assert f"{setup_name(source)}();" in script, source
    assert script.startswith('(function(){"use strict";')
    assert f"var MENU_MEDIA={MENU_MEDIA!r}".replace("'", '"') in script
    assert len(script) < len(bundle_js(minify=False)) * 0.8
    assert "\n  " not in script and "/**" not in script


def test_the_built_stylesheet_holds_every_feature_minified(built_site: Path) -> None:
    stylesheet = (built_site / "assets" / "stylesheets" / "explainer.css").read_text(encoding="utf-8")
    assert "@media (max-width:76.2344em),(hover:none){" in stylesheet
    assert "@media (min-width:76.25em) and (hover:hover){" in stylesheet
    assert "--menu-mode" not in stylesheet and "--margin-mode" not in stylesheet
    # A rule from each stylesheet, in their order.
    markers = [".explainer-status{", ".md-typeset .para-num{", ".md-typeset .is-target{", ".anchor-slot{",
               ".anchor-tools__formats{", ".passage-tools{", ".gloss-popover{", ".md-typeset .gloss-facts{",
               ".md-typeset .byline{", ".hand-copy{", "@media print{"]  # fmt: skip
    positions = [stylesheet.index(marker) for marker in markers]
    assert positions == sorted(positions)
    assert "\n" not in stylesheet.strip() and "/*" not in stylesheet
