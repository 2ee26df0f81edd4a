"""The extraction stage's data types: what goes in (options) and what comes out (an article).

Kept free of Django and of any parsing code so every later stage (dedupe, enrich, the ORM layer)
can import them cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class ExtractionError(ValueError):
    """Raised when a page yields no usable article; the message says why, for the source log."""

    def __init__(self, message: str) -> None:
        super().__init__(f"extraction: {message}")


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How hard to look for the body; the defaults are what the quality gate measures.

    ``favor_precision`` is trafilatura's precision mode (best F1 on our dev set). A first, fast
    pass whose text is shorter than ``fallback_below_chars`` is redone with trafilatura's
    readability/justext comparison, then in balanced mode: 0 never falls back.
    ``min_text_chars`` is the shortest body we accept as an article.
    """

    favor_precision: bool = True
    fallback_below_chars: int = 500
    include_links: bool = True
    include_tables: bool = True
    min_text_chars: int = 100


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What the page says about itself; empty strings where it says nothing."""

    canonical_url: str
    headline: str
    standfirst: str
    author: str
    published: datetime | None
    updated: datetime | None
    site_name: str
    lead_image: str
    language: str | None


@dataclass(frozen=True, slots=True)
class ExtractedArticle(PageMetadata):
    """One article as the rest of the pipeline sees it: publisher metadata plus clean body."""

    url: str
    body_html: str
    text: str
    attribution: str

    @property
    def full_text(self) -> str:
        """Body text followed by the attribution line, as the reader page shows them."""
        return f"{self.text}\n{self.attribution}" if self.attribution else self.text
