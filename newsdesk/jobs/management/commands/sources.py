from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Q
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from newsdesk.feeds import is_failing_for_days
from newsdesk.news.models import Feed
from newsdesk.pipeline.fetching import shared_fetcher
from newsdesk.pipeline.sources import SourceError, add_source


class Command(BaseCommand):
    help = "Add and list sources: `sources add URL [--name NAME]`, `sources list`."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Add a feed URL or a site's home page URL.")
        add.add_argument("urls", nargs="+", metavar="URL")
        add.add_argument("--name", default="", help="The source's name (default: the feed's).")
        actions.add_parser("list", help="List sources and the health of their feeds.")

    def handle(self, *args: object, **options: Any) -> None:
        if options["action"] == "add":
            self._add(list(options["urls"]), str(options["name"]))
        else:
            self._list()

    def _add(self, urls: list[str], name: str) -> None:
        failed = []
        for url in urls:
            try:
                feed = add_source(url, shared_fetcher(), name=name)
            except SourceError as error:
                self.stderr.write(str(error))
                failed.append(url)
                continue
            self.stdout.write(f"{feed.source.name}: {feed.url} ({feed.get_kind_display()})")
        if failed:
            raise CommandError(f"{len(failed)} of {len(urls)} sources could not be added")

    def _list(self) -> None:
        table = Table(title="Sources")
        columns = ("source", "feed", "kind", "articles", "pages failing", "last success", "errors")
        for column in columns:
            table.add_column(column)
        now = timezone.now()
        feeds = (
            Feed.objects.select_related("source")
            .annotate(
                article_total=Count("articles"),
                pages_failing=Count("articles", filter=~Q(articles__last_error="")),
            )
            .order_by("source__name")
        )
        for feed in feeds:
            health = (
                f"{feed.error_count} since {feed.error_since:%Y-%m-%d}" if feed.error_count else ""
            )
            if is_failing_for_days(feed.error_since, now):
                health += " (failing for days)"
            last = (
                f"{(now - feed.last_success_at).total_seconds() // 60:.0f} min ago"
                if feed.last_success_at
                else "never"
            )
            counts = (str(feed.article_total), str(feed.pages_failing))
            table.add_row(feed.source.name, feed.url, feed.kind, *counts, last, health)
        Console().print(table)
        self.stdout.write(
            "Pages failing: their feed text is shown; the admin lists why (Articles, page error)."
        )
