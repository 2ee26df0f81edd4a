"""A cache shared by every web process of a host: rows of a SQLite file of its own.

Django's local-memory cache is one per process: with three workers, a page one of them rendered
was rendered again by each of the others, and as readers spread over a million articles most
article pages a worker was asked for had been rendered by another worker, not by itself. Every
worker reads this file (a read is one lookup by key, and WAL lets it run while another process
writes), it needs no cache server, and its file is apart from the database so a cached page is
never kept waiting by the pipeline's writes.

The file holds at most ``MAX_ENTRIES`` rows: every ``CULL_EVERY`` writes of a process, the rows
past their time go, then the soonest to expire beyond the bound (an index on expiry makes each a
range), so its size follows the option, never the archive. Rows belong to the database they
were made from (its name, host and port): pages of another database sharing the file (a
concurrent test run) are neither read nor cleared.

Written here rather than taken from a library: Django's FileBasedCache lists every file of its
folder to cull, so its cost grows with the entries, and diskcache, which does what this does,
has had no release since 2023. Values are pickled, as in Django's own file and database caches:
the file sits in the data folder, which only newsdesk writes.

Configured in ``CACHES`` with the file as ``LOCATION``.
"""

from __future__ import annotations

import os
import pickle
import sqlite3
import threading
import time
import zlib
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import connections

# A process culls once per this many writes.
CULL_EVERY = 200
# Values are compressed at this zlib level: a page's HTML shrinks about fivefold, fast.
_LEVEL = 1
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entry (space TEXT NOT NULL, key TEXT NOT NULL,"
    " value BLOB NOT NULL, expires REAL NOT NULL, PRIMARY KEY (space, key))",
    "CREATE INDEX IF NOT EXISTS entry_expires ON entry (expires)",
)


def _database() -> str:
    """The database the cached values were made from: rows of others are not this one's."""
    db = connections["default"].settings_dict
    return f"{db['HOST']}:{db['PORT']}/{db['NAME']}"


class SharedCache(BaseCache):
    """Django's cache interface over one SQLite file, for every process of the host."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self._path = location
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        """This thread's connection, opened again in a forked process (a gunicorn worker)."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            db = sqlite3.connect(self._path, timeout=5, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            # Losing the newest entries to a power cut costs a render, not data.
            db.execute("PRAGMA synchronous=OFF")
            for statement in _SCHEMA:
                db.execute(statement)
            local.db, local.pid, local.writes = db, os.getpid(), 0
        return local.db

    def _expiry(self, timeout: float | None) -> float:
        seconds = self.get_backend_timeout(timeout)
        return float("inf") if seconds is None else seconds

    def get(self, key: str, default: object = None, version: int | None = None) -> object:
        row = (
            self._db()
            .execute(
                "SELECT value FROM entry WHERE space = ? AND key = ? AND expires > ?",
                (_database(), self.make_and_validate_key(key, version), time.time()),
            )
            .fetchone()
        )
        return default if row is None else pickle.loads(zlib.decompress(row[0]))

    def _write(
        self, verb: str, key: str, value: object, timeout: float | None, version: int | None
    ) -> int:
        blob = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), _LEVEL)
        made = self.make_and_validate_key(key, version)
        cursor = self._db().execute(
            f"{verb} INTO entry (space, key, value, expires) VALUES (?, ?, ?, ?)",
            (_database(), made, blob, self._expiry(timeout)),
        )
        self._local.writes += 1
        if self._local.writes % CULL_EVERY == 0:
            self._cull()
        return cursor.rowcount

    def set(
        self,
        key: str,
        value: object,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        self._write("INSERT OR REPLACE", key, value, timeout, version)

    def add(
        self,
        key: str,
        value: object,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        self._db().execute(
            "DELETE FROM entry WHERE space = ? AND key = ? AND expires <= ?",
            (_database(), self.make_and_validate_key(key, version), time.time()),
        )
        return bool(self._write("INSERT OR IGNORE", key, value, timeout, version))

    def touch(
        self, key: str, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        cursor = self._db().execute(
            "UPDATE entry SET expires = ? WHERE space = ? AND key = ? AND expires > ?",
            (
                self._expiry(timeout),
                _database(),
                self.make_and_validate_key(key, version),
                time.time(),
            ),
        )
        return bool(cursor.rowcount)

    def delete(self, key: str, version: int | None = None) -> bool:
        cursor = self._db().execute(
            "DELETE FROM entry WHERE space = ? AND key = ?",
            (_database(), self.make_and_validate_key(key, version)),
        )
        return bool(cursor.rowcount)

    def has_key(self, key: str, version: int | None = None) -> bool:
        return self.get(key, _MISSING, version) is not _MISSING

    def clear(self) -> None:
        self._db().execute("DELETE FROM entry WHERE space = ?", (_database(),))

    def _cull(self) -> None:
        """Drop the rows past their time, then the soonest to expire past ``_max_entries``."""
        db = self._db()
        db.execute("DELETE FROM entry WHERE expires <= ?", (time.time(),))
        (count,) = db.execute("SELECT count(*) FROM entry").fetchone()
        if count > self._max_entries:
            surplus = count - self._max_entries + self._max_entries // self._cull_frequency
            db.execute(
                "DELETE FROM entry WHERE rowid IN"
                " (SELECT rowid FROM entry ORDER BY expires LIMIT ?)",
                (surplus,),
            )


_MISSING = object()
