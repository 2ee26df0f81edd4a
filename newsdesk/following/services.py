"""Saving, following and what the Following page shows. Views call these; the pipeline calls
``move_story_follows`` when stories merge."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from newsdesk.following.models import Bookmark, Follow, Notification, ReaderState
from newsdesk.news import fulltext
from newsdesk.news.models import Article, ArticleHashtag, Hashtag, Source, Story
from newsdesk.news.queries import listed_articles
from newsdesk.search import parse

# The Following page looks this far back, shows at most this many reports, and runs at most
# this many saved searches (each is one full-text query).
FOLLOWING_WINDOW = timedelta(days=7)
FOLLOWING_LIMIT = 120
MAX_SEARCHES_SHOWN = 10
SEARCH_MATCHES = 50

Target = Source | Hashtag | Story | str


def toggle_bookmark(user_id: int, article: Article) -> bool:
    """Save the article, or unsave it if it was saved; returns whether it is saved now."""
    deleted, _ = Bookmark.objects.filter(user_id=user_id, article=article).delete()
    if deleted:
        return False
    Bookmark.objects.get_or_create(user_id=user_id, article=article)
    return True


def _follow_fields(target: Target) -> dict[str, object]:
    if isinstance(target, Source):
        return {"kind": Follow.Kind.SOURCE, "source": target}
    if isinstance(target, Hashtag):
        return {"kind": Follow.Kind.HASHTAG, "hashtag": target}
    if isinstance(target, Story):
        return {"kind": Follow.Kind.STORY, "story": target}
    return {"kind": Follow.Kind.SEARCH, "query": target.strip()[:500]}


def toggle_follow(user_id: int, target: Target) -> bool:
    """Follow the target, or stop following it; returns whether it is followed now."""
    fields = _follow_fields(target)
    deleted, _ = Follow.objects.filter(user_id=user_id, **fields).delete()
    if deleted:
        return False
    Follow.objects.get_or_create(user_id=user_id, **fields)  # type: ignore[arg-type]
    return True


def move_story_follows(absorbed_id: int, keeper_id: int) -> None:
    """A merged story's followers follow the story it joined (once, if they followed both)."""
    followers = Follow.objects.filter(kind=Follow.Kind.STORY, story_id=keeper_id)
    Follow.objects.filter(
        kind=Follow.Kind.STORY, story_id=absorbed_id, user_id__in=followers.values("user_id")
    ).delete()
    Follow.objects.filter(kind=Follow.Kind.STORY, story_id=absorbed_id).update(story_id=keeper_id)


@dataclass
class StoryGroup:
    """Reports of one story (or one report outside any story) on the Following page."""

    story: Story | None
    articles: list[Article] = field(default_factory=list)
    new: int = 0


@dataclass(frozen=True)
class FollowingPage:
    follows: list[Follow]
    groups: list[StoryGroup]
    seen_at: datetime | None


def following_page(user_id: int, now: datetime | None = None) -> FollowingPage:
    """What is new in everything the reader follows, grouped by story, newest first; marks
    the visit so the next one shows what arrived after it."""
    now = now or timezone.now()
    follows = list(
        Follow.objects.filter(user_id=user_id).select_related("source", "hashtag", "story")
    )
    state, _ = ReaderState.objects.get_or_create(user_id=user_id)
    seen_at = state.following_seen_at
    articles = _followed_articles(follows, now - FOLLOWING_WINDOW)
    groups: dict[object, StoryGroup] = {}
    for article in articles:
        key = article.story_id or f"article-{article.pk}"
        group = groups.setdefault(key, StoryGroup(article.story))
        group.articles.append(article)
        group.new += seen_at is None or article.fetched_at > seen_at
    ReaderState.objects.filter(pk=state.pk).update(following_seen_at=now)
    return FollowingPage(follows, list(groups.values()), seen_at)


def followed_articles(user_id: int) -> list[Article]:
    """The Following page's reports, newest first, without marking a visit: for readers that
    poll, like the personal feed."""
    follows = list(Follow.objects.filter(user_id=user_id))
    return _followed_articles(follows, timezone.now() - FOLLOWING_WINDOW)


def _followed_articles(follows: list[Follow], since: datetime) -> list[Article]:
    def ids(kind: str, attribute: str) -> list[int]:
        return [getattr(f, attribute) for f in follows if f.kind == kind]

    wanted = Q(pk__in=[])
    if sources := ids(Follow.Kind.SOURCE, "source_id"):
        wanted |= Q(source_id__in=sources)
    if stories := ids(Follow.Kind.STORY, "story_id"):
        wanted |= Q(story_id__in=stories)
    if tags := ids(Follow.Kind.HASHTAG, "hashtag_id"):
        tagged = ArticleHashtag.objects.filter(hashtag_id__in=tags, published_at__gte=since)
        wanted |= Q(pk__in=tagged.values("article_id"))
    searches = [f.query for f in follows if f.kind == Follow.Kind.SEARCH][:MAX_SEARCHES_SHOWN]
    matched = [a for q in searches for a, _ in fulltext.matching(parse(q), SEARCH_MATCHES)]
    if matched:
        wanted |= Q(pk__in=matched)
    return list(
        listed_articles()
        .filter(wanted, published_at__gte=since)
        .select_related("story")
        .defer("story__centroid")[:FOLLOWING_LIMIT]
    )


def saved_articles(user_id: int) -> QuerySet[Article]:
    """Bookmarked articles, most recently saved first (the caller pages through them)."""
    return (
        Article.objects.filter(bookmark__user_id=user_id)
        .select_related("source")
        .defer("body_html", "embedding", "entities")
        .order_by("-bookmark__saved_at", "-id")
    )


def mark_notifications_read(user_id: int, now: datetime | None = None) -> int:
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )
