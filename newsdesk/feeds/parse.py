"""Parse any feed we meet into one shape: ``ParsedFeed`` holding ``FeedEntry`` items.

How each format is read, and why (numbers from ``python -m bench.feeds``):

* RSS, Atom and RDF go through fastfeedparser first: it is ~45x faster than feedparser on real
  feeds and agrees with it on their entries. It is much weaker on odd inputs (feedparser's own
  edge cases: UTF-16/32, legacy encodings, RSS 0.90, CDF), so we decode the bytes ourselves
  (``charset.decode``) and hand both parsers clean UTF-8, and we fall back to feedparser, the
  correctness reference, whenever fastfeedparser fails, finds no entries or returns empty
  entries.
* JSON Feed is read here with the standard library: feedparser 6 does not support it and
  fastfeedparser turns ``content_text`` into escaped HTML.
* Sitemaps (plain and Google News) are read here with lxml: neither feed library reads them.

Entry content stays raw HTML (the sanitizing stage cleans it); titles, summaries, authors and
tags are returned as plain text.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import fastfeedparser
import feedparser
from lxml import etree

from newsdesk.feeds.charset import decode
from newsdesk.feeds.dates import to_utc
from newsdesk.feeds.errors import FeedParseError
from newsdesk.feeds.markup import plain_text
from newsdesk.feeds.trees import is_well_formed, parse_xml

__all__ = ["FeedEntry", "FeedKind", "ParsedFeed", "parse_feed"]

FeedKind = Literal["rss", "atom", "rdf", "json", "sitemap", "html"]

_COMMENT_OR_DECLARATION = re.compile(r"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>]*>", re.DOTALL | re.I)
_ROOT_ELEMENT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_ROOT_KINDS: dict[str, FeedKind] = {
    "rss": "rss",
    "channel": "rss",
    "rdf": "rdf",
    "feed": "atom",
    "urlset": "sitemap",
    "sitemapindex": "sitemap",
}
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")
_FIRST_ITEM = re.compile(r"<(?:\w+:)?(?:item|entry)[\s>]")
_TTL = re.compile(r"<ttl>\s*(\d+)\s*</ttl>", re.IGNORECASE)
_SY_PERIOD = re.compile(r"<sy:updatePeriod>\s*(\w+)\s*<", re.IGNORECASE)
_SY_FREQUENCY = re.compile(r"<sy:updateFrequency>\s*(\d+)\s*<", re.IGNORECASE)
_PERIOD_MINUTES = {"hourly": 60, "daily": 1440, "weekly": 10080, "monthly": 43200, "yearly": 525600}
_HEAD_CHARS = 4096
_HTTP_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed; ``guid`` is stable across polls and never empty.

    ``summary`` is the plain text of the feed's summary or description, which some publishers
    fill with the whole article; ``content_html`` is the richest raw HTML the feed has.
    ``published`` falls back to ``updated`` when a feed gives only one time (RSS ``dc:date``,
    Atom ``updated``); both are timezone-aware UTC.
    """

    guid: str
    url: str | None
    title: str
    summary: str
    content_html: str | None
    author: str | None
    published: datetime | None
    updated: datetime | None
    image_url: str | None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed; ``ttl`` and ``update_period`` are minutes the publisher suggests."""

    kind: FeedKind
    title: str
    link: str | None
    entries: list[FeedEntry]
    ttl: int | None = None
    update_period: int | None = None
    encoding: str | None = None
    parser: str = ""
    sitemaps: tuple[str, ...] = field(default=())
    # Set when the document is broken but entries before the break were kept: the feed works,
    # yet its publisher should hear about it (the admin shows this on the feed).
    warning: str = ""


def parse_feed(content: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse feed bytes fetched from ``url``; raise ``FeedParseError`` if they are not a feed."""
    if not content.strip():
        raise FeedParseError(url, "empty document")
    decoded = decode(content, content_type)
    kind = _sniff_kind(decoded.text, url)
    if kind == "json":
        feed = _parse_json_feed(decoded.text, url)
    elif kind == "sitemap":
        feed = _parse_sitemap(_utf8_xml(decoded.text), url)
    else:
        feed = _parse_xml_feed(decoded.text, url, kind)
    return replace(feed, encoding=decoded.encoding)


def _sniff_kind(text: str, url: str) -> FeedKind:
    head = text[:_HEAD_CHARS].lstrip()
    if head.startswith("{"):
        return "json"
    match = _ROOT_ELEMENT.search(_COMMENT_OR_DECLARATION.sub("", head))
    root = match.group(1).lower() if match else ""
    if root in _ROOT_KINDS:
        return _ROOT_KINDS[root]
    if root in {"html", "head", "body"} or head[:15].lower().startswith("<!doctype html"):
        raise FeedParseError(url, "an HTML page is not a feed (try feed discovery)")
    raise FeedParseError(url, f"not a feed: unknown root element <{root or '?'}>")


def _utf8_xml(text: str) -> bytes:
    """UTF-8 bytes whose XML declaration no longer claims the original encoding."""
    return _XML_ENCODING.sub(r"\1\2utf-8\2", text, count=1).encode("utf-8")


# --- RSS, Atom, RDF ------------------------------------------------------------------------


def _parse_xml_feed(text: str, url: str, kind: FeedKind) -> ParsedFeed:
    raw, parser, broken = _parse_xml_raw(text, url, kind)
    ttl, period = _publisher_hints(text)
    entries = [_xml_entry(entry, url) for entry in raw.entries if _says_something(entry)]
    warning = f"broken {kind} feed, read up to the break ({len(entries)} entries): {broken}"
    return ParsedFeed(
        kind=kind,
        title=plain_text(_text(raw.feed.get("title"))),
        link=_absolute(url, raw.feed.get("link")),
        entries=entries,
        ttl=ttl,
        update_period=period,
        parser=parser,
        warning=warning if broken else "",
    )


def _parse_xml_raw(text: str, url: str, kind: FeedKind) -> tuple[Any, str, str]:
    """fastfeedparser for well-formed feeds it reads fully, else feedparser (see module doc).

    On broken XML fastfeedparser "repairs" silently (a bare ``&`` vanishes from a title) while
    feedparser keeps the text, so feedparser wins there unless it recovers fewer entries.
    Returns the parsed feed, the parser's name and what is broken ("" for a sound document).
    """
    data = _utf8_xml(text)
    fast = _try_fastfeedparser(data)
    fast_count = _usable_count(fast.entries) if fast is not None else 0
    well_formed = is_well_formed(data)
    if fast is not None and fast_count == len(fast.entries) and fast_count and well_formed:
        return fast, "fastfeedparser", ""
    reference = _run_feedparser(data, url)
    reference_count = _usable_count(reference.entries)
    broken = "" if well_formed else str(reference.get("bozo_exception") or "not well-formed XML")
    if fast_count > reference_count:
        return fast, "fastfeedparser", broken
    # Broken XML is fatal only if it cost us everything: items we could not read, or the
    # whole feed (an undefined entity in an item-less feed's title is survivable).
    lost_items = bool(_FIRST_ITEM.search(text)) or not reference.feed.get("title")
    if not reference_count and reference.get("bozo") and lost_items:
        reason = reference.get("bozo_exception") or "no feed elements found"
        raise FeedParseError(url, f"broken {kind} feed: {reason}")
    return reference, "feedparser", broken


def _try_fastfeedparser(data: bytes) -> Any | None:  # noqa: ANN401 - the library's untyped dict
    # Bytes, never str: fastfeedparser treats a str that looks like a URL as one and fetches it.
    try:
        return fastfeedparser.parse(data)
    except Exception:  # a crash on hostile input just means "ask feedparser instead"
        return None


def _run_feedparser(data: bytes, url: str) -> Any:  # noqa: ANN401 - the library's untyped dict
    headers = {"content-location": url, "content-type": "application/xml; charset=utf-8"}
    try:
        return feedparser.parse(data, response_headers=headers, sanitize_html=False)
    except Exception as exc:  # feedparser reports breakage as "bozo"; anything else is a bug
        raise FeedParseError(url, f"feedparser failed: {exc!r}") from exc


def _usable_count(entries: list[Mapping[str, Any]]) -> int:
    return sum(1 for entry in entries if _says_something(entry))


def _says_something(entry: Mapping[str, Any]) -> bool:
    """Broken XML leaves entries with nothing but empty fields behind; they are skipped."""
    return any(entry.values())


def _publisher_hints(text: str) -> tuple[int | None, int | None]:
    """RSS ``<ttl>`` and ``sy:update*`` in minutes, read from the channel part before items."""
    first_item = _FIRST_ITEM.search(text)
    channel = text[: first_item.start()] if first_item else text[:_HEAD_CHARS]
    ttl = _TTL.search(channel)
    period = _SY_PERIOD.search(channel)
    frequency = _SY_FREQUENCY.search(channel)
    minutes = _PERIOD_MINUTES.get(period.group(1).lower()) if period else None
    if minutes is not None and frequency and int(frequency.group(1)) > 0:
        minutes //= int(frequency.group(1))
    return (int(ttl.group(1)) if ttl else None), minutes


def _xml_entry(raw: dict[str, Any], base: str) -> FeedEntry:
    url = _absolute(base, raw.get("link"))
    title = plain_text(_text(raw.get("title")))
    summary_html = _text(raw.get("summary")) or _text(raw.get("description"))
    return FeedEntry(
        guid=_guid(_text(raw.get("id")), url, title, summary_html),
        url=url,
        title=title,
        summary=plain_text(summary_html),
        content_html=_content_html(raw) or summary_html or None,
        author=plain_text(_text(raw.get("author"))) or None,
        published=_first_time(raw, "published", "updated"),
        updated=_first_time(raw, "updated"),
        image_url=_image_url(raw, base),
        tags=_tags(tag.get("term") or tag.get("label") for tag in _dicts(raw.get("tags"))),
    )


def _first_time(raw: dict[str, Any], *keys: str) -> datetime | None:
    """The first usable time; ``published`` falls back to ``updated`` (``dc:date`` lands there)."""
    for key in keys:
        # dict.get skips feedparser's deprecated key aliasing (and its warning).
        when = to_utc(dict.get(raw, f"{key}_parsed") or dict.get(raw, key))
        if when is not None:
            return when
    return None


def _content_html(raw: Mapping[str, Any]) -> str | None:
    contents = _dicts(raw.get("content"))
    preferred = [c for c in contents if "html" in str(c.get("type", ""))] or contents
    return next((value for c in preferred if (value := _text(c.get("value")))), None)


def _image_url(raw: Mapping[str, Any], base: str) -> str | None:
    candidates = [m.get("url") for m in _dicts(raw.get("media_thumbnail"))]
    candidates += [m.get("url") for m in _dicts(raw.get("media_content")) if _is_image(m)]
    candidates += [
        e.get("url") or e.get("href") for e in _dicts(raw.get("enclosures")) if _is_image(e)
    ]
    candidates += [
        link.get("href")
        for link in _dicts(raw.get("links"))
        if link.get("rel") == "enclosure" and _is_image(link)
    ]
    image = raw.get("image")
    if isinstance(image, Mapping):
        candidates.append(image.get("href") or image.get("url"))
    return next((u for c in candidates if (u := _absolute(base, c))), None)


def _is_image(media: Mapping[str, Any]) -> bool:
    """Only media declared as images: an untyped enclosure is as likely a podcast's MP3."""
    return str(media.get("type") or media.get("medium") or "").startswith("image")


# --- JSON Feed -----------------------------------------------------------------------------


def _parse_json_feed(text: str, url: str) -> ParsedFeed:
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise FeedParseError(url, f"invalid JSON: {exc}") from exc
    if not isinstance(document, dict) or "jsonfeed.org" not in str(document.get("version")):
        raise FeedParseError(url, "JSON document is not a JSON Feed")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedParseError(url, "JSON Feed has no items list")
    feed_author = _json_author(document)
    return ParsedFeed(
        kind="json",
        title=plain_text(_text(document.get("title"))),
        link=_absolute(url, document.get("home_page_url")),
        entries=[_json_entry(item, url, feed_author) for item in _dicts(items)],
        parser="json",
    )


def _json_entry(item: Mapping[str, Any], base: str, feed_author: str | None) -> FeedEntry:
    url = _absolute(base, item.get("url")) or _absolute(base, item.get("external_url"))
    title = plain_text(_text(item.get("title")))
    content_text = _text(item.get("content_text"))
    content_html = _text(item.get("content_html")) or (
        f"<p>{html.escape(content_text)}</p>" if content_text else None
    )
    summary = _text(item.get("summary"))
    return FeedEntry(
        guid=_guid(str(item.get("id") or ""), url, title, summary or content_text),
        url=url,
        title=title,
        summary=plain_text(summary),
        content_html=content_html,
        author=_json_author(item) or feed_author,
        published=to_utc(item.get("date_published")),
        updated=to_utc(item.get("date_modified")),
        image_url=_absolute(base, item.get("image")) or _absolute(base, item.get("banner_image")),
        tags=_tags(tags if isinstance(tags := item.get("tags"), list) else ()),
    )


def _json_author(node: Mapping[str, Any]) -> str | None:
    """JSON Feed 1.1 ``authors`` list, else 1.0 ``author`` object."""
    authors = _dicts(node.get("authors")) or _dicts([node.get("author")])
    return next((name for a in authors if (name := plain_text(_text(a.get("name"))))), None)


# --- Sitemaps ------------------------------------------------------------------------------


def _parse_sitemap(data: bytes, url: str) -> ParsedFeed:
    root = parse_xml(data)
    if root is None:
        raise FeedParseError(url, "broken sitemap XML")
    entries = [_sitemap_entry(node, url) for node in root.iterfind("{*}url")]
    publication = root.findtext(".//{*}news/{*}publication/{*}name") or ""
    children = (_absolute(url, loc) for loc in root.xpath("./*[local-name()='sitemap']/*/text()"))
    return ParsedFeed(
        kind="sitemap",
        title=plain_text(publication),
        link=None,
        entries=[entry for entry in entries if entry.url],
        parser="sitemap",
        sitemaps=tuple(child for child in children if child),
    )


def _sitemap_entry(node: etree._Element, base: str) -> FeedEntry:
    url = _absolute(base, node.findtext("{*}loc"))
    title = plain_text(node.findtext("{*}news/{*}title"))
    published = to_utc(node.findtext("{*}news/{*}publication_date"))
    modified = to_utc(node.findtext("{*}lastmod"))
    keywords = (node.findtext("{*}news/{*}keywords") or "").split(",")
    return FeedEntry(
        guid=url or "",
        url=url,
        title=title,
        summary="",
        content_html=None,
        author=None,
        published=published or modified,
        updated=modified,
        image_url=_absolute(base, node.findtext("{*}image/{*}loc")),
        tags=_tags(keywords),
    )


# --- shared helpers ------------------------------------------------------------------------


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _dicts(value: object) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _absolute(base: str, href: object) -> str | None:
    """An absolute http(s) URL, or ``None`` (drops ``javascript:``, ``mailto:``, junk)."""
    if not isinstance(href, str) or not href.strip():
        return None
    if href.startswith(("https://", "http://")) and not href[-1].isspace():
        return href  # already absolute: skip urljoin, the parser's hottest helper
    try:
        absolute = urljoin(base, href.strip())
        scheme = urlsplit(absolute).scheme
    except ValueError:
        return None
    return absolute if scheme in _HTTP_SCHEMES else None


def _tags(values: Iterable[object]) -> tuple[str, ...]:
    cleaned = (plain_text(_text(value)) for value in values)
    return tuple(dict.fromkeys(tag for tag in cleaned if tag))


def _guid(guid: str, url: str | None, title: str, summary: str) -> str:
    """The publisher's id, else the link, else a hash of the text (stable between polls)."""
    if guid.strip():
        return guid.strip()
    if url:
        return url
    digest = hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()[:32]
    return f"sha256:{digest}"
