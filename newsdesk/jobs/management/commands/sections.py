from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from newsdesk.pipeline.sections import rebuild


class Command(BaseCommand):
    help = "Sections: `sections rebuild` places every enriched article in its sections afresh."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("rebuild", help="Place every article again from its stored embedding.")

    def handle(self, *args: object, **options: Any) -> None:
        started = time.monotonic()
        count = rebuild()
        self.stdout.write(f"Placed {count} articles in {time.monotonic() - started:.1f} s.")
