"""Every query of the reader's pages reads one range of an index, in the order the page shows.

SQLite plans without statistics (newsdesk never runs ANALYZE), so the plan chosen on this small
archive is the plan chosen at a million articles: a full scan or a sort here is a full scan or a
sort of the whole archive there.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk.comments.models import Comment
from newsdesk.news import queries
from newsdesk.news.models import Article, ArticleSection, Story
from tests.factories import make_article, make_source, make_story

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans"),
]

# Plans that read the whole table (a SCAN without an index) or sort rows at read time.
FULL_SCAN = re.compile(
    r"\bSCAN (news_article|news_articlehashtag|news_articlesection|news_story)\b(?! USING)"
)
SORT = re.compile(r"USE TEMP B-TREE FOR (RIGHT PART OF )?ORDER BY")


@pytest.fixture
def archive():
    source = make_source("Harbour Gazette")
    original = make_article(source, headline="Port strike ends", hashtags=("Port", "Strike"))
    make_article(make_source(), headline="Port strike ends (wire)", duplicate_of=original)
    reports = [
        make_article(make_source(), headline=f"Report {n}", hashtags=("Port",)) for n in range(40)
    ]
    story = make_story(original, *reports)
    ArticleSection.objects.bulk_create(
        ArticleSection(article=a, section="business", published_at=a.published_at)
        for a in (original, *reports)
    )
    Story.objects.filter(pk=story.pk).update(lead_article=original, score=3.0)
    # No story and an outlet of its own: its related articles come from its hashtags.
    make_article(make_source("Lone Outlet"), headline="Harbour quiet", hashtags=("Port", "Strike"))
    return original, story


def page_queries(client, url: str) -> list[str]:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
    return [query["sql"] for query in captured if query["sql"].lstrip().startswith("SELECT")]


# Top stories read the stories of a time window through an index and rank them: that sort is
# over the window, not the archive. Rows looked up by a list of ids may be put in order too,
# whether the ids are given or read by a subquery (itself held to the same rules), and so may
# the rows of a derived table (a FROM subquery, itself held to the same rules) with rows
# looked up by their ids.
RANKING = re.compile(r'ORDER BY "news_story"\."score" DESC')
BY_IDS = "USING INTEGER PRIMARY KEY (rowid=?)"
DERIVED = ("MATERIALIZE ", "CO-ROUTINE ")


def bad_plan_lines(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = cursor.fetchall()
    subqueries = {node for node, _, _, detail in plan if detail.startswith("LIST SUBQUERY")}
    outer = [(parent, detail) for _, parent, _, detail in plan if parent not in subqueries]
    inner = [detail for _, parent, _, detail in plan if parent in subqueries]
    ranked = bool(RANKING.search(sql)) and any("SEARCH news_story" in line for _, line in outer)
    by_ids = all(BY_IDS in line for _, line in outer if line.startswith("SEARCH"))
    may_sort = ranked or by_ids
    return [
        line
        for parent, line in outer
        if FULL_SCAN.search(line)
        or (SORT.search(line) and not (may_sort or sorts_derived_rows(plan, parent)))
    ] + [line for line in inner if FULL_SCAN.search(line) or SORT.search(line)]


def sorts_derived_rows(plan: list[tuple], level: int) -> bool:
    """Whether the rows a plan's level reads are a derived table's, or looked up by id."""
    derived = {
        f"SCAN {detail.split(' ', 1)[1]}" for _, _, _, detail in plan if detail.startswith(DERIVED)
    }
    reads = [
        detail
        for _, parent, _, detail in plan
        if parent == level and detail.startswith(("SCAN ", "SEARCH "))
    ]
    return any(read in derived for read in reads) and all(
        read in derived or BY_IDS in read for read in reads
    )


def next_link(client, url: str) -> str:
    html = client.get(url).content.decode()
    found = re.search(r'rel="next" href="\?([^"]+)"', html)
    assert found, f"{url} has no next page"
    return f"{url}?{found.group(1)}"


PAGES = (
    "front",
    "front, later page",
    "article",
    "article, related by hashtag",
    "story",
    "story, later page",
    "hashtag",
    "source",
    "section",
)


def page_url(client, archive, page: str) -> str:
    """The URL of one of ``PAGES`` on the test archive."""
    original, story = archive
    if page == "front, later page":
        return next_link(client, "/")
    if page == "story, later page":
        return next_link(client, story.get_absolute_url())
    return {
        "front": "/",
        "article": original.get_absolute_url(),
        "story": story.get_absolute_url(),
        "hashtag": "/hashtag/port/",
        "source": original.source.get_absolute_url(),
        "section": "/section/business/",
        "article, related by hashtag": Article.objects.get(
            headline="Harbour quiet"
        ).get_absolute_url(),
    }[page]


@pytest.mark.parametrize("page", PAGES)
def test_the_page_reads_indexes_in_order_and_never_sorts_or_scans_the_archive(
    client, archive, page
):
    url = page_url(client, archive, page)
    problems = {sql: bad_plan_lines(sql) for sql in page_queries(client, url)}
    assert [(sql[:300], lines) for sql, lines in problems.items() if lines] == []


def test_the_plan_check_catches_a_sort_of_the_archive(archive):
    """The check itself: ordering the archive by a column no index covers is caught."""
    assert bad_plan_lines("SELECT id FROM news_article ORDER BY headline LIMIT 5")
    assert bad_plan_lines("SELECT id FROM news_article WHERE headline = 'x'")
    assert bad_plan_lines(
        "SELECT id FROM news_article WHERE id IN (1, 2) OR source_id = 3 ORDER BY published_at"
    )
    assert bad_plan_lines(
        "SELECT id FROM news_story WHERE id IN (SELECT story_id FROM news_article"
        " WHERE source_id = 3 ORDER BY headline LIMIT 5) ORDER BY last_seen_at"
    )
    assert bad_plan_lines(
        "SELECT id FROM (SELECT id FROM news_article WHERE source_id = 3 ORDER BY headline"
        " LIMIT 5) AS chosen ORDER BY id DESC"
    )
    assert bad_plan_lines(
        "SELECT a.id FROM (SELECT id FROM news_story LIMIT 5) AS chosen"
        " JOIN news_article AS a ON a.story_id = chosen.id ORDER BY a.headline"
    )


def test_a_storys_outlets_and_languages_are_read_from_an_index_alone(client, archive):
    _, story = archive
    outlets = [sql for sql in page_queries(client, story.get_absolute_url()) if "DISTINCT" in sql]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {outlets[0]}")
        plan = [row[-1] for row in cursor.fetchall()]
    assert any("news_article USING COVERING INDEX" in line for line in plan), plan


def columns_read_from_rows(sql: str) -> set[str]:
    """The columns of news_article a statement reads from the table's rows rather than from
    an index (SQLite's bytecode: Column on the cursor opened on the table's root page)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rootpage FROM sqlite_master WHERE name = 'news_article'")
        (root,) = cursor.fetchone()
        cursor.execute("PRAGMA table_info(news_article)")
        names = [row[1] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN {sql}")
        program = cursor.fetchall()
    tables = {p1 for _, op, p1, p2, *_ in program if op == "OpenRead" and p2 == root}
    return {names[p2] for _, op, p1, p2, *_ in program if op == "Column" and p1 in tables}


@pytest.mark.parametrize("page", ["front, later page", "source", "story"])
def test_a_lists_cards_read_only_the_start_of_each_row(client, archive, page):
    """Columns an article's row keeps after its long texts (source, story, copy of, language)
    come from the list's index: a card never reads the row past its first page, and the
    opening of the text only when it has no standfirst."""
    original, story = archive
    url = {
        "front, later page": next_link(client, "/"),
        "source": original.source.get_absolute_url(),
        "story": story.get_absolute_url(),
    }[page]
    lists = [sql for sql in page_queries(client, url) if "LIMIT 31" in sql]
    assert lists
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA table_info(news_article)")
        names = [row[1] for row in cursor.fetchall()]
    after_texts = set(names[names.index("body_html") :]) - {"text"}
    for sql in lists:
        assert columns_read_from_rows(sql) & after_texts == set(), sql[:300]


def test_a_hashtags_stories_are_found_without_reading_article_rows(client, archive):
    """The stories of the tag's newest reports are found from indexes alone: the only article
    rows the statement reads are its few stories' leads, for what their cards show."""
    stories = [sql for sql in page_queries(client, "/hashtag/port/") if "story_id IS NOT" in sql]
    assert stories
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {stories[0]}")
        plan = cursor.fetchall()
    subqueries = {node for node, _, _, detail in plan if detail.startswith("LIST SUBQUERY")}
    finding = [detail for _, parent, _, detail in plan if parent in subqueries]
    assert finding and all("USING COVERING INDEX" in line for line in finding), finding
    card = {"headline", "standfirst", "published_at", "language", "text"}
    card |= {"source_id", "story_id", "duplicate_of_id"}
    assert columns_read_from_rows(stories[0]) <= card
    assert bad_plan_lines(stories[0]) == []


# A plan's read of the comments table (named by its alias in the statements).
COMMENTS = re.compile(r"(SEARCH|SCAN) (c|comments_comment)\b")


@pytest.fixture
def comment_queries(reader) -> list[str]:
    """The statements reading an article's comments: its newest page, their count (more than
    a page) and an older page."""
    article = make_article(make_source())
    Comment.objects.bulk_create(
        Comment(article=article, user=reader, body=f"Comment {n}.", is_hidden=n == 3)
        for n in range(12)
    )
    with CaptureQueriesContext(connection) as captured:
        newest = queries.comment_page(article.pk, None, 5)
        queries.comment_page(article.pk, newest.older, 5)
    return [query["sql"] for query in captured]


def test_an_articles_comments_are_read_and_counted_from_one_range_of_an_index(comment_queries):
    """An article with thousands of comments: its page reads one page of them, in order, and
    counts them from its index alone."""
    assert len(comment_queries) == 3  # the newest page, their count, an older page
    for sql in comment_queries:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = [row[-1] for row in cursor.fetchall()]
        reads = [line for line in plan if COMMENTS.match(line)]
        assert reads and all("INDEX comment_page_idx" in line for line in reads), plan
        assert not any(SORT.search(line) for line in plan), plan
    count = next(sql for sql in comment_queries if "COUNT(*)" in sql)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {count}")
        assert "COVERING INDEX comment_page_idx" in cursor.fetchall()[0][-1]
