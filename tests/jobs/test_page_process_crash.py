"""Pages are extracted on one thread per process, and a page process that crashes (a native
library's abort kills the whole process) costs the pass nothing: the pages it had not sent are
fetched again in a fresh process, each page's result arrives once, and the page it died
extracting comes back as a failed attempt, so a page that kills every process cannot stall
the pass."""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter
from pathlib import Path

import pytest

from newsdesk.jobs import ingest
from newsdesk.pipeline.pages import PageJob, PageResult

CRASHING_PAGE = 7
PAGES = Counter(range(1, 21))


def _shares() -> list[list[PageJob]]:
    return [
        [PageJob(n, f"http://127.0.0.1/a/{n}") for n in range(1, 11)],
        [PageJob(n, f"http://127.0.0.2/b/{n}") for n in range(11, 21)],
    ]


def _download(job: PageJob, fetcher: object) -> str:
    return f"<p>page {job.article_id}</p>"


def _extract(job: PageJob, fetched: str) -> PageResult:
    return PageResult(job.article_id, None, error=fetched, reason="test")


def _crash_on(step, first_only: Path | None):
    """``step``, killing its process on ``CRASHING_PAGE``: every time, or with ``first_only``
    the first time only (the file remembers the crash across processes)."""

    def crashing(job: PageJob, other: object) -> object:
        if job.article_id == CRASHING_PAGE and (first_only is None or _first_time(first_only)):
            os.kill(os.getpid(), signal.SIGKILL)
        return step(job, other)

    return crashing


def _first_time(marker: Path) -> bool:
    try:
        marker.touch(exist_ok=False)
    except FileExistsError:
        return False
    return True


def test_pages_download_in_many_threads_and_extract_on_the_callers(monkeypatch):
    downloaders: set[int] = set()
    extractors: set[int] = set()

    def download(job: PageJob, fetcher: object) -> str:
        downloaders.add(threading.get_ident())
        return _download(job, fetcher)

    def extract(job: PageJob, fetched: str) -> PageResult:
        extractors.add(threading.get_ident())
        return _extract(job, fetched)

    monkeypatch.setattr(ingest, "download_page", download)
    monkeypatch.setattr(ingest, "extract_page", extract)

    results = list(ingest._fetch_in_threads(_shares()[0] * 5, threads=4))

    assert len(results) == 50
    assert extractors == {threading.get_ident()}
    assert threading.get_ident() not in downloaders


@pytest.mark.parametrize("threads", [1, 4])
def test_the_pages_a_crashed_process_had_not_sent_are_fetched_again_once(
    monkeypatch, tmp_path, threads
):
    marker = tmp_path / "crashed"
    monkeypatch.setattr(ingest, "download_page", _crash_on(_download, marker))
    monkeypatch.setattr(ingest, "extract_page", _extract)

    results = list(ingest._fetch_in_processes(_shares(), threads))

    assert marker.exists()
    assert Counter(result.article_id for result in results) == PAGES
    # A process killed in a download thread while its own thread was extracting another page
    # cannot tell which page killed it: that page comes back as a failed attempt, for a later
    # pass to try again, and every other page is fetched again now.
    crashed = [result for result in results if result.reason == "crashed"]
    assert len(crashed) <= 1 and all(result.retry for result in crashed)


@pytest.mark.parametrize("threads", [1, 4])
def test_the_page_a_process_died_extracting_comes_back_as_a_failed_attempt(monkeypatch, threads):
    monkeypatch.setattr(ingest, "download_page", _download)
    monkeypatch.setattr(ingest, "extract_page", _crash_on(_extract, None))

    results = list(ingest._fetch_in_processes(_shares(), threads))

    assert Counter(result.article_id for result in results) == PAGES
    crashed = [result for result in results if result.reason == "crashed"]
    assert [result.article_id for result in crashed] == [CRASHING_PAGE]
    assert crashed[0].retry and crashed[0].extracted is None
