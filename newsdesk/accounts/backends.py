"""The usual username and password sign-in, refused while a sign-in limit holds, and the
signed-in reader's row read by one statement written out."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Col
from django.http import HttpRequest

from newsdesk.accounts.throttling import login_refused
from newsdesk.serving.plans import planned_once

Converter = Callable[[object, object, BaseDatabaseWrapper], object]
# A column's expression and the converters the ORM applies to its values.
_Column = tuple[Col, tuple[Converter, ...]]


class ThrottledModelBackend(ModelBackend):
    """Covers every sign-in form (the site's and the admin's): once an account or an address
    has failed too often, even the right password is refused until the window ends."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if login_refused(request, username if username is not None else kwargs.get("username")):
            raise PermissionDenied  # ends the sign-in: no other backend is asked
        return super().authenticate(request, username, password, **kwargs)

    def get_user(self, user_id: int | str) -> User | None:
        """The signed-in reader of a request, as the ORM would give them (every column,
        converted as the ORM converts it), or nobody for an unknown or inactive account.
        Every signed-in request asks for it first: building the ORM's query cost about
        0.25 ms, more than running it, of a signed-in request's 1.5 ms to a cached page. The
        row is the one the request's session read along (``read_along``) when the session
        names this reader, else read here."""
        alias = router.db_for_read(User)
        sql, names, converters = _user_statement(alias)
        connection = connections[alias]
        along = _read_along.get()
        _read_along.set(None)
        if along is not None and along[0] == str(user_id):
            row = along[1] if along[1][0] is not None else None
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, [User._meta.pk.to_python(user_id)])
                row = cursor.fetchone()
        if row is None:
            return None
        values = [
            _converted(value, column, connection)
            for value, column in zip(row, converters, strict=True)
        ]
        user = User.from_db(alias, names, values)
        return user if self.user_can_authenticate(user) else None


# The row of the reader a request's session named, read in the session's own statement
# (``serving.sessions``), with the id it was read for: taken by that request's ``get_user``.
_read_along: ContextVar[tuple[str, tuple[object, ...]] | None] = ContextVar(
    "newsdesk_user_read_along", default=None
)


def read_along(user_id: str | None, row: tuple[object, ...] = ()) -> None:
    """Keep the row of the reader ``user_id`` (its columns as ``user_columns`` lists them,
    all NULL for no such reader) for the request's ``get_user``; or, with no id, forget any
    kept row, so that none outlives the request that read it."""
    _read_along.set(None if user_id is None else (user_id, row))


@lru_cache(maxsize=8)
def user_columns(alias: str, table_alias: str) -> str:
    """The columns ``get_user`` reads, in its order, for a statement that reads a user's row
    as ``table_alias`` along with its own."""
    quote = connections[alias].ops.quote_name
    return ", ".join(f"{table_alias}.{quote(f.column)}" for f in User._meta.concrete_fields)


def _converted(value: object, column: _Column, connection: BaseDatabaseWrapper) -> object:
    expression, converters = column
    for convert in converters:
        value = convert(value, expression, connection)
    return value


@lru_cache(maxsize=8)
def _user_statement(alias: str) -> tuple[str, list[str], list[_Column]]:
    """The statement reading a user by primary key, its fields' names and, for each column,
    the converters the ORM applies to it on this database (booleans and times on SQLite)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = User._meta.concrete_fields
    columns = ", ".join(quote(field.column) for field in fields)
    table = User._meta.db_table
    where = f"{quote(User._meta.pk.column)} = %s"
    sql = planned_once(f"SELECT {columns} FROM {quote(table)} WHERE {where}")
    read = [field.get_col(table) for field in fields]
    converters = [
        (column, (*connection.ops.get_db_converters(column), *column.get_db_converters(connection)))
        for column in read
    ]
    return sql, [field.attname for field in fields], converters
