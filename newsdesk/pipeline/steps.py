"""The pipeline's steps by id (what a task runs for one row), and the page step's two halves
that the foreground ingest runs apart: fetching in pool threads, storing in batches."""

from __future__ import annotations

from django.db import close_old_connections

from newsdesk.news.models import Feed
from newsdesk.pipeline.enrich import consolidate_stories, enrich_articles
from newsdesk.pipeline.fetching import shared_fetcher
from newsdesk.pipeline.pages import PageJob, PageResult, fetch_page, process_page, store_pages
from newsdesk.pipeline.refresh import FeedOutcome, refresh_feed

__all__ = [
    "FeedOutcome",
    "consolidate_stories",
    "PageJob",
    "PageResult",
    "enrich_articles",
    "fetch_page",
    "in_thread",
    "process_page_by_id",
    "refresh_feed_by_id",
    "store_pages",
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
