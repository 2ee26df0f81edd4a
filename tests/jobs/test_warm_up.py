"""A pass loads the later stages' models while its pages are fetched, and never forks a page
process while they load (a process forked in the middle of a native library's work can inherit
its locks held)."""

from __future__ import annotations

import time
from collections import Counter
from multiprocessing.context import ForkProcess

import pytest
from rich.console import Console

from newsdesk.jobs import ingest
from tests.jobs.test_page_process_crash import PAGES, _crash_on, _download, _extract, _shares


def test_the_models_load_after_the_page_processes_fork_and_before_any_fork_again(
    monkeypatch, tmp_path
):
    forks: list[float] = []
    fork = ForkProcess.start

    def recording_fork(process: ForkProcess) -> None:
        forks.append(time.monotonic())
        fork(process)

    loading: list[float] = []

    def load_models() -> None:
        loading.append(time.monotonic())
        time.sleep(0.5)
        loading.append(time.monotonic())

    monkeypatch.setattr(ForkProcess, "start", recording_fork)
    monkeypatch.setattr(ingest, "download_page", _crash_on(_download, tmp_path / "crashed"))
    monkeypatch.setattr(ingest, "extract_page", _extract)

    warm_up = ingest._WarmUp([load_models])
    results = list(ingest._fetch_in_processes(_shares(), 1, warm_up))

    assert Counter(result.article_id for result in results) == PAGES
    started, loaded = loading
    *first_round, retry = forks  # a process per share, then one for the crashed one's pages
    assert len(first_round) == 2 and max(first_round) < started
    assert retry > loaded


def test_a_warm_up_that_fails_leaves_the_stage_to_load_for_itself():
    def failing() -> None:
        raise RuntimeError("no model here")

    loaded: list[str] = []
    warm_up = ingest._WarmUp([failing, lambda: loaded.append("next")])
    warm_up.start()
    warm_up.wait()

    assert loaded == ["next"]


def test_nothing_is_loaded_for_a_pass_without_stages_after_the_pages():
    warm_up = ingest._WarmUp([])
    warm_up.start()
    warm_up.wait()

    assert warm_up._thread is None


@pytest.mark.django_db(transaction=True)
def test_a_pass_with_no_new_pages_loads_no_models(monkeypatch):
    started: list[ingest._WarmUp] = []
    monkeypatch.setattr(ingest._WarmUp, "start", started.append)

    ingest.run_pass(all_feeds=True, processes=2, console=Console(quiet=True))

    assert started == []
