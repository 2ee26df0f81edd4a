"""Step 3: understand articles (language, entities, hashtags, embedding) and file each into a
story. Batched, because the models are several times faster on batches than one by one."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from newsdesk.news.models import Article, ArticleHashtag, Hashtag, Story
from newsdesk.nlp.embed import embed
from newsdesk.nlp.entities import Entity, extract_entities_batch
from newsdesk.nlp.hashtags import hashtags_for
from newsdesk.nlp.language import detect_language
from newsdesk.stories.cluster import (
    ArticleSignal,
    ClusterConfig,
    StorySignal,
    choose_story,
    merge_stories,
    new_story,
    should_merge,
    update_centroid,
)
from newsdesk.stories.signals import article_keys

CLUSTER_CONFIG = ClusterConfig()
# How much of the body the embedding sees: headline, standfirst and the opening of the text
# carry the event; the rest mostly adds background that blurs one event into the next.
_LEAD_CHARS = 600
# Stories older than this (by their last report) are not candidates for a new report.
_CANDIDATE_LIMIT = 2000
# Front-page rank: Reddit-style "hot" score, so a story's rank never needs recomputing as it
# ages — the time term grows for newer stories instead of old ones decaying.
_HOT_HALF_LIFE_SECONDS = 12 * 3600


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
    languages = [a.language or detect_language(f"{a.headline}\n{a.text[:2000]}") for a in articles]
    entities = extract_entities_batch(
        [f"{a.headline}\n{a.standfirst}\n{a.text}" for a in articles], languages
    )
    vectors = embed([embedding_text(a.headline, a.standfirst, a.text) for a in articles])
    for article, language, found, vector in zip(
        articles, languages, entities, vectors, strict=True
    ):
        _save(article, language, found, vector)
    return len(articles)


def _save(article: Article, language: str | None, entities: list[Entity], vector: np.ndarray):
    tags = _without_publisher(hashtags_for(article.headline, article.text, entities), article)
    signal = ArticleSignal(
        id=article.pk,
        published=article.published_at,
        vector=vector,
        entity_keys=article_keys(
            entities, f"{article.headline}. {article.standfirst} {article.text}"
        ),
        headline=article.headline,
    )
    with transaction.atomic():
        _serialize_clustering()
        if Article.objects.filter(pk=article.pk, enriched_at__isnull=False).exists():
            return  # another worker finished it while we computed
        story = _file_into_story(signal, article)
        Article.objects.filter(pk=article.pk).update(
            language=(language or "")[:12],
            entities=[_entity_json(e) for e in entities],
            embedding=vector.astype(np.float32).tobytes(),
            story=story,
            enriched_at=timezone.now(),
            lease_until=None,
        )
        _tag(article, tags)
        _refresh_story(story)


def _serialize_clustering() -> None:
    """Clustering reads the candidate stories and then writes: two workers doing that at once
    could each start a story for the same event. SQLite's IMMEDIATE transactions already admit
    one writer at a time; on PostgreSQL an advisory lock does the same."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(7201)")


def _file_into_story(signal: ArticleSignal, article: Article) -> Story:
    window_start = signal.published - CLUSTER_CONFIG.max_gap
    rows = (
        Story.objects.filter(last_seen_at__gte=window_start, centroid__isnull=False)
        .order_by("-last_seen_at")
        .only("id", "centroid", "entity_counts", "first_seen_at", "last_seen_at", "article_count")
    )[:_CANDIDATE_LIMIT]
    # Candidates in a fixed order (oldest id first) so the outcome depends only on the input.
    candidates = sorted((_story_signal(row) for row in rows), key=lambda s: s.id)
    choice = choose_story(signal, candidates, CLUSTER_CONFIG)
    if choice.story_id is None:
        story = Story.objects.create(
            title=article.headline[:500],
            first_seen_at=signal.published,
            last_seen_at=signal.published,
        )
        state = new_story(story.pk, signal)
    else:
        story = Story.objects.get(pk=choice.story_id)
        state = update_centroid(next(c for c in candidates if c.id == story.pk), signal)
    story.centroid = state.centroid.astype(np.float32).tobytes()
    story.entity_counts = dict(state.entity_keys)
    story.first_seen_at, story.last_seen_at = state.first_seen, state.last_seen
    story.save(update_fields=["centroid", "entity_counts", "first_seen_at", "last_seen_at"])
    return story


def merge_similar_stories(window: timedelta = timedelta(days=3)) -> int:
    """Fold together recent stories that turned out to report one event; returns merges done.

    Single-pass clustering splits an event when its first reports differ; this pass repairs
    that. Pairs are tried oldest first, and a story absorbs the newer one, so the outcome is
    the same on every run."""
    merged = 0
    with transaction.atomic():
        _serialize_clustering()
        rows = Story.objects.filter(
            last_seen_at__gte=timezone.now() - window, centroid__isnull=False
        ).order_by("id")[:_CANDIDATE_LIMIT]
        signals = {row.pk: _story_signal(row) for row in rows}
        stories = {row.pk: row for row in rows}
        for keeper_id in list(signals):
            for other_id in list(signals):
                if other_id <= keeper_id or keeper_id not in signals or other_id not in signals:
                    continue
                if should_merge(signals[keeper_id], signals[other_id], CLUSTER_CONFIG):
                    signals[keeper_id] = merge_stories(signals[keeper_id], signals.pop(other_id))
                    _fold(stories[keeper_id], stories.pop(other_id), signals[keeper_id])
                    merged += 1
    return merged


def _fold(keeper: Story, absorbed: Story, state: StorySignal) -> None:
    Article.objects.filter(story=absorbed).update(story=keeper)
    absorbed.delete()
    keeper.centroid = state.centroid.astype(np.float32).tobytes()
    keeper.entity_counts = dict(state.entity_keys)
    keeper.first_seen_at, keeper.last_seen_at = state.first_seen, state.last_seen
    keeper.save(update_fields=["centroid", "entity_counts", "first_seen_at", "last_seen_at"])
    _refresh_story(keeper)


def _story_signal(story: Story) -> StorySignal:
    return StorySignal(
        id=story.pk,
        centroid=np.frombuffer(bytes(story.centroid), dtype=np.float32),
        entity_keys=Counter(story.entity_counts),
        first_seen=story.first_seen_at,
        last_seen=story.last_seen_at,
        size=story.article_count or 1,
    )


def _refresh_story(story: Story) -> None:
    """Counts, lead report (closest to the centroid), title, description and rank."""
    members = list(
        Article.objects.filter(story=story, duplicate_of__isnull=True)
        .exclude(embedding=None)
        .values_list("id", "source_id", "headline", "standfirst", "embedding", "published_at")
    )
    if not members:
        return
    centroid = np.frombuffer(bytes(story.centroid), dtype=np.float32)
    closeness = [
        float(np.frombuffer(bytes(row[4]), dtype=np.float32) @ centroid) for row in members
    ]
    lead = members[int(np.argmax(closeness))]
    story.article_count = Article.objects.filter(story=story).count()
    story.source_count = len({row[1] for row in members})
    story.lead_article_id = lead[0]
    story.title = lead[2][:500]
    story.description = lead[3]
    story.score = hot_score(story.source_count, story.article_count, story.last_seen_at)
    story.save(
        update_fields=[
            "article_count",
            "source_count",
            "lead_article",
            "title",
            "description",
            "score",
        ]
    )


def hot_score(source_count: int, article_count: int, last_seen: datetime) -> float:
    """More outlets and reports rank higher; each half-life of age costs one doubling."""
    weight = 2 * source_count + article_count
    return math.log2(max(weight, 1)) + last_seen.timestamp() / _HOT_HALF_LIFE_SECONDS


def _tag(article: Article, names: Sequence[str]) -> None:
    links = []
    for name in names:
        slug = slugify(name)[:100]
        if not slug:
            continue
        tag, _ = Hashtag.objects.get_or_create(slug=slug, defaults={"name": name[:100]})
        links.append(
            ArticleHashtag(article=article, hashtag=tag, published_at=article.published_at)
        )
    ArticleHashtag.objects.bulk_create(links, ignore_conflicts=True)


def _without_publisher(tags: list[str], article: Article) -> list[str]:
    """An outlet naming itself ("Meridian Wire said") is boilerplate, not a topic."""
    publisher = slugify(article.source.name).replace("-", "")
    return [tag for tag in tags if slugify(tag).replace("-", "") not in publisher]


def _entity_json(entity: Entity) -> dict:
    return {
        "name": entity.name,
        "label": entity.label,
        "mentions": entity.mentions,
        "key": entity.key,
    }
