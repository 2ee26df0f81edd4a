"""The page cache every web process shares: what one process stores, another reads; entries
expire, the file stays bounded, and a database's entries are its own."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from newsdesk.reader import pagestore
from newsdesk.reader.pagestore import SharedCache


def _store(path: Path, entries: int = 100) -> SharedCache:
    return SharedCache(str(path), {"OPTIONS": {"MAX_ENTRIES": entries}})


def test_a_value_stored_by_one_process_is_read_by_another(tmp_path):
    _store(tmp_path / "pages.sqlite3").set("page:/", {"html": "<p>Port strike ends</p>"}, 60)
    assert _store(tmp_path / "pages.sqlite3").get("page:/") == {"html": "<p>Port strike ends</p>"}


def test_an_entry_past_its_time_is_gone(tmp_path, monkeypatch):
    store = _store(tmp_path / "pages.sqlite3")
    store.set("page:/", "old", 60)
    later = time.time() + 61
    monkeypatch.setattr(pagestore.time, "time", lambda: later)
    assert store.get("page:/") is None
    assert store.add("page:/", "new", 60)
    assert store.get("page:/") == "new"


def test_add_keeps_a_live_entry_and_delete_and_touch_say_what_they_did(tmp_path):
    store = _store(tmp_path / "pages.sqlite3")
    assert store.add("key", 1)
    assert not store.add("key", 2)
    assert store.get("key") == 1
    assert store.touch("key", 120) and store.has_key("key")
    assert store.delete("key") and not store.delete("key")
    assert not store.touch("key") and not store.has_key("key")


def test_the_file_keeps_at_most_its_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(pagestore, "CULL_EVERY", 1)
    path = tmp_path / "pages.sqlite3"
    store = _store(path, entries=10)
    for n in range(50):
        store.set(f"page:{n}", "x" * 100, 60 + n)
    with sqlite3.connect(path) as db:
        (count,) = db.execute("SELECT count(*) FROM entry").fetchone()
    assert count <= 10
    assert store.get("page:49") == "x" * 100  # the latest to expire are kept


@pytest.mark.django_db
def test_another_databases_entries_are_neither_read_nor_cleared(tmp_path, monkeypatch):
    store = _store(tmp_path / "pages.sqlite3")
    store.set("page:/", "this database's front page", 60)
    monkeypatch.setattr(pagestore, "_database", lambda: "elsewhere")
    assert store.get("page:/") is None
    store.set("page:/", "another database's front page", 60)
    store.clear()
    monkeypatch.undo()
    assert store.get("page:/") == "this database's front page"
