"""What a signed-in reader's page shows of their own: the articles they saved, what they follow
and how many alerts they have not read, read in one statement once per request.

Every reader page carries the header's alert count, a save button on each card and, on most,
a follow button: three queries a page, each costing a signed-in page about as much as a cached
page costs in all. One statement over the three tables' per-reader indexes reads them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection
from django.http import HttpRequest

from newsdesk.following.models import Bookmark, Follow, Notification
from newsdesk.news.models import Hashtag, Source

_ATTRIBUTE = "_newsdesk_reader_state"


@dataclass(frozen=True)
class ReaderState:
    saved: frozenset[int]
    # (kind, target) of each follow: a source's or hashtag's slug, a story's id, a search.
    followed: frozenset[tuple[str, str]]
    unread_alerts: int


_NOBODY = ReaderState(frozenset(), frozenset(), 0)


def reader_state(request: HttpRequest) -> ReaderState:
    """This request's reader's state, read at most once per request."""
    user = request.user
    if not user.is_authenticated:
        return _NOBODY
    if not hasattr(request, _ATTRIBUTE):
        setattr(request, _ATTRIBUTE, _read(int(user.pk)))
    return getattr(request, _ATTRIBUTE)


def read_along(request: HttpRequest, sql: str, params: list[Any], width: int = 5) -> list[tuple]:
    """The rows of ``sql`` (``width`` columns), read in the same statement as this reader's
    state, which the request keeps (``reader_state``): a part read on every request (an
    article's comments) or a page's own statement (a story's, the latest news') and the state
    are one round trip, not two. A reader not signed in, or whose state is read already, has
    only ``sql`` run."""
    user = request.user
    if not user.is_authenticated or hasattr(request, _ATTRIBUTE):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    # The other statement's columns after the state's, and its branch first: PostgreSQL takes
    # each column's type from the first branch that gives one.
    state = _statement(pad=", NULL" * width)
    rows = _fetch(
        f"SELECT 3, NULL, NULL, NULL, NULL, NULL, along.* FROM ({sql}) AS along UNION ALL {state}",
        [*params, *[int(user.pk)] * len(_BRANCHES)],
    )
    setattr(request, _ATTRIBUTE, _state([row[:6] for row in rows if row[0] != 3]))
    return [row[6:] for row in rows if row[0] == 3]


def _read(user_id: int) -> ReaderState:
    return _state(_fetch(_statement(pad=""), [user_id] * len(_BRANCHES)))


def _fetch(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _state(rows: list[tuple]) -> ReaderState:
    """The state from the rows of ``_BRANCHES``."""
    saved = frozenset(int(number) for what, number, *_ in rows if what == 0)
    followed = frozenset(
        (kind, str(next(value for value in (source, hashtag, story, query) if value)))
        for what, story, kind, source, hashtag, query in rows
        if what == 1
    )
    unread = next(int(number) for what, number, *_ in rows if what == 2)
    return ReaderState(saved, followed, unread)


# The state's statement, one branch (over one table's per-reader index) for each part: the
# reader's saved articles (0), follows (1) and unread alerts (2); ``pad`` ends each branch's
# columns.
_BRANCHES = (
    "SELECT 0, article_id, NULL, NULL, NULL, NULL{pad} FROM {bookmarks} WHERE user_id = %s",
    "SELECT 1, f.story_id, f.kind, s.slug, h.slug, f.query{pad} FROM {follows} AS f"
    " LEFT JOIN {sources} AS s ON s.id = f.source_id"
    " LEFT JOIN {hashtags} AS h ON h.id = f.hashtag_id WHERE f.user_id = %s",
    "SELECT 2, COUNT(*), NULL, NULL, NULL, NULL{pad} FROM {alerts}"
    " WHERE user_id = %s AND read_at IS NULL",
)


@cache
def _statement(pad: str) -> str:
    tables = {
        "bookmarks": Bookmark._meta.db_table,
        "follows": Follow._meta.db_table,
        "sources": Source._meta.db_table,
        "hashtags": Hashtag._meta.db_table,
        "alerts": Notification._meta.db_table,
    }
    return " UNION ALL ".join(branch.format(pad=pad, **tables) for branch in _BRANCHES)
