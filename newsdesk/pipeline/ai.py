"""The AI features against the archive: documents from stored articles, the pure features in
``newsdesk.ai``, results cached in the AI cache table, and every citation resolved to the
sentence it points at. The reader site and the worker (which precomputes the summaries and key
points a language model writes) both use this service; neither shapes AI results itself.

Results are cached per article (or story), feature, embedding model and text generator, so a
model upgrade recomputes instead of serving stale text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache, partial
from typing import TypeVar, cast

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT

from newsdesk import ai
from newsdesk.news.models import Article, Story
from newsdesk.news.vectors import stored_sentence_vectors
from newsdesk.nlp.embed import model_name

logger = logging.getLogger(__name__)
T = TypeVar("T")
# A result the language model was meant to write but did not (the endpoint down, or its text
# failing the verifier) is the extractive stand-in: kept this long only, so the model's text
# replaces it soon after the endpoint recovers.
FALLBACK_CACHE_SECONDS = 300
_MISSING = object()


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
        """``grounded`` with its citations resolved; a citation that does not resolve to a
        sentence of these documents is never shown."""
        by_id = {document.id: document for document in self.documents}
        cites = []
        for citation in grounded.citations:
            document = by_id.get(citation.document_id)
            if document is None or citation.sentence_index >= len(document.sentences):
                continue
            quote = document.sentences[citation.sentence_index].text
            number = citation.sentence_index + 1
            cites.append(Cite(number, int(document.id), document.source, quote))
        return Line(grounded.text, cites)


@dataclass(frozen=True)
class Lines:
    """A summary, key points or answer as shown: its lines and how they were produced."""

    lines: list[Line]
    method: str
    answerable: bool = True


@dataclass(frozen=True)
class ClaimLine:
    source: str
    value: str
    line: Line


@dataclass(frozen=True)
class DifferenceLines:
    kind: str
    about: str
    claims: list[ClaimLine]


@dataclass(frozen=True)
class CoverageLines:
    """How a story's outlets agree and differ, every claim with its citation."""

    agreed: list[Line]
    only_in: dict[str, list[Line]]
    differences: list[DifferenceLines] = field(default_factory=list)
    # How many claims were aligned across outlets and compared: "no differences" means
    # something only when this is not zero.
    compared: int = 0


@dataclass(frozen=True)
class TimelineLine:
    when: datetime | None
    source: str
    line: Line


def document(article: Article) -> ai.Document:
    return ai.Document.from_text(
        article.pk,
        article.source.name,
        article.headline,
        article.published_at,
        article.text,
        article.standfirst,
    )


def article_scope(article: Article) -> Scope:
    return Scope(f"article:{article.pk}:{article.fetched_at.timestamp():.0f}", [document(article)])


def story_scope(story: Story) -> Scope:
    members = (
        Article.objects.filter(story=story, duplicate_of__isnull=True)
        .select_related("source")
        .only("id", "headline", "standfirst", "text", "published_at", "source__name")
        .order_by("published_at", "id")
    )
    return Scope(
        f"story:{story.pk}:{story.article_count}", [document(member) for member in members]
    )


@lru_cache(maxsize=1)
def embedder() -> ai.Embedder:
    """Stored sentence vectors behind the features' in-process cache."""
    return ai.CachedEmbedder(stored_sentence_vectors)


@lru_cache(maxsize=1)
def writer() -> ai.GroundedWriter | None:
    """The optional language-model writer, when an endpoint is configured."""
    if not settings.LLM_BASE_URL:
        return None
    config = ai.LLMConfig(
        base_url=settings.LLM_BASE_URL,
        model=settings.LLM_MODEL,
        api_key=settings.LLM_API_KEY,
        timeout=settings.LLM_TIMEOUT,
    )
    return ai.GroundedWriter(config, embed=embedder())


def _method() -> str:
    active = writer()
    return active.config.model if active else ai.EXTRACTIVE


def _cached(scope: Scope, feature: str, compute: Callable[[], T]) -> T:
    method = _method()
    key = f"{feature}:{scope.key}:{model_name()}:{method}"
    cache = caches["ai"]
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        return cast(T, found)
    value = compute()
    fell_back = getattr(value, "method", method) != method
    cache.set(key, value, FALLBACK_CACHE_SECONDS if fell_back else DEFAULT_TIMEOUT)
    return value


def _summary(scope: Scope, log_level: int = logging.INFO) -> ai.Result:
    active = writer()
    run = active.summarize if active else partial(ai.summarize, embed=embedder())
    return _cached(scope, "summary", lambda: _logged("summary", run(scope.documents[0]), log_level))


def _key_points(scope: Scope, log_level: int = logging.INFO) -> ai.Result:
    active = writer()
    run = active.key_points if active else partial(ai.key_points, embed=embedder())
    return _cached(
        scope, "points", lambda: _logged("key points", run(scope.documents[0]), log_level)
    )


def summary(scope: Scope) -> Lines:
    result = _summary(scope)
    return Lines([scope.line(sentence) for sentence in result.sentences], result.method)


def key_points(scope: Scope) -> Lines:
    result = _key_points(scope)
    return Lines([scope.line(point) for point in result.sentences], result.method)


def answer(scope: Scope, question: str) -> Lines:
    active = writer()
    documents: Sequence[ai.Document] = scope.documents
    if active:
        result = active.ask(question, documents)
    else:
        result = ai.ask(question, documents, embed=embedder())
    result = _logged("question", result)
    lines = [scope.line(sentence) for sentence in result.sentences]
    return Lines(lines, result.method, result.answerable)


def coverage(scope: Scope) -> CoverageLines | None:
    """None when there is nothing to compare (a single outlet)."""
    found = _cached(
        scope, "coverage", lambda: ai.compare_coverage(scope.documents, embed=embedder())
    )
    if found is None:
        return None
    return CoverageLines(
        agreed=[scope.line(fact) for fact in found.agreed],
        only_in={
            source: [scope.line(fact) for fact in facts] for source, facts in found.only_in.items()
        },
        differences=[
            DifferenceLines(
                difference.kind,
                difference.about,
                [
                    ClaimLine(
                        claim.source,
                        claim.value,
                        scope.line(ai.Grounded(claim.value, [claim.citation])),
                    )
                    for claim in difference.claims
                ],
            )
            for difference in found.differences
        ],
        compared=found.compared,
    )


def background(scope: Scope) -> list[TimelineLine]:
    entries = _cached(scope, "timeline", lambda: ai.timeline(scope.documents, embed=embedder()))
    return [TimelineLine(entry.when, entry.source, scope.line(entry.line)) for entry in entries]


def _logged(feature: str, result: T, level: int = logging.INFO) -> T:
    """Log how long a feature took to compute (cache hits are not computed, so not logged)."""
    latency = getattr(result, "latency_ms", 0.0)
    method = getattr(result, "method", "-")
    logger.log(level, "ai: %s in %.0f ms by %s", feature, latency, method)
    return result


def precompute(article_ids: Sequence[int]) -> None:
    """Summaries and key points a language model writes, for new articles, written by the
    worker after enrichment: a model takes seconds, longer than a reader should wait.

    Extractive ones are left to their first view (the article page loads them by htmx, so the
    page never waits): they embed the headline and the opening sentences only (ranking reads
    no more: ``AIOptions.max_ranked_sentences``), about 90 ms of CPU, and store those vectors
    for every process, so the key points and later views reuse them. Most articles are never
    opened, and computing every article's at ingest was 40% of the pass
    (``bench.ingest_e2e``). The rest of an article's sentences are embedded on its first
    question, for the same reason."""
    if writer() is None:
        return
    for article in Article.objects.filter(pk__in=article_ids).select_related("source"):
        scope = article_scope(article)
        _summary(scope, log_level=logging.DEBUG)
        _key_points(scope, log_level=logging.DEBUG)
