"""Kept PostgreSQL copies of a bench's SQLite archive.

A bench writes its synthetic archive into SQLite once (fast, one file); to measure the same
archive on PostgreSQL it is copied into a server of its own, started as the tests start theirs
and kept in ``<archive folder>/postgresql/``, so that the copy (minutes at a million articles) is
made once and later runs only start that server again.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


def _kept(folder: Path) -> Path:
    return folder / "postgresql"


@contextmanager
def kept_server(folder: Path, fresh: bool = False) -> Iterator[str]:
    """Start the server kept beside the archive in ``folder`` and yield its DATABASE_URL;
    ``fresh`` drops the copy first (the SQLite archive was written anew)."""
    from tests.postgres_server import postgres_server

    if fresh:
        shutil.rmtree(_kept(folder), ignore_errors=True)
    with postgres_server(_kept(folder)) as url:
        yield url


def is_copied(folder: Path) -> bool:
    """Whether the kept server already holds a complete copy of the archive."""
    return (_kept(folder) / "complete").exists()


def mark_copied(folder: Path, note: str) -> None:
    (_kept(folder) / "complete").write_text(note + "\n")


def copy_tables(
    sqlite_file: Path, url: str, tables: Sequence[str], blank: Collection[str] = ()
) -> None:
    """The rows of ``tables`` (in an order their foreign keys accept at commit) into the
    migrated, empty PostgreSQL database at ``url`` by COPY, in one transaction; columns named in
    ``blank`` are copied empty (text a bench never reads). Each table's id sequence then starts
    after the copied ids, so rows the site writes later get ids of their own, and the tables
    are analyzed, so the first plans are made with the statistics autovacuum would gather."""
    import psycopg

    source = sqlite3.connect(sqlite_file)
    with psycopg.connect(url) as target, target.cursor() as cursor:
        # SQLite holds naive UTC times, as Django wrote them; Django's connections use UTC too.
        cursor.execute("SET TIME ZONE 'UTC'")
        for table in tables:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            read = ", ".join("''" if c in blank else c for c in columns)
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {read} FROM {table}"):
                    copy.write_row(row)
            if "id" in columns:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" coalesce(max(id), 0) + 1, false) FROM {table}"
                )
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
    source.close()
