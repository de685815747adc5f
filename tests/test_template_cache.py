"""The theme's compiled templates are kept between builds, and an edited template is compiled again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from .conftest import HTML_ONLY, build_in_process


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The file names of the templates the build's environment compiles from source from now on (one whose
    compiled code is in the cache is loaded instead).

    Only environments with a bytecode cache count: the one the plugin gives the build. (Material's plugins make
    environments of their own in on_config to read the language partials; those compile them every build.)
    """
    names: list[str] = []
    real_compile = jinja2.Environment.compile

    def counting_compile(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kw: Any) -> Any:
        if name is not None and self.bytecode_cache is not None:  # a template file; its loader passes the path
            names.append(Path(name).name)
        return real_compile(self, source, name, *args, **kw)

    monkeypatch.setattr(jinja2.Environment, "compile", counting_compile)
    return names


def test_compiled_templates_are_reused_and_an_edit_still_shows(project_copy: Path, compiled: list[str]) -> None:
    project = project_copy
    first = build_in_process(project, env=HTML_ONLY)
    assert first.returncode == 0, first.log[-3000:]
    assert {"main.html", "base.html"} <= set(compiled) and len(compiled) >= 10  # Material's partials, our overrides
    cache = project / ".cache" / "brief-explainer" / "templates"
    assert len(list(cache.glob("__jinja2_*.cache"))) >= len(set(compiled))
    page = (project / "site" / "meaning.html").read_text(encoding="utf-8")

    compiled.clear()
    again = build_in_process(project, env=HTML_ONLY)
    assert again.returncode == 0, again.log[-3000:]
    assert compiled == [], f"an unchanged template was compiled again: {compiled}"
    assert (project / "site" / "meaning.html").read_text(encoding="utf-8") == page

    template = project / "overrides" / "main.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(
        text.replace('<meta property="og:locale" content="en_GB">', '<meta name="x-edited" content="yes">', 1),
        encoding="utf-8",
    )
    second = build_in_process(project, env=HTML_ONLY)
    assert second.returncode == 0, second.log[-3000:]
    assert compiled == ["main.html"], "only the edited template is compiled again"
    edited = (project / "site" / "meaning.html").read_text(encoding="utf-8")
    assert '<meta name="x-edited" content="yes">' in edited
    assert "og:locale" not in edited and "og:locale" in page
