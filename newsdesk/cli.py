"""The ``newsdesk`` console command: a thin wrapper over Django's management commands.

``newsdesk ingest`` is ``django-admin ingest`` with our settings preselected, so users never
need to know about DJANGO_SETTINGS_MODULE or manage.py.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["newsdesk", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
