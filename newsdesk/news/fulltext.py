"""The full-text index, behind one interface for SQLite FTS5 and PostgreSQL's tsvector.

The index holds each article's words (headline, standfirst, body) keyed by the article's id;
everything else a result needs (its story, source, tags, date) is joined from the archive at
query time, so a merge or split of stories never touches the index. Queries come in already
parsed (``newsdesk.search.parse``): the engines only ever see expressions built from quoted
words, so no reader input reaches an engine's syntax.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import connection

from newsdesk.news.limits import in_chunks
from newsdesk.search.query import Filters, Query, Term

# How much of a body is indexed: a very long page adds little to finding it, and PostgreSQL
# caps one tsvector at a megabyte.
MAX_BODY_CHARS = 100_000
# A search costs what the words it reads cost, never what every match of a common word would.
# A word found in fewer reports than this (counted up to this many) is rare, and read wherever
# it is in the archive, so an old article is found by a rare word. On SQLite, bm25 weighs each
# word by counting every report it is in: it ranks only a search of rare words.
RARE_BELOW = 5000
# On PostgreSQL, a word its statistics (``ANALYZE``'s most common lexemes) put in that many
# reports or more is common without counting: counting a common word's first matches reads
# thousands of documents.
# The most matches ranked (the newest), by bm25 on SQLite and ts_rank_cd on PostgreSQL.
RANKED_MATCHES = 1000
# A search of common words only reads the archive newest first in stretches of ids, the first
# this long and each next twice as long, up to ``MAX_STRETCH`` ids back: then it says how far
# back it looked, and the reader may search on from there.
FIRST_STRETCH = 4096
MAX_STRETCH = 16_384
# A story found by meaning passes a search's filters when one of its newest this many reports
# does.
PASSING_DEPTH = 50
# Column weights: a word in the headline says more than one deep in the body.
_FTS5_RANK = "bm25(news_search, 8.0, 3.0, 1.0)"
_TSVECTOR = (
    "setweight(to_tsvector('english', a.headline), 'A') || "
    "setweight(to_tsvector('english', a.standfirst), 'B') || "
    f"setweight(to_tsvector('english', left(a.text, {MAX_BODY_CHARS})), 'C')"
)


Match = tuple[int, int | None]  # (article id, story id)
# The index's article id: FTS5's rowid, or the tsvector table's key.
_INDEX_ID = {"sqlite": "rowid", "postgresql": "article_id"}


@dataclass(frozen=True)
class Matches:
    """A search's matches, best first; ``stopped_at`` is set when the search stopped before
    the start of the archive: every older article (a smaller id) is unread."""

    rows: list[Match]
    stopped_at: int | None = None


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
    match first (``search``'s rows). ``within`` limits the search to those articles (new
    arrivals checked against saved searches), in no particular order."""
    return search(query, limit, within=within).rows


def search(
    query: Query, limit: int, *, within: Sequence[int] = (), below: int | None = None
) -> Matches:
    """Matches as in ``matching``; or, for a query of filters only, the newest such articles.
    ``below`` searches only articles older than that id (on from where a search stopped)."""
    where, params = _filter_sql(query.filters)
    if within:
        where += f" AND a.id IN ({', '.join(['%s'] * len(within))})"
        params += list(within)
    if below is not None:
        where += " AND a.id < %s"
        params.append(below)
    if not query.include:
        if not query.filters:
            return Matches([])
        if not within:
            return _newest_passing(query.filters, limit, below)
        return Matches(
            _rows(
                f"SELECT a.id, a.story_id FROM news_article a WHERE {where} "
                "ORDER BY a.published_at DESC, a.id DESC LIMIT %s",
                [*params, limit],
            )
        )
    if connection.vendor == "postgresql" and within:
        return Matches(_newest_tsvector(query.tsquery(), where, params, limit))
    if within:
        # New arrivals are the newest ids: FTS5 reads only their range.
        where += " AND s.rowid >= %s AND s.rowid <= %s"
        return Matches(
            _newest_fts5(query.fts5(), where, [*params, min(within), max(within)], limit)
        )
    estimated = _planner_knows_words()
    rare = [_is_rare(term, estimated) for term in query.include]
    if not any(rare):
        return _stretches(query, limit, below)
    # A rare word bounds what is read: every match, however old, is found.
    if connection.vendor == "postgresql":
        return Matches(_ranked_tsvector(query, where, params, limit))
    if all(rare) and all(_is_rare(term, estimated) for term in query.exclude):
        return Matches(_ranked_fts5(query.fts5(), where, params, limit))
    return Matches(_headline_first(query, _newest_fts5(query.fts5(), where, params, limit)))


def _newest_passing(filters: Filters, limit: int, below: int | None) -> Matches:
    """The newest articles passing a query of filters only. Hashtags are read from their own
    links, newest first; otherwise the archive is read stretch by stretch of ids, as for
    common words, since a filter may pass few articles (a language seldom used, an outlet long
    quiet) and the newest-first list of the whole archive would be read to find them."""
    if filters.hashtags:
        return _newest_tagged(filters, limit, below)
    return _stretches(Query(filters=filters), limit, below)


def _newest_tagged(filters: Filters, limit: int, below: int | None) -> Matches:
    """The newest articles with any of the hashtags and passing the other filters, from the
    newest ``FIRST_STRETCH`` links of each hashtag, then if too few passed ``MAX_STRETCH``,
    read newest first from its index: a rare hashtag's old articles are found, and a popular
    one's newest cost no more. When a hashtag had more links than were read and too few
    articles passed, the search says where it stopped."""
    where, params = _filter_sql(replace(filters, hashtags=()))
    links = " UNION ".join([f"SELECT * FROM ({_tag_links(below)}) links"] * len(filters.hashtags))
    per_tag: list[list[Any]] = [[slug, *([below] if below else [])] for slug in filters.hashtags]
    for read in (FIRST_STRETCH, MAX_STRETCH):
        newest = _rows(
            f"SELECT a.id, a.story_id FROM ({links}) t {_article_of('t.article_id')} "
            f"WHERE {where} ORDER BY a.published_at DESC, a.id DESC LIMIT %s",
            [*(param for tag in per_tag for param in (*tag, read)), *params, limit],
        )
        if len(newest) == limit:
            return Matches(newest)
    with connection.cursor() as cursor:
        last_read: list[int] = []
        for tag in per_tag:
            # The last link read, if the hashtag has that many.
            cursor.execute(f"{_tag_links(below)} OFFSET %s", [*tag, 1, MAX_STRETCH - 1])
            last_read += [row[0] for row in cursor.fetchall()]
    return Matches(newest, stopped_at=max(last_read, default=None))


def _tag_links(below: int | None) -> str:
    """A hashtag's newest linked articles (parameters: its slug, ``below`` when given, how
    many), older than article ``below`` when given."""
    older = (
        " AND (l.published_at, l.article_id) < "
        "(SELECT published_at, id FROM news_article WHERE id = %s)"
        if below
        else ""
    )
    return (
        "SELECT l.article_id FROM news_articlehashtag l WHERE l.hashtag_id = "
        f"(SELECT id FROM news_hashtag WHERE slug = %s){older} "
        "ORDER BY l.published_at DESC, l.article_id DESC LIMIT %s"
    )


def _planner_knows_words() -> bool:
    """Whether PostgreSQL's statistics hold the index's most common words (``ANALYZE`` has
    read them, as autovacuum does): before that its estimates of a word's matches are
    guesses."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_stats WHERE tablename = 'news_search' "
            "AND attname = 'document' AND most_common_elems IS NOT NULL)"
        )
        return bool(cursor.fetchone()[0])


def _is_rare(term: Term, estimated: bool) -> bool:
    """Whether one of the term's words is in fewer than ``RARE_BELOW`` reports, counted up to
    that many so a common word costs no more to count than a rare one; on PostgreSQL, a word
    its statistics put in that many reports or more is not counted (given ``estimated``)."""
    last = len(term.words) - 1
    for position, word in enumerate(term.words):
        alone = Term((word,), prefix=term.prefix and position == last)
        if connection.vendor == "postgresql":
            sql = "SELECT 1 FROM news_search WHERE document @@ to_tsquery('english', %s)"
            expression = alone.tsquery()
            if estimated and _estimated_rows(sql, expression) >= RARE_BELOW:
                continue
        else:
            sql, expression = "SELECT 1 FROM news_search WHERE news_search MATCH %s", alone.fts5()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT %s) m", [expression, RARE_BELOW])
            if cursor.fetchone()[0] < RARE_BELOW:
                return True
    return False


def _estimated_rows(sql: str, expression: str) -> float:
    """How many rows PostgreSQL's planner expects ``sql`` to return: planning only."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", [expression])
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return float(plan[0]["Plan"]["Plan Rows"])


def _ranked_tsvector(query: Query, where: str, params: list[object], limit: int) -> list[Match]:
    """The newest ``RANKED_MATCHES`` matches, best ``ts_rank_cd`` first: it reads a match's
    whole document, so only those are ranked (a rare word bounds how many the index
    returns). The matches are listed first, from the GIN index: asked
    for the newest, the planner would read the archive newest first hoping to meet them
    soon, which for a rare word is most of it."""
    return _rows(
        "WITH q AS (SELECT to_tsquery('english', %s) AS q), "
        "m AS MATERIALIZED (SELECT article_id FROM news_search, q WHERE document @@ q.q) "
        "SELECT newest.id, newest.story_id FROM (SELECT a.id, a.story_id, a.published_at "
        "FROM (SELECT article_id FROM m ORDER BY article_id DESC) m "
        f"JOIN news_article a ON a.id = m.article_id WHERE {where} "
        "ORDER BY m.article_id DESC LIMIT %s) newest "
        "JOIN news_search s ON s.article_id = newest.id, q "
        "ORDER BY ts_rank_cd(s.document, q.q) DESC, newest.published_at DESC LIMIT %s",
        [query.tsquery(), *params, RANKED_MATCHES, limit],
    )


def _ranked_fts5(expression: str, where: str, params: list[object], limit: int) -> list[Match]:
    """The newest ``RANKED_MATCHES`` matches, best bm25 first: FTS5 reads a word's matches
    newest first, and the subquery stops there and scores only what it returns."""
    return _rows(
        "SELECT id, story_id FROM (SELECT a.id AS id, a.story_id AS story_id, "
        f"a.published_at AS published_at, {_FTS5_RANK} AS score "
        f"FROM news_search s {_article_of('s.rowid')} "
        f"WHERE news_search MATCH %s AND {where} ORDER BY s.rowid DESC LIMIT %s) "
        "ORDER BY score, published_at DESC LIMIT %s",
        [expression, *params, RANKED_MATCHES, limit],
    )


def _newest_fts5(expression: str, where: str, params: list[object], limit: int) -> list[Match]:
    return _rows(
        f"SELECT a.id, a.story_id FROM news_search s {_article_of('s.rowid')} "
        f"WHERE news_search MATCH %s AND {where} ORDER BY s.rowid DESC LIMIT %s",
        [expression, *params, limit],
    )


def _stretches(query: Query, limit: int, below: int | None) -> Matches:
    """The newest matches of a query of common words, read stretch by stretch of ids, so a
    filter that passes few of them, or a phrase of common words seldom found together, reads
    at most ``MAX_STRETCH`` ids of the archive."""
    top = _start(query.filters, below)
    lowest = max(top - MAX_STRETCH, 1)
    rows: list[Match] = []
    stretch = FIRST_STRETCH
    while top > 1:
        if top <= lowest:
            return Matches(_headline_first(query, rows), stopped_at=top)
        floor = max(top - stretch, lowest)
        need = limit - len(rows)
        found = _newest_in_stretch(query, floor, top, need)
        rows += found
        if len(found) == need:
            break
        top, stretch = floor, stretch * 2
    return Matches(_headline_first(query, rows))


def _newest_in_stretch(query: Query, floor: int, top: int, limit: int) -> list[Match]:
    """The newest matches with ids from ``floor`` up to (not including) ``top``. FTS5 honours
    a rowid range; it checks a NOT match by match, which costs more than listing an excluded
    word's matches in the stretch once and looking them up. PostgreSQL reads the stretch by
    the index's article ids, newest first, and checks each document until it has enough: a
    common word's whole list in the GIN index would cost more."""
    where, params = _filter_sql(query.filters, span=(floor, top))
    if not query.include:
        return _rows(
            f"SELECT a.id, a.story_id FROM {_articles()} WHERE {where} ORDER BY a.id DESC LIMIT %s",
            [*params, limit],
        )
    if connection.vendor == "postgresql":
        where += " AND s.article_id >= %s AND s.article_id < %s"
        return _newest_tsvector(query.tsquery(), where, [*params, floor, top], limit)
    where += " AND s.rowid >= %s AND s.rowid < %s"
    params += [floor, top]
    if query.exclude:
        where += (
            " AND s.rowid NOT IN (SELECT rowid FROM news_search WHERE news_search MATCH %s "
            "AND rowid >= %s AND rowid < %s)"
        )
        params += [query.fts5_any_excluded(), floor, top]
    return _newest_fts5(query.fts5_included(), where, params, limit)


def _newest_tsvector(tsquery: str, where: str, params: list[object], limit: int) -> list[Match]:
    """The newest matches among the ids ``where`` bounds (a stretch, or articles ``within``),
    each document checked in turn. IS TRUE keeps PostgreSQL off the GIN index, which would
    read every match in the archive of a common word (the planner reaches for it when an
    exclusion makes it expect few matches)."""
    return _rows(
        "SELECT a.id, a.story_id FROM news_search s JOIN news_article a ON a.id = s.article_id "
        f"WHERE (s.document @@ to_tsquery('english', %s)) IS TRUE AND {where} "
        "ORDER BY s.article_id DESC LIMIT %s",
        [tsquery, *params, limit],
    )


def _start(filters: Filters, below: int | None) -> int:
    """The id a search reads down from: past the newest indexed, or below the given one; a
    search before a date starts at the newest report published before it (ids grow with
    time), so its stretches are spent where its matches are."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max({_INDEX_ID[connection.vendor]}) FROM news_search")
        newest = (cursor.fetchone()[0] or 0) + 1
        top = min(below or newest, newest)
        if filters.until:
            cursor.execute(
                "SELECT id FROM news_article WHERE published_at < %s "
                "ORDER BY published_at DESC, id DESC LIMIT 1",
                [_day_after(filters.until)],
            )
            before = cursor.fetchone()
            top = min(top, before[0] + 1 if before else 1)
    return top


def _in_headline(query: Query, article_ids: list[int]) -> set[int]:
    """Which of the given articles have every included term in their headline."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT article_id FROM news_search WHERE article_id = ANY(%s) "
                "AND document @@ to_tsquery('english', %s)",
                [article_ids, query.tsquery_headline()],
            )
        else:
            cursor.execute(
                "SELECT rowid FROM news_search WHERE news_search MATCH %s "
                "AND rowid >= %s AND rowid < %s",
                [query.fts5_headline(), min(article_ids), max(article_ids) + 1],
            )
        return {row[0] for row in cursor.fetchall()}


def _headline_first(query: Query, rows: list[Match]) -> list[Match]:
    """Matches with every word in the headline first, each part newest first: bm25's order
    without its count of every report a common word is in (and, on PostgreSQL, ts_rank_cd's
    order without reading every match's document)."""
    if not rows or not query.include:
        return rows
    in_headline = _in_headline(query, [article_id for article_id, _ in rows])
    return sorted(rows, key=lambda row: (row[0] not in in_headline, -row[0]))


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
    """For each given story with a report passing the filters among its newest
    ``PASSING_DEPTH``, its newest such report: a story of hundreds of reports costs what a
    small one does, and its latest coverage is what a reader filtering it is after."""
    if not story_ids:
        return {}
    where, params = _filter_sql(filters)
    marks = ", ".join(["%s"] * len(story_ids))
    rows = _rows(
        "SELECT a.id, a.story_id FROM (SELECT id, row_number() OVER (PARTITION BY story_id "
        "ORDER BY published_at DESC, id DESC) AS newness FROM news_article "
        f"WHERE story_id IN ({marks})) r {_article_of('r.id')} "
        f"WHERE r.newness <= %s AND {where} ORDER BY r.newness DESC",
        [*story_ids, PASSING_DEPTH, *params],
    )
    return {story_id: article_id for article_id, story_id in rows if story_id is not None}


def _filter_sql(filters: Filters, span: tuple[int, int] | None = None) -> tuple[str, list[object]]:
    """SQL conditions on the article row ``a`` (always: not a republished copy). Given the
    ``span`` of ids searched, the articles are read in it (a source's articles are not all
    listed to be joined) and a hashtag's articles in it are listed once, not looked up for
    each match."""
    clauses = ["a.duplicate_of_id IS NULL"]
    params: list[object] = []
    if span:
        clauses.append("a.id >= %s AND a.id < %s")
        params += list(span)
    if filters.sources:
        marks = ", ".join(["%s"] * len(filters.sources))
        clauses.append(f"a.source_id IN (SELECT id FROM news_source WHERE slug IN ({marks}))")
        params += filters.sources
    if filters.hashtags:
        marks = ", ".join(["%s"] * len(filters.hashtags))
        tags = f"(SELECT id FROM news_hashtag WHERE slug IN ({marks}))"
        params += filters.hashtags
        if span:
            # Read by id: the unary + keeps SQLite and PostgreSQL off the hashtags' index,
            # which would read every article a popular hashtag has.
            clauses.append(
                "a.id IN (SELECT article_id FROM news_articlehashtag WHERE "
                f"+hashtag_id IN {tags} AND article_id >= %s AND article_id < %s)"
            )
            params += list(span)
        else:
            # Each article's tags are looked up: OFFSET 0 keeps PostgreSQL from listing every
            # article a popular hashtag has, to join them.
            fence = " OFFSET 0" if connection.vendor == "postgresql" else ""
            clauses.append(
                "EXISTS (SELECT 1 FROM news_articlehashtag t "
                f"WHERE t.article_id = a.id AND t.hashtag_id IN {tags}{fence})"
            )
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
        params.append(_day_after(filters.until))
    return " AND ".join(clauses), params


def _article_of(article_id: str) -> str:
    """The join to the article row ``a`` with id ``article_id``."""
    return f"JOIN {_articles()} ON a.id = {article_id}"


def _articles() -> str:
    """The article rows as ``a``: SQLite would read a row past its long text for what its
    search index holds."""
    covering = " INDEXED BY article_search_idx" if connection.vendor == "sqlite" else ""
    return f"news_article a{covering}"


def _day_after(day: date) -> str | datetime | None:
    """The start of the day after ``day``: the end of a date range that includes it."""
    return _moment(datetime.combine(day + timedelta(days=1), time(), UTC))


def _moment(value: datetime) -> str | datetime | None:
    return connection.ops.adapt_datetimefield_value(value)


def _rows(sql: str, params: Sequence[Any]) -> list[Match]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(row[0]), row[1]) for row in cursor.fetchall()]
