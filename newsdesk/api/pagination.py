"""Cursor pagination on (time, id), newest first.

A cursor names the last row a page showed, so the next page starts right after it: rows
inserted meanwhile (new articles arrive at the top) never shift a page the way offsets do, and
a deep page costs the same index range scan as the first.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class BadCursor(ValueError):
    """The cursor was not one this API gave out."""


def clamp_limit(limit: int, max_limit: int = MAX_LIMIT) -> int:
    """Huge page sizes are capped rather than refused, as most clients ask for "all"."""
    return max(1, min(limit, max_limit))


def encode(moment: datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{pk}".encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.rsplit("|", 1)
        parsed = datetime.fromisoformat(moment)
        if parsed.tzinfo is None:
            raise ValueError("naive time")
        return parsed, int(pk)
    except (ValueError, UnicodeDecodeError, binascii.Error) as error:
        raise BadCursor("invalid cursor") from error


def keyset_page(
    rows: QuerySet[M],
    cursor: str | None,
    limit: int,
    field: str = "published_at",
    *,
    newest_first: bool = True,
    max_limit: int = MAX_LIMIT,
) -> tuple[list[M], str | None]:
    """One page of ``rows`` ordered by ``field`` then id (newest first unless told otherwise),
    and the cursor of the next page (None on the last)."""
    after, bound = ("lt", "lte") if newest_first else ("gt", "gte")
    if cursor:
        moment, pk = decode(cursor)
        # The bare range on the time column lets the database seek in its index; the OR alone
        # would make it scan from the first row.
        rows = rows.filter(**{f"{field}__{bound}": moment}).filter(
            Q(**{f"{field}__{after}": moment}) | Q(**{field: moment, f"pk__{after}": pk})
        )
    limit = clamp_limit(limit, max_limit)
    sign = "-" if newest_first else ""
    found = list(rows.order_by(f"{sign}{field}", f"{sign}pk")[: limit + 1])
    page = found[:limit]
    if len(found) <= limit:
        return page, None
    last = page[-1]
    return page, encode(getattr(last, field), last.pk)
