"""Database settings: on PostgreSQL, a statement a connection runs again is prepared on the
server, so the server skips parsing and planning it (most of its time on a reader page); options
given in ``DATABASE_URL`` still win.

Settings are read once per process, so each environment is read by a fresh process of
`manage.py`, as a server would start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.postgres_server import postgres_server

ROOT = Path(__file__).resolve().parents[1]
# Settings are read without connecting: no server listens here.
NOWHERE = "postgres://newsdesk@127.0.0.1:9/newsdesk"


def run_in_django(code: str, data_dir: Path, database_url: str) -> str:
    """What ``code`` prints in a fresh process of `manage.py` with that database."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    environment.update(
        NEWSDESK_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="newsdesk.settings",
        DATABASE_URL=database_url,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def database_options(data_dir: Path, database_url: str) -> dict[str, object]:
    code = (
        "import json; from django.conf import settings;"
        " print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    return json.loads(run_in_django(code, data_dir, database_url))


def test_it_binds_parameters_on_the_server_and_prepares_statements_run_twice(tmp_path):
    options = database_options(tmp_path, NOWHERE)
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 2


def test_options_in_the_database_url_win_over_its_own(tmp_path):
    url = f"{NOWHERE}?server_side_binding=false&prepare_threshold=5"
    options = database_options(tmp_path, url)
    assert options["server_side_binding"] is False
    assert options["prepare_threshold"] == 5


def test_it_gives_sqlite_no_postgresql_options(tmp_path):
    options = database_options(tmp_path, f"sqlite:///{tmp_path / 'news.sqlite3'}")
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


PREPARED = """
from django.db import connection
with connection.cursor() as cursor:
    for count in range({runs}):
        cursor.execute("SELECT count(*) FROM pg_class WHERE relpages >= %s", [count])
    cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                   ["%relpages >=%"])
    print(cursor.fetchone()[0])
"""


@pytest.mark.postgres
def test_a_statement_a_connection_runs_again_is_prepared_on_the_server(tmp_path):
    with postgres_server() as url:
        once = run_in_django(PREPARED.format(runs=1), tmp_path, url)
        again = run_in_django(PREPARED.format(runs=3), tmp_path, url)
    assert (once, again) == ("0", "1")
