"""Many rows into one table in as few round trips as the database allows: the push's hot writes.

    count = write_rows(session, TicketRow.__table__, rows, keys=["id"], on_conflict="update")
    prepared = prepare_rows(dialect, table, rows, ...); prepared.run(session)  # built ahead, run later
    prepare_delete(dialect, table, "ticket_id", ids); prepare_update(dialect, table, {"status": s}, "id", ids)

On PostgreSQL the rows travel as ONE JSON parameter of ONE statement
(``INSERT ... SELECT ... FROM jsonb_populate_recordset(NULL::table, $1) [ON CONFLICT ...]``):
psycopg otherwise sends an executemany as one INSERT per row, the most of a push's time there.
On SQLite they go to the driver's own executemany as plain tuples. Either way the values are
converted here as the columns' types would (aware datetimes as UTC, JSON documents), a column left
out of a row gets its scalar default, and the row count is exact (every row inserted or updated,
or, with ``on_conflict="nothing"``, only those inserted), so callers can check it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import ARRAY, JSON, Dialect, Table, any_, bindparam
from sqlalchemy.orm import Session

from storage.codec import dumps
from storage.types import UTCDateTime

Conflict = Literal["error", "nothing", "update"]


def write_rows(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    keys: Sequence[str] = (),
    on_conflict: Conflict = "error",
) -> int:
    """Insert ``rows`` (dicts keyed by column name) into ``table``; returns the driver's exact row count.

    ``on_conflict``: "error" (a duplicate key fails the statement), "nothing" (rows whose ``keys``
    exist are skipped and not counted) or "update" (they get every other given column).
    """
    return prepare_rows(session.get_bind().dialect, table, rows, keys=keys, on_conflict=on_conflict).run(session)


@dataclass(frozen=True)
class BulkWrite:
    """One prepared multi-row statement (:func:`prepare_rows`): built in one thread, run in another."""

    table: str
    count: int  # rows given
    sql: str = ""
    params: Any = None

    def run(self, session: Session) -> int:
        """Execute it in ``session``'s transaction; the driver's exact row count (0 for no rows)."""
        if not self.count:
            return 0
        return session.connection().exec_driver_sql(self.sql, self.params).rowcount


def prepare_rows(
    dialect: Dialect,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    keys: Sequence[str] = (),
    on_conflict: Conflict = "error",
) -> BulkWrite:
    """The statement and parameters :func:`write_rows` runs, with every value converted already."""
    if not rows:
        return BulkWrite(table.name, 0)
    if on_conflict != "error" and not keys:
        raise ValueError("on_conflict needs the key columns")
    names = list(rows[0])
    defaults = {c.name: c.default.arg for c in table.columns
                if c.name not in names and c.default is not None and c.default.is_scalar}
    names += list(defaults)
    unknown = [n for n in names if n not in table.c]
    if unknown:
        raise ValueError(f"{table.name} has no column {unknown[0]!r}")
    postgres = dialect.name == "postgresql"
    q = dialect.identifier_preparer.quote  # quoted where SQLAlchemy would quote (its statements' text)
    columns = []  # column by column: a comprehension each, the converter only where the type needs one
    for name in names:
        column = [row.get(name, defaults[name]) for row in rows] if name in defaults else [row[name] for row in rows]
        kind = table.c[name].type
        if isinstance(kind, UTCDateTime):
            convert = _pg_time if postgres else _sqlite_time
            done: dict[Any, Any] = {}  # many rows share a time (stored_at, applied_at): convert it once
            column = [done[v] if v in done else done.setdefault(v, convert(v)) for v in column]
        elif isinstance(kind, JSON) and not postgres:  # storage.types.Json: JSON (JSONB on PostgreSQL)
            column = [dumps(v) for v in column]  # a value or a dataclass (storage.codec), as JSON text
        columns.append(column)
    quoted = ", ".join(q(n) for n in names)
    tail = _conflict([q(n) for n in names], [q(k) for k in keys], on_conflict)
    if postgres:
        plain = [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
        sql = (f"INSERT INTO {q(table.name)} ({quoted}) SELECT {quoted} "
               f"FROM jsonb_populate_recordset(NULL::{q(table.name)}, %s::jsonb) WITH ORDINALITY AS r "
               f"ORDER BY r.ordinality{tail}")  # rows in the given order (the change log's seq follows it)
        return BulkWrite(table.name, len(rows), sql, (dumps(plain),))
    sql = f"INSERT INTO {q(table.name)} ({quoted}) VALUES ({', '.join('?' * len(names))}){tail}"
    return BulkWrite(table.name, len(rows), sql, list(zip(*columns, strict=True)))


def prepare_delete(dialect: Dialect, table: Table, column: str, values: Sequence[Any]) -> BulkWrite:
    """``DELETE FROM table WHERE column IN values`` as a BulkWrite (one array parameter on PostgreSQL)."""
    where, params = _among(dialect, column, values)
    q = dialect.identifier_preparer.quote
    return BulkWrite(table.name, len(values), f"DELETE FROM {q(table.name)} WHERE {where}", params)


def prepare_update(
    dialect: Dialect, table: Table, sets: dict[str, Any], column: str, values: Sequence[Any]
) -> BulkWrite:
    """``UPDATE table SET sets WHERE column IN values`` as a BulkWrite (plain values: text, numbers)."""
    where, params = _among(dialect, column, values)
    q = dialect.identifier_preparer.quote
    mark = "%s" if dialect.name == "postgresql" else "?"
    assign = ", ".join(f"{q(name)} = {mark}" for name in sets)
    sql = f"UPDATE {q(table.name)} SET {assign} WHERE {where}"
    return BulkWrite(table.name, len(values), sql, (*sets.values(), *params))


def _among(dialect: Dialect, column: str, values: Sequence[Any]) -> tuple[str, tuple[Any, ...]]:
    name = dialect.identifier_preparer.quote(column)
    if dialect.name == "postgresql":
        return f"{name} = ANY(%s)", (list(values),)
    return f"{name} IN ({', '.join('?' * len(values))})", tuple(values)


def _conflict(names: Sequence[str], keys: Sequence[str], on_conflict: Conflict) -> str:
    if on_conflict == "error":
        return ""
    target = f" ON CONFLICT ({', '.join(keys)})"
    if on_conflict == "nothing":
        return target + " DO NOTHING"
    sets = ", ".join(f"{n} = excluded.{n}" for n in names if n not in keys)
    return target + (f" DO UPDATE SET {sets}" if sets else " DO NOTHING")


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: the store keeps aware times only")
    return value.astimezone(UTC)


def _pg_time(value: datetime | None) -> str | None:
    return None if value is None else _aware(value).isoformat()


def _sqlite_time(value: datetime | None) -> str | None:
    # the text sqlalchemy.dialects.sqlite.DATETIME (and UTCDateTime.bind_processor) writes
    return None if value is None else _aware(value).replace(tzinfo=None).isoformat(" ", "microseconds")



def one_of(session: Session, column: Any, values: Sequence[Any]) -> Any:
    """``column IN values``: on PostgreSQL ``column = ANY($1)`` with ONE array parameter (an IN list
    of hundreds of parameters costs the driver more to render than the server to run)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(list(values))
