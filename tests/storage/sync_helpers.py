"""Helpers for the sync tests: workstations as SQLite files, a central database, views to compare."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, select

from storage.db import engine_for, upgrade
from storage.tables import ChangeRow, EventRow, OutboxRow, TicketRow
from storage.uow import UnitOfWork


def desk(tmp_path: Path, name: str) -> Engine:
    """A new workstation's local copy."""
    url = f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
    upgrade(url)
    return engine_for(url)


def central(url: str) -> Engine:
    """The central database at ``url``, upgraded."""
    upgrade(url)
    return engine_for(url)


def count(engine: Engine, model: type, **where: object) -> int:
    stmt = select(func.count()).select_from(model)
    for key, value in where.items():
        stmt = stmt.where(getattr(model, key) == value)
    with engine.connect() as conn:
        return conn.scalar(stmt) or 0


def event_ids(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(select(EventRow.id).order_by(EventRow.id)))


def views(engine: Engine) -> dict:
    with UnitOfWork(engine) as uow:
        ids = list(uow.session.scalars(select(TicketRow.id)))
        return {i: uow.tickets.get(i) for i in ids}


def verdicts(engine: Engine, ticket_id: str) -> dict:
    with UnitOfWork(engine) as uow:
        return uow.tickets.verdicts(ticket_id)


__all__ = ["ChangeRow", "OutboxRow", "central", "count", "desk", "event_ids", "verdicts", "views"]
