"""Dialect-aware INSERT ... ON CONFLICT helpers for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def dialect_insert(session: Session, model: type) -> Any:
    """An INSERT for ``model``'s table that knows ON CONFLICT on this session's dialect."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model.__table__)  # Core insert: exact rowcount, no ORM bookkeeping


_built: dict[tuple[str, Hashable], Any] = {}


def built_once(session: Session, key: Hashable, build: Callable[[Session], Any]) -> Any:
    """``build(session)``'s statement, made once per dialect and ``key`` and reused afterwards.

    For the hot write statements: building an INSERT ... ON CONFLICT (its ``excluded`` columns
    especially) costs more than running it. Execute it with a list of rows (executemany, or
    multi-row VALUES for INSERT ... RETURNING).
    """
    slot = (session.get_bind().dialect.name, key)
    stmt = _built.get(slot)
    if stmt is None:
        stmt = _built[slot] = build(session)
    return stmt


def insert_ignore(session: Session, model: type, rows: Sequence[dict[str, Any]], keys: Sequence[str]) -> int:
    """Insert ``rows``, skipping any whose ``keys`` already exist; returns how many were inserted."""
    if not rows:
        return 0
    table = model.__table__  # type: ignore[attr-defined]
    stmt = (
        dialect_insert(session, model)
        .on_conflict_do_nothing(index_elements=list(keys))
        .returning(*(table.c[k] for k in keys))  # a row back means inserted; rowcount is not reliable here
    )
    inserted = 0
    for row in rows:
        inserted += len(session.execute(stmt, row).all())
    return inserted


def upsert(session: Session, model: type, row: dict[str, Any], keys: Sequence[str]) -> None:
    """Insert ``row`` or update every non-key column of the existing one."""
    stmt = dialect_insert(session, model).values(**row)
    updates = {k: stmt.excluded[k] for k in row if k not in keys}
    session.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=updates))


def put_row(session: Any, model: Any, row_id: str, values: dict[str, Any]) -> None:
    """Insert the row ``row_id`` of ``model`` with ``values``, or overwrite it: how a pulled center-only
    row (an account, a caller flag) lands on a desk."""
    row = session.get(model, row_id)
    if row is None:
        session.add(model(id=row_id, **values))
    else:
        for key, value in values.items():
            setattr(row, key, value)
    session.flush()
