"""The AI features on the reader's pages: build documents from stored articles, run the pure
features in newsdesk.ai, cache the results, and shape them for templates.

Results are cached per article (or story), feature, embedding model and text generator, so a
model upgrade recomputes instead of serving stale text.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TypeVar

import numpy as np
from django.core.cache import caches

from newsdesk import ai
from newsdesk.news.models import Article, Story
from newsdesk.nlp.embed import EMBEDDING_DIM, EMBEDDING_MODEL, embed

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Cite:
    """One clickable citation: which article, which sentence (its text, for highlighting).

    ``number`` is the sentence's position in its article, counted from 1."""

    number: int
    article_id: int
    source: str
    quote: str


@dataclass(frozen=True)
class Line:
    """A sentence shown to the reader with the citations that ground it."""

    text: str
    cites: list[Cite]


@dataclass(frozen=True)
class Scope:
    """What a feature reads: one article, or every outlet's report of a story."""

    key: str
    documents: list[ai.Document]

    def line(self, grounded: ai.Grounded) -> Line:
        by_id = {document.id: document for document in self.documents}
        cites = []
        for citation in grounded.citations:
            document = by_id.get(citation.document_id)
            if document is None or citation.sentence_index >= len(document.sentences):
                continue  # never show a citation that does not resolve
            quote = document.sentences[citation.sentence_index].text
            number = citation.sentence_index + 1
            cites.append(Cite(number, int(document.id), document.source, quote))
        return Line(grounded.text, cites)


def document(article: Article) -> ai.Document:
    return ai.Document.from_text(
        article.pk, article.source.name, article.headline, article.published_at, article.text
    )


def article_scope(article: Article) -> Scope:
    return Scope(f"article:{article.pk}:{article.fetched_at.timestamp():.0f}", [document(article)])


def story_scope(story: Story) -> Scope:
    members = (
        Article.objects.filter(story=story, duplicate_of__isnull=True)
        .select_related("source")
        .only("id", "headline", "text", "published_at", "source__name")
        .order_by("published_at", "id")
    )
    return Scope(
        f"story:{story.pk}:{story.article_count}", [document(member) for member in members]
    )


def _stored_vectors(texts: Sequence[str]) -> np.ndarray:
    """Sentence vectors kept in the AI cache table: the worker embeds each new article's
    sentences once, and every web process reuses them, so a first question about an article
    only embeds the question itself."""
    keys = [f"vec:{EMBEDDING_MODEL}:{hashlib.sha1(t.encode()).hexdigest()}" for t in texts]
    found = caches["ai"].get_many(keys)
    missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
    if missing:
        fresh = dict(zip(missing, embed(list(missing.values())), strict=True))
        caches["ai"].set_many(fresh)
        found.update(fresh)
    if not keys:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    return np.stack([found[key] for key in keys])


@lru_cache(maxsize=1)
def embedder() -> ai.Embedder:
    """Stored vectors behind the features' in-process cache."""
    return ai.CachedEmbedder(_stored_vectors)


@lru_cache(maxsize=1)
def writer() -> ai.GroundedWriter | None:
    """The optional language-model writer, when an endpoint is configured."""
    config = ai.LLMConfig.from_env()
    return ai.GroundedWriter(config, embed=embedder()) if config else None


def _method() -> str:
    active = writer()
    return active.config.model if active else ai.EXTRACTIVE


def _cached(scope: Scope, feature: str, compute: Callable[[], T]) -> T:
    key = f"{feature}:{scope.key}:{EMBEDDING_MODEL}:{_method()}"
    return caches["ai"].get_or_set(key, compute)


def summary(scope: Scope, log_level: int = logging.INFO) -> ai.Result:
    active = writer()
    run = active.summarize if active else partial(ai.summarize, embed=embedder())
    return _cached(scope, "summary", lambda: _logged("summary", run(scope.documents[0]), log_level))


def key_points(scope: Scope, log_level: int = logging.INFO) -> ai.Result:
    active = writer()
    run = active.key_points if active else partial(ai.key_points, embed=embedder())
    return _cached(
        scope, "points", lambda: _logged("key points", run(scope.documents[0]), log_level)
    )


def answer(scope: Scope, question: str) -> ai.Answer:
    active = writer()
    documents: Sequence[ai.Document] = scope.documents
    if active:
        result = active.ask(question, documents)
    else:
        result = ai.ask(question, documents, embed=embedder())
    return _logged("question", result)


def coverage(scope: Scope) -> ai.Coverage | None:
    return _cached(
        scope, "coverage", lambda: ai.compare_coverage(scope.documents, embed=embedder())
    )


def background(scope: Scope) -> list[ai.TimelineEntry]:
    return _cached(scope, "timeline", lambda: ai.timeline(scope.documents, embed=embedder()))


def _logged(feature: str, result: T, level: int = logging.INFO) -> T:
    """Log how long a feature took to compute (cache hits are not computed, so not logged)."""
    latency = getattr(result, "latency_ms", 0.0)
    method = getattr(result, "method", "-")
    logger.log(level, "ai: %s in %.0f ms by %s", feature, latency, method)
    return result


def precompute(article_ids: Sequence[int]) -> None:
    """Summaries and key points for new articles, computed by the worker after enrichment so
    that readers never wait for the sentence embeddings."""
    for article in Article.objects.filter(pk__in=article_ids).select_related("source"):
        scope = article_scope(article)
        _stored_vectors([sentence.text for sentence in scope.documents[0].sentences])
        summary(scope, log_level=logging.DEBUG)
        key_points(scope, log_level=logging.DEBUG)
