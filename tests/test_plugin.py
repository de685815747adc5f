"""The plugin's own check of the links it adds (MkDocs' validation never sees them)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from brief_explainer.glossary.linker import Mention
from brief_explainer.glossary.model import Entry, Glossary
from brief_explainer.plugin import BriefExplainerPlugin

from .conftest import copy_project, edit


def test_dangling_added_links_are_warnings(caplog: pytest.LogCaptureFixture) -> None:
    plugin = BriefExplainerPlugin()
    plugin.load_config({})
    entry = Entry(id="osce", term="OSCE", kind="organisation", summary="S.", description="D.")
    plugin.glossary = Glossary([entry])
    plugin.mentions = [Mention("osce", "p-9", 9)]
    plugin.glossary_anchors = {"something-else"}  # what the glossary page's linking pass saw
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.brief_explainer.plugin"):
        plugin._check_added_links()
    assert [record.getMessage() for record in caplog.records] == [
        "brief_explainer: Glossary entry 'osce' has no anchor on glossary.md: links to it dangle",
        "brief_explainer: Glossary backlink to '#p-9' has no target paragraph",
    ]


def test_links_that_resolve_are_silent(caplog: pytest.LogCaptureFixture) -> None:
    plugin = BriefExplainerPlugin()
    plugin.load_config({})
    plugin.glossary = Glossary([Entry(id="osce", term="OSCE", kind="organisation", summary="S.", description="D.")])
    plugin.numbered_by_page = {"index.md": ["p-1"]}
    plugin.mentions = [Mention("osce", "p-1", 1)]
    plugin.glossary_anchors = {"osce"}
    with caplog.at_level(logging.WARNING):
        plugin._check_added_links()
    assert caplog.records == []


def test_a_search_shim_that_is_not_vendored_is_named(tmp_path: Path) -> None:
    """The shim is named by an option, never guessed from a path: one that names no vendored file stops the build."""
    project = copy_project(tmp_path)
    edit(
        project / "mkdocs.yml",
        "search_shim: assets/javascripts/iframe-worker-shim.js",
        "search_shim: assets/javascripts/shim.js",
    )
    config = load_config(str(project / "mkdocs.yml"))
    with pytest.raises(PluginError) as raised:
        config.plugins.on_config(config)
    assert str(raised.value) == (
        "search_shim 'assets/javascripts/shim.js' is not a site path of vendored (listed: "
        "'assets/javascripts/iframe-worker-shim.js'): name the iframe-worker shim's entry of vendored in mkdocs.yml, "
        "or set search_shim to '' for none"
    )
