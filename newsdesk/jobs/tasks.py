"""Tasks on Django's Tasks API. Each takes only an id and re-reads its row, so a task that
runs late, twice, or after its row was deleted does the right thing (linkding's pattern)."""

from __future__ import annotations

from django_tasks import task

from newsdesk.pipeline import steps
from newsdesk.reader import assistant


@task()
def refresh_feed(feed_id: int) -> None:
    steps.refresh_feed_by_id(feed_id)


@task()
def process_page(article_id: int) -> None:
    steps.process_page_by_id(article_id)


@task()
def enrich(article_ids: list[int]) -> None:
    steps.enrich_articles(article_ids)
    assistant.precompute(article_ids)


@task()
def consolidate_stories() -> None:
    steps.consolidate_stories()
