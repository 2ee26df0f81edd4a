from __future__ import annotations

import secrets
from typing import Any

import waitress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings
from rich.console import Console

from newsdesk.demo.publisher import PublisherServer
from newsdesk.jobs.demo import load_demo
from newsdesk.jobs.ingest import summary_table
from newsdesk.pipeline.fetching import reset_fetcher
from newsdesk.wsgi import application


class Command(BaseCommand):
    help = (
        "Start the demo: a local publisher serving newsdesk's demo outlets, one ingest pass "
        "through the real pipeline, then the reader site."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Where the site listens.")
        parser.add_argument("--publisher-port", type=int, default=8765)
        parser.add_argument("--no-serve", action="store_true", help="Load, then stop.")

    def handle(self, *args: object, **options: Any) -> None:
        console = Console()
        call_command("migrate", interactive=False, verbosity=0)
        publisher = _publisher(int(options["publisher_port"]))
        console.print(f"Demo publisher serving the demo outlets on {publisher.base_url}")
        # The publisher is on loopback, which the SSRF guard refuses unless allow-listed; the
        # demo allow-lists it explicitly, and fetches it without per-host politeness delays.
        demo_fetching = override_settings(
            FETCH_ALLOWED_PRIVATE_HOSTS=["127.0.0.1"],
            FETCH_PER_HOST_DELAY=0.0,
            FETCH_PER_HOST_CONNECTIONS=8,
        )
        with demo_fetching:
            reset_fetcher()
            report = load_demo(publisher, console)
            reset_fetcher()
        console.print(summary_table(report))
        self._ensure_admin(console)
        if options["no_serve"]:
            publisher.stop()
            return
        host, _, port = str(options["addr"]).rpartition(":")
        console.print(f"\n[bold]newsdesk is running on http://{host}:{port}/[/bold] (Ctrl+C stops)")
        try:
            waitress.serve(application, host=host, port=int(port), threads=8, _quiet=True)
        finally:
            publisher.stop()

    def _ensure_admin(self, console: Console) -> None:
        users = get_user_model().objects
        if users.filter(username="admin").exists():
            return
        password = secrets.token_urlsafe(12)
        users.create_superuser("admin", password=password)
        console.print(f"Admin account for /admin/: [bold]admin[/bold] / [bold]{password}[/bold]")


def _publisher(port: int) -> PublisherServer:
    """The demo publisher, started; a port another program holds is a clear error, not a
    traceback."""
    try:
        return PublisherServer(port=port).start()
    except OSError as error:
        raise CommandError(
            f"the demo publisher cannot listen on port {port} ({error.strerror}); "
            "choose another with --publisher-port"
        ) from error
