"""Glossary linker against Python-Markdown's abbr extension, given the same terms, in the same run.

A generated site of 500 pages and 1,000 terms. Both sides pay for the Markdown conversion; what is compared is
the cost each adds to it. Then the linker alone as the term count doubles: the goal is a cost that grows with
the text, not with the number of terms.

    .venv/bin/python bench/linker_bench.py [--pages 500] [--terms 1000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

import markdown

from brief_explainer.glossary.linker import LinkMode, TermMatcher, link_terms
from brief_explainer.glossary.model import Entry

WORDS = [
    "security",
    "state",
    "states",
    "principle",
    "treaty",
    "alliance",
    "commitment",
    "europe",
    "charter",
    "summit",
    "declaration",
    "members",
    "partners",
    "interpretation",
    "sovereignty",
    "cooperation",
    "dialogue",
    "forum",
    "region",
    "arrangements",
    "obligation",
    "law",
    "policy",
    "military",
    "forces",
    "territory",
    "neighbours",
    "crisis",
    "escalation",
    "letter",
    "reply",
    "minister",
    "response",
    "document",
]


def make_terms(count: int, rng: random.Random) -> list[str]:
    terms: set[str] = set()
    while len(terms) < count:
        terms.add(" ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(1, 3))) + f" {len(terms)}")
    return sorted(terms)


def make_pages(count: int, terms: list[str], rng: random.Random) -> list[str]:
    pages = []
    for index in range(count):
        sections = []
        for section in range(4):
            sentences = []
            for _ in range(12):
                words = [rng.choice(WORDS) for _ in range(rng.randint(10, 20))]
                if rng.random() < 0.5:
                    words.insert(rng.randrange(len(words)), rng.choice(terms))
                sentences.append(" ".join(words).capitalize() + ".")
            sections.append(f"## Section {section} {{ #s-{index}-{section} }}\n\n" + " ".join(sentences))
        pages.append(f"# Page {index}\n\n" + "\n\n".join(sections))
    return pages


def timed(run: Callable[[], object], repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def entries_for(terms: list[str]) -> list[Entry]:
    return [
        Entry(id=f"t{i}", term=t, kind="principle", summary=f"Summary of {t}.", description="D.")
        for i, t in enumerate(terms)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--terms", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(1975)
    terms = make_terms(args.terms * 8, rng)  # a pool, so the doubling runs draw from the same vocabulary
    base_terms = terms[: args.terms]
    pages = make_pages(args.pages, base_terms, rng)
    entries = entries_for(base_terms)

    def convert(extensions: list[str], configs: dict[str, dict[str, object]] | None = None) -> list[str]:
        # A new Markdown instance per page, as MkDocs makes one.
        return [
            markdown.Markdown(extensions=["attr_list", *extensions], extension_configs=configs or {}).convert(page)
            for page in pages
        ]

    html_pages = convert([])
    plain = timed(lambda: convert([]))
    abbr_config = {"abbr": {"glossary": {term: f"Summary of {term}." for term in base_terms}}}
    with_abbr = timed(lambda: convert(["abbr"], abbr_config))

    def link_all(matcher: TermMatcher) -> None:
        for html in html_pages:
            link_terms(html, matcher, glossary_url="glossary.html", mode=LinkMode.first_per_section)

    matcher = TermMatcher(entries)
    linker = timed(lambda: link_all(matcher))
    abbr_added = max(with_abbr - plain, 1e-9)
    print(f"{args.pages} pages, {args.terms} terms")
    print(f"  Markdown alone                 {plain:7.2f} s")
    print(f"  Markdown + abbr (adds)         {with_abbr:7.2f} s  (+{abbr_added:.2f} s)")
    print(f"  Markdown + our linker (adds)   {plain + linker:7.2f} s  (+{linker:.2f} s)")
    print(f"  ratio, added cost: linker / abbr = {linker / abbr_added:.2f}  (goal: <= 1.00)")
    print("  linker alone as the term count doubles (same pages):")
    reference = None
    for count in (args.terms // 2, args.terms, args.terms * 2, args.terms * 4, args.terms * 8):
        more = entries_for(terms[:count])
        more_matcher = TermMatcher(more)
        seconds = timed(lambda m=more_matcher: link_all(m))  # type: ignore[misc]
        reference = reference or seconds
        print(f"    {count:6d} terms  {seconds:6.2f} s  ratio {seconds / reference:5.2f}")


if __name__ == "__main__":
    main()
