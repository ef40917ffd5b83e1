"""A transaction's bulk writes sent to PostgreSQL without waiting for each one (psycopg pipeline mode).

    with WritePipeline(session, enabled=postgres) as writes:
        writes.send(prepared, check)  # storage.bulk.BulkWrite; check(rowcount) runs at the next drain
        ...                           # CPU work (fold the next part) while the server runs it
        writes.drain()                # before the session is used for anything else

A push to PostgreSQL uses it: the server stores one part of a batch while this process folds the
next (storage.projection.ingest), so the two costs overlap instead of adding up, in one thread.
Disabled (SQLite, or ``push(overlap=False)``), :meth:`send` runs the statement at once and calls
``check`` with its row count. A failing statement, or a check that raises, makes :meth:`drain`
raise, so the caller's transaction rolls back as a whole and nothing half-written is committed.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol

from sqlalchemy.orm import Session

Check = Callable[[int], None]


class Prepared(Protocol):
    """A statement built ahead (storage.bulk.BulkWrite): its driver SQL, parameters and row count."""

    count: int
    sql: str
    params: Any

    def run(self, session: Session) -> int: ...


class WritePipeline:
    """See the module docstring."""

    def __init__(self, session: Session, enabled: bool = True) -> None:
        self.session = session
        self.enabled = enabled and session.get_bind().dialect.name == "postgresql"
        self._raw: Any = None  # the psycopg connection under the session's
        self._pipeline: Any = None  # psycopg's Pipeline while statements are in flight
        self._sent: list[tuple[Any, Check | None]] = []

    def send(self, statement: Prepared, check: Check | None = None) -> None:
        """Send ``statement`` now; ``check(rowcount)`` when its result is in (at once when disabled)."""
        if not statement.count:
            return
        if not self.enabled:
            count = statement.run(self.session)
            if check is not None:
                check(count)
            return
        if self._pipeline is None:
            self._raw = self.session.connection().connection.driver_connection
            self._pipeline = self._raw.pipeline()
            self._pipeline.__enter__()
        cursor = self._raw.cursor()
        cursor.execute(statement.sql, statement.params)
        self._sent.append((cursor, check))

    def drain(self) -> None:
        """Wait for every statement sent; run their checks in order; raise the first failure."""
        if self._pipeline is None:
            return
        pipeline, self._pipeline = self._pipeline, None
        sent, self._sent = self._sent, []
        pipeline.__exit__(None, None, None)  # syncs: raises the server's error for a failed statement
        for cursor, check in sent:
            if check is not None:
                check(cursor.rowcount)

    def __enter__(self) -> WritePipeline:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.drain()
        elif self._pipeline is not None:  # leave pipeline mode; the caller's error is the one that counts
            pipeline, self._pipeline, self._sent = self._pipeline, None, []
            try:
                pipeline.__exit__(kind, exc, tb)
            except Exception:  # noqa: BLE001 - the statement failures follow from ``exc``, raised below
                pass


def inline(session: Session) -> WritePipeline:
    """A disabled pipeline: every statement runs at once (the default of the functions that take one)."""
    return WritePipeline(session, enabled=False)
