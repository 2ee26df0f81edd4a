"""Compare coverage: what the outlets of a story agree on, report alone, or report differently.

Sentences are aligned across outlets by embedding similarity (mutual best matches above a
threshold). Details are only compared inside aligned sentences, and numbers only when they count
the same thing, so two unrelated figures in one story never show up as a conflict.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from newsdesk.ai import facts
from newsdesk.ai.embedding import Embedder, embed_or_default
from newsdesk.ai.lexical import tokens
from newsdesk.ai.ranking import RankedArticle, rank
from newsdesk.ai.types import (
    DEFAULT_OPTIONS,
    AIOptions,
    Citation,
    Claim,
    Coverage,
    Difference,
    DifferenceKind,
    Document,
    Grounded,
    elapsed_ms,
)

# Two quotes are the same words when they share this much of their vocabulary.
_SAME_QUOTE = 0.6

Node = tuple[int, int]  # (article number in the story, sentence index)


@dataclass(frozen=True, slots=True)
class _Story:
    articles: list[RankedArticle]

    def source(self, node: Node) -> str:
        return self.articles[node[0]].document.source

    def text(self, node: Node) -> str:
        return self.articles[node[0]].document.sentences[node[1]].text

    def cite(self, node: Node) -> Citation:
        return Citation(self.articles[node[0]].document.id, node[1])

    def score(self, node: Node) -> float:
        return float(self.articles[node[0]].scores[node[1]])

    def claim(self, node: Node, value: str) -> Claim:
        return Claim(self.source(node), value, self.cite(node))


def compare_coverage(
    documents: Sequence[Document],
    *,
    embed: Embedder | None = None,
    options: AIOptions = DEFAULT_OPTIONS,
) -> Coverage | None:
    """Agreements, single-outlet facts and differences; None when fewer than two outlets report."""
    started = time.perf_counter()
    documents = [d for d in documents if d.sentences]
    if len({d.source for d in documents}) < 2:
        return None
    embedder = embed_or_default(embed)
    story = _Story([rank(d, embedder, options) for d in documents])
    pairs, best_match = _align(story, options)
    differences = _merge(
        [
            *(d for pair in pairs for d in _pair_differences(story, *pair, options)),
            *_quote_differences(story),
        ]
    )
    disputed = {c for d in differences for c in (claim.citation for claim in d.claims)}
    groups = _groups(pairs)
    return Coverage(
        agreed=_agreed(story, groups, disputed, options),
        only_in=_only_in(story, best_match, options),
        differences=differences,
        latency_ms=elapsed_ms(started),
    )


def _align(story: _Story, options: AIOptions) -> tuple[list[tuple[Node, Node]], dict[Node, float]]:
    """Mutual best matches between every two articles of different outlets, and for every
    sentence its best similarity to any other outlet's sentence."""
    pairs: list[tuple[Node, Node]] = []
    best_match: dict[Node, float] = {}
    for (i, a), (j, b) in combinations(enumerate(story.articles), 2):
        if a.document.source == b.document.source:
            continue
        similarity = a.vectors @ b.vectors.T
        for k, value in enumerate(similarity.max(axis=1)):
            best_match[(i, k)] = max(best_match.get((i, k), 0.0), float(value))
        for k, value in enumerate(similarity.max(axis=0)):
            best_match[(j, k)] = max(best_match.get((j, k), 0.0), float(value))
        forward, backward = similarity.argmax(axis=1), similarity.argmax(axis=0)
        for k, m in enumerate(forward):
            if backward[m] == k and similarity[k, m] >= options.align_threshold:
                pairs.append(((i, k), (j, int(m))))
    return pairs, best_match


def _groups(pairs: list[tuple[Node, Node]]) -> list[list[Node]]:
    """Connected components of the alignment graph: one per fact told by several outlets."""
    parent: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for first, second in pairs:
        parent[root(first)] = root(second)
    components: dict[Node, list[Node]] = {}
    for node in list(parent):
        components.setdefault(root(node), []).append(node)
    return [sorted(nodes) for nodes in components.values()]


def _agreed(
    story: _Story, groups: list[list[Node]], disputed: set[Citation], options: AIOptions
) -> list[Grounded]:
    """Facts several outlets state alike, worded as the outlet where the fact ranks highest."""
    agreed = [
        group
        for group in groups
        if len({story.source(n) for n in group}) >= 2
        and not any(story.cite(n) in disputed for n in group)
    ]
    agreed.sort(key=lambda group: -max(story.score(n) for n in group))
    return [
        Grounded(story.text(max(group, key=story.score)), [story.cite(n) for n in group])
        for group in agreed[: options.max_agreed]
    ]


def _only_in(
    story: _Story, best_match: dict[Node, float], options: AIOptions
) -> dict[str, list[Grounded]]:
    """Per outlet, its most important sentences that no other outlet comes close to saying."""
    only_in: dict[str, list[Grounded]] = {}
    nodes = sorted(best_match, key=lambda n: -story.score(n))
    for node in nodes:
        if story.score(node) <= 0 or best_match[node] >= options.align_threshold:
            continue
        found = only_in.setdefault(story.source(node), [])
        if len(found) < options.max_only_in:
            found.append(Grounded(story.text(node), [story.cite(node)]))
    return only_in


def _pair_differences(
    story: _Story, first: Node, second: Node, options: AIOptions
) -> Iterator[Difference]:
    yield from _number_differences(story, first, second, options)
    yield from _date_differences(story, first, second)
    if not _shared_quote(story.text(first), story.text(second)):
        yield from _speaker_differences(story, first, second, "attribution")


def _number_differences(
    story: _Story, first: Node, second: Node, options: AIOptions
) -> Iterator[Difference]:
    """Numbers that count the same thing (same unit, one each) but disagree."""
    mine, theirs = (_by_unit(facts.quantities(story.text(n))) for n in (first, second))
    for unit in mine.keys() & theirs.keys():
        a, b = mine[unit], theirs[unit]
        tolerance = (
            options.approximate_tolerance
            if a.approximate or b.approximate
            else options.number_tolerance
        )
        if abs(a.value - b.value) > tolerance * max(abs(a.value), abs(b.value)):
            claims = [story.claim(first, a.span), story.claim(second, b.span)]
            yield Difference("number", unit, claims)


def _by_unit(quantities: list[facts.Quantity]) -> dict[str, facts.Quantity]:
    """Quantities keyed by unit, leaving out units stated twice (which one would we compare?)."""
    units = [q.unit for q in quantities]
    return {q.unit: q for q in quantities if q.unit and units.count(q.unit) == 1}


def _date_differences(story: _Story, first: Node, second: Node) -> Iterator[Difference]:
    mine, theirs = (facts.dates(story.text(n)) for n in (first, second))
    for kind in ("day", "weekday", "year"):
        a = [d for d in mine if facts.date_kind(d) == kind]
        b = [d for d in theirs if facts.date_kind(d) == kind]
        if len(a) == 1 and len(b) == 1 and a != b:
            claims = [story.claim(first, mine[a[0]]), story.claim(second, theirs[b[0]])]
            yield Difference("date", kind, claims)


def _speaker_differences(
    story: _Story, first: Node, second: Node, kind: DifferenceKind
) -> Iterator[Difference]:
    """The same words or claim put in the mouths of two different named speakers."""
    a, b = facts.speaker(story.text(first)), facts.speaker(story.text(second))
    if a and b and not facts.same_speaker(a, b):
        about = _shared_quote(story.text(first), story.text(second)) or story.text(first)
        yield Difference(kind, about, [story.claim(first, a), story.claim(second, b)])


def _quote_differences(story: _Story) -> Iterator[Difference]:
    """Every pair of sentences from two outlets quoting the same words, wherever they stand."""
    quoting = [
        (i, s.index)
        for i, article in enumerate(story.articles)
        for s in article.document.sentences
        if facts.quotes(s.text)
    ]
    for first, second in combinations(quoting, 2):
        if story.source(first) != story.source(second) and _shared_quote(
            story.text(first), story.text(second)
        ):
            yield from _speaker_differences(story, first, second, "quote")


def _shared_quote(first: str, second: str) -> str | None:
    """A quotation both sentences contain (allowing small wording changes), if any."""
    for a in facts.quotes(first):
        for b in facts.quotes(second):
            words_a, words_b = set(tokens(a)), set(tokens(b))
            union = words_a | words_b
            if union and len(words_a & words_b) / len(union) >= _SAME_QUOTE:
                return a
    return None


def _merge(differences: list[Difference]) -> list[Difference]:
    """One entry per disputed detail, even when three outlets (or aligned pairs) repeat it."""
    merged: list[Difference] = []
    for difference in differences:
        citations = {c.citation for c in difference.claims}
        same = next(
            (
                d
                for d in merged
                if d.kind == difference.kind
                and d.about == difference.about
                and citations & {c.citation for c in d.claims}
            ),
            None,
        )
        if same is None:
            merged.append(difference)
            continue
        known = {c.citation for c in same.claims}
        same.claims.extend(c for c in difference.claims if c.citation not in known)
    return merged
