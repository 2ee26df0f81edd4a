"""Sessions in the database, as Django's ``db`` backend keeps them, read by one statement
written out, which also reads the signed-in reader's row.

A signed-in reader's every request reads their session first: building the ORM's query for
it cost about 0.3 ms, ten times running it, and a signed-in request to a cached page costs
some 2 ms in all. Writing, expiry and clearing are Django's own.

The session then names its reader, whose row Django's ``get_user`` reads next, by a statement
of its own (a round trip on PostgreSQL, on every signed-in request). Once a process has read
or written a session, it remembers which reader the session named, and its next read of it
reads that reader's row in the same statement; the row is given to the request's ``get_user``
(``accounts.backends``) only if the session, its signature checked, still names that reader.
Django then checks the session against the reader's password hash, as ever.

Configured as ``SESSION_ENGINE``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import connections, router
from django.utils import timezone

from newsdesk.accounts.backends import read_along, user_columns
from newsdesk.serving.plans import planned_once

# The reader each session named when this process last read it, by session key; emptied
# when it holds this many (a guess at most: a session's own data names its reader).
_NAMED: dict[str, str] = {}
_NAMED_AT_MOST = 20_000


class SessionStore(DatabaseStore):
    # The reader's row read with the session by ``_get_session_from_db``, if any.
    _reader_row: tuple[object, ...] = ()

    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        # A request's store is made before its reader is read: no row read along for an
        # earlier request is taken for this one.
        read_along(None)

    def load(self) -> dict[str, Any]:
        """The session's data, and the row of the reader it names when that was read along."""
        named = _NAMED.get(self.session_key or "")
        self._reader_row = ()
        session = super().load()
        reader = session.get(SESSION_KEY)
        self._remember(reader)
        if named is not None and named == str(reader) and self._reader_row:
            read_along(named, self._reader_row)
        return session

    def save(self, must_create: bool = False) -> None:
        """Django's, and the reader the session names is remembered: the process that signs a
        reader in reads their next request's session and row in one statement."""
        super().save(must_create)
        self._remember(getattr(self, "_session_cache", {}).get(SESSION_KEY))

    def _remember(self, reader: object) -> None:
        if reader is None or not self.session_key:
            return
        if len(_NAMED) >= _NAMED_AT_MOST:
            _NAMED.clear()
        _NAMED[self.session_key] = str(reader)

    def _get_session_from_db(self) -> AbstractBaseSession | None:
        """The session's row if it has not expired, with only what ``load`` reads of it, and
        the row of the reader this process last saw the session name, if any; a key with no
        such row is forgotten, as Django's backend does."""
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        named = _NAMED.get(self.session_key or "")
        if named is not None and router.db_for_read(User) != alias:
            named = None
        sql = f"SELECT s.session_data{{reader}} FROM {self.model._meta.db_table} AS s{{join}}"
        sql += " WHERE s.session_key = %s AND s.expire_date > %s"
        params: list[Any] = [self.session_key, now]
        if named is None:
            sql = sql.format(reader="", join="")
        else:
            join = f" LEFT JOIN {User._meta.db_table} AS u ON u.{User._meta.pk.column} = %s"
            sql = sql.format(reader=f", {user_columns(alias, 'u')}", join=join)
            params.insert(0, User._meta.pk.to_python(named))
        with connection.cursor() as cursor:
            cursor.execute(planned_once(sql), params)
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        self._reader_row = tuple(row[1:])
        return self.model(session_data=row[0])
