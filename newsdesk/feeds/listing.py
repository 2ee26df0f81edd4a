"""Article links from an HTML section page, for publishers without a usable feed.

No library tells article links from navigation, so this is a small heuristic: same-site links
whose path looks like an article (a date in the path, a slug of four or more words, or a long
numeric id) and whose path does not name a tag, author, topic or utility page.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

from newsdesk.feeds.errors import FeedParseError
from newsdesk.feeds.markup import plain_text
from newsdesk.feeds.parse import FeedEntry, ParsedFeed
from newsdesk.feeds.trees import base_url, parse_html

__all__ = ["looks_like_article_path", "parse_listing_page"]

_DATED_PATH = re.compile(r"/(?:19|20)\d\d(?:[/-](?:0?[1-9]|1[0-2])[/-]|/?(?:0[1-9]|1[0-2])\d\d/)")
_MIN_ID_DIGITS = 6
_LONG_NUMBER = re.compile(r"\d{6,}")  # _MIN_ID_DIGITS or more
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?)$", re.IGNORECASE)
_FILE_SUFFIX = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|pdf|xml|rss|json|css|js|zip|mp3|mp4)$", re.IGNORECASE
)
# Path segments that mark listings, people and utility pages rather than articles.
_NON_ARTICLE_SEGMENT = re.compile(
    r"tags?|topics?|authors?|by|categor(?:y|ies)|sections?|search|log-?in|sign-?(?:in|up)"
    r"|register|subscribe|subscription|account|profile|about|contact|privacy|terms"
    r"|newsletters?|feeds?|rss|help|faq|careers|jobs|cookies|legal"
)
_MIN_SLUG_HYPHENS = 3


def parse_listing_page(html: str, url: str) -> ParsedFeed:
    """Article links on a section page as entries (URL and link text; no dates or content)."""
    root = parse_html(html)
    if root is None:
        raise FeedParseError(url, "empty or unreadable HTML page")
    base = base_url(root, url)
    titles: dict[str, str] = {}
    for anchor in root.iter("a"):
        link = _article_link(base, url, anchor.get("href"))
        if link is None:
            continue
        text = plain_text(anchor.text_content())
        if len(text) > len(titles.get(link, "")):
            titles[link] = text
    return ParsedFeed(
        kind="html",
        title=plain_text(root.findtext(".//title")),
        link=url,
        entries=[_entry(link, title) for link, title in titles.items()],
        parser="listing",
    )


def _article_link(base: str, page_url: str, href: str | None) -> str | None:
    if not href:
        return None
    try:
        link = urldefrag(urljoin(base, href.strip())).url
        parts = urlsplit(link)
    except ValueError:
        return None
    same_site = _same_site(parts.hostname or "", urlsplit(page_url).hostname or "")
    if parts.scheme not in {"http", "https"} or not same_site:
        return None
    return link if looks_like_article_path(parts.path) and link != page_url else None


def looks_like_article_path(path: str) -> bool:
    """True for paths like ``/2025/04/01/slug`` or ``/world/some-long-story-slug-123``."""
    segments = [segment.lower() for segment in path.split("/") if segment]
    if not segments or _FILE_SUFFIX.search(segments[-1]):
        return False
    if any(_NON_ARTICLE_SEGMENT.fullmatch(segment) for segment in segments):
        return False
    slug = _PAGE_SUFFIX.sub("", segments[-1])
    if slug.isdigit() and len(slug) < _MIN_ID_DIGITS:
        return False  # a date archive such as /2025/04/ lists articles, it is not one
    if _DATED_PATH.search(path):
        return True
    return slug.count("-") >= _MIN_SLUG_HYPHENS or bool(_LONG_NUMBER.search(slug))


def _same_site(host: str, site: str) -> bool:
    host, site = host.removeprefix("www."), site.removeprefix("www.")
    return host == site or host.endswith("." + site) or site.endswith("." + host)


def _entry(link: str, title: str) -> FeedEntry:
    return FeedEntry(
        guid=link,
        url=link,
        title=title,
        summary="",
        content_html=None,
        author=None,
        published=None,
        updated=None,
        image_url=None,
    )
