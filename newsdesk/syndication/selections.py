"""What each feed holds: its channel and its newest entries, from the archive's read queries.

A selection's ``version`` is one small indexed query (ids and times of the entries), so a
conditional GET is answered without loading or rendering anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, partial

from django.core.cache import cache
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from newsdesk.api.models import AccessToken
from newsdesk.api.search import search_articles
from newsdesk.extraction.sanitize import sanitize_html
from newsdesk.following.services import followed_articles, saved_articles
from newsdesk.news import queries
from newsdesk.news.models import Article, Hashtag, Source, Story
from newsdesk.nlp.topics import SECTION_NAMES
from newsdesk.syndication.generators import Entry

ENTRIES = 30
TOP_STORIES = 20
TOP_STORIES_SECONDS = 60


@dataclass(frozen=True)
class Selection:
    """A feed's channel and its entries: articles (newest first), or ranked stories."""

    title: str
    page: str
    description: str
    articles: QuerySet[Article] | None = None
    stories: Callable[[], list[Story]] | None = None
    # Entries chosen by code rather than one query (what a reader follows).
    chosen: Callable[[], list[Article]] | None = None
    # When an entry joined the feed, if not when it was stored (a save, for the Saved feed):
    # Last-Modified must move whenever the entries change, even for an old article.
    joined: str = "fetched_at"

    @cached_property
    def _chosen(self) -> list[Article]:
        assert self.chosen is not None
        rows = self.chosen()[:ENTRIES]
        prefetch_related_objects(rows, "hashtags")
        return rows

    def version(self) -> list[tuple]:
        if self.chosen is not None:
            return [(a.pk, a.published_at, a.updated_at, a.fetched_at) for a in self._chosen]
        if self.articles is not None:
            fields = ("pk", "published_at", "updated_at", self.joined)
            return list(self.articles.values_list(*fields)[:ENTRIES])
        assert self.stories is not None
        return [(s.pk, s.last_seen_at, s.article_count) for s in self.stories()]

    def entries(self, request: HttpRequest) -> list[Entry]:
        if self.chosen is not None:
            return [article_entry(request, article) for article in self._chosen]
        if self.articles is not None:
            rows = list(self.articles.prefetch_related("hashtags")[:ENTRIES])
            return [article_entry(request, article) for article in rows]
        assert self.stories is not None
        return story_entries(request, self.stories())


def _top() -> list[Story]:
    stories = cache.get("feeds:top-stories")
    if stories is None:
        stories = queries.top_stories(limit=TOP_STORIES)
        cache.set("feeds:top-stories", stories, TOP_STORIES_SECONDS)
    return list(stories)


def select(kind: str, request: HttpRequest, key: str = "") -> Selection:
    """The selection a feed URL names; unknown objects are 404."""
    if kind == "top":
        return Selection(
            "Top stories",
            reverse("reader:front"),
            "The stories most outlets are reporting now.",
            stories=_top,
        )
    if kind == "latest":
        return Selection(
            "Latest",
            reverse("reader:front"),
            "Every new report, newest first.",
            articles=queries.listed_articles(),
        )
    if kind == "source":
        source = get_object_or_404(Source, slug=key)
        return Selection(
            source.name,
            source.get_absolute_url(),
            f"The latest from {source.name}.",
            articles=queries.source_articles(source),
        )
    if kind == "hashtag":
        tag = get_object_or_404(Hashtag, slug=key)
        return Selection(
            str(tag),
            tag.get_absolute_url(),
            f"The latest news tagged {tag}.",
            articles=queries.hashtag_articles(tag),
        )
    if kind == "section":
        if key not in SECTION_NAMES:
            raise Http404("No such section.")
        name = SECTION_NAMES[key]
        return Selection(
            name,
            reverse("reader:section", args=[key]),
            f"The latest {name} news.",
            articles=queries.section_articles(key),
        )
    if kind == "story":
        if not key.isdigit():
            raise Http404("No such story.")
        story = get_object_or_404(Story.objects.defer("centroid"), pk=int(key))
        outlets = sorted(
            set(Article.objects.filter(story=story).values_list("source__name", flat=True))
        )
        return Selection(
            story.title,
            story.get_absolute_url(),
            f"Reported so far by {', '.join(outlets)}; "
            "a new entry whenever another outlet reports it.",
            articles=queries.listed_articles().filter(story=story),
        )
    if kind == "search":
        query = request.GET.get("q", "").strip()
        return Selection(
            f"Search: {query}",
            reverse("reader:front"),
            f"Articles matching “{query}”.",
            articles=search_articles(query),
        )
    if kind in ("personal", "saved"):
        token = AccessToken.find(key, AccessToken.Kind.FEED)
        if token is None:
            raise Http404("No such feed.")
        name, user_id = token.user.get_username(), token.user.pk
        if kind == "saved":
            return Selection(
                f"Saved by {name}",
                reverse("following:saved"),
                "The articles you saved, most recently saved first.",
                articles=saved_articles(user_id),
                joined="bookmark__saved_at",
            )
        return Selection(
            f"Followed by {name}",
            reverse("following:following"),
            "This week's reports from the sources, stories, hashtags and searches you follow.",
            chosen=partial(followed_articles, user_id),
        )
    raise Http404("No such feed.")


def _summary(paragraphs: list[str], original: str, source: str) -> str:
    """Plain text made safe HTML: escaped, then through the site's one allow-list."""
    html = "".join(f"<p>{escape(text)}</p>" for text in paragraphs if text)
    if original:
        html += f'<p>{escape(source)}: <a href="{escape(original)}">read the original</a></p>'
    return sanitize_html(html, original or "")


def article_entry(request: HttpRequest, article: Article) -> Entry:
    source = article.source
    return Entry(
        title=article.headline,
        link=request.build_absolute_uri(article.get_absolute_url()),
        summary_html=_summary([article.standfirst], article.url, source.name),
        published=article.published_at,
        updated=article.updated_at if article.was_updated else None,
        author=article.author or source.name,
        original_url=article.url,
        source_name=source.name,
        source_feed_url=request.build_absolute_uri(
            reverse("syndication:feed", args=["source", source.slug, "rss"])
        ),
        categories=[tag.name for tag in article.hashtags.all()],
    )


def story_entries(request: HttpRequest, stories: list[Story]) -> list[Entry]:
    outlets: dict[int, set[str]] = {}
    for story_id, name in Article.objects.filter(story__in=stories).values_list(
        "story_id", "source__name"
    ):
        outlets.setdefault(story_id, set()).add(name)
    return [_story_entry(request, story, sorted(outlets.get(story.pk, ()))) for story in stories]


def _story_entry(request: HttpRequest, story: Story, outlets: list[str]) -> Entry:
    lead = story.lead_article
    reported = f"Reported by {', '.join(outlets)}." if outlets else ""
    return Entry(
        title=story.title,
        link=request.build_absolute_uri(story.get_absolute_url()),
        summary_html=_summary(
            [story.description or (lead.standfirst if lead else ""), reported],
            lead.url if lead else "",
            lead.source.name if lead else "",
        ),
        published=story.first_seen_at,
        updated=story.last_seen_at,
        author=", ".join(outlets),
        original_url=lead.url if lead else "",
    )


def latest_moment(version: list[tuple]) -> datetime | None:
    moments = [moment for row in version for moment in row[1:] if isinstance(moment, datetime)]
    return max(moments, default=None)
