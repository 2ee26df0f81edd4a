"""Bad sources: each gives a recorded error or a clean result, and the other sources still ingest.

Every test runs one full pass (``run_pass``) over two outlets served by a local hostile
publisher: a well-behaved one with two articles, and one bad input. It then checks what was
recorded on the bad feed (a clear message naming its URL) or that its result is clean, and
that the good outlet's articles were stored with their extracted text in that same pass.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator

import pytest
from lxml import html as lxml_html
from rich.console import Console

from newsdesk.jobs.ingest import run_pass
from newsdesk.news.models import Article, Feed, Source
from newsdesk.pipeline import pages
from newsdesk.pipeline.fetching import reset_fetcher

from .hostile_server import GOOD_ARTICLES, HOSTILE_PAGES, LATIN1_TEXT, LATIN1_TITLE, HostileServer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("loopback_allowed")]

_slugs = itertools.count(1)
# URL schemes that run code or smuggle documents when a reader clicks or a browser loads them.
_DANGEROUS_URL = re.compile(r"^\s*(?:javascript|data|vbscript):", re.IGNORECASE)
_URL_ATTRIBUTES = ("href", "src", "xlink:href", "action", "formaction", "srcset", "poster")


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


@pytest.fixture
def short_read_timeout(settings) -> None:
    """A server that never answers is given up on after 2 s instead of the default 30 s."""
    settings.FETCH_READ_TIMEOUT = 2.0
    reset_fetcher()


def add_feed(url: str, name: str, **source_fields: str) -> Feed:
    number = next(_slugs)
    source = Source.objects.create(
        name=name, slug=f"{name.lower().replace(' ', '-')}-{number}", home_url=url, **source_fields
    )
    return Feed.objects.create(source=source, url=url)


def one_pass_with_the_good_outlet(
    hostile: HostileServer, bad_url: str, **source_fields: str
) -> Feed:
    """Run one pass over the good outlet and ``bad_url``; check the good one; return the bad."""
    good = add_feed(hostile.url("/good/feed.xml"), "Good Outlet")
    bad = add_feed(bad_url, "Bad Outlet", **source_fields)
    run_pass(all_feeds=True, console=Console(file=io.StringIO()))
    assert_good_outlet_ingested(good)
    bad.refresh_from_db()
    return bad


def assert_good_outlet_ingested(good: Feed) -> None:
    good.refresh_from_db()
    assert (good.error_count, good.last_error) == (0, "")
    articles = {article.headline: article for article in Article.objects.filter(feed=good)}
    assert sorted(articles) == sorted(title for title, _ in GOOD_ARTICLES.values())
    for title, paragraphs in GOOD_ARTICLES.values():
        article = articles[title]
        assert article.page_status == Article.PageStatus.FETCHED, article.url
        assert article.text.split("\n") == paragraphs
        assert "All rights reserved" not in article.text


def assert_recorded(feed: Feed, *fragments: str) -> None:
    """One failure recorded on the feed, with a message that names its URL and the reason."""
    assert feed.error_count == 1, feed.last_error
    assert feed.url in feed.last_error
    for fragment in fragments:
        assert fragment in feed.last_error
    assert feed.error_since is not None and feed.last_success_at is None
    assert feed.next_check_at > feed.last_checked_at
    assert not Article.objects.filter(feed=feed).exists()


def assert_clean(feed: Feed) -> None:
    assert (feed.error_count, feed.last_error) == (0, "")
    assert feed.last_success_at is not None


def assert_safe_html(body_html: str) -> None:
    """No script, no handler, no code-running URL and no SVG survive in stored HTML."""
    assert body_html.strip()
    tree = lxml_html.fragment_fromstring(body_html, create_parent="div")
    for element in tree.iter():
        assert element.tag not in {"script", "svg", "iframe", "object", "embed", "style"}
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name.lower() in _URL_ATTRIBUTES:
                assert not _DANGEROUS_URL.match(value), (element.tag, name, value)
    lowered = body_html.lower()
    for marker in ("<script", "javascript:", "<svg", "steal(", "document.cookie"):
        assert marker not in lowered, marker


def failing(path: str, reason: str) -> object:
    return pytest.param(path, reason, id=path.rsplit("/", 1)[-1].removesuffix(".xml"))


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        failing("/bad/broken.xml", "broken rss feed"),
        failing("/bad/html-as-feed.xml", "an HTML page is not a feed"),
        failing("/bad/empty-body.xml", "empty document"),
        failing("/bad/404.xml", "HTTP 404"),
        failing("/bad/410.xml", "HTTP 410"),
        failing("/bad/500.xml", "HTTP 500"),
        failing("/bad/huge-declared.xml", "exceeds"),
        failing("/bad/huge-streamed.xml", "exceeds"),
        failing("/bad/gzip-bomb.xml", "exceeds"),
        failing("/bad/loop-a.xml", "redirect loop"),
        failing("/bad/chain-0.xml", "more than 5 redirects"),
        failing("/bad/to-metadata.xml", "refusing non-public address 169.254.169.254"),
        failing("/bad/to-private.xml", "refusing non-public address 10.0.0.1"),
    ],
)
def test_a_failing_feed_is_recorded_and_the_other_outlet_still_ingests(hostile, path, reason):
    bad = one_pass_with_the_good_outlet(hostile, hostile.url(path))
    assert_recorded(bad, reason)


@pytest.mark.usefixtures("short_read_timeout")
def test_a_feed_that_never_answers_times_out_and_the_other_outlet_still_ingests(hostile):
    bad = one_pass_with_the_good_outlet(hostile, hostile.url("/bad/stall.xml"))
    assert_recorded(bad, "timed out")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.0.0.1/feed.xml", "refusing non-public address 10.0.0.1"),
        ("http://169.254.169.254/latest/meta-data/", "refusing non-public address"),
        ("http://[::ffff:10.0.0.1]/feed.xml", "refusing non-public address"),
        ("http://167772161/feed.xml", "refusing non-public address 10.0.0.1"),
        ("http://0.0.0.0/feed.xml", "refusing non-public address"),
        ("file:///etc/passwd", "only http(s) URLs"),
        ("ftp://127.0.0.1/feed.xml", "only http(s) URLs"),
    ],
    ids=["private", "metadata", "ipv4-mapped", "decimal-ip", "unspecified", "file", "ftp"],
)
def test_a_feed_aimed_at_a_private_address_or_odd_scheme_is_refused(hostile, url, reason):
    """Only 127.0.0.1 is allow-listed here (``loopback_allowed``); the rest stay refused."""
    bad = one_pass_with_the_good_outlet(hostile, url)
    assert_recorded(bad, reason)


def test_a_feed_without_items_is_a_clean_empty_result(hostile):
    bad = one_pass_with_the_good_outlet(hostile, hostile.url("/bad/no-items.xml"))
    assert_clean(bad)
    assert not Article.objects.filter(feed=bad).exists()


def test_a_utf8_feed_labelled_iso_8859_1_comes_out_right(hostile):
    bad = one_pass_with_the_good_outlet(hostile, hostile.url("/bad/latin1-label.xml"))
    assert_clean(bad)
    article = Article.objects.get(feed=bad)
    assert article.page_status == Article.PageStatus.FETCHED
    assert article.headline == LATIN1_TITLE
    assert LATIN1_TEXT in article.text
    assert "Ã" not in article.text + article.headline + article.standfirst


@pytest.mark.parametrize("kind", sorted(HOSTILE_PAGES))
def test_a_hostile_article_page_is_stored_clean(hostile, kind):
    bad = one_pass_with_the_good_outlet(hostile, hostile.url(f"/bad/hostile-{kind}.xml"))
    assert_clean(bad)
    article = Article.objects.get(feed=bad)
    assert article.page_status == Article.PageStatus.FETCHED
    assert "Residents gathered on Tuesday" in article.text
    assert "steal(" not in article.text and "document.cookie" not in article.text
    assert_safe_html(article.body_html)


def test_hostile_html_in_the_feed_is_stored_clean_when_the_page_is_gone(hostile):
    bad = one_pass_with_the_good_outlet(hostile, hostile.url("/bad/hostile-feed-content.xml"))
    assert_clean(bad)
    article = Article.objects.get(feed=bad)
    assert article.page_status != Article.PageStatus.FETCHED
    assert article.page_attempts == 1
    assert "The feed carries the whole story." in article.text
    assert "steal(" not in article.text
    assert_safe_html(article.body_html)


def test_an_item_aimed_at_the_metadata_service_is_skipped_as_another_domains_link(hostile):
    bad = one_pass_with_the_good_outlet(hostile, hostile.url("/bad/item-to-metadata.xml"))
    assert bad.error_count == 0
    assert "1 entries skipped: they link outside 127.0.0.1" in bad.last_warning
    assert not Article.objects.filter(feed=bad).exists()


def test_an_item_aimed_at_the_metadata_service_is_never_fetched_even_when_its_domain_is_allowed(
    hostile,
):
    bad = one_pass_with_the_good_outlet(
        hostile, hostile.url("/bad/item-to-metadata.xml"), allowed_link_domains="169.254.169.254"
    )
    assert_clean(bad)
    article = Article.objects.get(feed=bad)
    assert article.page_status != Article.PageStatus.FETCHED
    assert article.page_attempts == 1
    assert article.text == "Summary."


def test_a_page_that_trips_an_unexpected_error_is_retried_later_and_the_pass_goes_on(
    hostile, monkeypatch
):
    """A bug met on one page (here: the extractor raising on anything from the bad outlet)
    counts as a failed attempt on that page, never as the end of the pass."""
    real_extract = pages.extract_article

    def extract_or_trip(html: str, url: str):
        if "/hostile/" in url:
            raise RuntimeError("extractor bug")
        return real_extract(html, url)

    monkeypatch.setattr(pages, "extract_article", extract_or_trip)
    bad = one_pass_with_the_good_outlet(hostile, hostile.url("/bad/hostile-script.xml"))
    article = Article.objects.get(feed=bad)
    assert article.page_status == Article.PageStatus.PENDING
    assert article.page_attempts == 1
