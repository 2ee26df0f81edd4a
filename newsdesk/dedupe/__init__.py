"""Dedupe stage: canonical URLs and near-duplicate texts (the same wire story twice)."""

from __future__ import annotations

from newsdesk.dedupe.fingerprint import content_fingerprint, hamming, is_near_duplicate
from newsdesk.dedupe.index import IndexOptions, NearDuplicateIndex
from newsdesk.dedupe.urls import canonicalize_url

__all__ = [
    "IndexOptions",
    "NearDuplicateIndex",
    "canonicalize_url",
    "content_fingerprint",
    "hamming",
    "is_near_duplicate",
]
