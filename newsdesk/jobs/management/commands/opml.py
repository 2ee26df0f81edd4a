from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.feeds import OpmlError
from newsdesk.pipeline.sources import export_opml, import_opml


class Command(BaseCommand):
    help = "Import subscriptions from OPML (`opml import FILE`) or export them (`opml export`)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("import").add_argument("file", type=Path)
        actions.add_parser("export").add_argument("file", type=Path, nargs="?")

    def handle(self, *args: object, **options: Any) -> None:
        if options["action"] == "import":
            try:
                feeds = import_opml(Path(options["file"]).read_bytes())
            except (OSError, OpmlError) as error:
                raise CommandError(f"opml: cannot import {options['file']}: {error}") from error
            self.stdout.write(f"{len(feeds)} feeds subscribed")
            return
        content = export_opml()
        if options["file"]:
            Path(options["file"]).write_bytes(content)
        else:
            sys.stdout.buffer.write(content)
