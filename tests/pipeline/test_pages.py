"""Storing fetched pages in batches: every result lands once, copies are told from originals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.dedupe import content_fingerprint
from newsdesk.extraction import ExtractedArticle
from newsdesk.news.models import Article
from newsdesk.pipeline.pages import PageResult, store_pages
from tests.factories import LOREM_PARAGRAPHS, make_source

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
WIRE_TEXT = "\n".join(LOREM_PARAGRAPHS * 3)


def pending(url: str, source=None) -> Article:
    return Article.objects.create(
        source=source or make_source(),
        url=url,
        canonical_url=url,
        headline="From the feed",
        text="A short summary from the feed.",
        published_at=NOW - timedelta(hours=1),
        page_status=Article.PageStatus.PENDING,
    )


def page(article: Article, text: str = WIRE_TEXT, **metadata: object) -> PageResult:
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
        url=article.url,
        body_html=f"<p>{text}</p>",
        text=text,
        attribution="",
    )
    return PageResult(article.pk, extracted, content_fingerprint(text))


def test_a_batch_stores_each_page_with_its_text_and_metadata():
    first, second = pending("https://a.example/1"), pending("https://b.example/2")
    other_text = "Another story entirely about a library vote in a small town. " * 5
    assert store_pages([page(first), page(second, other_text)], NOW) == ["fetched", "fetched"]
    first.refresh_from_db()
    assert first.page_status == Article.PageStatus.FETCHED
    assert first.text == WIRE_TEXT and first.headline == "Dockworkers return"
    assert first.fingerprint == content_fingerprint(WIRE_TEXT)


def test_storing_the_same_results_again_changes_nothing():
    article = pending("https://a.example/1")
    store_pages([page(article)], NOW)
    stored = Article.objects.values().get()
    assert store_pages([page(article)], NOW) == ["skipped"]
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
    assert store_pages([page(alias, canonical_url="https://a.example/story")], NOW) == ["fetched"]
    assert list(Article.objects.values_list("pk", flat=True)) == [held.pk]


def test_a_failed_page_keeps_the_feed_text_and_is_retried_later():
    article = pending("https://a.example/1")
    assert store_pages([PageResult(article.pk, None, error="HTTP 500")], NOW) == ["failed"]
    article.refresh_from_db()
    assert article.page_status == Article.PageStatus.PENDING
    assert article.page_attempts == 1 and article.lease_until is not None
    assert article.text == "A short summary from the feed."
