"""Where a write is recorded for the sync link: the outbox on a workstation, the change log on the center.

A desk's unit of work adds an outbox row in the same transaction as the write it describes. A unit
of work running on the central database appends straight to ``changes`` instead, under the same
lock push uses, so every change gets its server sequence in commit order and pulls never skip one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from hotline.ids import new_id
from hotline.timezone import now
from storage.tables import ChangeRow, OutboxRow
from storage.upsert import dialect_insert

Role = Literal["desk", "center"]
ENTITIES = ("event", "unit", "audit")


def lock_change_log(session: Session) -> None:
    """Serialize writers of ``changes`` so sequence order is commit order (PostgreSQL; SQLite locks anyway)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(12345012345)"))


def append_changes(session: Session, changes: Sequence[Mapping[str, Any]]) -> set[str]:
    """Append changes (change_id, entity, entity_id, payload, origin) to the central change log.

    A change id applied before is skipped (unique constraint, ON CONFLICT DO NOTHING); returns the ids
    actually appended. Call :func:`lock_change_log` first in the same transaction.
    """
    applied_at = now()
    rows = [{**dict(c), "applied_at": applied_at} for c in changes]
    appended: set[str] = set()
    for start in range(0, len(rows), 400):
        stmt = (
            dialect_insert(session, ChangeRow)
            .values(rows[start : start + 400])
            .on_conflict_do_nothing(index_elements=["change_id"])
            .returning(ChangeRow.__table__.c.change_id)
        )
        appended.update(session.scalars(stmt))
    return appended


class ChangeRecorder:
    """Records each write of a unit of work for sync: outbox rows (desk) or change-log rows (center)."""

    def __init__(self, session: Session, role: Role, origin: str) -> None:
        self.session, self.role, self.origin = session, role, origin
        self._locked = False

    def record(self, entity: str, entity_id: str, payload: dict[str, Any]) -> str:
        """Record one change and return its change id."""
        if entity not in ENTITIES:
            raise ValueError(f"unknown entity {entity!r}")
        change_id = new_id()
        if self.role == "desk":
            self.session.add(
                OutboxRow(
                    change_id=change_id, entity=entity, entity_id=entity_id, payload=payload, created_at=now()
                )
            )
        else:
            if not self._locked:
                lock_change_log(self.session)
                self._locked = True
            append_changes(
                self.session,
                [
                    {
                        "change_id": change_id,
                        "entity": entity,
                        "entity_id": entity_id,
                        "payload": payload,
                        "origin": self.origin,
                    }
                ],
            )
        return change_id
