"""Dedupe stage: one row per article however its URL is spelled, and wire copies spotted.

Pure functions, no ORM. ``canonicalize_url`` gives the key the archive stores articles under
(tracking parameters, fragments and default ports removed). ``content_fingerprint`` gives a
16-hex-digit fingerprint per text that ``is_near_duplicate`` compares, so the page step can
mark the same agency story republished by another outlet. ``NearDuplicateIndex`` does the same
in bulk, in memory, for offline dedupe and the bench.
"""

from __future__ import annotations

from newsdesk.dedupe.fingerprint import (
    NEAR_DUPLICATE_BITS,
    content_fingerprint,
    hamming,
    is_near_duplicate,
)
from newsdesk.dedupe.index import IndexOptions, NearDuplicateIndex
from newsdesk.dedupe.urls import canonicalize_url

__all__ = [
    "NEAR_DUPLICATE_BITS",
    "IndexOptions",
    "NearDuplicateIndex",
    "canonicalize_url",
    "content_fingerprint",
    "hamming",
    "is_near_duplicate",
]
