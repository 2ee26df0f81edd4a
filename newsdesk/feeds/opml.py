"""OPML 1.0/2.0 subscription lists: import (nested folders become categories) and export.

Parsed with lxml without entity expansion or network access (``trees.parse_xml``), because
OPML files come from users' uploads; only http(s) feed and site URLs are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

from newsdesk.feeds.errors import OpmlError
from newsdesk.feeds.markup import plain_text
from newsdesk.feeds.safety import is_web_url
from newsdesk.feeds.trees import parse_xml

__all__ = ["OpmlDocument", "OpmlFeed", "parse_opml", "write_opml"]

CATEGORY_SEPARATOR = "/"
# Real subscription lists nest a few folders deep; anything past this is a hostile upload.
MAX_FOLDER_DEPTH = 64


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription; ``category`` is a folder path such as ``"News/World"``."""

    title: str
    xml_url: str
    html_url: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class OpmlDocument:
    title: str
    feeds: list[OpmlFeed]


def parse_opml(content: bytes) -> OpmlDocument:
    """Every feed outline at any depth; raise ``OpmlError`` if this is not OPML."""
    root = parse_xml(content) if content.strip() else None
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise OpmlError("not an OPML document")
    body = root.find("body")
    if body is None:
        raise OpmlError("OPML document has no <body>")
    title = plain_text(root.findtext("head/title"))
    return OpmlDocument(title, list(_feeds(body)))


def _feeds(body: etree._Element) -> Iterator[OpmlFeed]:
    """Feed outlines in document order, walked with a stack rather than recursion.

    The XML parser silently drops everything nested deeper than its own limit (256 levels), so
    a deeper list is refused here, well before that limit, instead of importing nothing."""
    stack: list[tuple[Iterator[etree._Element], tuple[str, ...]]] = [(body.iterfind("outline"), ())]
    while stack:
        outlines, folders = stack[-1]
        outline = next(outlines, None)
        if outline is None:
            stack.pop()
            continue
        label = plain_text(outline.get("title") or outline.get("text"))
        xml_url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not xml_url:
            if len(stack) >= MAX_FOLDER_DEPTH:
                raise OpmlError(f"outlines nested deeper than {MAX_FOLDER_DEPTH} levels")
            stack.append((outline.iterfind("outline"), (*folders, label) if label else folders))
        elif is_web_url(xml_url):
            yield _feed(outline, label or xml_url, xml_url, folders)


def _feed(outline: etree._Element, title: str, xml_url: str, folders: tuple[str, ...]) -> OpmlFeed:
    category = CATEGORY_SEPARATOR.join(folders) or _category_attribute(outline)
    html_url = (outline.get("htmlUrl") or "").strip()
    return OpmlFeed(title, xml_url, html_url if is_web_url(html_url) else None, category)


def _category_attribute(outline: etree._Element) -> str | None:
    """OPML 2.0 ``category="/News/World,/Other"``: the first path, without outer slashes."""
    first = (outline.get("category") or "").split(",")[0].strip().strip(CATEGORY_SEPARATOR)
    return first or None


def write_opml(
    feeds: Iterable[OpmlFeed], *, title: str = "newsdesk subscriptions", now: datetime | None = None
) -> bytes:
    """OPML 2.0 with one nested folder outline per category path level."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC), True)
    body = etree.SubElement(root, "body")
    folders: dict[tuple[str, ...], etree._Element] = {(): body}
    for feed in feeds:
        parent = _folder(folders, _path(feed.category))
        attributes = {"type": "rss", "text": feed.title, "title": feed.title}
        attributes["xmlUrl"] = feed.xml_url
        if feed.html_url:
            attributes["htmlUrl"] = feed.html_url
        etree.SubElement(parent, "outline", attributes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _path(category: str | None) -> tuple[str, ...]:
    parts = (part.strip() for part in (category or "").split(CATEGORY_SEPARATOR))
    return tuple(part for part in parts if part)


def _folder(
    folders: dict[tuple[str, ...], etree._Element], path: tuple[str, ...]
) -> etree._Element:
    if path not in folders:
        parent = _folder(folders, path[:-1])
        folders[path] = etree.SubElement(parent, "outline", text=path[-1], title=path[-1])
    return folders[path]
