"""The newspaper4k baseline of the ingestion bench, run as its own process by ``bench.ingest``.

The loop a developer would write with the popular tools: feedparser for every feed, then
``newspaper.Article(url)`` download + parse for every entry in a thread pool of the same size as
newsdesk's default, storing (url, title, text) in SQLite with a unique URL. The URL stored is
newspaper's canonical link when the page names one, so tracking-parameter repeats collapse as
they do in newsdesk. Images are not fetched (``fetch_images=False``): newsdesk does not fetch
them either. There are no per-host limits or delays: newspaper4k has none.
"""

from __future__ import annotations

import sqlite3
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed

import feedparser
import requests

from bench.ingest_child import FeedJob, current_rss_mb, read_job, report, timed

_SCHEMA = "CREATE TABLE article (url TEXT PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL)"
_TIMEOUT = 30


def main() -> None:
    job = read_job()
    database = sys.argv[2]
    # Imported here so its import cost is in the baseline, as django.setup() is for newsdesk.
    import newspaper

    config = newspaper.Config()
    config.fetch_images = False
    config.memoize_articles = False
    config.request_timeout = _TIMEOUT
    connection = sqlite3.connect(database)
    connection.execute(_SCHEMA)
    rss_before = current_rss_mb()
    with timed() as clock:
        urls, feed_errors = _read_feeds(job.feeds, job.threads)
        stored, failed = _fetch_pages(urls, job.threads, config, connection)
    connection.close()
    report(
        clock,
        rss_before,
        stored=stored,
        failed=failed,
        pending_retry=0,
        rows=stored,
        near_duplicates=0,
        feed_errors=feed_errors,
        entries=len(urls),
    )


def _read_feeds(feeds: list[FeedJob], threads: int) -> tuple[list[str], int]:
    """Every entry link of every feed, in feed order; a feed with no entries is an error."""
    with ThreadPoolExecutor(max_workers=threads) as pool:
        parsed = list(pool.map(_parse_feed, feeds))
    urls = [url for entries in parsed for url in entries]
    return urls, sum(not entries for entries in parsed)


def _parse_feed(feed: FeedJob) -> list[str]:
    try:
        response = requests.get(feed.url, timeout=_TIMEOUT)
        response.raise_for_status()
    except requests.RequestException:
        return []
    headers = {"content-location": feed.url, "content-type": response.headers["content-type"]}
    result = feedparser.parse(response.content, response_headers=headers)
    return [entry.link for entry in result.entries if entry.get("link")]


def _fetch_pages(
    urls: list[str], threads: int, config: object, connection: sqlite3.Connection
) -> tuple[int, int]:
    """Download and parse in the pool; the main thread alone writes, committing in batches."""
    stored = failed = 0
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(_article, url, config) for url in urls]
        for done, future in enumerate(as_completed(futures), 1):
            row = future.result()
            if row is None:
                failed += 1
                continue
            cursor = connection.execute("INSERT OR IGNORE INTO article VALUES (?, ?, ?)", row)
            stored += cursor.rowcount
            if done % 100 == 0:
                connection.commit()
    connection.commit()
    return stored, failed


def _article(url: str, config: object) -> tuple[str, str, str] | None:
    import newspaper

    try:
        article = newspaper.Article(url, config=config)
        article.download()
        article.parse()
    except Exception:  # newspaper raises ArticleException and whatever its parsers raise
        return None
    if not article.text.strip():
        return None
    return article.canonical_link or url, article.title, article.text


if __name__ == "__main__":
    main()
