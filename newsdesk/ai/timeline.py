"""A story's timeline: one dated line per report that brings something new.

Each report contributes its most important sentence that no earlier line already says; a
report that only repeats what is known adds no line, so the timeline reads as developments.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np

from newsdesk.ai.embedding import Embedder, embed_or_default
from newsdesk.ai.ranking import rank
from newsdesk.ai.types import DEFAULT_OPTIONS, AIOptions, Document, TimelineEntry, bounded


def timeline(
    documents: Sequence[Document],
    *,
    embed: Embedder | None = None,
    options: AIOptions = DEFAULT_OPTIONS,
) -> list[TimelineEntry]:
    """Dated lines in publication order (undated reports last), each citing its report."""
    embedder = embed_or_default(embed)
    entries: list[TimelineEntry] = []
    seen: list[np.ndarray] = []
    for document in sorted(bounded(documents, options), key=_publication_order):
        if len(entries) == options.max_timeline:
            break
        ranked = rank(document, embedder, options)
        for index in np.argsort(-ranked.scores, kind="stable"):
            vector = ranked.vectors[index]
            if ranked.scores[index] <= 0:
                break
            if all(float(vector @ other) < options.similarity_cap for other in seen):
                line = document.quote(document.sentences[index])
                entries.append(TimelineEntry(document.published, document.source, line))
                seen.append(vector)
                break
    return entries


def _publication_order(document: Document) -> tuple[bool, datetime | None]:
    return (document.published is None, document.published)
