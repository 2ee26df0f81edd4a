"""Dedupe stage: one row per article however its URL is spelled, and wire copies spotted.

Pure functions, no ORM. ``canonicalize_url`` gives the key the archive stores articles under
(tracking parameters, fragments and default ports removed). ``content_fingerprint`` gives a
16-hex-digit fingerprint per text that ``near_duplicate_mask`` compares with many at once, so
the page step can mark the same agency story republished by another outlet.
"""

from __future__ import annotations

from newsdesk.dedupe.fingerprint import (
    NEAR_DUPLICATE_BITS,
    as_number,
    content_fingerprint,
    is_near_duplicate,
    near_duplicate_mask,
)
from newsdesk.dedupe.urls import canonicalize_url, looks_like_article_url

__all__ = [
    "NEAR_DUPLICATE_BITS",
    "as_number",
    "canonicalize_url",
    "content_fingerprint",
    "is_near_duplicate",
    "looks_like_article_url",
    "near_duplicate_mask",
]
