"""The reader's pages read indexes on PostgreSQL as they do on SQLite: the plan specification
written for PostgreSQL (``tests/news/postgresql_plans.py``) runs against a real server, as the
page suites do in ``tests/news/test_migrations``."""

from __future__ import annotations

import psycopg
import pytest

from tests.postgres_server import postgres_server, pytest_on


def without_autovacuum(url: str) -> None:
    """Plans made on the same statistics in every run: autovacuum, sampling a table between
    two tests, would find it empty and have PostgreSQL plan for a table of one row."""
    with psycopg.connect(url, autocommit=True) as server:
        server.execute("ALTER SYSTEM SET autovacuum = off")
        server.execute("SELECT pg_reload_conf()")


@pytest.mark.postgres
def test_the_pages_query_plans_read_indexes_on_postgresql(tmp_path):
    with postgres_server() as url:
        without_autovacuum(url)
        result = pytest_on(url, tmp_path, "tests/news/postgresql_plans.py")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " skipped" not in result.stdout
