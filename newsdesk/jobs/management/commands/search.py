from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from newsdesk.pipeline.search import rebuild


class Command(BaseCommand):
    help = "The search index: `search rebuild` indexes every enriched article afresh."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("rebuild", help="Empty the search index and index every article.")

    def handle(self, *args: object, **options: Any) -> None:
        started = time.monotonic()
        count = rebuild()
        self.stdout.write(f"Indexed {count} articles in {time.monotonic() - started:.1f} s.")
