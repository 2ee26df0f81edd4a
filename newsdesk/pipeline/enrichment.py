"""Enrichment against the database: understand each settled article (language, entities,
hashtags, embedding), store what was understood, and file it into a story. Batched, because
the models are several times faster on batches than one by one."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import numpy as np
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from newsdesk.lib.vectors import to_blob
from newsdesk.news.limits import clip
from newsdesk.news.models import Article, ArticleHashtag, Hashtag
from newsdesk.nlp.embed import embed
from newsdesk.nlp.entities import Entity, extract_entities_batch
from newsdesk.nlp.hashtags import hashtags_for
from newsdesk.nlp.language import detect_language
from newsdesk.nlp.topics import sections_for
from newsdesk.pipeline import stories
from newsdesk.pipeline.crosslingual import Crossing, crossings
from newsdesk.pipeline.sections import file_sections

# How much of the body the embedding sees: headline, standfirst and the opening of the text
# carry the event; the rest mostly adds background that blurs one event into the next.
_LEAD_CHARS = 600
# How much of the text language detection reads: a few paragraphs decide it.
_LANGUAGE_CHARS = 2000


def due(now: datetime) -> QuerySet[Article]:
    """Articles whose page is settled (fetched or given up) and that are not enriched yet.

    Failed pages are enriched too: the feed's text is still worth understanding. So are
    republished copies: their page shows hashtags, and the story lists them as republished."""
    return (
        Article.objects.filter(enriched_at__isnull=True)
        .exclude(page_status=Article.PageStatus.PENDING)
        .order_by("published_at", "id")
    )


def warm_up() -> None:
    """Load every model enrichment uses (language, entities, embedding, sections): seconds of
    work a process pays once, which a pass can do while its pages are still being fetched
    instead of before its first batch."""
    sample = "The harbour authority in Kestrin said the night shift would return on Monday."
    extract_entities_batch([sample], [detect_language(sample)])
    sections_for(embed([sample]))


def embedding_text(headline: str, standfirst: str, text: str) -> str:
    return " ".join(part for part in (headline, standfirst, text[:_LEAD_CHARS]) if part)


def enrich_articles(article_ids: Sequence[int]) -> int:
    """Enrich and cluster the given articles (oldest first); returns how many were done."""
    articles = list(
        Article.objects.filter(pk__in=article_ids, enriched_at__isnull=True)
        .select_related("source")
        .order_by("published_at", "id")
    )
    if not articles:
        return 0
    languages = [
        a.language or detect_language(f"{a.headline}\n{a.text[:_LANGUAGE_CHARS]}") for a in articles
    ]
    # The embedding runs beside entity extraction: onnxruntime lets go of the GIL while spaCy
    # holds it on one core, so the two share the machine instead of taking turns.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="enrich-embed") as helper:
        embedding = helper.submit(
            embed, [embedding_text(a.headline, a.standfirst, a.text) for a in articles]
        )
        entities = extract_entities_batch(
            [f"{a.headline}\n{a.standfirst}\n{a.text}" for a in articles], languages
        )
        vectors = embedding.result()
    sections = sections_for(vectors)
    across = crossings(articles, languages)
    for article, language, found, vector, placed, crossing in zip(
        articles, languages, entities, vectors, sections, across, strict=True
    ):
        _save(article, language, found, vector, placed, crossing)
    return len(articles)


def _save(
    article: Article,
    language: str | None,
    entities: list[Entity],
    vector: np.ndarray,
    sections: list[str],
    crossing: Crossing | None,
) -> None:
    tags = _without_publisher(hashtags_for(article.headline, article.text, entities), article)
    signal = stories.article_signal(article, entities, vector)
    with transaction.atomic():
        stories.serialize_clustering()
        if Article.objects.filter(pk=article.pk, enriched_at__isnull=False).exists():
            return  # another worker finished it while we computed
        story = stories.file_into_story(signal, crossing)
        multilingual = (
            {} if crossing is None else {"multilingual_embedding": to_blob(crossing.vector)}
        )
        Article.objects.filter(pk=article.pk).update(
            **multilingual,
            language=clip(Article, "language", language or ""),
            entities=[_entity_json(e) for e in entities],
            embedding=to_blob(vector),
            story=story,
            enriched_at=timezone.now(),
            lease_until=None,
        )
        _tag(article.pk, article.published_at, tags)
        file_sections(article.pk, article.published_at, sections)
        stories.refresh_story(story)


def _tag(article_id: int, published_at: datetime, names: Sequence[str]) -> None:
    """Link the article to its tags, most salient first, creating the tags not seen before:
    two or three queries however many tags, instead of one or two per tag."""
    wanted: dict[str, str] = {}
    for name in names:
        if slug := clip(Hashtag, "slug", slugify(name)):
            wanted.setdefault(slug, clip(Hashtag, "name", name))
    if not wanted:
        return
    ids = dict(Hashtag.objects.filter(slug__in=wanted).values_list("slug", "id"))
    if missing := [slug for slug in wanted if slug not in ids]:
        # Another worker may create one of them meanwhile: its row is the one to link.
        Hashtag.objects.bulk_create(
            [Hashtag(slug=slug, name=wanted[slug]) for slug in missing], ignore_conflicts=True
        )
        ids.update(Hashtag.objects.filter(slug__in=missing).values_list("slug", "id"))
    ArticleHashtag.objects.bulk_create(
        [
            ArticleHashtag(article_id=article_id, hashtag_id=ids[slug], published_at=published_at)
            for slug in wanted
        ],
        ignore_conflicts=True,
    )


def _without_publisher(tags: list[str], article: Article) -> list[str]:
    """An outlet naming itself ("Meridian Wire said") is boilerplate, not a topic."""
    publisher = slugify(article.source.name).replace("-", "")
    return [tag for tag in tags if slugify(tag).replace("-", "") not in publisher]


def _entity_json(entity: Entity) -> dict[str, object]:
    return {
        "name": entity.name,
        "label": entity.label,
        "mentions": entity.mentions,
        "key": entity.key,
    }
