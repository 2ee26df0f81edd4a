"""On PostgreSQL too, every query of the reader's pages reads ranges of indexes in the order
the page shows: ``test_query_plans``'s specification, checked against PostgreSQL's plans.

Run by ``tests/reader/test_on_postgresql.py`` against a real server (its name keeps it out of a
run on SQLite, where these plans do not exist). PostgreSQL plans from statistics, and on the few
rows of a test every table is cheaper read whole and sorted: each plan is made with sequential
scans and sorts priced out (``enable_seqscan``, ``enable_sort`` off), so a scan or a sort still
in it is one no index can spare, which at a million articles reads or sorts the archive.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.db import connection, transaction

from tests.news.test_query_plans import (
    PAGES,
    RANKING,
    archive,
    comment_queries,
    page_queries,
    page_url,
)

__all__ = ["archive", "comment_queries"]  # the fixtures, shared with the SQLite specification

pytestmark = pytest.mark.django_db

ARCHIVE_TABLES = {"news_article", "news_articlehashtag", "news_articlesection", "news_story"}
# An index condition naming one article or a list of ids: the rows under it are that article's
# (its tags, copies, comments) or the ids a page already chose, however big the archive.
BOUNDED = ("article_id = ", "duplicate_of_id = ", "id = ANY", "(id = ")


def plan(sql: str, *, sorts: bool) -> dict:
    """PostgreSQL's plan for ``sql`` with sequential scans priced out, and sorts too unless
    ``sorts``."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"SET LOCAL enable_sort = {'on' if sorts else 'off'}")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        (found,) = cursor.fetchone()
    return (json.loads(found) if isinstance(found, str) else found)[0]["Plan"]


def nodes(node: dict, limited: bool = False) -> Iterator[tuple[dict, bool]]:
    """Each node of a plan, and whether a LIMIT stops it early."""
    yield node, limited
    for child in node.get("Plans", []):
        yield from nodes(child, limited or node["Node Type"] == "Limit")


def reads_the_archive(node: dict) -> bool:
    """Whether a node reads rows of an archive table beyond one article's or a list of ids
    alone (a bitmap scan's condition is the one its rows are checked against again)."""
    condition = node.get("Index Cond") or node.get("Recheck Cond") or ""
    bounded = " OR " not in condition and any(bound in condition for bound in BOUNDED)
    return node.get("Relation Name") in ARCHIVE_TABLES and not bounded


def bad_plan_nodes(sql: str) -> list[str]:
    """What reads or sorts the archive in the better of two plans for ``sql``: one free to
    sort a few rows (an article's tags by id), one that must take the order from an index."""
    ranked = bool(RANKING.search(sql))
    return min((problems(plan(sql, sorts=sorts), ranked) for sorts in (True, False)), key=len)


def problems(root: dict, ranked: bool) -> list[str]:
    """The reads of a whole archive table (a sequential scan, or an index read from end to end
    with no LIMIT to stop it), and the sorts of rows read from the archive (the window of
    stories the front page ranks, ``ranked``, excepted), in a plan."""
    found = []
    for node, limited in nodes(root):
        kind, table = node["Node Type"], node.get("Relation Name")
        whole_index = kind.startswith("Index") and "Index Cond" not in node and not limited
        if table in ARCHIVE_TABLES and (kind == "Seq Scan" or whole_index):
            found.append(f"{kind} of all {table}")
        # Rows under a LIMIT below the sort (ids a subquery chose) are not the archive's.
        sorted_archive = any(
            reads_the_archive(below) and not bounded for below, bounded in nodes(node)
        )
        if kind == "Sort" and sorted_archive and not ranked:
            found.append(f"Sort by {node['Sort Key']}")
    return found


@pytest.mark.parametrize("page", PAGES)
def test_the_page_reads_indexes_in_order_and_never_sorts_or_scans_the_archive(
    client, archive, page
):
    url = page_url(client, archive, page)
    problems = {sql: bad_plan_nodes(sql) for sql in page_queries(client, url)}
    assert [(sql[:300], found) for sql, found in problems.items() if found] == []


def test_the_plan_check_catches_a_scan_or_a_sort_of_the_archive(archive):
    """The check itself: a filter or an order no index serves is caught."""
    assert bad_plan_nodes("SELECT id FROM news_article WHERE headline = 'x'")
    assert bad_plan_nodes("SELECT id FROM news_article ORDER BY headline LIMIT 5")
    assert bad_plan_nodes(
        "SELECT id FROM news_article WHERE id IN (1, 2) OR source_id = 3 ORDER BY published_at"
    )
    assert bad_plan_nodes(
        "SELECT id FROM news_story WHERE id IN (SELECT story_id FROM news_article"
        " WHERE source_id = 3 ORDER BY headline LIMIT 5) ORDER BY last_seen_at"
    )


def test_a_storys_reports_are_indexed_only_in_page_order():
    """An index on the story alone lets PostgreSQL read a long story whole and sort it for one
    page: at a million articles its statistics took a story of 400 reports for one of 65."""
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "news_article")
    by_story = [
        name
        for name, index in indexes.items()
        if index["index"] and index["columns"][:1] == ["story_id"]
    ]
    assert by_story == ["article_story_cards_idx"]


def test_an_articles_comments_are_read_and_counted_from_one_range_of_an_index(comment_queries):
    """A page of an article's comments, and their count, from its comments' range of the
    index, in the order shown (with sorts priced out: on a test's few rows a sort is cheaper,
    and a sort still in the plan is one the index cannot spare)."""
    for sql in comment_queries:
        found = [node for node, _ in nodes(plan(sql, sorts=False))]
        indexes = {node["Index Name"] for node in found if "Index Name" in node}
        conditions = [n["Index Cond"] for n in found if n.get("Index Name") == "comment_page_idx"]
        kinds = {node["Node Type"] for node in found}
        # The page's statements join each comment's author by primary key.
        assert indexes - {"auth_user_pkey"} == {"comment_page_idx"}, found
        assert all("article_id = " in condition for condition in conditions), conditions
        assert not kinds & {"Sort", "Seq Scan"}, kinds
