from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


class Command(BaseCommand):
    help = (
        "Serve the site in production: collect the static files (hashed names, compressed, "
        "cached for a year by browsers), then run gunicorn with newsdesk's settings "
        "(newsdesk.serving.gunicorn)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Where the site listens.")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Web processes (default NEWSDESK_WEB_WORKERS, else 3: measured best on 2 cores).",
        )

    def handle(self, *args: object, **options: Any) -> None:
        # Collected with the hashing storage, which the served processes then pick up (the
        # settings choose it once its manifest exists).
        hashed = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
        with override_settings(STORAGES=hashed):
            call_command("collectstatic", interactive=False, verbosity=0)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:newsdesk.serving.gunicorn",
            "--bind",
            str(options["addr"]),
        ]
        if options["workers"]:
            command += ["--workers", str(options["workers"])]
        # gunicorn takes over this process: signals (Ctrl+C, SIGTERM) go straight to it.
        os.execv(sys.executable, command)
