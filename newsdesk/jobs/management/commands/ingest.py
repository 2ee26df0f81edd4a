from __future__ import annotations

import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console

from newsdesk.jobs.ingest import run_pass, summary_table


class Command(BaseCommand):
    help = "Run one full ingestion pass in the foreground, with progress bars and a summary."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Poll every feed, due or not.")
        parser.add_argument("--threads", type=int, default=16, help="Concurrent fetches.")
        parser.add_argument(
            "--processes", type=int, default=1, help="Processes extracting pages (CPU cores)."
        )

    def handle(self, *args: object, **options: Any) -> None:
        # Ctrl+C (SIGINT) stops a pass however it was started: a background job of a script
        # inherits SIGINT ignored, and Python then never turns it into KeyboardInterrupt.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        console = Console()
        report = run_pass(
            all_feeds=bool(options["all"]),
            threads=int(options["threads"]),
            processes=int(options["processes"]),
            console=console,
        )
        console.print(summary_table(report))
        for name, tally in sorted(report.by_source.items()):
            for error in tally.errors:
                console.print(f"[red]{name}[/red]: {error}")
