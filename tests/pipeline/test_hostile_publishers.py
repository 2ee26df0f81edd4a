"""Hostile publishers against the archive: one outlet's feed can never take over another's
articles, one feed cannot flood the archive, and re-polling a feed writes no false revisions.

Every test runs the real pipeline against a local publisher (``HostileServer`` with a few
routes of its own). The victim outlet lives on a domain that is never fetched: its articles are
already stored, or arrive through its feed's entries.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from rich.console import Console

from newsdesk.feeds import FeedEntry
from newsdesk.jobs.ingest import run_pass
from newsdesk.news.models import Article, ArticleRevision, Feed, Source
from newsdesk.pipeline.feeds import refresh_feed, store_entries
from newsdesk.pipeline.fetching import shared_fetcher

from .hostile_server import GOOD_ARTICLES, RSS_TYPE, HostileServer, Reply, article_page, rss

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback_allowed")]

VICTIM = "https://www.victim-news.com"
STORED_STORY = f"{VICTIM}/2026/11/minister-resigns.html"
SCOOP = f"{VICTIM}/2026/11/scoop.html"
GOOD_PATH = next(iter(GOOD_ARTICLES))
PARAGRAPHS = "".join(f"<p>{paragraph}</p>" for paragraph in GOOD_ARTICLES[GOOD_PATH][1])
FLOOD = 40
_slugs = itertools.count(1)


class RivalServer(HostileServer):
    """The hostile publisher, plus a rival outlet's feeds that point at the victim."""

    def _routes(self) -> dict[str, Reply | object]:
        routes = dict(super()._routes())
        own_item = ("Harbour reopens after storm repairs", self.url(GOOD_PATH), "Own story.")
        listing = [("Minister resigns: rival's headline", STORED_STORY, "Taken."), own_item]
        routes["/rival/feed.xml"] = Reply(body=rss("", listing), content_type=RSS_TYPE)
        copy = article_page("The scoop, copied", PARAGRAPHS).replace(
            b"<title>", f'<link rel="canonical" href="{SCOOP}"><title>'.encode()
        )
        routes["/rival/copy.html"] = Reply(body=copy)
        copies = [("The scoop, copied", self.url("/rival/copy.html"), "Copied.")]
        routes["/rival/copies.xml"] = Reply(body=rss("", copies), content_type=RSS_TYPE)
        routes["/flood/feed.xml"] = Reply(body=self._flood_feed(), content_type=RSS_TYPE)
        for number in range(FLOOD):
            page = article_page(f"Flood item {number}", PARAGRAPHS)
            routes[f"/flood/{number}.html"] = Reply(body=page)
        routes["/wording/feed.xml"] = self.wording_feed("Council keeps library")
        return routes

    def _flood_feed(self) -> bytes:
        """FLOOD items, item n published n hours before the newest, listed oldest first."""
        newest = datetime(2026, 11, 24, 12, tzinfo=UTC)
        items = "".join(
            f"<item><title>Flood item {n}</title><link>{self.url(f'/flood/{n}.html')}</link>"
            f"<pubDate>{(newest - timedelta(hours=n)).strftime('%a, %d %b %Y %H:%M:%S GMT')}"
            "</pubDate></item>"
            for n in reversed(range(FLOOD))
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()

    def wording_feed(self, title: str) -> Reply:
        """A feed whose one entry is worded differently from its page's headline."""
        items = [(title, self.url("/good/library-vote.html"), "The vote.")]
        return Reply(body=rss("", items), content_type=RSS_TYPE)

    def serve(self, path: str, reply: Reply) -> None:
        self._httpd.routes[path] = reply  # type: ignore[attr-defined]


@pytest.fixture
def server() -> Iterator[RivalServer]:
    with RivalServer() as running:
        yield running


def add_feed(url: str, home_url: str, name: str, **source_fields: object) -> Feed:
    source = Source.objects.create(
        name=name, slug=f"source-{next(_slugs)}", home_url=home_url, **source_fields
    )
    return Feed.objects.create(source=source, url=url)


def one_pass() -> None:
    run_pass(all_feeds=True, console=Console(file=io.StringIO()))


@pytest.fixture
def victim_feed() -> Feed:
    feed = add_feed(f"{VICTIM}/feed.xml", f"{VICTIM}/", "Victim News")
    # Inactive: the victim is never fetched; its entries are stored by the tests themselves.
    Feed.objects.filter(pk=feed.pk).update(is_active=False)
    return feed


def test_it_never_lets_a_feed_rewrite_another_outlets_article(server, victim_feed):
    stored = Article.objects.create(
        source=victim_feed.source,
        feed=victim_feed,
        canonical_url=STORED_STORY,
        url=STORED_STORY,
        headline="Minister resigns over budget leak",
        feed_title="Minister resigns over budget leak",
        page_status=Article.PageStatus.FETCHED,
    )
    rival = add_feed(server.url("/rival/feed.xml"), server.url("/"), "Rival")

    one_pass()

    stored.refresh_from_db()
    assert (stored.source, stored.headline) == (
        victim_feed.source,
        "Minister resigns over budget leak",
    )
    assert not ArticleRevision.objects.exists()
    assert list(Article.objects.filter(source=rival.source).values_list("url", flat=True)) == [
        server.url(GOOD_PATH)
    ]
    rival.refresh_from_db()
    assert "1 entries skipped: they link outside 127.0.0.1" in rival.last_warning


def test_it_keeps_a_page_from_claiming_another_outlets_url_as_its_canonical(server, victim_feed):
    rival = add_feed(server.url("/rival/copies.xml"), server.url("/"), "Rival")
    one_pass()
    copy = Article.objects.get(source=rival.source)
    assert copy.page_status == Article.PageStatus.FETCHED
    assert copy.canonical_url == server.url("/rival/copy.html")

    scoop = FeedEntry(
        guid=SCOOP, url=SCOOP, title="The scoop", summary="Ours.", content_html=None,
        author=None, published=datetime.now(UTC), updated=None, image_url=None,
    )  # fmt: skip
    assert store_entries(victim_feed, [scoop], datetime.now(UTC))["new"] == 1
    assert Article.objects.get(canonical_url=SCOOP).source == victim_feed.source


def test_it_takes_links_to_a_domain_the_admin_allowed_for_the_source(server):
    wire = add_feed(
        server.url("/rival/feed.xml"),
        server.url("/"),
        "Wire syndicate",
        allowed_link_domains="cdn.example.org,\nvictim-news.com",
    )
    outcome = refresh_feed(wire, shared_fetcher())
    assert outcome.new == 2
    wire.refresh_from_db()
    assert wire.last_warning == ""


def test_it_takes_only_the_newest_entries_of_a_flooding_feed_and_says_so(server, settings):
    settings.FEED_MAX_ENTRIES = 10
    settings.PAGES_PER_SOURCE_PER_PASS = 4
    flood = add_feed(server.url("/flood/feed.xml"), server.url("/"), "Flood")

    one_pass()

    titles = set(Article.objects.values_list("feed_title", flat=True))
    assert titles == {f"Flood item {n}" for n in range(10)}
    statuses = sorted(Article.objects.values_list("page_status", flat=True))
    assert statuses.count(Article.PageStatus.FETCHED) == 4
    assert statuses.count(Article.PageStatus.PENDING) == 6
    flood.refresh_from_db()
    assert "40 entries listed; the newest 10 taken" in flood.last_warning
    assert "10 new pages; 4 are fetched per pass" in flood.last_warning

    run_pass(console=Console(file=io.StringIO()))
    assert Article.objects.filter(page_status=Article.PageStatus.FETCHED).count() == 8


def test_it_keeps_the_pages_headline_when_the_feed_is_polled_again(server):
    feed = add_feed(server.url("/wording/feed.xml"), server.url("/"), "Wording")
    one_pass()
    article = Article.objects.get()
    page_headline = "Council votes to keep the old library open"
    assert article.headline == page_headline

    one_pass()

    article.refresh_from_db()
    assert article.headline == page_headline
    assert not ArticleRevision.objects.exists()

    server.serve("/wording/feed.xml", server.wording_feed("Council keeps library, sells hall"))
    Feed.objects.filter(pk=feed.pk).update(etag="", last_modified="")
    one_pass()

    article.refresh_from_db()
    assert article.headline == "Council keeps library, sells hall"
    assert list(ArticleRevision.objects.values_list("headline", flat=True)) == [page_headline]
