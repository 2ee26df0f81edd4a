"""On SQLite, full text scores only the newest matches of a query that pass its filters, so a
word found in most of the archive is as fast to search as a rare one: the bound keeps the
newest reports, never drops a filtered one for other sources' newer matches, and never hides a
new article from a saved search."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from newsdesk.news import fulltext
from newsdesk.news.models import Article
from newsdesk.pipeline import search as search_stage
from newsdesk.search import parse
from tests.factories import make_article, make_source

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's bounded ranking"),
]


@pytest.fixture(autouse=True)
def two_ranked(monkeypatch):
    monkeypatch.setattr(fulltext, "RANKED_MATCHES", 2)


def indexed(headline: str, **fields: object) -> Article:
    article = make_article(headline=headline, enriched_at=timezone.now(), **fields)
    search_stage.index_articles([article.pk])
    return article


def found(text: str, within: tuple[int, ...] = ()) -> set[int]:
    return {article_id for article_id, _ in fulltext.matching(parse(text), 10, within)}


def test_a_common_word_ranks_its_newest_matches():
    indexed("Election day")
    newer = [indexed("Election results"), indexed("Election turnout")]
    assert found("election") == {a.pk for a in newer}


def test_a_filtered_search_reaches_past_other_sources_newer_matches():
    small = make_source("Ardle Herald")
    older = indexed("Election in Ardle", source=small)
    for _ in range(3):
        indexed("Election elsewhere")
    assert found(f"election source:{small.slug}") == {older.pk}


def test_a_saved_search_sees_every_new_article_it_is_checked_against():
    checked = indexed("Election in Ardle")
    for _ in range(3):
        indexed("Election elsewhere")
    assert found("election", within=(checked.pk,)) == {checked.pk}


def test_a_filtered_search_with_enough_among_the_newest_matches_reads_no_further():
    gazette = make_source("Harbour Gazette")
    indexed("Election election election", source=gazette)  # the better match, but older
    indexed("Election elsewhere")
    newest = indexed("Election news", source=gazette)
    matched = fulltext.matching(parse(f"election source:{gazette.slug}"), 1)
    assert [article_id for article_id, _ in matched] == [newest.pk]
