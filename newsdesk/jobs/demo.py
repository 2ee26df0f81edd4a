"""Load the demo outlets through the real pipeline: a source and a feed per outlet of the
local publisher server, then one ingest pass against it."""

from __future__ import annotations

from django.db import transaction
from rich.console import Console

from newsdesk.demo.publisher import PublisherServer
from newsdesk.jobs.ingest import IngestReport, run_pass
from newsdesk.news.models import Feed, Source

# The manifest's feed kinds, in the archive's vocabulary.
_FEED_KINDS = {
    "rss": Feed.Kind.RSS,
    "atom": Feed.Kind.ATOM,
    "jsonfeed": Feed.Kind.JSON,
    "news-sitemap": Feed.Kind.SITEMAP,
    "html": Feed.Kind.HTML,
}


def register_outlets(publisher: PublisherServer) -> None:
    """Create or update one source and one feed per demo outlet (idempotent)."""
    with transaction.atomic():
        for outlet in publisher.outlets():
            source, _ = Source.objects.update_or_create(
                slug=outlet["slug"],
                defaults={
                    "name": outlet["name"],
                    "home_url": outlet["homepage"],
                    "logo_url": outlet["logo_url"],
                    "description": outlet.get("tagline", ""),
                },
            )
            # The publisher may run on another port than last time: move the feed, keep it.
            feed = source.feeds.first() or Feed(source=source)
            feed.url = outlet["feed_url"]
            feed.kind = _FEED_KINDS[outlet["feed_kind"]]
            feed.save()


def load_demo(
    publisher: PublisherServer, console: Console | None = None, *, enrich: bool = True
) -> IngestReport:
    register_outlets(publisher)
    return run_pass(all_feeds=True, enrich=enrich, console=console)
