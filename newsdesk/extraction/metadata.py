"""Publisher metadata read from one parsed page: meta tags, JSON-LD, canonical link, html lang.

trafilatura's own ``extract_metadata`` costs ~6 ms a page on our dev set (most of it author and
title heuristics we do not need); reading the tags publishers fill in for social cards and search
engines costs a fraction of that. htmldate is only asked for a date when the page declares none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from htmldate import find_date
from htmldate.core import compare_reference, search_page
from htmldate.extractors import FREE_TEXT_EXPRESSIONS
from htmldate.settings import MAX_SEGMENT_LEN, MIN_SEGMENT_LEN
from htmldate.utils import Extractor as DateSearch
from htmldate.validators import check_extracted_reference, get_max_date, get_min_date
from lxml.etree import Element
from lxml.html import HtmlElement

from newsdesk.extraction.article import DateEvidence, PageMetadata
from newsdesk.lib.text import normalize_space

_ARTICLE_TYPES = re.compile(r"(?:News)?Article|BlogPosting|Report|WebPage", re.IGNORECASE)
# Class tokens publishers give the one-line summary under the headline.
_DECK_CLASS = re.compile(
    r"(?:^|[\s_-])(?:standfirst|dek|deck|sub-?headline|subtitle|summary|lede|intro)(?:$|[\s_-])",
    re.IGNORECASE,
)
_MAX_DECK_CHARS = 400
# A visible <h1> shorter than this is a logo or a section name, not a headline.
_MIN_HEADLINE_CHARS = 10
# What separates a title from the site name: "Harbour reopens | The Ledger".
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—•·»]\s+")
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di)\s+", re.IGNORECASE)
# Bylines often run on into a handle, a date or a reading time: "Ann Lee @annlee Nov 18, 2019".
_BYLINE_TAIL = re.compile(r"\s+(?:[@•|·]|\d).*$")
_LANGUAGE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]|$)")
_HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S"
# "2/24/2026": a US date, month first. htmldate reads numeric dates day first and so drops it;
# only a day past 12 tells the order, so only such dates are read here.
_MONTH_FIRST_DATE = re.compile(r"\b(0?[1-9]|1[0-2])/(1[3-9]|2\d|3[01])/((?:19|20)\d\d)\b")
# Meta keys in order of trust for each field; the first one present wins.
_KEYS = {
    "headline": ("og:title", "twitter:title", "headline"),
    "standfirst": ("og:description", "description", "twitter:description"),
    "author": (
        "author",
        "article:author",
        "byl",
        "dc.creator",
        "parsely-author",
        "sailthru.author",
    ),
    "published": (
        "article:published_time",
        "datepublished",
        "og:published_time",
        "pubdate",
        "dc.date",
        "date",
        "parsely-pub-date",
        "sailthru.date",
    ),
    "updated": ("article:modified_time", "og:updated_time", "datemodified", "last-modified"),
    "site_name": ("og:site_name", "application-name", "twitter:site"),
    "image": ("og:image", "og:image:url", "twitter:image", "twitter:image:src"),
    "language": ("og:locale", "content-language", "language", "dc.language"),
}


def read_metadata(tree: HtmlElement, url: str) -> PageMetadata:
    """Collect metadata from ``tree`` (not modified); relative URLs resolve against ``url``."""
    meta = _meta_tags(tree)
    linked = _json_ld_article(tree)
    value = _Lookup(meta, linked)
    published, evidence = _published(value("published", "datePublished"), tree, url)
    site_name = _site_name(value("site_name", "publisher"), url)
    declared = value("headline", "headline") or _title(tree)
    return PageMetadata(
        canonical_url=_canonical(tree, meta, url),
        headline=_headline(tree, declared, site_name),
        standfirst=value("standfirst", "description") or _deck(tree),
        author=_clean_author(value("author", "author")) or _byline(tree),
        published=published,
        updated=_parse_datetime(value("updated", "dateModified")),
        site_name=site_name,
        lead_image=_absolute(url, value("image", "image")),
        language=_language(tree.get("lang") or value("language", "inLanguage")),
        published_evidence=evidence,
    )


class _Lookup:
    """First non-empty value for a field, from meta tags then from the JSON-LD article."""

    def __init__(self, meta: dict[str, str], linked: dict[str, Any]) -> None:
        self._meta = meta
        self._linked = linked

    def __call__(self, field: str, ld_key: str) -> str:
        for key in _KEYS[field]:
            if self._meta.get(key):
                return self._meta[key]
        return _ld_text(self._linked.get(ld_key))


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        key = key or element.get("http-equiv")
        content = normalize_space(element.get("content") or "")
        if key and content:
            found.setdefault(key.strip().lower(), content)
    return found


def _json_ld_article(tree: HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (or page); broken JSON is skipped."""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "") or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for item in _ld_objects(data):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and _ARTICLE_TYPES.fullmatch(k) for k in kinds):
                return item
    return {}


def _ld_objects(data: object) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _ld_objects(data.get("@graph", []))


def _ld_text(value: object) -> str:
    """A JSON-LD value as text: names of people and organisations, URLs of images, joined lists."""
    if isinstance(value, list):
        return ", ".join(filter(None, (_ld_text(item) for item in value)))
    if isinstance(value, dict):
        return _ld_text(value.get("name") or value.get("url"))
    return normalize_space(str(value)) if isinstance(value, str | int | float) else ""


def _canonical(tree: HtmlElement, meta: dict[str, str], url: str) -> str:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return _absolute(url, link.get("href", ""))
    return _absolute(url, meta.get("og:url", "")) or url


def _absolute(base: str, href: str) -> str:
    """``href`` resolved against ``base``; only http(s) results are kept."""
    if not href:
        return ""
    resolved = urljoin(base, href.strip())
    return resolved if urlsplit(resolved).scheme in {"http", "https"} else ""


def _first_text(tree: HtmlElement, xpath: str) -> str:
    for element in tree.xpath(xpath):
        text = normalize_space(element.text_content())
        if text:
            return text
    return ""


def _headline(tree: HtmlElement, declared: str, site_name: str) -> str:
    """The headline the reader sees: the page's first ``<h1>`` that is not the site's logo
    (its name, or the " | Site" suffix of the declared title) nor too short to be a headline;
    else the declared title without that suffix."""
    title = _without_site_suffix(declared)
    names = {site_name.casefold(), declared[len(title) :].strip(" |-–—•·»").casefold()}
    for element in tree.iter("h1"):
        visible = normalize_space(element.text_content())
        if len(visible) >= _MIN_HEADLINE_CHARS and visible.casefold() not in names:
            return visible
    return title


def _without_site_suffix(title: str) -> str:
    """Drop the part after the last separator when it is the shorter side: the site's name."""
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if separators and len(title) - separators[-1].end() < separators[-1].start():
        return title[: separators[-1].start()]
    return title


def _title(tree: HtmlElement) -> str:
    return _first_text(tree, "//head/title")


def _deck(tree: HtmlElement) -> str:
    """The visible summary paragraph, for pages whose meta tags carry no description."""
    for element in tree.iter("p", "h2", "div"):
        if _DECK_CLASS.search(element.get("class") or ""):
            text = normalize_space(element.text_content())
            if 0 < len(text) <= _MAX_DECK_CHARS:
                return text
    return ""


def _byline(tree: HtmlElement) -> str:
    """Visible byline, for pages that declare no author: the first element marked rel=author or
    itemprop=author that has text, among those not preceded by a sibling so marked."""
    found = next(
        (
            text
            for element in tree.iter(Element)
            if _names_author(element)
            and not any(map(_names_author, element.itersiblings(preceding=True)))
            and (text := normalize_space(element.text_content()))
        ),
        "",
    )
    return _clean_author(found) if len(found) < 80 else ""


def _names_author(element: HtmlElement) -> bool:
    # Read in Python: XPath's "//*[...][1]" built a node set for every parent of the page.
    return element.get("rel") == "author" or element.get("itemprop") == "author"


def _clean_author(author: str) -> str:
    """Drop profile URLs and a leading "By"; what remains is the name(s)."""
    if author.startswith(("http://", "https://")):
        return ""
    return _BYLINE_TAIL.sub("", _BYLINE_PREFIX.sub("", author)).strip()


def _site_name(declared: str, url: str) -> str:
    """The declared name, else the host; a declared URL (JSON-LD publisher) becomes its host."""
    if declared and not declared.startswith(("http://", "https://")):
        return declared
    return urlsplit(declared or url).hostname or ""


def _language(code: str | None) -> str | None:
    match = _LANGUAGE.match((code or "").strip())
    return match.group(1).lower() if match else None


def _parse_datetime(value: str) -> datetime | None:
    """An ISO 8601 timestamp as an aware datetime; pages without a zone are taken as UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _published(
    declared: str, tree: HtmlElement, url: str
) -> tuple[datetime | None, DateEvidence | None]:
    """The publication date and where it was found: declared, else in the markup. A date found
    only in the text is looked for later (``text_date``), on the pruned page."""
    if published := _parse_datetime(declared):
        return published, DateEvidence.METADATA
    if published := _htmldate(tree, url):
        return published, DateEvidence.MARKUP
    return None, None


def text_date(tree: HtmlElement) -> datetime | None:
    """A date found in the text of a page that declares none: htmldate's text passes (dates in
    short text runs, then patterns in the whole text).

    The patterns search the text, not the serialised markup as htmldate does: what they found
    only in markup were image file names and upload folders, other articles' links and campaign
    tags, never this page's date. On WCXB dev's dated pages the text search replaced two wrong
    dates (one by the right date, one by none) and lost no right one, at half the cost.

    Run once menus, footers and rails are cut, where a date is less often a copyright notice or
    a sidebar teaser's. ``find_date`` would first copy the tree and redo the markup search
    ``read_metadata`` already did, and its "extensive" mode hands every unusual date string to
    dateparser, which tries each of its 200 locales (65 ms a page searched), so the passes run
    with htmldate's own parsers, and the one date format on WCXB dev only dateparser read
    (month first) is read here. A 1 January result is
    htmldate's guess from a bare year ("© 2019"); on WCXB dev no such guess was the article's
    date, and most were made on pages that have none, so it is not taken.
    """
    search = DateSearch(False, get_max_date(None), get_min_date(None), True, _HTMLDATE_FORMAT)
    reference: datetime | None = None
    for segment in FREE_TEXT_EXPRESSIONS(tree):
        segment = segment.strip()
        if MIN_SEGMENT_LEN < len(segment) < MAX_SEGMENT_LEN:
            reference = compare_reference(reference, segment, search)
            reference = _older(reference, _month_first_date(segment))
    text = " ".join(tree.itertext())
    found = check_extracted_reference(reference, search) or search_page(text, search)
    published = _parse_datetime(found or "")
    if published is None or (published.month, published.day) == (1, 1):
        return None
    return published


def _month_first_date(segment: str) -> datetime | None:
    match = _MONTH_FIRST_DATE.search(segment)
    if match is None:
        return None
    month, day, year = (int(part) for part in match.groups())
    try:
        return datetime(year, month, day)
    except ValueError:  # 2/30/2020
        return None


def _older(first: datetime | None, second: datetime | None) -> datetime | None:
    """The older of two dates (the page's first publication), either of which may be missing."""
    return min(first, second) if first and second else first or second


def _htmldate(tree: HtmlElement, url: str) -> datetime | None:
    """htmldate's guess from the page's markup; it trips over some degenerate trees, and a
    missing date must never cost us the article."""
    try:
        found = find_date(
            tree,
            url=url,
            extensive_search=False,
            original_date=True,
            outputformat=_HTMLDATE_FORMAT,
        )
    except (ValueError, AssertionError):
        return None
    return _parse_datetime(found) if found else None
