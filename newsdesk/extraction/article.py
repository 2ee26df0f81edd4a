"""The extraction stage's data types: what goes in (options) and what comes out (an article).

Kept free of Django and of any parsing code so every later stage (dedupe, enrich, the ORM layer)
can import them cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ExtractionError(ValueError):
    """Raised when a page yields no usable article; the message says why, for the source log."""

    def __init__(self, message: str) -> None:
        super().__init__(f"extraction: {message}")


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How hard to look for the body; the defaults are what the quality gates measure.

    ``favor_precision`` is trafilatura's precision mode: it drops whole bodies on pages unlike
    the news sites it was tuned on, so it is off. A first, fast pass whose text is shorter than
    ``fallback_below_chars`` or than ``fallback_below_share`` of the page's paragraph text is
    redone with trafilatura's readability/justext comparison (0 and 0.0 never fall back).
    A body shorter than ``min_text_chars`` is only accepted from a page that holds no more
    prose than that (a brief).
    """

    favor_precision: bool = False
    fallback_below_chars: int = 500
    fallback_below_share: float = 0.5
    include_links: bool = True
    include_tables: bool = True
    min_text_chars: int = 100


class DateEvidence(StrEnum):
    """Where the publication date was found, from most to least trustworthy: a date the
    publisher declared for machines, one shown in the page's markup (a ``<time>`` element, a
    date-classed byline, the URL), or one merely found in the body text, which can be the date
    of an event years away; the pipeline prefers a feed's date over that one."""

    METADATA = "metadata"
    MARKUP = "markup"
    TEXT = "text"


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
    # Keyword-only with a default, so code that builds an article without it keeps working.
    published_evidence: DateEvidence | None = field(default=None, kw_only=True)


@dataclass(frozen=True, slots=True)
class ExtractedArticle(PageMetadata):
    """One article as the rest of the pipeline sees it: publisher metadata plus clean body."""

    url: str
    body_html: str
    text: str
    attribution: str
    # The page's whole prose is shorter than an article's: a news brief, a one-paragraph note.
    brief: bool = False

    @property
    def full_text(self) -> str:
        """Body text followed by the attribution line, as the reader page shows them."""
        return f"{self.text}\n{self.attribution}" if self.attribution else self.text
