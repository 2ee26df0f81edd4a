"""The reader's pages read indexes on PostgreSQL as they do on SQLite: the plan specification
written for PostgreSQL (``tests/news/postgresql_plans.py``) runs against a real server, as the
page suites do in ``tests/news/test_migrations``."""

from __future__ import annotations

import pytest

from tests.postgres_server import postgres_server, pytest_on


@pytest.mark.postgres
def test_the_pages_query_plans_read_indexes_on_postgresql(tmp_path):
    with postgres_server() as url:
        result = pytest_on(url, tmp_path, "tests/news/postgresql_plans.py")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " skipped" not in result.stdout
