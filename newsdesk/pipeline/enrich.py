"""Step 3: understand articles (language, entities, hashtags, embedding) and file each into a
story. Batched, because the models are several times faster on batches than one by one."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from newsdesk.news.models import Article, ArticleHashtag, Hashtag, Story
from newsdesk.nlp.embed import embed
from newsdesk.nlp.entities import Entity, extract_entities_batch
from newsdesk.nlp.hashtags import hashtags_for
from newsdesk.nlp.language import detect_language
from newsdesk.pipeline.candidates import (
    CANDIDATE_LIMIT,
    STATE_FIELDS,
    candidate_stories,
    story_signal,
)
from newsdesk.stories.cluster import (
    ArticleSignal,
    ClusterConfig,
    StorySignal,
    choose_story,
    merge_pass,
    new_story,
    split_story,
    story_from,
    update_centroid,
)
from newsdesk.stories.signals import article_keys

CLUSTER_CONFIG = ClusterConfig()
# How much of the body the embedding sees: headline, standfirst and the opening of the text
# carry the event; the rest mostly adds background that blurs one event into the next.
_LEAD_CHARS = 600
# Consolidation passes revisit stories with a report this recent.
_CONSOLIDATION_WINDOW = timedelta(days=3)
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
    signal = _article_signal(article, entities, vector)
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


def _article_signal(
    article: Article, entities: Sequence[Entity], vector: np.ndarray
) -> ArticleSignal:
    return ArticleSignal(
        id=article.pk,
        published=article.published_at,
        vector=vector,
        entity_keys=article_keys(
            entities, f"{article.headline}. {article.standfirst} {article.text}"
        ),
        headline=article.headline,
    )


def _stored_signal(article: Article) -> ArticleSignal:
    """The signal of an enriched article, rebuilt from what enrichment stored."""
    entities = [Entity(**entity) for entity in article.entities or []]
    vector = np.frombuffer(bytes(article.embedding), dtype=np.float32)
    return _article_signal(article, entities, vector)


def _file_into_story(signal: ArticleSignal, article: Article) -> Story:
    candidates = candidate_stories(signal, CLUSTER_CONFIG)
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
    _store_state(story, state)
    return story


def consolidate_stories(window: timedelta = _CONSOLIDATION_WINDOW) -> tuple[int, int]:
    """The periodic repair of online clustering over recent stories: merge stories that turned
    out to report one event, then split stories that drifted. Returns (merged, split off)."""
    return merge_similar_stories(window), split_drifted_stories(window)


def merge_similar_stories(window: timedelta = _CONSOLIDATION_WINDOW) -> int:
    """Fold together recent stories that ``should_merge``; returns how many were absorbed."""
    with transaction.atomic():
        _serialize_clustering()
        stories = {row.pk: row for row in _recent_stories(window).only(*STATE_FIELDS)}
        signals = [story_signal(story) for story in stories.values()]
        survivors, absorbed = merge_pass(signals, CLUSTER_CONFIG)
        for absorbed_id, keeper_id in absorbed.items():
            Article.objects.filter(story_id=absorbed_id).update(story_id=keeper_id)
            stories[absorbed_id].delete()
        for keeper_id in set(absorbed.values()):
            _store_state(stories[keeper_id], survivors[keeper_id])
            _refresh_story(stories[keeper_id])
    return len(absorbed)


def split_drifted_stories(window: timedelta = _CONSOLIDATION_WINDOW, min_reports: int = 4) -> int:
    """Regroup each recent story of ``min_reports`` or more from its reports' stored signals, and
    give every part that reads as another event a story of its own; returns how many were made.
    """
    made = 0
    with transaction.atomic():
        _serialize_clustering()
        for story in _recent_stories(window, min_reports):
            members = {
                a.pk: _stored_signal(a)
                for a in Article.objects.filter(story=story).exclude(embedding=None)
            }
            parts = split_story(list(members.values()), CLUSTER_CONFIG)
            for part in parts[1:]:
                first = min(members[i].published for i in part)
                new = Story.objects.create(title="", first_seen_at=first, last_seen_at=first)
                Article.objects.filter(pk__in=part).update(story=new)
                _store_state(new, story_from(new.pk, [members[i] for i in part]))
                _refresh_story(new)
                made += 1
            if len(parts) > 1:
                _store_state(story, story_from(story.pk, [members[i] for i in parts[0]]))
                _refresh_story(story)
    return made


def _recent_stories(window: timedelta, min_reports: int = 0) -> QuerySet[Story]:
    """Stories with a report within ``window``, oldest first, at most ``CANDIDATE_LIMIT``."""
    return Story.objects.filter(
        last_seen_at__gte=timezone.now() - window,
        centroid__isnull=False,
        article_count__gte=min_reports,
    ).order_by("id")[:CANDIDATE_LIMIT]


def _store_state(story: Story, state: StorySignal) -> None:
    story.centroid = state.centroid.astype(np.float32).tobytes()
    story.entity_counts = dict(state.entity_keys)
    story.first_seen_at, story.last_seen_at = state.first_seen, state.last_seen
    story.save(update_fields=["centroid", "entity_counts", "first_seen_at", "last_seen_at"])


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
