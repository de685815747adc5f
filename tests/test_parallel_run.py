"""The suite's own parallel run (`make test`: pytest -n 3 --dist loadgroup)."""

from __future__ import annotations

import pytest


def test_each_xdist_group_runs_on_one_worker(request: pytest.FixtureRequest) -> None:
    # A grouped module shares a server or builds of its own between its tests: split between workers, each worker
    # makes them again, and the serve tests stop each other's server. pytest-xdist groups by adding the group's
    # name to each test's node ID, which pytest 9.2 ignores without a word (pytest-dev/pytest-xdist#1386).
    config = request.config
    if not (hasattr(config, "workerinput") and config.getvalue("loadgroup")):
        pytest.skip("checks a run under pytest-xdist with --dist loadgroup, as `make test` runs the suite")
    grouped = {
        item.nodeid: str(mark.args[0]) for item in request.session.items for mark in item.iter_markers("xdist_group")
    }
    if not grouped:
        pytest.skip("no test of an xdist_group is in this run")
    ignored = sorted(nodeid for nodeid, group in grouped.items() if not nodeid.endswith(f"@{group}"))
    assert not ignored, (
        f"pytest-xdist ignored the xdist_group of {len(ignored)} tests (first: {ignored[0]}): this pytest is one "
        "that its --dist loadgroup does not work with; pyproject.toml pins the test dependencies that do"
    )
