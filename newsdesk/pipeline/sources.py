"""Adding publishers: by feed URL, by home page (feeds discovered), or from OPML."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import transaction
from django.utils.text import slugify

from newsdesk.feeds import (
    PAGE_ACCEPT,
    FeedParseError,
    Fetcher,
    FetchError,
    OpmlFeed,
    parse_listing_page,
    parse_opml,
    write_opml,
)
from newsdesk.feeds.discover import discover_feeds
from newsdesk.news.limits import clip
from newsdesk.news.models import Feed, Source

# When a site offers several feeds, the richest kind wins.
_KIND_PREFERENCE = ["atom", "rss", "json", "rdf", "sitemap"]


class SourceError(Exception):
    """A source could not be added; the message names the URL and says why."""


def add_source(url: str, fetcher: Fetcher, *, name: str = "") -> Feed:
    """Subscribe to ``url``: a feed, a home page declaring feeds, or a page listing articles.

    Adding the same URL twice returns the existing feed.
    """
    url = url.strip()
    if urlsplit(url).scheme not in ("http", "https"):
        raise SourceError(f"sources: {url!r} is not an http(s) URL")
    existing = Feed.objects.filter(url=url).select_related("source").first()
    if existing is not None:
        return existing
    try:
        discovered = discover_feeds(fetcher, url)
    except FetchError as error:
        raise SourceError(f"sources: cannot add {url}: {error.message}") from error
    if discovered:
        best = min(
            discovered,
            key=lambda feed: (
                _KIND_PREFERENCE.index(feed.kind)
                if feed.kind in _KIND_PREFERENCE
                else len(_KIND_PREFERENCE)
            ),
        )
        return _subscribe(best.url, best.kind, name or best.title, home_url=url)
    return _subscribe_listing(url, fetcher, name)


def _subscribe_listing(url: str, fetcher: Fetcher, name: str) -> Feed:
    """A site without feeds: poll its page and follow the article links on it."""
    try:
        page = fetcher.fetch(url, accept=PAGE_ACCEPT)
        listing = parse_listing_page(page.text, page.final_url)
    except (FetchError, FeedParseError) as error:
        raise SourceError(f"sources: cannot add {url}: {error}") from error
    if not listing.entries:
        raise SourceError(f"sources: {url} has no feed and no links to articles")
    return _subscribe(url, Feed.Kind.HTML, name or listing.title, home_url=url)


def _subscribe(feed_url: str, kind: str, name: str, *, home_url: str) -> Feed:
    host = urlsplit(home_url).hostname or urlsplit(feed_url).hostname or "source"
    with transaction.atomic():
        source = Source.objects.filter(home_url=home_url).first()
        if source is None:
            source = Source.objects.create(
                name=clip(Source, "name", name or host),
                slug=_unique_slug(name or host),
                home_url=home_url,
            )
        feed, _ = Feed.objects.get_or_create(
            url=feed_url,
            defaults={"source": source, "kind": kind, "title": clip(Feed, "title", name)},
        )
    return feed


def _unique_slug(name: str) -> str:
    # Room for a "-<number>" suffix within the column.
    base = clip(Source, "slug", slugify(name))[:-10] or "source"
    slug, number = base, 1
    while Source.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def import_opml(content: bytes) -> list[Feed]:
    """Subscribe to every feed of an OPML file; feeds are checked at their first poll."""
    feeds = []
    for item in parse_opml(content).feeds:
        name = item.title or urlsplit(item.xml_url).hostname or item.xml_url
        feeds.append(
            _subscribe(item.xml_url, Feed.Kind.AUTO, name, home_url=item.html_url or item.xml_url)
        )
    return feeds


def export_opml() -> bytes:
    feeds = Feed.objects.select_related("source").order_by("source__name", "url")
    return write_opml(
        OpmlFeed(title=feed.source.name, xml_url=feed.url, html_url=feed.source.home_url or None)
        for feed in feeds
    )
