"""Drop the stylesheet rules that can match nothing the site shows, as PurgeCSS does, in Python.

Material ships one stylesheet for every feature it has (admonition types, tabs, keys, diagrams, annotations …);
a page of this site uses a fraction of it. A rule is kept when every class, id, tag and attribute its selector
needs occurs somewhere in the *content*: the built pages (read with an HTML parser) and the scripts that change
them at run time, read as words, the way PurgeCSS's default extractor reads them. Anything the purge cannot
judge (pseudo-classes, negations, selectors the parser does not know) counts as matching, so a doubt keeps the
rule. Custom properties and keyframes that no kept rule and no script refers to go too.

No MkDocs imports: :func:`purge_site_stylesheets` takes a site folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
import tinycss2.ast
from cssselect2 import parser as selectors

from .htmlwalk import OpenElement, rewrite_html

WORD = re.compile(r"[A-Za-z0-9_-]+")
"""A word of the content: the same extractor PurgeCSS uses by default."""

VAR_REFERENCE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
ALWAYS_PRESENT_TAGS = frozenset(["html", "body", "*"])
RULE_LIST_AT_RULES = frozenset(["media", "supports", "layer", "container", "document", "-moz-document"])


def words(text: str) -> set[str]:
    """The words of a script, a stylesheet or any text, as candidate class names, ids and tags."""
    return set(WORD.findall(text))


def page_words(html: str) -> set[str]:
    """The content words of one built page: tags, attribute names, attribute-value words, script words."""
    found: set[str] = set()

    def on_start(tag: str, attrs: dict[str, str | None], stack: list[OpenElement]) -> None:
        found.add(tag)
        for name, value in attrs.items():
            found.add(name)
            if value:
                found.update(words(value))

    rewrite_html(html, on_start=on_start, on_raw_text=lambda text, element: found.update(words(text)))
    return found


@dataclass
class PurgeReport:
    """What a purge did to one stylesheet."""

    path: Path
    size_before: int
    size_after: int
    rules_dropped: int = 0
    custom_properties_dropped: int = 0
    keyframes_dropped: int = 0
    unparsed_selectors: list[str] = field(default_factory=list)


def _can_match(node: object, content: frozenset[str]) -> bool:
    """Whether a parsed selector (or part of one) could match an element of the content."""
    if isinstance(node, selectors.Selector):
        return _can_match(node.parsed_tree, content)
    if isinstance(node, selectors.CombinedSelector):
        return _can_match(node.left, content) and _can_match(node.right, content)
    if isinstance(node, selectors.CompoundSelector):
        return all(_can_match(simple, content) for simple in node.simple_selectors)
    if isinstance(node, selectors.ClassSelector):
        return node.class_name in content
    if isinstance(node, selectors.IDSelector):
        return node.ident in content
    if isinstance(node, selectors.LocalNameSelector):
        return node.lower_local_name in ALWAYS_PRESENT_TAGS or node.lower_local_name in content
    if isinstance(node, selectors.AttributeSelector):
        if node.name not in content and node.name.lower() not in content:
            return False
        # An exact value must occur too; prefix, suffix and substring matches are given the benefit of the doubt.
        if node.operator in ("=", "~=", "|=") and node.value:
            return words(node.value) <= content
        return True
    if isinstance(node, (selectors.MatchesAnySelector, selectors.SpecificityAdjustmentSelector)):
        return any(_can_match(item, content) for item in node.selector_list)
    if isinstance(node, selectors.RelationalSelector):
        return any(_can_match(item.selector, content) for item in node.selector_list)
    # Pseudo-classes, :not(), :nth-*(): a state, not a name; the purge cannot judge them.
    return True


def _split_selector_list(prelude: list[tinycss2.ast.Node]) -> list[str]:
    parts: list[list[tinycss2.ast.Node]] = [[]]
    for token in prelude:
        if isinstance(token, tinycss2.ast.LiteralToken) and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [tinycss2.serialize(part).strip() for part in parts]


def _selector_list(prelude: list[tinycss2.ast.Node], content: frozenset[str], report: PurgeReport) -> str | None:
    """The selectors of the list that can match, or None when none can."""
    kept = []
    for text in _split_selector_list(prelude):
        try:
            parsed = list(selectors.parse(text))
        except selectors.SelectorError:
            report.unparsed_selectors.append(text)
            kept.append(text)
            continue
        if any(_can_match(selector, content) for selector in parsed):
            kept.append(text)
    return ",".join(kept) if kept else None


def _filter_rules(
    nodes: Iterable[tinycss2.ast.Node], keep: Callable[[tinycss2.ast.QualifiedRule], bool]
) -> list[tinycss2.ast.Node]:
    """The style rules ``keep`` accepts (it may change them in place), inside @media, @supports … too.

    A block left without rules goes; other at-rules stay.
    """
    kept: list[tinycss2.ast.Node] = []
    for node in nodes:
        if isinstance(node, tinycss2.ast.QualifiedRule):
            if keep(node):
                kept.append(node)
        elif (
            isinstance(node, tinycss2.ast.AtRule)
            and node.lower_at_keyword in RULE_LIST_AT_RULES
            and node.content is not None
        ):
            inner = _filter_rules(
                tinycss2.parse_rule_list(node.content, skip_whitespace=True, skip_comments=True), keep
            )
            if inner:
                node.content = tinycss2.parse_component_value_list(tinycss2.serialize(inner))
                kept.append(node)
        elif isinstance(node, tinycss2.ast.AtRule):
            kept.append(node)
    return kept


def _declarations(rule: tinycss2.ast.QualifiedRule) -> list[tinycss2.ast.Declaration]:
    return [
        item
        for item in tinycss2.parse_declaration_list(rule.content, skip_whitespace=True, skip_comments=True)
        if isinstance(item, tinycss2.ast.Declaration)
    ]


def _prune_custom_properties(
    rules: list[tinycss2.ast.Node], content: frozenset[str], report: PurgeReport
) -> list[tinycss2.ast.Node]:
    """Drop ``--name:`` declarations that nothing reads (no kept rule, no other kept property, no script), and
    the rules left empty."""
    definitions: dict[str, list[str]] = {}
    needed: set[str] = set()

    def collect(rule: tinycss2.ast.QualifiedRule) -> bool:
        for declaration in _declarations(rule):
            value = tinycss2.serialize(declaration.value)
            if declaration.name.startswith("--"):
                definitions.setdefault(declaration.name, []).append(value)
            else:
                needed.update(VAR_REFERENCE.findall(value))
        return True

    _filter_rules(rules, collect)
    needed.update(name for name in definitions if name in content)
    pending = list(needed)
    while pending:
        for value in definitions.get(pending.pop(), []):
            for name in VAR_REFERENCE.findall(value):
                if name not in needed:
                    needed.add(name)
                    pending.append(name)

    def prune(rule: tinycss2.ast.QualifiedRule) -> bool:
        declarations = _declarations(rule)
        kept = [d for d in declarations if not d.name.startswith("--") or d.name in needed]
        if len(kept) != len(declarations):
            report.custom_properties_dropped += len(declarations) - len(kept)
            rule.content = tinycss2.parse_component_value_list(";".join(d.serialize() for d in kept))
        return bool(tinycss2.serialize(rule.content).strip())

    return _filter_rules(rules, prune)


def _prune_keyframes(
    rules: list[tinycss2.ast.Node], content: frozenset[str], report: PurgeReport
) -> list[tinycss2.ast.Node]:
    used = set(content)

    def collect(rule: tinycss2.ast.QualifiedRule) -> bool:
        for declaration in _declarations(rule):
            if "animation" in declaration.name:
                used.update(words(tinycss2.serialize(declaration.value)))
        return True

    _filter_rules(rules, collect)
    kept = []
    for node in rules:
        is_keyframes = isinstance(node, tinycss2.ast.AtRule) and node.lower_at_keyword.endswith("keyframes")
        if is_keyframes and tinycss2.serialize(node.prelude).strip() not in used:
            report.keyframes_dropped += 1
            continue
        kept.append(node)
    return kept


def var_references(css: str) -> set[str]:
    """The custom properties a stylesheet reads with ``var()``."""
    return set(VAR_REFERENCE.findall(css))


def purge_css(
    css: str,
    content: frozenset[str],
    report: PurgeReport | None = None,
    *,
    read_elsewhere: frozenset[str] = frozenset(),
) -> str:
    """The stylesheet without the rules, custom properties and keyframes the content cannot use.

    ``read_elsewhere``: custom properties that other stylesheets read, kept with what they refer to.
    """
    report = report or PurgeReport(Path("<string>"), len(css), 0)
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)

    def can_match(rule: tinycss2.ast.QualifiedRule) -> bool:
        prelude = _selector_list(rule.prelude, content, report)
        if prelude is None:
            report.rules_dropped += 1
            return False
        rule.prelude = tinycss2.parse_component_value_list(prelude)
        return True

    kept = _filter_rules(rules, can_match)
    kept = _prune_custom_properties(kept, content | read_elsewhere, report)
    kept = _prune_keyframes(kept, content, report)
    return "".join(node.serialize() for node in kept)


def _block(word: str) -> str:
    """The BEM block of a class name: ``md-nav`` for ``md-nav__link--active``."""
    return re.split("__|--", word, maxsplit=1)[0]


def theme_words(script: str, present: set[str]) -> set[str]:
    """The words of a theme script that can name something on these pages.

    Material's bundle carries the class names of every feature it has; the ones it puts on a page belong to a
    component the page already has (``md-search-result__item`` inside ``md-search-result``). So a ``md-`` name,
    or any ``block__element`` or ``block--modifier`` name, counts only when its block is on the pages or in our
    own code; other words (``js``, ``focus-visible``) count as they are.
    """
    kept = set()
    for word in words(script):
        if (word.startswith("md-") or "__" in word or "--" in word.strip("-")) and _block(word) not in present:
            continue
        kept.add(word)
    return kept


def site_content(
    site_dir: Path, scripts: Iterable[Path], theme_scripts: Iterable[Path], stylesheets: Iterable[Path]
) -> frozenset[str]:
    """The words the purge checks selectors against: every built page, the scripts, our own stylesheets."""
    found: set[str] = set()
    for page in site_dir.rglob("*.html"):
        found |= page_words(page.read_text(encoding="utf-8"))
    for path in (*scripts, *stylesheets):
        found |= words(path.read_text(encoding="utf-8"))
    for path in theme_scripts:
        found |= theme_words(path.read_text(encoding="utf-8"), found)
    return frozenset(found)


def purge_site_stylesheets(
    site_dir: Path,
    targets: Iterable[str],
    *,
    scripts: Iterable[str],
    theme_scripts: Iterable[str],
    keep_stylesheets: Iterable[str],
) -> list[PurgeReport]:
    """Purge each target stylesheet (glob patterns in the site) in place, against the pages and scripts.

    ``keep_stylesheets`` are read as content, not purged: our own styles use Material's custom properties.
    """

    def paths(patterns: Iterable[str]) -> list[Path]:
        return [path for pattern in patterns for path in sorted(site_dir.glob(pattern))]

    content = site_content(site_dir, paths(scripts), paths(theme_scripts), paths(keep_stylesheets))
    sheets = {path: path.read_text(encoding="utf-8") for path in paths(targets)}
    reports = []
    for path, css in sheets.items():
        # A custom property defined in one sheet (palette) is often read in another (main).
        elsewhere = frozenset(name for other, text in sheets.items() if other != path for name in var_references(text))
        report = PurgeReport(path, len(css.encode()), 0)
        purged = purge_css(css, content, report, read_elsewhere=elsewhere)
        path.write_text(purged, encoding="utf-8")
        report.size_after = len(purged.encode())
        reports.append(report)
    return reports
