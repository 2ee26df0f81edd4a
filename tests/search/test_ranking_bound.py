"""On SQLite and on PostgreSQL, a search costs what the words it reads cost, never what every
match of a common word would: a rare word is read wherever it is (an old article is still
found) and ranked by relevance (bm25, ts_rank_cd); a query of common words only is read newest
first, stretch by stretch of ids, up to a limit, and says where it stopped so the reader can
search on from there. Filters and exclusions never drop a match that passes them, and saved
searches see every new article. (``test_on_postgresql`` runs this file on PostgreSQL.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.news import fulltext
from newsdesk.news.models import Article
from newsdesk.pipeline import search as search_stage
from newsdesk.search import parse
from tests.factories import make_article, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_bounds(monkeypatch):
    """A word in four reports or more is common; a search of common words reads at most
    eight ids back, two at first."""
    monkeypatch.setattr(fulltext, "RANKED_MATCHES", 2)
    monkeypatch.setattr(fulltext, "RARE_BELOW", 4)
    monkeypatch.setattr(fulltext, "FIRST_STRETCH", 2)
    monkeypatch.setattr(fulltext, "MAX_STRETCH", 8)


def indexed(headline: str, **fields: object) -> Article:
    article = make_article(headline=headline, enriched_at=timezone.now(), **fields)
    search_stage.index_articles([article.pk])
    return article


def filler(count: int, headline: str = "Election elsewhere") -> list[Article]:
    return [indexed(headline) for _ in range(count)]


def found(text: str, limit: int = 10, within: tuple[int, ...] = ()) -> list[int]:
    return [article_id for article_id, _ in fulltext.matching(parse(text), limit, within)]


def stops_then_finds(text: str, older: Article) -> None:
    """The search finds nothing in what it reads first and says where it stopped; searching
    on from there finds ``older``."""
    first = fulltext.search(parse(text), 10)
    assert first.rows == [] and first.stopped_at is not None and older.pk < first.stopped_at
    assert fulltext.search(parse(text), 10, below=first.stopped_at).rows == [(older.pk, None)]


def test_rare_words_rank_their_newest_matches_by_relevance():
    indexed("Harbour news")
    better, newer = indexed("Harbour harbour harbour"), indexed("Harbour talks")
    assert found("harbour") == [better.pk, newer.pk]


def test_a_rare_word_finds_an_old_article_past_every_stretch():
    old = indexed("Calderwick election recount")
    filler(12)
    result = fulltext.search(parse("election calderwick"), 10)
    assert result.rows == [(old.pk, None)] and result.stopped_at is None


def test_a_common_word_finds_its_newest_matches_headline_first():
    filler(1)
    older_headline = indexed("Election results")
    filler(3, "Council news")
    in_body = indexed("Council news", text="The election is close.")
    newest = indexed("Election turnout")
    assert found("election", limit=3) == [newest.pk, older_headline.pk, in_body.pk]


def test_a_search_of_common_words_says_where_it_stopped_and_goes_on_from_there():
    small = make_source("Ardle Herald")
    older = indexed("Election in Ardle", source=small)
    filler(10)
    stops_then_finds(f"election source:{small.slug}", older)


def test_filters_and_exclusions_keep_every_passing_match_within_the_stretches():
    small = make_source("Ardle Herald")
    tagged = indexed("Election in Ardle", source=small, hashtags=("Ardle",))
    indexed("Election in Ardle", hashtags=("Ardle",), text="A recount.")
    filler(2)
    assert found(f"election source:{small.slug}") == [tagged.pk]
    assert found("election #ardle -recount") == [tagged.pk]


def test_a_popular_hashtag_filter_finds_its_newest_matches_first():
    tagged = [indexed("Election in Ardle", hashtags=("Ardle",)) for _ in range(6)]
    filler(3)
    newest_tagged = [article.pk for article in reversed(tagged)]
    assert found("election #ardle", limit=3) == newest_tagged[:3]


def test_a_hashtag_alone_finds_a_rare_hashtags_old_article_past_every_stretch():
    old = indexed("Lighthouse reopens", hashtags=("Lighthouse",))
    filler(12)
    result = fulltext.search(parse("#lighthouse"), 10)
    assert result.rows == [(old.pk, None)] and result.stopped_at is None


def hours_ago(hours: int) -> dict[str, object]:
    return {"published_at": timezone.now() - timedelta(hours=hours)}


def test_a_hashtag_alone_lists_a_popular_hashtags_newest_articles_first():
    tagged = [indexed("Election", hashtags=("Ardle",), **hours_ago(10 - n)) for n in range(6)]
    filler(3)
    assert found("#ardle", limit=3) == [article.pk for article in reversed(tagged)][:3]


def test_a_hashtag_alone_reads_a_bounded_number_of_its_articles_and_goes_on_from_there():
    small = make_source("Ardle Herald")
    older = indexed("Election in Ardle", source=small, hashtags=("Ardle",), **hours_ago(20))
    for n in range(10):
        indexed("Election in Ardle", hashtags=("Ardle",), **hours_ago(10 - n))
    stops_then_finds(f"#ardle source:{small.slug}", older)


def test_a_query_of_other_filters_alone_is_read_stretch_by_stretch():
    small = make_source("Ardle Herald")
    older = indexed("Council meets", source=small)
    filler(10)
    stops_then_finds(f"source:{small.slug}", older)


@pytest.mark.parametrize(
    "typed",
    [
        '"election',
        'election "" -',
        "-election",
        "#",
        "election AND OR NOT NEAR(elsewhere",
        "elect* -elect*",
        "election:*A & !elsewhere | (",
        "election '; DROP TABLE news_search; --",
        "election before:2026-13-45 after:x source: #ardle lang:",
        "election " * 2000,
    ],
)
def test_odd_input_never_raises_on_a_bounded_search(typed):
    filler(6)
    fulltext.search(parse(typed), 10)


def test_a_saved_search_sees_every_new_article_it_is_checked_against():
    checked = indexed("Election in Ardle")
    filler(3)
    assert found("election", within=(checked.pk,)) == [checked.pk]


def test_a_search_of_common_words_never_scores_or_counts_every_match():
    *_, last = filler(6)
    with CaptureQueriesContext(connection) as queries:
        fulltext.search(parse('"election elsewhere" -recount #ardle'), 10)
        fulltext.matching(parse("election -recount"), 10, within=(last.pk,))  # a saved search
    reads = [q["sql"] for q in queries.captured_queries if "MATCH" in q["sql"] or "@@" in q["sql"]]
    assert reads and not any("bm25" in sql or "ts_rank" in sql for sql in reads)
    if connection.vendor == "postgresql":
        # Every read of the index is handed an id range or the ids to check, or is a count
        # of a word's matches that stops at a limit, or is only planned (the statistics'
        # estimate of a word's matches).
        bounded = ("s.article_id >= ", "a.id IN (", "article_id = ANY(", "SELECT count(*)")
        bounded += ("EXPLAIN (FORMAT JSON) ",)
        assert all(any(bound in sql for bound in bounded) for sql in reads)
        return
    with connection.cursor() as cursor:
        for sql in reads:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            fts5 = [step for step in plan.split("SCAN ") if "VIRTUAL TABLE INDEX" in step]
            # Every read of the index is handed an id range ("M" for the match, then ">"
            # and "<"), or is a count of a word's newest matches that stops at a limit,
            assert fts5 and all(">" in step for step in fts5) or "LIMIT" in sql
            # and an article's row is never read past its text.
            assert "news_article" not in sql or "COVERING INDEX article_search_idx" in plan


def test_a_word_the_statistics_know_as_common_is_not_counted_again():
    filler(10)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE news_search")
    with CaptureQueriesContext(connection) as queries:
        assert len(found("election")) == 8  # the stretches' reach
    counts = [q["sql"] for q in queries.captured_queries if "count(*)" in q["sql"]]
    if connection.vendor == "postgresql":
        assert counts == []
    else:
        assert counts and all(sql.endswith("LIMIT 4) m") for sql in counts)


def test_a_search_before_a_date_starts_at_that_date():
    long_ago = timezone.now() - timedelta(days=90)
    old = indexed("Election recount", published_at=long_ago)
    filler(12)
    day = long_ago.date().isoformat()
    assert fulltext.search(parse(f"election before:{day}"), 10).rows == [(old.pk, None)]
