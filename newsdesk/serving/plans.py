"""One plan per connection for the statements newsdesk writes by hand, on PostgreSQL.

A statement a connection runs again is prepared on the server (``prepare_threshold`` in the
settings), and PostgreSQL then plans it anew for each run's values until it judges a plan made
for no values in particular as good (``plan_cache_mode`` ``auto``). The reader's own statements
(``news.queries``, the session and the signed-in user) walk an index from a key or a cursor,
and that walk is their best plan whatever the values (each reader statement, run for popular
and rare tags, deep cursors, large stories, ran as fast or faster planned once), while planning
them each time cost a page's first render at a million articles more of the server's time than
running them (server CPU, signed in: a tag's page 3.3 -> 2.3 ms, a deep page of the latest
news 1.4 -> 0.9 ms, an outlet's 1.3 -> 0.8 ms). They carry ``MARK`` and are run with
``force_generic_plan``. Every other statement keeps PostgreSQL's choice: the API's ORM filter
on a tag's articles, planned once for no tag in particular, walked the whole time index for a
tag with few articles (3 s instead of 0.4 ms).

The connection's setting is changed only when the kind of statement changes, so a reader's
request pays nothing. Inside a transaction a statement without the mark is run with ``SET
LOCAL plan_cache_mode = DEFAULT`` first when the connection is set for one plan: a session
setting changed there would be undone by a rollback the connection cannot see.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

# Django's execute wrappers: the next step (SQL, parameters, many, context) and its result.
Execute = Callable[[str, Sequence[object] | None, bool, dict[str, Any]], object]

# Carried by a statement that is best planned once for any values: anywhere in its text, so a
# caller may wrap it in a statement of its own or go on writing after it; at its end, so the
# statement still starts with its first word.
MARK = "/* one plan */"
ONE_PLAN = "force_generic_plan"
# PostgreSQL's own choice, or whatever the server or the connection's options set.
CHOSEN = "DEFAULT"
# The setting the connection's session holds, as this module last set it (none yet).
_SETTING = "_newsdesk_plan_cache_mode"


def planned_once(sql: str) -> str:
    """``sql`` marked to be planned once for any values."""
    return sql if MARK in sql else f"{sql} {MARK}"


def install(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """Receives ``connection_created``: a new PostgreSQL connection runs its statements through
    ``choose_plans``, its session's setting not yet changed; unless the connection's options
    set ``plan_cache_mode`` themselves, which then holds for every statement, or its
    statements are not prepared (``server_side_binding`` off, as behind a transaction pooler,
    where a session's setting would also reach other clients' statements): a statement
    planned each time it runs has no cached plan to choose."""
    options = connection.settings_dict.get("OPTIONS", {})
    if (
        connection.vendor != "postgresql"
        or "plan_cache_mode" in str(options.get("options", ""))
        or not options.get("server_side_binding")
    ):
        return
    setattr(connection, _SETTING, None)
    if choose_plans not in connection.execute_wrappers:
        connection.execute_wrappers.append(choose_plans)


def choose_plans(
    execute: Execute,
    sql: str,
    params: Sequence[object] | None,
    many: bool,
    context: dict[str, Any],
) -> object:
    """Run the statement with the setting its kind wants (an execute wrapper)."""
    connection: BaseDatabaseWrapper = context["connection"]
    once = MARK in sql
    if not connection.get_autocommit():
        if not once and getattr(connection, _SETTING) == ONE_PLAN:
            _set(context["cursor"], f"SET LOCAL plan_cache_mode = {CHOSEN}")
    else:
        wanted = ONE_PLAN if once else CHOSEN
        if getattr(connection, _SETTING) != wanted:
            _set(context["cursor"], f"SET plan_cache_mode = {wanted}")
            setattr(connection, _SETTING, wanted)
    return execute(sql, params, many, context)


def _set(cursor: CursorWrapper, statement: str) -> None:
    # The driver's own cursor: through Django's, the statement would come back here.
    cursor.cursor.execute(statement)
