"""Schema changes go through migrations, which apply on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.postgres_server import postgres_server, pytest_on

REPO_ROOT = Path(__file__).resolve().parents[2]


def newsdesk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", *args],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_models_have_no_changes_missing_a_migration(tmp_path):
    result = newsdesk(
        "makemigrations", "--check", "--dry-run", env={"NEWSDESK_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_migrations_apply_on_a_fresh_sqlite_file(tmp_path):
    result = newsdesk("migrate", "--no-input", env={"NEWSDESK_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "newsdesk.sqlite3").exists()


@pytest.fixture(scope="module")
def postgres_url():
    with postgres_server() as url:
        yield url


@pytest.mark.postgres
def test_migrations_apply_on_postgresql(postgres_url, tmp_path):
    env = {"DATABASE_URL": postgres_url, "NEWSDESK_DATA_DIR": str(tmp_path)}
    result = newsdesk("migrate", "--no-input", env=env)
    assert result.returncode == 0, result.stderr
    tables = newsdesk("showmigrations", "news", env=env)
    assert "[X] 0001_initial" in tables.stdout


@pytest.mark.postgres
def test_the_page_tests_pass_on_postgresql(postgres_url, tmp_path):
    """Run the reader, comment, account, search-index and following suites, and the worker
    pacing that relies on row locks, again with PostgreSQL as the database (those suites' own
    PostgreSQL runs start servers of their own, and are left to the outer run)."""
    result = pytest_on(
        postgres_url,
        tmp_path,
        "tests/reader",
        "tests/comments",
        "tests/accounts",
        "tests/search/test_index.py",
        "tests/following",
        "tests/jobs/test_pacing.py",
        "-m",
        "not browser and not postgres",
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
