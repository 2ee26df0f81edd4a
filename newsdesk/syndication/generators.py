"""Django's RSS 2.0 and Atom writers, with what news entries add: the publisher's original
link and the source each entry comes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.xmlutils import SimplerXMLGenerator


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    summary_html: str
    published: datetime
    updated: datetime | None = None
    author: str = ""
    original_url: str = ""
    source_name: str = ""
    source_feed_url: str = ""
    categories: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Channel:
    title: str
    link: str
    description: str
    feed_url: str


class NewsRss(Rss201rev2Feed):
    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("source_name") and item.get("source_feed_url"):
            # RSS names an entry's origin by that origin's feed.
            handler.addQuickElement("source", item["source_name"], {"url": item["source_feed_url"]})


class NewsAtom(Atom1Feed):
    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("original_url"):
            handler.addQuickElement(
                "link", "", {"rel": "related", "href": item["original_url"], "type": "text/html"}
            )


FORMATS: dict[str, type[Rss201rev2Feed] | type[Atom1Feed]] = {"rss": NewsRss, "atom": NewsAtom}


def render(channel: Channel, entries: list[Entry], fmt: str) -> tuple[bytes, str]:
    """The document and its content type, in ``fmt`` ("rss" or "atom")."""
    feed = FORMATS[fmt](
        title=channel.title,
        link=channel.link,
        description=channel.description,
        subtitle=channel.description,
        feed_url=channel.feed_url,
        language="en",
    )
    for entry in entries:
        feed.add_item(
            title=entry.title,
            link=entry.link,
            description=entry.summary_html,
            unique_id=entry.link,
            unique_id_is_permalink=True,
            pubdate=entry.published,
            updateddate=entry.updated or entry.published,
            author_name=entry.author or None,
            categories=entry.categories,
            original_url=entry.original_url,
            source_name=entry.source_name,
            source_feed_url=entry.source_feed_url,
        )
    return feed.writeString("utf-8").encode("utf-8"), feed.content_type
