"""The full-text index, behind one interface for SQLite FTS5 and PostgreSQL's tsvector.

The index holds each article's words (headline, standfirst, body) keyed by the article's id;
everything else a result needs (its story, source, tags, date) is joined from the archive at
query time, so a merge or split of stories never touches the index. Queries come in already
parsed (``newsdesk.search.parse``): the engines only ever see expressions built from quoted
words, so no reader input reaches an engine's syntax.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.db import connection

from newsdesk.news.limits import in_chunks
from newsdesk.search.query import Filters, Query

# How much of a body is indexed: a very long page adds little to finding it, and PostgreSQL
# caps one tsvector at a megabyte.
MAX_BODY_CHARS = 100_000
# SQLite ranks at most this many matches of a query, the newest (see ``matching``).
RANKED_MATCHES = 5000
# Column weights: a word in the headline says more than one deep in the body.
_FTS5_RANK = "bm25(news_search, 8.0, 3.0, 1.0)"
_TSVECTOR = (
    "setweight(to_tsvector('english', a.headline), 'A') || "
    "setweight(to_tsvector('english', a.standfirst), 'B') || "
    f"setweight(to_tsvector('english', left(a.text, {MAX_BODY_CHARS})), 'C')"
)

Match = tuple[int, int | None]  # (article id, story id)


def write(article_ids: Sequence[int]) -> None:
    """(Re)index the given articles' current words; ids no longer in the archive are dropped."""
    for chunk in in_chunks(list(article_ids)):
        marks = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DELETE FROM news_search WHERE article_id IN ({marks})", chunk)
                cursor.execute(
                    f"INSERT INTO news_search (article_id, document) SELECT a.id, {_TSVECTOR} "
                    f"FROM news_article a WHERE a.id IN ({marks})",
                    chunk,
                )
            else:
                cursor.execute(f"DELETE FROM news_search WHERE rowid IN ({marks})", chunk)
                cursor.execute(
                    "INSERT INTO news_search (rowid, headline, standfirst, body) "
                    f"SELECT a.id, a.headline, a.standfirst, substr(a.text, 1, {MAX_BODY_CHARS}) "
                    f"FROM news_article a WHERE a.id IN ({marks})",
                    chunk,
                )


def clear() -> None:
    """Empty the index (before a rebuild)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM news_search")


def matching(query: Query, limit: int, within: Sequence[int] = ()) -> list[Match]:
    """Listed articles with every included word and none excluded, passing the filters, best
    match first; or, for a query of filters only, the newest such articles. ``within`` limits
    the search to those articles (new arrivals checked against saved searches)."""
    where, params = _filter_sql(query.filters)
    if within:
        where += f" AND a.id IN ({', '.join(['%s'] * len(within))})"
        params += list(within)
    if not query.include:
        if not query.filters:
            return []
        return _rows(
            f"SELECT a.id, a.story_id FROM news_article a WHERE {where} "
            "ORDER BY a.published_at DESC, a.id DESC LIMIT %s",
            [*params, limit],
        )
    if connection.vendor == "postgresql":
        return _rows(
            "SELECT a.id, a.story_id FROM news_search s "
            "JOIN news_article a ON a.id = s.article_id, to_tsquery('english', %s) q "
            f"WHERE s.document @@ q AND {where} "
            "ORDER BY ts_rank_cd(s.document, q) DESC, a.published_at DESC LIMIT %s",
            [query.tsquery(), *params, limit],
        )
    # Only the newest RANKED_MATCHES matches passing the filters are scored: FTS5 reads a
    # word's matches newest first, and the subquery stops there and scores only what it
    # returns, so a word found in most of a million articles costs what a rare one does.
    if query.filters and not within:
        return _filtered_fts5(query, where, params, limit)
    return _ranked_fts5(query.fts5(), where, params, limit)


def _ranked_fts5(expression: str, where: str, params: list[object], limit: int) -> list[Match]:
    return _rows(
        "SELECT id, story_id FROM (SELECT a.id AS id, a.story_id AS story_id, "
        f"a.published_at AS published_at, {_FTS5_RANK} AS score "
        "FROM news_search s JOIN news_article a ON a.id = s.rowid "
        f"WHERE news_search MATCH %s AND {where} ORDER BY s.rowid DESC LIMIT %s) "
        "ORDER BY score, published_at DESC LIMIT %s",
        [expression, *params, RANKED_MATCHES, limit],
    )


def _filtered_fts5(query: Query, where: str, params: list[object], limit: int) -> list[Match]:
    """A filter (one outlet of many, say) passes few matches, and finding the newest
    RANKED_MATCHES that pass may read all of a common word's matches. First look among the
    newest RANKED_MATCHES matches of the words alone; only when too few of them pass the
    filters, search past them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(rowid), count(*) FROM (SELECT rowid FROM news_search "
            "WHERE news_search MATCH %s ORDER BY rowid DESC LIMIT %s)",
            [query.fts5(), RANKED_MATCHES],
        )
        floor, matches = cursor.fetchone()
    if not matches:
        return []
    found = _ranked_fts5(query.fts5(), f"{where} AND s.rowid >= %s", [*params, floor], limit)
    if len(found) >= limit or matches < RANKED_MATCHES:
        return found
    return _ranked_fts5(query.fts5(), where, params, limit)


def excluded(query: Query, article_ids: Sequence[int]) -> set[int]:
    """Which of the given articles contain a word the query excludes."""
    if not query.exclude or not article_ids:
        return set()
    marks = ", ".join(["%s"] * len(article_ids))
    if connection.vendor == "postgresql":
        sql = (
            "SELECT article_id, NULL FROM news_search "
            f"WHERE document @@ to_tsquery('english', %s) AND article_id IN ({marks})"
        )
        return {row[0] for row in _rows(sql, [query.tsquery_any_excluded(), *article_ids])}
    sql = f"SELECT rowid, NULL FROM news_search WHERE news_search MATCH %s AND rowid IN ({marks})"
    return {row[0] for row in _rows(sql, [query.fts5_any_excluded(), *article_ids])}


def passing(filters: Filters, story_ids: Sequence[int]) -> dict[int, int]:
    """For each given story with a listed report passing the filters, its newest such report."""
    if not story_ids:
        return {}
    where, params = _filter_sql(filters)
    marks = ", ".join(["%s"] * len(story_ids))
    rows = _rows(
        f"SELECT a.id, a.story_id FROM news_article a WHERE a.story_id IN ({marks}) "
        f"AND {where} ORDER BY a.published_at ASC, a.id ASC",
        [*story_ids, *params],
    )
    return {story_id: article_id for article_id, story_id in rows if story_id is not None}


def _filter_sql(filters: Filters) -> tuple[str, list[object]]:
    """SQL conditions on the article row ``a`` (always: not a republished copy)."""
    clauses = ["a.duplicate_of_id IS NULL"]
    params: list[object] = []
    if filters.sources:
        marks = ", ".join(["%s"] * len(filters.sources))
        clauses.append(f"a.source_id IN (SELECT id FROM news_source WHERE slug IN ({marks}))")
        params += filters.sources
    if filters.hashtags:
        marks = ", ".join(["%s"] * len(filters.hashtags))
        clauses.append(
            "EXISTS (SELECT 1 FROM news_articlehashtag t JOIN news_hashtag h "
            f"ON h.id = t.hashtag_id WHERE t.article_id = a.id AND h.slug IN ({marks}))"
        )
        params += filters.hashtags
    if filters.languages:
        # "en" also finds "en-GB".
        either = " OR ".join(["a.language = %s OR a.language LIKE %s"] * len(filters.languages))
        clauses.append(f"({either})")
        for language in filters.languages:
            params += [language, f"{language}-%"]
    if filters.since:
        clauses.append("a.published_at >= %s")
        params.append(_moment(datetime.combine(filters.since, time(), UTC)))
    if filters.until:
        clauses.append("a.published_at < %s")
        params.append(_moment(datetime.combine(filters.until + timedelta(days=1), time(), UTC)))
    return " AND ".join(clauses), params


def _moment(value: datetime) -> object:
    return connection.ops.adapt_datetimefield_value(value)


def _rows(sql: str, params: Sequence[Any]) -> list[Match]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(row[0]), row[1]) for row in cursor.fetchall()]
