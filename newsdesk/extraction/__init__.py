"""Extraction stage: HTML page in, clean article (text, safe HTML, metadata) out."""

from __future__ import annotations

from newsdesk.extraction.article import (
    DateEvidence,
    ExtractedArticle,
    ExtractionError,
    ExtractOptions,
)
from newsdesk.extraction.cascade import warm_up
from newsdesk.extraction.extract import extract_article
from newsdesk.extraction.sanitize import sanitize_html

__all__ = [
    "DateEvidence",
    "ExtractOptions",
    "ExtractedArticle",
    "ExtractionError",
    "extract_article",
    "sanitize_html",
    "warm_up",
]
