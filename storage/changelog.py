"""Where a write is recorded for the sync link: the outbox on a workstation, the change log on the center.

A desk's unit of work adds an outbox row in the same transaction as the write it describes. A unit
of work running on the central database appends straight to ``changes`` instead, under the same
lock push uses, so every change gets its server sequence in commit order and pulls never skip one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from hotline.ids import new_id
from hotline.timezone import now
from storage.bulk import one_of, prepare_rows
from storage.pipeline import WritePipeline, inline
from storage.tables import ChangeRow, OutboxRow

Role = Literal["desk", "center"]
ENTITIES = ("event", "unit", "audit", "calendar", "article", "article_version", "user", "caller_flag",
            "recording")
#: entities only the center writes: a desk never records them, and the center refuses them in a push
CENTER_ONLY = frozenset({"user", "caller_flag"})


def lock_change_log(session: Session) -> None:
    """Serialize writers of ``changes`` so sequence order is commit order (PostgreSQL; SQLite locks anyway)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(12345012345)"))


def append_changes(
    session: Session, changes: Sequence[Mapping[str, Any]], writes: WritePipeline | None = None
) -> set[str]:
    """Append changes (change_id, entity, entity_id, payload, origin) to the central change log.

    A change id applied before is skipped; returns the ids actually appended. Call
    :func:`lock_change_log` first in the same transaction: under that lock the ids already in the
    log are read and only the others are inserted (one statement on PostgreSQL, storage.bulk; ON
    CONFLICT DO NOTHING still guards the unique key, and a row count that shows a skip there fails
    the whole transaction). ``writes`` (storage.pipeline) may send that insert without waiting for
    it, in order with the transaction's other writes; the ids it appends are known from the read.
    """
    applied_at = now()
    rows: dict[str, dict[str, Any]] = {}
    for change in changes:
        rows.setdefault(change["change_id"], {**dict(change), "applied_at": applied_at})
    ids = list(rows)
    column = ChangeRow.__table__.c.change_id
    for start in range(0, len(ids), 400):
        for known in session.scalars(select(column).where(one_of(session, column, ids[start : start + 400]))):
            del rows[known]
    if rows:
        expected = len(rows)

        def check(count: int) -> None:
            if count != expected:
                raise RuntimeError(f"change log: {expected - count} of {expected} changes appended meanwhile")

        prepared = prepare_rows(session.get_bind().dialect, _CHANGES, list(rows.values()),
                                keys=["change_id"], on_conflict="nothing")
        (writes or inline(session)).send(prepared, check)
    return set(rows)


_CHANGES: Table = ChangeRow.__table__  # type: ignore[assignment]


class ChangeRecorder:
    """Records each write of a unit of work for sync: outbox rows (desk) or change-log rows (center)."""

    def __init__(self, session: Session, role: Role, origin: str) -> None:
        self.session, self.role, self.origin = session, role, origin
        self._locked = False

    def record(self, entity: str, entity_id: str, payload: dict[str, Any]) -> str:
        """Record one change and return its change id."""
        self._check(entity)
        change_id = new_id()
        if self.role == "desk":
            self.session.add(
                OutboxRow(
                    change_id=change_id, entity=entity, entity_id=entity_id, payload=payload, created_at=now()
                )
            )
        else:
            self._append([(change_id, entity, entity_id, payload)])
        return change_id

    def record_many(self, entity: str, changes: Sequence[tuple[str, dict[str, Any]]]) -> list[str]:
        """Record several changes of one entity, (entity_id, payload) each, in one statement; their ids."""
        self._check(entity)
        if not changes:
            return []
        made = [(new_id(), entity, entity_id, payload) for entity_id, payload in changes]
        if self.role == "desk":
            self.session.flush()  # outbox rows added earlier in this unit of work keep their order
            moment = now()
            self.session.execute(
                insert(OutboxRow.__table__),
                [
                    {"change_id": c, "entity": e, "entity_id": i, "payload": p, "created_at": moment}
                    for c, e, i, p in made
                ],
            )
        else:
            self._append(made)
        return [c for c, _, _, _ in made]

    def _check(self, entity: str) -> None:
        if entity not in ENTITIES:
            raise ValueError(f"unknown entity {entity!r}")
        if self.role == "desk" and entity in CENTER_ONLY:
            raise ValueError(f"{entity} changes are made at the center only")

    def claim(self) -> None:
        """On a center, take the change-log lock now (a writer about to read what it will re-fold).

        The lock is taken anyway at the first change recorded; taking it before the read means no
        push commits events of the same ticket between this writer's read and its write.
        """
        if self.role != "desk" and not self._locked:
            lock_change_log(self.session)
            self._locked = True

    def _append(self, made: Sequence[tuple[str, str, str, dict[str, Any]]]) -> None:
        self.claim()
        append_changes(
            self.session,
            [
                {"change_id": c, "entity": e, "entity_id": i, "payload": p, "origin": self.origin}
                for c, e, i, p in made
            ],
        )
