"""Polling one feed: bad input is recorded on the feed and nothing else breaks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from newsdesk.feeds import FeedEntry
from newsdesk.news.models import Article, ArticleRevision, Feed
from newsdesk.pipeline.feeds import refresh_feed, store_entries
from newsdesk.pipeline.fetching import shared_fetcher
from tests.factories import make_source
from tests.feeds.conftest import LocalServer

pytestmark = pytest.mark.django_db


def entry(title: str = "Port strike ends", url: str = "https://outlet.example/a?utm_source=x"):
    return FeedEntry(
        guid="tag:outlet.example,2026:1",
        url=url,
        title=title,
        summary="Dockworkers return after three days.",
        content_html=None,
        author="Mira Okafor",
        published=datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
        updated=None,
        image_url=None,
    )


@pytest.fixture
def feed():
    return Feed.objects.create(source=make_source(), url="https://outlet.example/feed.xml")


def store(feed: Feed, *entries: FeedEntry) -> dict[str, int]:
    return {
        name: n for name, n in store_entries(feed, list(entries), datetime.now(UTC)).items() if n
    }


def test_a_new_entry_becomes_a_pending_article_under_its_canonical_url(feed):
    assert store(feed, entry()) == {"new": 1}
    article = Article.objects.get()
    assert article.canonical_url == "https://outlet.example/a"
    assert article.page_status == Article.PageStatus.PENDING
    assert article.text == "Dockworkers return after three days."


def test_the_same_entry_twice_is_stored_once(feed):
    store(feed, entry())
    assert store(feed, entry()) == {"unchanged": 1}
    assert Article.objects.count() == 1


def test_an_entry_listed_twice_in_one_feed_is_stored_once(feed):
    tracked = replace(entry(), url="https://outlet.example/a?utm_medium=rss", guid="")
    assert store(feed, entry(), tracked) == {"new": 1, "unchanged": 1}
    assert Article.objects.count() == 1


def test_an_entry_is_known_by_its_guid_when_its_address_changes(feed):
    store(feed, entry())
    assert store(feed, entry(url="https://outlet.example/moved")) == {"unchanged": 1}
    assert Article.objects.count() == 1


def test_a_changed_headline_updates_in_place_and_keeps_the_old_one(feed):
    store(feed, entry())
    assert store(feed, entry(title="Port strike ends after talks")) == {"updated": 1}
    article = Article.objects.get()
    assert article.headline == "Port strike ends after talks"
    assert ArticleRevision.objects.get().headline == "Port strike ends"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed.xml",
        "http://10.0.0.1/feed.xml",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "ftp://outlet.example/feed.xml",
    ],
)
def test_a_feed_aimed_at_a_private_address_or_odd_scheme_is_refused_and_recorded(
    strict_fetcher, url
):
    feed = Feed.objects.create(source=make_source(), url=url)
    outcome = refresh_feed(feed, strict_fetcher)
    feed.refresh_from_db()
    assert outcome.error
    assert feed.error_count == 1
    assert url in feed.last_error
    assert not Article.objects.exists()


@pytest.fixture
def server():
    local = LocalServer()
    local.start()
    yield local
    local.stop()


def test_a_feed_read_in_part_keeps_its_entries_and_warns_until_it_is_whole_again(
    loopback_allowed, server
):
    item = "<item><title>Story {n}</title><link>{base}/{n}.html</link></item>"
    items = "".join(item.format(n=n, base=server.base) for n in range(3))
    whole = f'<rss version="2.0"><channel><title>Gazette</title>{items}</channel></rss>'
    broken = whole[: whole.index("<item>", whole.index("Story 1"))] + "<item><title>R&D <b"
    feed = Feed.objects.create(source=make_source(), url=server.serve("/feed.xml", broken.encode()))

    outcome = refresh_feed(feed, shared_fetcher())
    feed.refresh_from_db()
    assert (outcome.new, outcome.error) == (2, "")
    assert feed.last_warning.startswith("broken rss feed, read up to the break")
    assert feed.error_count == 0

    server.serve("/feed.xml", whole.encode())
    assert refresh_feed(feed, shared_fetcher()).new == 1
    feed.refresh_from_db()
    assert feed.last_warning == ""
