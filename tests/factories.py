"""Small factories for the archive's rows, so tests state only what they are about."""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timedelta

from django.utils import timezone

from newsdesk.demo.publisher import CORPUS
from newsdesk.news.models import Article, ArticleHashtag, Hashtag, Source, Story

_counter = itertools.count(1)

LOREM_PARAGRAPHS = (
    "The harbour authority confirmed on Tuesday that the night shift would return to work. "
    "Talks with the dockworkers' union lasted eleven hours.",
    "Union leaders said the agreement covered pay and safety rules. "
    "They asked members to vote on it within a week.",
)


def make_source(name: str | None = None) -> Source:
    number = next(_counter)
    name = name or f"Outlet {number}"
    return Source.objects.create(
        name=name, slug=f"outlet-{number}", home_url=f"https://outlet{number}.example/"
    )


def make_article(
    source: Source | None = None,
    *,
    headline: str | None = None,
    published_at: datetime | None = None,
    text: str = "\n".join(LOREM_PARAGRAPHS),
    hashtags: tuple[str, ...] = (),
    **fields: object,
) -> Article:
    number = next(_counter)
    source = source or make_source()
    published_at = published_at or timezone.now() - timedelta(minutes=number)
    article = Article.objects.create(
        source=source,
        canonical_url=f"https://{source.slug}.example/news/{number}",
        url=f"https://{source.slug}.example/news/{number}",
        headline=headline or f"Headline number {number}",
        published_at=published_at,
        text=text,
        **{"body_html": "".join(f"<p>{p}</p>" for p in text.split("\n")), **fields},
    )
    for name in hashtags:
        tag, _ = Hashtag.objects.get_or_create(slug=name.lower(), defaults={"name": name})
        ArticleHashtag.objects.create(article=article, hashtag=tag, published_at=published_at)
    return article


def make_story(*articles: Article, title: str = "A story") -> Story:
    story = Story.objects.create(
        title=title,
        article_count=len(articles),
        source_count=len({a.source_id for a in articles}),
    )
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(story=story)
    return story


def story_of_its_own(article: Article) -> Story:
    """Put an enriched report in a story of its own, with the clustering state filing would
    have given it had it come first."""
    from newsdesk.pipeline.stories import stored_signal

    article.refresh_from_db()
    story = Story.objects.create(
        title=article.headline,
        first_seen_at=article.published_at,
        last_seen_at=article.published_at,
        centroid=article.embedding,
        entity_counts=dict.fromkeys(stored_signal(article).entity_keys, 1),
        article_count=1,
    )
    Article.objects.filter(pk=article.pk).update(story=story)
    return story


def demo_gold_events() -> dict[str, str]:
    """The event each demo report tells, by its canonical URL (a report of its own: its name)."""
    articles = json.loads((CORPUS / "events.json").read_text())["articles"]
    return {info["canonical"]: info.get("event") or article for article, info in articles.items()}
