"""Read queries for the reader site.

Every function returns a bounded list with its relations already joined or prefetched, so a
page runs the same handful of SQL queries whether the archive holds a hundred or a million
articles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from newsdesk.news.models import Article, ArticleHashtag, Hashtag, Source, Story
from newsdesk.news.vectors import close_stories


def listed_articles() -> QuerySet[Article]:
    """Articles as lists show them: with their source, republished copies left out."""
    return (
        Article.objects.filter(duplicate_of__isnull=True)
        .select_related("source")
        .defer("body_html", "embedding", "entities")
        .order_by("-published_at", "-id")
    )


@dataclass(frozen=True)
class Page:
    """One page of a newest-first list; no COUNT(*), which is slow on a big archive."""

    items: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def paginate(queryset: QuerySet, number: int, per_page: int) -> Page:
    number = max(1, number)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(items=rows[:per_page], number=number, has_next=len(rows) > per_page)


def top_stories(limit: int = 6, window: timedelta = timedelta(days=3)) -> list[Story]:
    """The highest-ranked stories still in the news, each with its lead article and source."""
    return list(
        Story.objects.filter(last_seen_at__gte=timezone.now() - window, article_count__gt=0)
        .select_related("lead_article__source")
        .defer("centroid", "lead_article__body_html", "lead_article__embedding")
        .order_by("-score", "-last_seen_at")[:limit]
    )


def article_for_page(article_id: int) -> Article:
    """The article with everything its page shows, in four queries."""
    hashtags = Prefetch("hashtags", queryset=Hashtag.objects.order_by("articlehashtag__id"))
    return (
        Article.objects.select_related("source", "story", "duplicate_of__source")
        .prefetch_related(hashtags, "republications__source")
        .get(pk=article_id)
    )


def visible_comments(article: Article) -> list:
    return list(article.comments.filter(is_hidden=False).select_related("user"))


def related_articles(article: Article, limit: int = 6) -> list[Article]:
    """What to read next, best first: other outlets' reports of the same story (one per outlet
    before any outlet's second), then the nearest stories in meaning (recent ones favoured),
    then articles sharing hashtags, then the same source's latest. Never the article itself or
    a republished copy."""
    chosen: list[Article] = []
    seen = {article.pk}

    def take(candidates: Iterable[Article]) -> None:
        for candidate in candidates:
            if len(chosen) >= limit:
                return
            if candidate.pk not in seen:
                chosen.append(candidate)
                seen.add(candidate.pk)

    base = listed_articles()
    if article.story_id:
        take(_one_per_source_first(base.filter(story_id=article.story_id)[: limit * 4]))
    if article.embedding and len(chosen) < limit:
        take(
            _story_leads(
                close_stories(bytes(article.embedding), exclude=article.story_id, limit=limit)
            )
        )
    tag_ids = [tag.pk for tag in article.hashtags.all()]
    if tag_ids and len(chosen) < limit:
        sharing = ArticleHashtag.objects.filter(hashtag_id__in=tag_ids).exclude(article_id__in=seen)
        ids = list(
            sharing.order_by("-published_at").values_list("article_id", flat=True)[: limit * 3]
        )
        take(base.filter(pk__in=ids))
    if len(chosen) < limit:
        take(base.filter(source_id=article.source_id).exclude(pk__in=seen)[:limit])
    return chosen


def _one_per_source_first(articles: Iterable[Article]) -> list[Article]:
    firsts: list[Article] = []
    rest: list[Article] = []
    sources: set[int] = set()
    for item in articles:
        (rest if item.source_id in sources else firsts).append(item)
        sources.add(item.source_id)
    return firsts + rest


def _story_leads(story_ids: list[int]) -> list[Article]:
    """The lead report of each story, in the given order."""
    if not story_ids:
        return []
    leads = dict(Story.objects.filter(pk__in=story_ids).values_list("id", "lead_article_id"))
    by_id = listed_articles().in_bulk([lead for lead in leads.values() if lead])
    return [by_id[leads[i]] for i in story_ids if leads.get(i) in by_id]


def source_articles(source: Source) -> QuerySet[Article]:
    return listed_articles().filter(source=source)


def hashtag_articles(hashtag: Hashtag) -> QuerySet[Article]:
    return (
        listed_articles()
        .filter(articlehashtag__hashtag=hashtag)
        .order_by("-articlehashtag__published_at", "-id")
    )


def hashtag_stories(hashtag: Hashtag, limit: int = 4) -> list[Story]:
    """The stories with most recent reports carrying the tag, largest coverage first."""
    recent = (
        ArticleHashtag.objects.filter(hashtag=hashtag, article__story__isnull=False)
        .order_by("-published_at")
        .values_list("article__story_id", flat=True)[:200]
    )
    return list(
        Story.objects.filter(pk__in=list(recent), source_count__gt=1)
        .select_related("lead_article__source")
        .defer("centroid")
        .order_by("-source_count", "-last_seen_at")[:limit]
    )


def story_articles(story: Story) -> list[Article]:
    return list(
        Article.objects.filter(story=story)
        .select_related("source")
        .defer("body_html", "embedding", "entities")
        .order_by("published_at", "id")
    )
