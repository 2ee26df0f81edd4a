"""Feeds against the database: poll a feed and store its new entries as articles waiting
for their pages."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from lxml import html as lxml_html

from newsdesk.dedupe import canonicalize_url
from newsdesk.extraction.sanitize import sanitize_html
from newsdesk.feeds import (
    FeedEntry,
    FeedParseError,
    Fetcher,
    FetchError,
    FetchResult,
    ParsedFeed,
    next_check,
    parse_feed,
    parse_listing_page,
)
from newsdesk.lib.domains import registrable_domain
from newsdesk.lib.text import paragraphs
from newsdesk.news.limits import clip, clip_text, in_chunks
from newsdesk.news.models import Article, ArticleRevision, Feed
from newsdesk.pipeline.fetching import shared_fetcher

logger = logging.getLogger(__name__)
# Sorts entries without a date after the dated ones when a feed is cut to its newest entries.
_UNDATED = datetime.min.replace(tzinfo=UTC)


@dataclass
class FeedOutcome:
    """What one poll of one feed did, for the ingest summary table."""

    feed_id: int
    source_name: str = ""
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    error: str = ""


def due(now: datetime) -> QuerySet[Feed]:
    """Active feeds of active sources whose next check has come, longest waiting first."""
    return Feed.objects.filter(
        is_active=True, source__is_active=True, next_check_at__lte=now
    ).order_by("next_check_at")


def refresh_feeds(feed_ids: Sequence[int]) -> list[FeedOutcome]:
    """Poll the given feeds with the process's fetcher; a feed deleted meanwhile is skipped."""
    fetcher = shared_fetcher()
    chosen = Feed.objects.filter(pk__in=feed_ids).select_related("source")
    return [refresh_feed(feed, fetcher) for feed in chosen]


def refresh_feed(feed: Feed, fetcher: Fetcher, now: datetime | None = None) -> FeedOutcome:
    """Fetch and parse ``feed``; store new entries, update changed ones, reschedule the feed."""
    now = now or timezone.now()
    outcome = FeedOutcome(feed.pk, feed.source.name)
    try:
        result = fetcher.fetch(
            feed.url, etag=feed.etag or None, last_modified=feed.last_modified or None
        )
        parsed = None if result.not_modified else _parse(feed, result)
    except (FetchError, FeedParseError) as error:
        outcome.error = str(error)
        _record_failure(feed, error, now)
        return outcome
    warnings = [parsed.warning] if parsed is not None and parsed.warning else []
    if parsed is not None:
        entries = admitted_entries(feed, parsed.entries, warnings)
        counts = store_entries(feed, entries, now)
        if counts["new"] > settings.PAGES_PER_SOURCE_PER_PASS:
            warnings.append(
                f"{counts['new']} new pages; {settings.PAGES_PER_SOURCE_PER_PASS} are fetched "
                "per pass, the rest in the passes after"
            )
        outcome.new, outcome.updated = counts["new"], counts["updated"]
        outcome.unchanged = counts["unchanged"]
    _record_success(feed, parsed, warnings, result.etag, result.last_modified, result.max_age, now)
    return outcome


def _parse(feed: Feed, result: FetchResult) -> ParsedFeed:
    if feed.kind == Feed.Kind.HTML:
        return parse_listing_page(result.text, result.final_url)
    return parse_feed(result.content, result.final_url, result.content_type)


def admitted_entries(feed: Feed, entries: list[FeedEntry], warnings: list[str]) -> list[FeedEntry]:
    """The entries this poll takes, with a warning for the admin about each kind left out.

    Links on another publisher's domain are skipped (a feed could otherwise claim another
    outlet's articles), and one poll takes at most ``FEED_MAX_ENTRIES``, newest first, so a
    feed of a hundred thousand items cannot flood the archive and the page queue."""
    domains = feed.source.link_domains()
    own = [entry for entry in entries if not entry.url or registrable_domain(entry.url) in domains]
    if skipped := len(entries) - len(own):
        warnings.append(
            f"{skipped} entries skipped: they link outside {', '.join(sorted(domains))} "
            "(allow other domains on the source)"
        )
    cap = settings.FEED_MAX_ENTRIES
    if len(own) > cap:
        warnings.append(f"{len(own)} entries listed; the newest {cap} taken")
        # Stable: undated entries keep the feed's own order, which is newest first by custom.
        own = sorted(own, key=lambda entry: entry.published or _UNDATED, reverse=True)[:cap]
    return own


def store_entries(feed: Feed, entries: list[FeedEntry], now: datetime) -> Counter[str]:
    """Create or update the articles for a feed's entries; counts "new", "updated", "unchanged".

    The stored articles are looked up for the whole feed at once, and the new ones are created
    in one transaction: per entry that was four queries and a commit, the larger part of a
    feed's cost."""
    counts: Counter[str] = Counter(unchanged=sum(1 for entry in entries if not entry.url))
    entries = [entry for entry in entries if entry.url]
    stored = _StoredArticles(feed, entries)
    new: list[Article] = []
    for entry in entries:
        canonical = canonicalize_url(entry.url or "")
        existing = stored.find(canonical, entry)
        if existing is None:
            new.append(Article(**_new_article_fields(feed, entry, canonical, now)))
            stored.add(new[-1])
        elif existing.pk is None:
            counts["unchanged"] += 1  # listed twice in this feed (e.g. with tracking parameters)
        else:
            counts["updated" if _apply_update(existing, entry, now) else "unchanged"] += 1
    with transaction.atomic():
        # A conflict means another worker stored the same URL a moment ago: the idempotence we
        # want (the count of new ones is then one too high, which only the summary shows).
        Article.objects.bulk_create(new, ignore_conflicts=True)
    counts["new"] += len(new)
    return counts


class _StoredArticles:
    """The stored articles of the feed's source its entries may match: by canonical URL,
    fetched URL or GUID. Never another source's: a feed listing another outlet's URLs must not
    rewrite that outlet's articles. Three single-index queries per chunk rather than one OR:
    SQLite answers an OR across columns with a table scan, which costs more with every article
    in the archive."""

    def __init__(self, feed: Feed, entries: list[FeedEntry]) -> None:
        self._keys: dict[tuple[str, str], Article] = {}
        articles = Article.objects.order_by().filter(source_id=feed.source_id)
        articles = articles.only(
            "id", "headline", "feed_title", "standfirst", "canonical_url", "url", "guid"
        )
        for chunk in in_chunks(entries):
            canonicals = [canonicalize_url(entry.url or "") for entry in chunk]
            guids = [entry.guid for entry in chunk if entry.guid]
            found = (
                *articles.filter(canonical_url__in=canonicals),
                *articles.filter(url__in=[entry.url for entry in chunk]),
                *articles.filter(guid__in=guids),
            )
            unique = {article.pk: article for article in found}
            for article in unique.values():
                self.add(article)

    def add(self, article: Article) -> None:
        for key in (("canonical", article.canonical_url), ("url", article.url)):
            self._keys.setdefault(key, article)
        if article.guid:
            self._keys.setdefault(("guid", article.guid), article)

    def find(self, canonical: str, entry: FeedEntry) -> Article | None:
        keys = [("canonical", canonical), ("url", entry.url or ""), ("guid", entry.guid or "")]
        return next((self._keys[key] for key in keys if key[1] and key in self._keys), None)


def _new_article_fields(feed: Feed, entry: FeedEntry, canonical: str, now: datetime) -> dict:
    body_html = sanitize_html(entry.content_html, entry.url or "") if entry.content_html else ""
    return {
        "source_id": feed.source_id,
        "feed": feed,
        "canonical_url": canonical,
        "url": entry.url,
        "guid": entry.guid or "",
        "headline": clip(Article, "headline", entry.title or entry.url or ""),
        "feed_title": clip(Article, "feed_title", entry.title or ""),
        "standfirst": entry.summary or "",
        "author": clip(Article, "author", entry.author or ""),
        "published_at": min(entry.published or now, now),
        "published_from": Article.DateSource.FEED if entry.published else Article.DateSource.FETCH,
        "updated_at": entry.updated,
        "fetched_at": now,
        "body_html": body_html,
        "text": _plain_text(entry),
        "lead_image": entry.image_url or "",
        "page_status": Article.PageStatus.PENDING,
    }


def _plain_text(entry: FeedEntry) -> str:
    if entry.content_html:
        tree = lxml_html.fromstring(f"<div>{entry.content_html}</div>")
        blocks = [" ".join(node.text_content().split()) for node in tree.iter("p", "h2", "h3")]
        text = "\n".join(block for block in blocks if block)
        if text:
            return text
    return "\n".join(paragraphs(entry.summary or ""))


def _apply_update(article: Article, entry: FeedEntry, now: datetime) -> bool:
    """A feed title that differs from the one the feed gave last time means the publisher
    updated the story: keep the old headline as a revision. The headline itself is no guide,
    as it usually comes from the page, which words it differently from the feed."""
    title = clip(Article, "feed_title", (entry.title or "").strip())
    if not title or title == article.feed_title:
        return False
    stored = Article.objects.filter(pk=article.pk)
    if not article.feed_title:
        # Stored before feed titles were kept: this poll only learns the feed's wording.
        stored.update(feed_title=title)
        article.feed_title = title
        return False
    with transaction.atomic():
        ArticleRevision.objects.create(
            article=article, headline=article.headline, standfirst=article.standfirst
        )
        stored.update(headline=title, feed_title=title, updated_at=entry.updated or now)
    # The same row may be listed again further down the feed.
    article.headline = article.feed_title = title
    return True


def _record_success(
    feed: Feed,
    parsed: ParsedFeed | None,
    warnings: list[str],
    etag: str | None,
    last_modified: str | None,
    max_age: float | None,
    now: datetime,
) -> None:
    recent = list(
        Article.objects.filter(feed=feed)
        .order_by("-published_at")
        .values_list("published_at", flat=True)[:20]
    )
    feed.next_check_at = next_check(
        now,
        recent_entry_times=recent,
        ttl=parsed.ttl if parsed else None,
        update_period=parsed.update_period if parsed else None,
        max_age=max_age,
        retry_after=None,
        error_count=0,
    )
    if parsed is not None:
        feed.title = feed.title or clip(Feed, "title", parsed.title)
        feed.kind = parsed.kind if feed.kind == Feed.Kind.AUTO else feed.kind
        # A 304 keeps the warning: same document.
        feed.last_warning = clip_text("; ".join(warnings))
        if warnings:
            logger.warning("newsdesk: feed %s: %s", feed.url, feed.last_warning)
    feed.etag = etag or ""
    feed.last_modified = last_modified or ""
    feed.last_checked_at = feed.last_success_at = now
    feed.error_count, feed.error_since, feed.last_error = 0, None, ""
    feed.lease_until = None
    feed.save()


def _record_failure(feed: Feed, error: Exception, now: datetime) -> None:
    """Errors are kept on the feed for the admin; the feed backs off but is never dropped.

    A fetch cancelled by a stopping worker was never the publisher's fault: the feed is only
    released, to be polled again at once by whoever runs next."""
    if getattr(error, "reason", "") == "cancelled":
        Feed.objects.filter(pk=feed.pk).update(lease_until=None)
        return
    logger.warning("newsdesk: feed %s failed: %s", feed.url, error)
    feed.error_count += 1
    feed.error_since = feed.error_since or now
    feed.last_error = clip_text(str(error))
    feed.last_checked_at = now
    feed.next_check_at = next_check(
        now,
        recent_entry_times=[],
        ttl=None,
        update_period=None,
        max_age=None,
        retry_after=getattr(error, "retry_after", None),
        error_count=feed.error_count,
    )
    feed.lease_until = None
    feed.save()
