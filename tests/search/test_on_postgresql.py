"""Search is bounded the same way on PostgreSQL: the bounded-search specification and the
index's tests run again against a real server (as ``tests/news/test_migrations`` runs the page
suites)."""

from __future__ import annotations

import pytest

from tests.postgres_server import postgres_server, pytest_on


@pytest.mark.postgres
def test_the_bounded_search_tests_pass_on_postgresql(tmp_path):
    with postgres_server() as url:
        result = pytest_on(
            url, tmp_path, "tests/search/test_ranking_bound.py", "tests/search/test_index.py"
        )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " skipped" not in result.stdout
