"""Step 2: fetch an article's page and store its clean text and metadata."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsdesk.dedupe import NEAR_DUPLICATE_BITS, canonicalize_url, content_fingerprint
from newsdesk.extraction import ExtractedArticle, ExtractionError, extract_article
from newsdesk.feeds import Fetcher, FetchError
from newsdesk.feeds.fetch import PAGE_ACCEPT
from newsdesk.news.models import Article

logger = logging.getLogger(__name__)

# Near-duplicates are looked for among other outlets' articles of the last few days: wire copy
# is republished within hours, and a bounded window keeps the check cheap at any archive size.
_DUPLICATE_WINDOW = timedelta(days=3)
_DUPLICATE_CANDIDATES = 2000
# The feed's full text wins over the page's when the page extraction is clearly shorter.
_FEED_TEXT_ADVANTAGE = 1.3
_FINGERPRINT = re.compile(r"[0-9a-f]{16}")


def process_page(article_id: int, fetcher: Fetcher, now: datetime | None = None) -> str:
    """Fetch, extract and store one pending article; returns "fetched", "failed" or "skipped"."""
    now = now or timezone.now()
    article = Article.objects.filter(pk=article_id).first()
    if article is None or article.page_status != Article.PageStatus.PENDING:
        return "skipped"
    try:
        result = fetcher.fetch(article.url, accept=PAGE_ACCEPT)
        extracted = extract_article(result.text, result.final_url)
    except (FetchError, ExtractionError) as error:
        return _record_failure(article, error)
    _store(article, extracted, now)
    return "fetched"


def _record_failure(article: Article, error: Exception) -> str:
    """Keep the feed's text; retry later until the attempts run out."""
    logger.info("newsdesk: page %s failed: %s", article.url, error)
    attempts = article.page_attempts + 1
    gave_up = attempts >= settings.PAGE_MAX_ATTEMPTS
    Article.objects.filter(pk=article.pk).update(
        page_attempts=attempts,
        page_status=Article.PageStatus.FAILED if gave_up else Article.PageStatus.PENDING,
        lease_until=None if gave_up else timezone.now() + timedelta(minutes=10 * attempts),
    )
    return "failed"


def _store(article: Article, extracted: ExtractedArticle, now: datetime) -> None:
    canonical = canonicalize_url(extracted.canonical_url or article.url)
    use_page_text = len(extracted.text) * _FEED_TEXT_ADVANTAGE >= len(article.text)
    fields = {
        "canonical_url": canonical,
        "headline": (extracted.headline or article.headline)[:500],
        "standfirst": extracted.standfirst or article.standfirst,
        "author": (extracted.author or article.author)[:300],
        "published_at": min(extracted.published or article.published_at, now),
        "updated_at": extracted.updated or article.updated_at,
        "language": (extracted.language or "")[:12],
        "lead_image": extracted.lead_image or article.lead_image,
        "attribution": extracted.attribution[:500],
        "page_status": Article.PageStatus.FETCHED,
        "fetched_at": now,
        "lease_until": None,
    }
    if use_page_text:
        fields.update(body_html=extracted.body_html, text=extracted.text)
    text = fields.get("text", article.text)
    fields["fingerprint"] = content_fingerprint(text)
    # Read-only work before the transaction: on SQLite a transaction holds the one write lock,
    # and every other worker thread waits for it.
    fields["duplicate_of_id"] = _find_original(article, fields["fingerprint"], now)
    with transaction.atomic():
        twin = Article.objects.filter(canonical_url=canonical).exclude(pk=article.pk).first()
        if twin is not None:
            # The feed gave us a new address for an article we already hold (its page names the
            # same canonical URL): keep the one we have, drop the new row.
            Article.objects.filter(pk=article.pk).delete()
            return
        Article.objects.filter(pk=article.pk).update(**fields)


def _find_original(article: Article, fingerprint: str, now: datetime) -> int | None:
    """The earliest stored copy of the same text from another outlet, if any (wire stories).

    Compares against the newest few thousand fingerprints of the last days in one vectorized
    step, so the cost stays flat however large the archive grows."""
    if not fingerprint:
        return None
    # Newest first, ids and fingerprints only: converting thousands of datetimes per page
    # was the costliest line of the whole page step.
    recent = (
        Article.objects.filter(published_at__gte=now - _DUPLICATE_WINDOW, duplicate_of__isnull=True)
        .exclude(source_id=article.source_id)
        .exclude(fingerprint="")
        .order_by("-published_at", "-id")
        .values_list("id", "fingerprint")[:_DUPLICATE_CANDIDATES]
    )
    candidates = [row for row in recent if _FINGERPRINT.fullmatch(row[1])]
    if not candidates:
        return None
    ours = np.uint64(int(fingerprint, 16))
    theirs = np.array([int(row[1], 16) for row in candidates], dtype=np.uint64)
    close = np.flatnonzero(np.bitwise_count(theirs ^ ours) <= NEAR_DUPLICATE_BITS)
    # The list runs newest first, so the last match is the earliest copy.
    return int(candidates[close[-1]][0]) if len(close) else None
