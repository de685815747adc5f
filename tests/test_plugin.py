"""The plugin's own check of the links it adds (MkDocs' validation never sees them)."""

from __future__ import annotations

import logging

import pytest

from brief_explainer.glossary.linker import Mention
from brief_explainer.glossary.model import Entry, Glossary
from brief_explainer.plugin import BriefExplainerPlugin


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
