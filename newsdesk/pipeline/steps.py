"""The pipeline's steps by id: what a task or the foreground ingest runs for one row."""

from __future__ import annotations

from django.db import close_old_connections

from newsdesk.news.models import Feed
from newsdesk.pipeline.enrich import enrich_articles, merge_similar_stories
from newsdesk.pipeline.fetching import shared_fetcher
from newsdesk.pipeline.pages import process_page
from newsdesk.pipeline.refresh import FeedOutcome, refresh_feed

__all__ = [
    "FeedOutcome",
    "enrich_articles",
    "in_thread",
    "merge_similar_stories",
    "process_page_by_id",
    "refresh_feed_by_id",
]


def refresh_feed_by_id(feed_id: int) -> FeedOutcome | None:
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return None
    return refresh_feed(feed, shared_fetcher())


def process_page_by_id(article_id: int) -> str:
    return process_page(article_id, shared_fetcher())


def in_thread(step, row_id: int):  # noqa: ANN001, ANN201 - generic over steps
    """Run a step in a pool thread, closing that thread's database connection afterwards."""
    try:
        return step(row_id)
    finally:
        close_old_connections()
