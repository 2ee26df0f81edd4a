"""On PostgreSQL the statements newsdesk writes by hand for the reader are planned once for any
values, and every other statement as PostgreSQL chooses (``newsdesk.serving.plans``).

Each case runs in a fresh process of `manage.py` against a real server, as a web process
would: the setting is the connection's, and tests' transactions would hide it."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from django.db import connection

from newsdesk.serving.plans import MARK, planned_once
from tests.postgres_server import postgres_server
from tests.test_settings import run_in_django

SETTINGS_SEEN = """
from django.db import connection, transaction
from newsdesk.serving.plans import planned_once

def seen(marked):
    sql = "SELECT current_setting('plan_cache_mode')"
    with connection.cursor() as cursor:
        cursor.execute(planned_once(sql) if marked else sql)
        return cursor.fetchone()[0]

print(seen(True), seen(False), seen(True), end=" ")
try:
    with transaction.atomic():
        print(seen(False), seen(True), end=" ")
        raise RuntimeError("rolled back")
except RuntimeError:
    pass
print(seen(True), seen(False))
"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.mark.postgres
def test_marked_statements_get_one_plan_and_others_postgresql_choice(server, tmp_path):
    seen = run_in_django(SETTINGS_SEEN, tmp_path, server).split()
    one, chosen = "force_generic_plan", "auto"
    # Outside a transaction the session's setting follows each statement's kind.
    assert seen[:3] == [one, chosen, one]
    # Inside one, a statement without the mark is planned as PostgreSQL chooses, and once the
    # transaction is rolled back the connection still knows its session's setting.
    assert seen[3] == chosen
    assert seen[5:] == [one, chosen]


@pytest.mark.postgres
def test_a_plan_cache_mode_set_in_the_database_url_holds_for_every_statement(server, tmp_path):
    options = quote("-c plan_cache_mode=force_custom_plan")
    seen = run_in_django(SETTINGS_SEEN, tmp_path, f"{server}?options={options}").split()
    assert set(seen) == {"force_custom_plan"}


@pytest.mark.postgres
def test_statements_not_prepared_leave_the_setting_alone(server, tmp_path):
    seen = run_in_django(SETTINGS_SEEN, tmp_path, f"{server}?server_side_binding=false").split()
    assert set(seen) == {"auto"}


def test_a_statement_is_marked_once_however_often_it_is_wrapped():
    sql = planned_once("SELECT 1")
    assert sql.startswith("SELECT 1") and MARK in sql
    assert planned_once(sql) == sql
    assert planned_once(f"SELECT * FROM ({sql}) AS inner_rows").count(MARK) == 1


@pytest.mark.django_db
def test_a_marked_statement_runs_on_sqlite_as_written():
    with connection.cursor() as cursor:
        cursor.execute(planned_once("SELECT %s + 1"), [41])
        assert cursor.fetchone() == (42,)
