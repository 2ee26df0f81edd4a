"""Pages against the database: fetch an article's page and store its clean text and metadata.

Two halves. ``fetch_page`` fetches and extracts without touching the database, so it runs in
any process: ``download_page`` in any number of threads, ``extract_page`` on one thread per
process (libxml2 is not safe to enter from several threads at once). ``store_pages`` writes a
batch of results in one short transaction. The foreground pass downloads in many threads (and
processes), extracts on one thread per process and stores from one writer thread, so SQLite's
single write lock is never fought over and the near-duplicate candidates are read once per batch
instead of once per page; a task stores its one page the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from newsdesk.dedupe import (
    as_number,
    canonicalize_url,
    content_fingerprint,
    is_near_duplicate,
    looks_like_article_url,
    near_duplicate_mask,
)
from newsdesk.extraction import ExtractedArticle, ExtractionError, extract_article
from newsdesk.extraction.article import DateEvidence
from newsdesk.feeds import Fetcher, FetchError
from newsdesk.feeds.fetch import PAGE_ACCEPT, FetchResult
from newsdesk.lib.domains import registrable_domain
from newsdesk.news.limits import clip, clip_text
from newsdesk.news.models import Article, Feed, Source
from newsdesk.pipeline import enrichment
from newsdesk.pipeline.enrichment import Understanding, Words
from newsdesk.pipeline.fetching import shared_fetcher

logger = logging.getLogger(__name__)

# Near-duplicates are looked for among other outlets' articles of the last few days: wire copy
# is republished within hours, and a bounded window keeps the check cheap at any archive size.
_DUPLICATE_WINDOW = timedelta(days=3)
_DUPLICATE_CANDIDATES = 2000
# The feed's full text wins over the page's when the page extraction is clearly shorter.
_FEED_TEXT_ADVANTAGE = 1.3
# What storing a page reads of its article row.
_STORE_FIELDS = (
    "id", "url", "source_id", "headline", "standfirst", "author", "published_at", "updated_at",
    "lead_image", "text", "page_attempts", "published_from",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class FeedWords:
    """What the feed gave of an article's words: the page's may replace them when stored."""

    headline: str
    standfirst: str
    text: str


@dataclass(frozen=True, slots=True)
class PageJob:
    """What fetching one page needs: small and picklable, to hand to another process. With
    the feed's words, the process that extracts the page also reads it (``understood``)."""

    article_id: int
    url: str
    feed: FeedWords | None = None


@dataclass(frozen=True, slots=True)
class PageResult:
    """A fetched and extracted page, or why it failed. The fingerprint of the page's text is
    computed here, where the CPU work is spread over threads and processes.

    ``reason`` is a short code for the summary ("http_404", "extraction", ...); ``retry`` says
    whether trying again later may help: a server may recover, but the same HTML extracts the
    same way, and a fetch cancelled by a stopping worker was never the page's fault."""

    article_id: int
    extracted: ExtractedArticle | None
    fingerprint: str = ""
    error: str = ""
    reason: str = ""
    retry: bool = True
    understanding: Understanding | None = None


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """What storing one result did: "extracted", "merged" (the page is an article we already
    hold), "retry", "failed" or "skipped" (no longer pending); ``reason`` for retry and failed.
    """

    kind: str
    reason: str = ""


def fetch_page(job: PageJob, fetcher: Fetcher) -> PageResult:
    """Fetch and extract one page; no database access."""
    fetched = download_page(job, fetcher)
    return fetched if isinstance(fetched, PageResult) else extract_page(job, fetched)


def download_page(job: PageJob, fetcher: Fetcher) -> FetchResult | PageResult:
    """The page's response, or the failed result; no parsing, so any number of threads may
    download at once."""
    try:
        return fetcher.fetch(job.url, accept=PAGE_ACCEPT)
    except FetchError as error:
        logger.info("newsdesk: page %s failed: %s", job.url, error)
        return PageResult(job.article_id, None, error=str(error), reason=error.reason)
    except Exception as error:
        return _unexpected(job, error)


def extract_page(job: PageJob, fetched: FetchResult) -> PageResult:
    """Extract a downloaded page. Callers run it on one thread per process: libxml2 (under
    lxml, trafilatura and htmldate) is not safe to enter from several threads at once."""
    try:
        extracted = extract_article(fetched.text, fetched.final_url)
    except ExtractionError as error:
        logger.info("newsdesk: page %s failed: %s", job.url, error)
        return PageResult(job.article_id, None, error=str(error), reason="extraction", retry=False)
    except Exception as error:
        return _unexpected(job, error)
    return PageResult(job.article_id, extracted, content_fingerprint(extracted.text))


def understood(pages: Sequence[tuple[PageJob, PageResult]]) -> list[PageResult]:
    """Each result with what enrichment will read in the words stored for it (its language,
    entities and hashtags), worked out here, in a page process, instead of on the writer's
    thread; the page's words as ``store_pages`` will keep them, from the feed's in each job.
    The entity model reads the pages in one batch (a fifth cheaper a page than one by one)."""
    results = [result for _, result in pages]
    readable = [
        (i, job.feed, result.extracted)
        for i, (job, result) in enumerate(pages)
        if job.feed is not None and result.extracted is not None
    ]
    words = [_kept_words(f.headline, f.standfirst, f.text, page) for _, f, page in readable]
    for (i, _, _), understanding in zip(readable, enrichment.understand(words), strict=True):
        results[i] = replace(results[i], understanding=understanding)
    return results


def _kept_words(headline: str, standfirst: str, text: str, extracted: ExtractedArticle) -> Words:
    """The words stored for an article whose feed gave ``headline``, ``standfirst`` and
    ``text`` and whose page gave ``extracted``: the page's, but the feed's full text when the
    page's is clearly shorter."""
    return Words(
        headline=clip(Article, "headline", extracted.headline or headline),
        standfirst=extracted.standfirst or standfirst,
        text=extracted.text if _keeps_page_text(extracted, text) else text,
        language=clip(Article, "language", extracted.language or ""),
    )


def _keeps_page_text(extracted: ExtractedArticle, feed_text: str) -> bool:
    return len(extracted.text) * _FEED_TEXT_ADVANTAGE >= len(feed_text)


def _unexpected(job: PageJob, error: Exception) -> PageResult:
    logger.exception("newsdesk: page %s failed unexpectedly", job.url)
    message = f"unexpected {type(error).__name__}: {error}"
    return PageResult(job.article_id, None, error=message, reason="unexpected")


def due(now: datetime) -> QuerySet[Article]:
    """Articles whose page is still to be fetched, in the order their entries arrived, at most
    ``PAGES_PER_SOURCE_PER_PASS`` of each source: one publisher's flood waits its turn instead
    of filling a pass (the rest are due again in the next)."""
    arrival = ["fetched_at", "id"]
    rank = Window(RowNumber(), partition_by=[F("source_id")], order_by=arrival)
    return (
        Article.objects.filter(page_status=Article.PageStatus.PENDING)
        .annotate(rank_in_source=rank)
        .filter(rank_in_source__lte=settings.PAGES_PER_SOURCE_PER_PASS)
        .order_by(*arrival)
    )


def process_pages(article_ids: Sequence[int]) -> list[PageOutcome]:
    """Fetch, extract and store the given pending articles with the process's fetcher."""
    fetcher = shared_fetcher()
    return [process_page(article_id, fetcher) for article_id in article_ids]


def process_page(article_id: int, fetcher: Fetcher, now: datetime | None = None) -> PageOutcome:
    """Fetch, extract and store one pending article."""
    pending = Article.objects.filter(pk=article_id, page_status=Article.PageStatus.PENDING)
    url = pending.values_list("url", flat=True).first()
    if url is None:
        return PageOutcome("skipped")
    return store_pages([fetch_page(PageJob(article_id, url), fetcher)], now)[0]


def store_pages(results: Sequence[PageResult], now: datetime | None = None) -> list[PageOutcome]:
    """Store a batch of results in one transaction; returns each one's outcome, in order.

    A result whose article is no longer pending (another worker stored it) is "skipped", so
    storing a batch twice changes nothing the second time."""
    now = now or timezone.now()
    articles = (
        Article.objects.filter(page_status=Article.PageStatus.PENDING)
        .only(*_STORE_FIELDS)
        .in_bulk([result.article_id for result in results])
    )
    originals = _RecentOriginals(now)  # read before the transaction, which holds the write lock
    domains = _link_domains({article.source_id for article in articles.values()})
    writes = [_write_for(articles.get(r.article_id), r, originals, domains, now) for r in results]
    with transaction.atomic():
        twins = _Twins(
            [fields["canonical_url"] for _, fields in writes if "canonical_url" in fields]
        )
        return [
            _apply(article, fields, twins, result)
            for (article, fields), result in zip(writes, results, strict=True)
        ]


def _write_for(
    article: Article | None,
    result: PageResult,
    originals: _RecentOriginals,
    domains: dict[int, frozenset[str]],
    now: datetime,
) -> tuple[Article | None, dict]:
    """The fields to write for one result (nothing for an article no longer pending)."""
    if article is None:
        return None, {}
    if result.extracted is None:
        return article, _failure_fields(article, result)
    fields = _page_fields(article, result.extracted, result.fingerprint, now)
    if registrable_domain(fields["canonical_url"]) not in domains[article.source_id]:
        # A canonical on another outlet's domain would take that outlet's URL (unique in the
        # archive) and with it the outlet's article: keep the address we fetched.
        fields["canonical_url"] = canonicalize_url(article.url)
    fields["duplicate_of_id"] = originals.earliest(fields["fingerprint"], article.source_id)
    if fields["duplicate_of_id"] is None:
        originals.add(article.pk, fields["fingerprint"], article.source_id, fields["published_at"])
    return article, fields


def _failure_fields(article: Article, result: PageResult) -> dict:
    """Keep the feed's text and why the page failed; retry later while it may help and the
    attempts last. A cancelled fetch (a worker stopping) is not an attempt."""
    if result.reason == "cancelled":
        return {"lease_until": None}
    attempts = article.page_attempts + 1
    gave_up = not result.retry or attempts >= settings.PAGE_MAX_ATTEMPTS
    return {
        "page_attempts": attempts,
        "last_error": clip_text(result.error),
        "page_status": Article.PageStatus.FAILED if gave_up else Article.PageStatus.PENDING,
        "lease_until": None if gave_up else timezone.now() + timedelta(minutes=10 * attempts),
    }


def _page_fields(
    article: Article, extracted: ExtractedArticle, fingerprint: str, now: datetime
) -> dict:
    words = _kept_words(article.headline, article.standfirst, article.text, extracted)
    fields = {
        "canonical_url": canonicalize_url(extracted.canonical_url or article.url),
        "headline": words.headline,
        "standfirst": words.standfirst,
        "author": clip(Article, "author", extracted.author or article.author),
        **_publication_date(article, extracted, now),
        "updated_at": extracted.updated or article.updated_at,
        "language": words.language,
        "lead_image": extracted.lead_image or article.lead_image,
        "attribution": clip(Article, "attribution", extracted.attribution),
        "page_status": Article.PageStatus.FETCHED,
        "last_error": "",
        "fetched_at": now,
        "lease_until": None,
    }
    if _keeps_page_text(extracted, article.text):
        fields.update(body_html=extracted.body_html, text=extracted.text)
        fields["fingerprint"] = fingerprint
    else:
        fields["fingerprint"] = content_fingerprint(article.text)
    return fields


# A page's date is trusted over the feed's only this close to it: beyond, the page's date is
# more likely an event it mentions, or a template's, than when this report was published.
_DATE_AGREEMENT = timedelta(days=2)
# Without a feed date, a date found only in the text is taken this far before the first sight.
_TEXT_DATE_REACH = timedelta(days=7)


def _publication_date(
    article: Article, extracted: ExtractedArticle, now: datetime
) -> dict[str, object]:
    """The date with the best evidence: the feed's, then the page's metadata, then its text.

    The page's date refines the feed's when they agree (a feed may round to the day); when
    the feed gave none (``published_at`` is when newsdesk first saw the entry), a page date is
    taken if it is not in the future and, when merely found in the text, is recent."""
    found = extracted.published
    current = {"published_at": article.published_at, "published_from": article.published_from}
    if found is None or found > now:
        return current
    from_text = extracted.published_evidence == DateEvidence.TEXT
    if article.published_from == Article.DateSource.FEED:
        if from_text or abs(found - article.published_at) > _DATE_AGREEMENT:
            return current
    elif from_text and article.published_at - found > _TEXT_DATE_REACH:
        return current
    source = Article.DateSource.TEXT if from_text else Article.DateSource.PAGE
    return {"published_at": found, "published_from": source}


def _link_domains(source_ids: set[int]) -> dict[int, frozenset[str]]:
    """Each source's own domains (see ``Source.link_domains``), their feeds read in one query
    for the batch rather than one per source."""
    feeds = Prefetch("feeds", queryset=Feed.objects.only("source_id", "url"))
    sources = Source.objects.filter(pk__in=source_ids).prefetch_related(feeds)
    return {source.pk: source.link_domains() for source in sources}


class _Twins:
    """Articles already stored under the batch's canonical URLs, with what tells whether a
    page naming the same canonical is the same article."""

    def __init__(self, canonicals: list[str]) -> None:
        rows = Article.objects.filter(canonical_url__in=canonicals).values_list(
            "canonical_url", "id", "source_id", "fingerprint"
        )
        self._rows = {url: (pk, source, fingerprint) for url, pk, source, fingerprint in rows}

    def resolve(self, article: Article, fields: dict) -> tuple[int | None, str]:
        """(the stored article this page is, or None; the canonical URL to store it under).

        Two pages naming one canonical URL are one article when they read the same, or when
        one outlet names an article URL for both. A home or section page as canonical (a
        template bug) says nothing: the page keeps the address it was found under."""
        canonical = fields["canonical_url"]
        mine = (article.pk, article.source_id, fields["fingerprint"])
        found = self._rows.setdefault(canonical, mine)
        if found[0] == article.pk:
            return None, canonical
        same_text = is_near_duplicate(found[2], fields["fingerprint"])
        same_article = found[1] == article.source_id and looks_like_article_url(canonical)
        if same_text or same_article:
            return found[0], canonical
        own = canonicalize_url(article.url)
        self._rows.setdefault(own, mine)
        return None, own


def _apply(article: Article | None, fields: dict, twins: _Twins, result: PageResult) -> PageOutcome:
    if article is None:
        return PageOutcome("skipped")
    pending = Article.objects.filter(pk=article.pk, page_status=Article.PageStatus.PENDING)
    if "canonical_url" in fields:
        holder, fields["canonical_url"] = twins.resolve(article, fields)
        if holder is not None:
            # The feed gave us a new address for an article we already hold: keep the one we
            # have, drop the new row (it holds nothing the stored one lacks).
            pending.delete()
            return PageOutcome("merged")
    if not pending.update(**fields):
        return PageOutcome("skipped")
    if "canonical_url" in fields:
        return PageOutcome("extracted")
    kind = "retry" if fields.get("page_status") == Article.PageStatus.PENDING else "failed"
    return PageOutcome(kind, result.reason)


class _RecentOriginals:
    """The newest originals of the last days (not copies themselves), read once per batch.

    Pages stored by the batch are added as it goes, so two copies in one batch find each other.
    The comparison is one vectorized step, so the cost stays flat however large the archive."""

    def __init__(self, now: datetime) -> None:
        # Ids and fingerprints first, newest first: the newest few thousand are the candidates.
        rows = [
            (row, number)
            for row in Article.objects.filter(
                published_at__gte=now - _DUPLICATE_WINDOW, duplicate_of__isnull=True
            )
            .exclude(fingerprint="")
            .order_by("-published_at", "-id")
            .values_list("id", "fingerprint", "source_id", "published_at")[:_DUPLICATE_CANDIDATES]
            if (number := as_number(row[1])) is not None
        ]
        self._ids = [row[0] for row, _ in rows]
        self._prints = np.array([number for _, number in rows], dtype=np.uint64)
        self._sources = np.array([row[2] for row, _ in rows], dtype=np.int64)
        self._order = [(row[3], row[0]) for row, _ in rows]

    def earliest(self, fingerprint: str, source_id: int) -> int | None:
        """The earliest stored copy of the same text from another outlet, if any."""
        if not fingerprint or not self._ids:
            return None
        copies = near_duplicate_mask(fingerprint, self._prints)
        close = np.flatnonzero(copies & (self._sources != source_id))
        return min((self._order[i] for i in close), default=(None, None))[1]

    def add(self, article_id: int, fingerprint: str, source_id: int, published: datetime) -> None:
        if not fingerprint:
            return
        self._ids.append(article_id)
        self._prints = np.append(self._prints, np.uint64(as_number(fingerprint) or 0))
        self._sources = np.append(self._sources, np.int64(source_id))
        self._order.append((published, article_id))
