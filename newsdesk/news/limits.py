"""The database's limits, in one place: parameters per statement and column lengths."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from django.db.models import Model

T = TypeVar("T")

# SQLite caps the parameters of one statement (999 on older builds); 500 leaves room for the
# rest of the query.
PARAMS_PER_QUERY = 500


def in_chunks(items: Sequence[T], size: int = PARAMS_PER_QUERY) -> Iterator[Sequence[T]]:
    """``items`` in slices small enough for one ``pk__in`` query each."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def clip(model: type[Model], field: str, value: str) -> str:
    """``value`` cut to the column's ``max_length``: publishers send titles of any length, and
    a too-long value must never fail a whole batch's save."""
    max_length = getattr(model._meta.get_field(field), "max_length", None)
    return value[:max_length] if max_length else value


# Error and warning texts kept on a row: enough to diagnose, bounded whatever a server sends.
MAX_MESSAGE_CHARS = 2000


def clip_text(message: str) -> str:
    """An error or warning message cut to ``MAX_MESSAGE_CHARS`` for storing."""
    return message[:MAX_MESSAGE_CHARS]
