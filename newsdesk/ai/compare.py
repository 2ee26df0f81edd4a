"""Compare coverage: what the outlets of a story agree on, report alone, or report differently.

Sentences are aligned across outlets by embedding similarity (mutual best matches above a
threshold): aligned sentences from two or more outlets are agreed facts, sentences with no close
counterpart anywhere are reported by one outlet only, and `conflicts` finds the details that
differ.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from itertools import combinations

from newsdesk.ai.conflicts import Node, Story, confirmed, differences
from newsdesk.ai.embedding import Embedder, embed_or_default
from newsdesk.ai.ranking import rank
from newsdesk.ai.types import (
    DEFAULT_OPTIONS,
    AIOptions,
    Citation,
    Coverage,
    Document,
    Grounded,
    bounded,
    elapsed_ms,
)


def compare_coverage(
    documents: Sequence[Document],
    *,
    embed: Embedder | None = None,
    options: AIOptions = DEFAULT_OPTIONS,
) -> Coverage | None:
    """Agreements, single-outlet facts and differences; None when fewer than two outlets report."""
    started = time.perf_counter()
    documents = [d for d in bounded(documents, options) if d.sentences]
    if len({d.source for d in documents}) < 2:
        return None
    embedder = embed_or_default(embed)
    story = Story([rank(d, embedder, options) for d in documents])
    pairs, best_match = _align(story, options)
    found, compared = differences(story, pairs, embedder, options)
    disputed = {claim.citation for d in found for claim in d.claims}
    return Coverage(
        agreed=_agreed(story, _groups(pairs), disputed, options),
        only_in=_only_in(story, best_match, options),
        differences=found,
        latency_ms=elapsed_ms(started),
        compared=compared,
    )


def _align(story: Story, options: AIOptions) -> tuple[list[tuple[Node, Node]], dict[Node, float]]:
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
    story: Story, groups: list[list[Node]], disputed: set[Citation], options: AIOptions
) -> list[Grounded]:
    """Facts several outlets state alike, worded as the outlet where the fact ranks highest
    among those whose every figure, date and quote another outlet confirms: a detail only one
    outlet gives is never shown as agreed."""
    agreed: list[tuple[float, Grounded]] = []
    for group in groups:
        if len({story.source(n) for n in group}) < 2 or any(
            story.cite(n) in disputed for n in group
        ):
            continue
        for node in sorted(group, key=lambda n: -story.score(n)):
            others = [n for n in group if story.source(n) != story.source(node)]
            if story.score(node) > 0 and confirmed(story, node, others):
                line = Grounded(story.quote(node).text, [story.cite(n) for n in group])
                agreed.append((story.score(node), line))
                break
    agreed.sort(key=lambda scored: -scored[0])
    return [line for _, line in agreed[: options.max_agreed]]


def _only_in(
    story: Story, best_match: dict[Node, float], options: AIOptions
) -> dict[str, list[Grounded]]:
    """Per outlet, its most important sentences that no other outlet comes close to saying."""
    only_in: dict[str, list[Grounded]] = {}
    nodes = sorted(best_match, key=lambda n: -story.score(n))
    for node in nodes:
        if story.score(node) <= 0 or best_match[node] >= options.align_threshold:
            continue
        found = only_in.setdefault(story.source(node), [])
        if len(found) < options.max_only_in:
            found.append(story.quote(node))
    return only_in
