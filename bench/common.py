"""Shared helpers for the benchmarks: where the evaluation data lives and how to print tables."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# The evaluation data sits beside the repository (../shared/data); NEWSDESK_SHARED_DATA overrides.
SHARED_DATA = Path(os.environ.get("NEWSDESK_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows as a Markdown table, so results paste straight into notes and issues."""
    cells = [[_format(value) for value in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def _format(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def setup_django(data_dir: Path) -> None:
    """Django on a fresh SQLite archive in ``data_dir``, migrated: the production code path
    against a throw-away database."""
    os.environ["NEWSDESK_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
