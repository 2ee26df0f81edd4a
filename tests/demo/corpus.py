"""Helpers shared by the demo tests: load the manifest and pull article text out of pages."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "newsdesk" / "demo" / "corpus"
BODY_TAGS = {"p", "h2", "h3", "blockquote", "li"}
HEAD_CLASSES = {"kicker", "standfirst", "byline", "ad-slot", "read-more"}


def outlets() -> list[dict]:
    """``outlets.json`` as written."""
    return json.loads((CORPUS / "outlets.json").read_text(encoding="utf-8"))["outlets"]


def events() -> dict:
    """``events.json`` as written."""
    return json.loads((CORPUS / "events.json").read_text(encoding="utf-8"))


def originals() -> dict[str, dict]:
    """Articles that were written for this corpus (intentional wire copies excluded)."""
    return {k: v for k, v in events()["articles"].items() if not v.get("wire_copy_of")}


class _ArticleParser(HTMLParser):
    """Body text inside <article>: skips headline, standfirst, byline and in-article clutter."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href", "")
        if tag == "article":
            self.depth += 1
        elif self.depth and (tag == "h1" or HEAD_CLASSES & set(a.get("class", "").split())):
            self.skip += 1
        if self.depth and tag in BODY_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif self.skip and (tag in {"h1", "p", "div"}):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def parse_page(html: str) -> _ArticleParser:
    """Parse one article page; ``.parts`` holds the body, ``.meta`` the head metadata."""
    parser = _ArticleParser()
    parser.feed(html)
    return parser


def body_text(html: str) -> str:
    """The article body (paragraphs, sub-headings, quotes) as plain text."""
    return re.sub(r"[ \t]+", " ", "".join(parse_page(html).parts)).strip()


def words(text: str) -> list[str]:
    """Lower-cased word tokens, for counting and for overlap checks."""
    return re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", text.lower())
