"""Storing fetched pages in batches: every result lands once, copies are told from originals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from newsdesk.dedupe import content_fingerprint
from newsdesk.extraction import ExtractedArticle
from newsdesk.extraction.article import DateEvidence
from newsdesk.news.models import Article, Source
from newsdesk.pipeline.pages import PageOutcome, PageResult, store_pages
from tests.factories import LOREM_PARAGRAPHS, make_source

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
WIRE_TEXT = "\n".join(LOREM_PARAGRAPHS * 3)


def outlet(url: str) -> Source:
    """The outlet whose site ``url`` is on."""
    host = urlsplit(url).hostname
    return Source.objects.get_or_create(
        slug=host.replace(".", "-"), defaults={"name": host, "home_url": f"https://{host}/"}
    )[0]


def pending(url: str, source=None, **fields: object) -> Article:
    return Article.objects.create(
        **{
            "source": source or outlet(url),
            "url": url,
            "canonical_url": url,
            "headline": "From the feed",
            "text": "A short summary from the feed.",
            "published_at": NOW - timedelta(hours=1),
            "page_status": Article.PageStatus.PENDING,
            **fields,
        }
    )


EXTRACTED = PageOutcome("extracted")


def page(
    article: Article,
    text: str = WIRE_TEXT,
    evidence: DateEvidence | None = None,
    **metadata: object,
) -> PageResult:
    fields = {
        "canonical_url": "",
        "headline": "Dockworkers return",
        "standfirst": "",
        "author": "",
        "published": None,
        "updated": None,
        "site_name": "",
        "lead_image": "",
        "language": "en",
    }
    extracted = ExtractedArticle(
        **(fields | metadata),
        published_evidence=evidence,
        url=article.url,
        body_html=f"<p>{text}</p>",
        text=text,
        attribution="",
    )
    return PageResult(article.pk, extracted, content_fingerprint(text))


def test_a_batch_stores_each_page_with_its_text_and_metadata():
    first, second = pending("https://a.example/1"), pending("https://b.example/2")
    other_text = "Another story entirely about a library vote in a small town. " * 5
    assert store_pages([page(first), page(second, other_text)], NOW) == [EXTRACTED, EXTRACTED]
    first.refresh_from_db()
    assert first.page_status == Article.PageStatus.FETCHED
    assert first.text == WIRE_TEXT and first.headline == "Dockworkers return"
    assert first.fingerprint == content_fingerprint(WIRE_TEXT)


def test_storing_the_same_results_again_changes_nothing():
    article = pending("https://a.example/1")
    store_pages([page(article)], NOW)
    stored = Article.objects.values().get()
    assert store_pages([page(article)], NOW) == [PageOutcome("skipped")]
    assert Article.objects.values().get() == stored


def test_the_second_of_two_copies_in_one_batch_points_at_the_first():
    original, copy = pending("https://a.example/1"), pending("https://b.example/2")
    store_pages([page(original), page(copy)], NOW)
    copy.refresh_from_db()
    original.refresh_from_db()
    assert copy.duplicate_of_id == original.pk
    assert original.duplicate_of_id is None


def test_a_copy_in_a_later_batch_points_at_the_stored_original():
    original, copy = pending("https://a.example/1"), pending("https://b.example/2")
    store_pages([page(original)], NOW)
    store_pages([page(copy)], NOW)
    copy.refresh_from_db()
    assert copy.duplicate_of_id == original.pk


def test_the_same_outlet_repeating_its_own_text_is_not_a_copy():
    source = make_source()
    first, second = pending("https://a.example/1", source), pending("https://a.example/2", source)
    store_pages([page(first), page(second)], NOW)
    assert not Article.objects.filter(duplicate_of__isnull=False).exists()


def test_a_page_naming_an_article_already_held_drops_the_new_row():
    held = pending("https://a.example/story")
    store_pages([page(held)], NOW)
    alias = pending("https://a.example/story?from=feed2")
    outcome = store_pages([page(alias, canonical_url="https://a.example/story")], NOW)
    assert outcome == [PageOutcome("merged")]
    assert list(Article.objects.values_list("pk", flat=True)) == [held.pk]


def test_two_articles_whose_canonical_is_the_home_page_are_both_kept():
    """A template bug points every page's canonical at the home page: it says nothing."""
    first = pending("https://a.example/2026/11/flood-closes-bridge")
    second = pending("https://a.example/2026/11/council-approves-budget")
    other_text = "The council approved next year's budget after a long evening debate. " * 9
    results = [
        page(first, canonical_url="https://a.example/"),
        page(second, other_text, canonical_url="https://a.example/"),
    ]
    assert store_pages(results, NOW) == [EXTRACTED, EXTRACTED]
    stored = dict(Article.objects.values_list("pk", "canonical_url"))
    assert stored == {
        first.pk: "https://a.example/",
        second.pk: "https://a.example/2026/11/council-approves-budget",
    }


def test_the_feeds_date_wins_over_a_date_years_away_found_in_the_text():
    article = pending("https://a.example/1")
    years_ago = datetime(2009, 3, 2, tzinfo=UTC)
    store_pages([page(article, published=years_ago, evidence=DateEvidence.TEXT)], NOW)
    article.refresh_from_db()
    assert article.published_at == NOW - timedelta(hours=1)
    assert article.published_from == Article.DateSource.FEED


def test_the_pages_own_date_refines_a_close_feed_date():
    article = pending("https://a.example/1")
    exact = NOW - timedelta(hours=1, minutes=17)
    store_pages([page(article, published=exact, evidence=DateEvidence.METADATA)], NOW)
    article.refresh_from_db()
    assert (article.published_at, article.published_from) == (exact, Article.DateSource.PAGE)


def test_without_a_feed_date_the_pages_metadata_date_is_taken():
    article = pending("https://a.example/1", published_from=Article.DateSource.FETCH)
    earlier = NOW - timedelta(days=3)
    store_pages([page(article, published=earlier, evidence=DateEvidence.METADATA)], NOW)
    article.refresh_from_db()
    assert article.published_at == earlier


def test_a_failed_page_keeps_the_feed_text_and_is_retried_later():
    article = pending("https://a.example/1")
    failure = PageResult(article.pk, None, error="feeds: HTTP 500", reason="http_500")
    assert store_pages([failure], NOW) == [PageOutcome("retry", "http_500")]
    article.refresh_from_db()
    assert article.page_status == Article.PageStatus.PENDING
    assert article.page_attempts == 1 and article.lease_until is not None
    assert article.last_error == "feeds: HTTP 500"
    assert article.text == "A short summary from the feed."


def test_a_page_that_extracts_to_nothing_is_not_fetched_again_for_the_same_result():
    article = pending("https://a.example/1")
    failure = PageResult(
        article.pk, None, error="extraction: no article body", reason="extraction", retry=False
    )
    assert store_pages([failure], NOW) == [PageOutcome("failed", "extraction")]
    article.refresh_from_db()
    assert article.page_status == Article.PageStatus.FAILED
    assert article.last_error == "extraction: no article body"
    assert article.text == "A short summary from the feed."


def test_a_fetch_cancelled_by_a_stopping_worker_is_not_an_attempt():
    article = pending("https://a.example/1")
    cancelled = PageResult(article.pk, None, error="feeds: cancelled", reason="cancelled")
    store_pages([cancelled], NOW)
    article.refresh_from_db()
    assert article.page_status == Article.PageStatus.PENDING
    assert article.page_attempts == 0 and article.lease_until is None


def test_a_batch_reads_its_outlets_feeds_in_one_query_and_keeps_their_domains():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from newsdesk.news.models import Feed

    articles = [pending(f"https://outlet{n}.example/news/{n}") for n in range(4)]
    # An outlet whose articles live on a domain only its feed names.
    Feed.objects.create(source=articles[0].source, url="https://feeds.wirenews.com/rss")
    alias = page(articles[0], canonical_url="https://www.wirenews.com/news/0")
    others = [page(a, f"{WIRE_TEXT} {n}") for n, a in enumerate(articles[1:])]

    with CaptureQueriesContext(connection) as statements:
        store_pages([alias, *others], NOW)

    assert sum('"news_feed"' in q["sql"] for q in statements) == 1
    articles[0].refresh_from_db()
    assert articles[0].canonical_url == "https://www.wirenews.com/news/0"
