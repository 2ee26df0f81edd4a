"""One ingest pass: as polite to each publisher in several processes as in one, and honest in
its summary about what became of every page."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings
from django.utils import timezone
from rich.console import Console

from newsdesk.jobs import ingest
from newsdesk.jobs.ingest import run_pass, summary_table
from newsdesk.news.models import Article, Feed, Source
from newsdesk.pipeline import steps
from newsdesk.pipeline.fetching import reset_fetcher
from tests.factories import LOREM_PARAGRAPHS
from tests.feeds.conftest import LocalServer

pytestmark = pytest.mark.django_db(transaction=True)

HOSTS = [f"127.0.0.{n}" for n in range(2, 6)]  # Linux routes all of 127/8 to loopback
PAGES_PER_HOST = 40
PARAGRAPH = "<p>Item {n}: the harbour authority said the night shift would return on {day}.</p>"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


class Publishers:
    """One server per loopback address, all recording how many requests each host serves at
    once. A page takes a moment to answer, so overlapping requests do overlap."""

    def __init__(self) -> None:
        self.in_flight: Counter[str] = Counter()
        self.most_at_once: Counter[str] = Counter()
        self._lock = threading.Lock()
        first = self._server(HOSTS[0], 0)
        self.port = first.server_address[1]
        self.servers = [first, *(self._server(host, self.port) for host in HOSTS[1:])]

    def feed_url(self, host: str) -> str:
        return f"http://{host}:{self.port}/feed.xml"

    def __enter__(self) -> Publishers:
        for server in self.servers:
            threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def _server(self, host: str, port: int) -> ThreadingHTTPServer:
        publishers = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/feed.xml":
                    self._send(publishers.feed(host), "application/rss+xml")
                elif self.path == "/robots.txt":
                    self._send(b"User-agent: *\nAllow: /\n", "text/plain")
                else:
                    with publishers.serving(host):
                        time.sleep(0.02)
                    self._send(publishers.page(self.path), "text/html")

            def _send(self, body: bytes, content_type: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

        server = ThreadingHTTPServer((host, port), Handler)
        server.daemon_threads = True
        return server

    @contextmanager
    def serving(self, host: str) -> Iterator[None]:
        with self._lock:
            self.in_flight[host] += 1
            self.most_at_once[host] = max(self.most_at_once[host], self.in_flight[host])
        try:
            yield
        finally:
            with self._lock:
                self.in_flight[host] -= 1

    def feed(self, host: str) -> bytes:
        items = "".join(
            f"<item><title>Story {n}</title><link>http://{host}:{self.port}/{n}.html</link></item>"
            for n in range(PAGES_PER_HOST)
        )
        return f'<rss version="2.0"><channel><title>{host}</title>{items}</channel></rss>'.encode()

    def page(self, path: str) -> bytes:
        body = "".join(PARAGRAPH.format(n=n, day=day) for n, day in enumerate(DAYS))
        return f"<html><body><article><h1>Story {path}</h1>{body}</article></body></html>".encode()


@pytest.fixture
def publishers() -> Iterator[Publishers]:
    settings = override_settings(
        FETCH_ALLOWED_PRIVATE_HOSTS=["127.0.0.0/8"],
        FETCH_PER_HOST_DELAY=0.0,
        FETCH_PER_HOST_CONNECTIONS=1,
    )
    with settings, Publishers() as running:
        reset_fetcher()
        for host in HOSTS:
            source = Source.objects.create(name=host, slug=host.replace(".", "-"))
            Feed.objects.create(source=source, url=running.feed_url(host))
        yield running
    reset_fetcher()


def test_several_processes_never_exceed_one_hosts_connection_limit(publishers):
    report = run_pass(all_feeds=True, threads=8, processes=2, enrich=False)
    assert report.pages["extracted"] == len(HOSTS) * PAGES_PER_HOST
    assert set(publishers.most_at_once) == set(HOSTS)
    assert max(publishers.most_at_once.values()) == 1
    assert not Article.objects.exclude(page_status=Article.PageStatus.FETCHED).exists()


ARTICLE_PAGE = """<html><head><title>Harbour reopens</title>
<link rel="canonical" href="{canonical}"></head><body><article><h1>Harbour reopens</h1>
{body}</article></body></html>"""


def test_the_summary_counts_a_page_already_held_as_merged_not_stored(loopback_allowed):
    """A feed listing one article under two addresses: one row is kept, one merged away."""
    server = LocalServer()
    server.start()
    try:
        canonical = server.url("/2026/11/harbour-reopens-after-storm")
        body = "".join(f"<p>{p}</p>" for p in LOREM_PARAGRAPHS)
        page = ARTICLE_PAGE.format(canonical=canonical, body=body).encode()
        server.serve("/2026/11/harbour-reopens-after-storm", page, Content_Type="text/html")
        server.serve("/amp/harbour-reopens", page, Content_Type="text/html")
        items = "".join(
            f"<item><title>Harbour reopens</title><link>{server.url(path)}</link></item>"
            for path in ("/2026/11/harbour-reopens-after-storm", "/amp/harbour-reopens")
        )
        rss = f"<rss version='2.0'><channel><title>Port</title>{items}</channel></rss>"
        feed_url = server.serve("/feed.xml", rss.encode(), Content_Type="application/rss+xml")
        source = Source.objects.create(name="Port News", slug="port", home_url=server.url("/"))
        Feed.objects.create(source=source, url=feed_url)
        report = run_pass(all_feeds=True, enrich=False)
    finally:
        server.stop()
    assert report.by_source["Port News"].pages == {"extracted": 1, "merged": 1}
    assert Article.objects.count() == 1
    console = Console(record=True, width=200)
    console.print(summary_table(report))
    row = next(line for line in console.export_text().splitlines() if "Port News" in line)
    cells = [cell.strip() for cell in row.split("│")]
    assert cells[6:8] == ["1", "1"]  # pages stored, merged as duplicates


class RecordingEnrichment:
    """An articles stage that records its batches and loads no model."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.after_runs = 0

    def run(self, ids: Sequence[int]) -> None:
        self.batches.append(list(ids))
        Article.objects.filter(pk__in=ids).update(enriched_at=timezone.now(), lease_until=None)

    def after(self) -> None:
        self.after_runs += 1

    def stage(self) -> steps.Stage:
        return replace(
            steps.ARTICLES, run=self.run, after=self.after, warm_up=lambda: None, batch_size=32
        )


def test_a_pass_enriches_each_article_once_oldest_first(publishers, monkeypatch):
    enrichment = RecordingEnrichment()
    stage = enrichment.stage()
    monkeypatch.setattr(steps, "ARTICLES", stage)
    monkeypatch.setattr(
        steps, "STAGES", tuple(stage if s.name == "articles" else s for s in steps.STAGES)
    )

    report = run_pass(all_feeds=True, threads=8, processes=2, console=Console(quiet=True))

    enriched = [article_id for batch in enrichment.batches for article_id in batch]
    # Oldest first across the batches, as if every page had come before the first batch.
    assert enriched == list(
        Article.objects.order_by("published_at", "id").values_list("id", flat=True)
    )
    assert report.enriched == len(HOSTS) * PAGES_PER_HOST
    assert enrichment.after_runs == 1


def test_nothing_is_enriched_alongside_the_pages_before_the_models_are_loaded():
    enrichment = RecordingEnrichment()
    report = ingest.IngestReport()
    waiting = ingest._Alongside(enrichment.stage(), ingest._WarmUp([lambda: None]), report)

    waiting.run_batch()  # the warm-up has not even started

    assert enrichment.batches == []
    assert not waiting.ran(waiting.stage)


def stored_pages(count: int) -> list[Article]:
    """``count`` articles whose pages are stored, a minute apart, oldest first."""
    source = Source.objects.create(name="Port", slug="port")
    start = timezone.now() - timedelta(days=1)
    return [
        Article.objects.create(
            source=source,
            url=f"https://port.example/{number}",
            canonical_url=f"https://port.example/{number}",
            headline=f"Story {number}",
            published_at=start + timedelta(minutes=number),
            page_status=Article.PageStatus.FETCHED,
        )
        for number in range(count)
    ]


def loaded_alongside(enrichment: RecordingEnrichment) -> ingest._Alongside:
    loaded = ingest._WarmUp([lambda: None])
    loaded.start()
    loaded.wait()
    return ingest._Alongside(enrichment.stage(), loaded, ingest.IngestReport())


def test_a_short_batch_is_left_to_the_stage_after_the_pages():
    articles = stored_pages(40)
    enrichment = RecordingEnrichment()
    alongside = loaded_alongside(enrichment)

    alongside.run_batch()
    alongside.run_batch()

    assert enrichment.batches == [[article.pk for article in articles[:32]]]
    assert alongside.ran(alongside.stage)


def test_only_articles_older_than_every_page_not_stored_yet_are_enriched_alongside():
    articles = stored_pages(40)
    enrichment = RecordingEnrichment()
    alongside = loaded_alongside(enrichment)
    oldest_waiting = articles[20]

    alongside.run_batch(before=(oldest_waiting.published_at, oldest_waiting.pk))
    assert enrichment.batches == []  # only 20 are older: not a full batch

    oldest_waiting = articles[35]
    alongside.run_batch(before=(oldest_waiting.published_at, oldest_waiting.pk))
    assert enrichment.batches == [[article.pk for article in articles[:32]]]


def test_pages_are_fetched_oldest_first_and_counted_stored_as_they_come():
    articles = stored_pages(3)
    newest, oldest = articles[2], articles[0]
    Article.objects.filter(pk=newest.pk).update(url="https://other.example/2")

    jobs, _, unstored = ingest._jobs_by_host([a.pk for a in reversed(articles)])

    assert [job.article_id for job in jobs["port.example"]] == [oldest.pk, articles[1].pk]
    assert unstored.oldest() == (oldest.published_at, oldest.pk)
    unstored.stored(oldest.pk)
    unstored.stored(newest.pk)
    assert unstored.oldest() == (articles[1].published_at, articles[1].pk)
    unstored.stored(articles[1].pk)
    assert unstored.oldest() is None


def test_after_the_pages_the_next_batchs_work_ahead_runs_while_a_batch_is_filed():
    stored_pages(70)
    started_ahead = threading.Event()
    overlapped: list[bool] = []
    ahead_of: list[list[int]] = []

    def ahead(ids: Sequence[int]) -> Callable[[], None]:
        ahead_of.append(list(ids))
        return started_ahead.set if len(ahead_of) > 1 else lambda: None

    def run(ids: Sequence[int]) -> None:
        if len(overlapped) == 0:  # the first batch: its successor's work has begun meanwhile
            overlapped.append(started_ahead.wait(timeout=10))
        else:
            overlapped.append(True)
        Article.objects.filter(pk__in=ids).update(enriched_at=timezone.now())

    stage = replace(steps.ARTICLES, run=run, ahead=ahead, after=None, batch_size=32)
    ids = list(Article.objects.order_by("published_at", "id").values_list("id", flat=True))
    progress = ingest._progress(Console(quiet=True))
    with progress:
        ingest._run_stage(progress, stage, ids, 1, ingest.IngestReport())

    assert ahead_of == [ids[:32], ids[32:64], ids[64:]]  # each batch's work once, in order
    assert overlapped == [True, True, True]


def test_a_batch_whose_work_ahead_failed_is_still_run():
    articles = stored_pages(32)
    ran: list[list[int]] = []

    def failing(ids: Sequence[int]) -> Callable[[], None]:
        def work() -> None:
            raise RuntimeError("model unavailable")

        return work

    stage = replace(
        steps.ARTICLES, run=lambda ids: ran.append(list(ids)), ahead=failing, batch_size=32
    )
    progress = ingest._progress(Console(quiet=True))
    with progress:
        ingest._run_stage(progress, stage, [a.pk for a in articles], 1, ingest.IngestReport())

    assert ran == [[a.pk for a in articles]]
