"""Conventions of the package's source that no single module's tests can see."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "brief_explainer"

PER_MODULE_NAMES = frozenset({"log"})
"""Names every module gives its own value on purpose: each module's logger."""


def module_level_values(path: Path) -> dict[str, str]:
    """Each name a module assigns at its top level, with the source of the value assigned."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                values[target.id] = ast.dump(value)
    return values


def test_each_module_level_name_is_assigned_in_one_module() -> None:
    """A name means one thing: two modules assigning it either mean two things or keep a copy of one."""
    assigned: dict[str, dict[str, str]] = defaultdict(dict)
    for path in sorted(SRC.rglob("*.py")):
        for name, value in module_level_values(path).items():
            assigned[name][path.relative_to(SRC).as_posix()] = value
    clashes = {
        name: sorted(modules) for name, modules in assigned.items() if name not in PER_MODULE_NAMES and len(modules) > 1
    }
    assert clashes == {}, "rename each for what it holds in its module, or import the one definition"
