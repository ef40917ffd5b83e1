"""The center folds the ticket events units' database logins insert (row-level security, unit_policies).

A unit connects to the central PostgreSQL as its own login and adds ticket events with raw SQL (its
reply, its signing, a progress report); the policy lets it insert, never update, so the rows stay
``pending`` and the ``tickets`` projection does not move. :func:`fold_unit_events` is the center's
job that judges them as a push from a desk is judged: under the change-log lock (so no push folds the
same ticket meanwhile) every ticket holding a pending event is re-folded from all its stored events
(``storage.projection.refold``): the lifecycle accepts each event or rejects it with its reason, the
verdicts are written on the rows and the projection and assignments are rewritten.

A row the domain cannot even read (an unknown kind, ``data`` not an object) would stop every fold
of its ticket (and every desk's pull of its change-log row): it is taken out of ``ticket_events``
and the change log and kept whole in the audit log instead (action ``unit-event-refused``, the row
and the reason ``unreadable: …`` in its detail), and reported as rejected. An event a unit
inserted without its change-log row gets one (origin: the unit's login), so desks pull it like any
event. Pending events of tickets the center holds no projection of (a CREATED not yet pushed) are
left for the push that brings it: that push folds them.

``hotline center run`` calls it every few seconds (:class:`UnitFoldThread`); ``hotline central
fold-units --db URL`` runs one pass.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.engine import Engine

from hotline.tickets.events import EventKind
from storage.changelog import ChangeRecorder
from storage.projection import refold, to_event
from storage.tables import ChangeRow, EventRow, TicketRow
from storage.uow import UnitOfWork

log = logging.getLogger("storage.unit_fold")
BATCH = 200  # tickets per pass


@dataclass
class UnitFoldReport:
    """What one pass did: tickets re-folded, events accepted / rejected (id -> reason), still pending."""

    tickets: int = 0
    accepted: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)
    logged: int = 0  # change-log rows added for events inserted without one


def _unreadable(row: Any) -> str:
    """Why the domain cannot read this row ("" when it can)."""
    try:
        EventKind(row.kind)
    except ValueError:
        return f"unreadable: unknown event kind {row.kind!r}"
    if row.data is not None and not isinstance(row.data, dict):
        return "unreadable: data is not a JSON object"
    return ""


def fold_unit_events(engine: Engine, *, limit: int = BATCH) -> UnitFoldReport:
    """One pass (see the module docstring); committed; what it did."""
    report = UnitFoldReport()
    with UnitOfWork(engine, origin="center", role="center") as uow:
        session = uow.session
        query = (select(EventRow.id, EventRow.ticket_id, EventRow.kind, EventRow.data, EventRow.origin)
                 .where(EventRow.status == "pending", exists().where(TicketRow.id == EventRow.ticket_id))
                 .order_by(EventRow.stored_at, EventRow.id))
        if session.execute(query.limit(1)).first() is None:
            return report  # nothing to judge: the change-log lock is not taken at all
        uow.recorder.claim()  # the change-log lock: pushes and center writers wait, as for a push
        rows = session.execute(query).all()
        tickets: list[str] = []
        for row in rows:
            if row.ticket_id not in tickets and len(tickets) >= limit:
                continue
            why = _unreadable(row)
            if why:
                report.rejected[row.id] = why
                _refuse(uow, row, why)
            elif row.ticket_id not in tickets:
                tickets.append(row.ticket_id)
        readable = [r for r in rows if r.id not in report.rejected and r.ticket_id in tickets]
        report.logged = _log_unlogged(session, [r.id for r in readable])
        if tickets:
            refold(session, uow.rules, uow.calendar.load(), tickets)
            uow.tickets.touched.update(tickets)
        ids = [r.id for r in readable]
        verdicts = {v.id: (v.status, v.reason) for v in session.execute(
            select(EventRow.id, EventRow.status, EventRow.reason).where(EventRow.id.in_(ids)))} if ids else {}
        for event_id in ids:
            status, reason = verdicts.get(event_id, ("pending", ""))
            if status == "accepted":
                report.accepted.append(event_id)
            elif status == "rejected":
                report.rejected[event_id] = reason
            else:
                report.pending.append(event_id)
        report.tickets = len(tickets)
        uow.commit()
    return report


def _refuse(uow: UnitOfWork, row: Any, why: str) -> None:
    """Move an unreadable row out of the ticket's log into the audit log (kept whole, with the reason)."""
    full = uow.session.get(EventRow, row.id)
    kept = {"event_id": row.id, "kind": row.kind, "reason": why, "origin": row.origin,
            "event_actor": full.actor if full else "", "actor_unit": full.actor_unit if full else None,
            "at": full.at.isoformat() if full and full.at else None,
            "data": row.data if isinstance(row.data, dict | list | str | int | float | None) else repr(row.data)}
    uow.audit.record("center", "unit-event-refused", "ticket", row.ticket_id, **kept)
    uow.session.execute(delete(ChangeRow).where(ChangeRow.entity == "event", ChangeRow.entity_id == row.id))
    uow.session.execute(delete(EventRow).where(EventRow.id == row.id))
    if full is not None:
        uow.session.expunge(full)


def _log_unlogged(session: Any, event_ids: list[str]) -> int:
    """Change-log rows (origin: the event's) for events inserted without one; how many were added."""
    if not event_ids:
        return 0
    logged = set(session.scalars(select(ChangeRow.entity_id).where(ChangeRow.entity == "event",
                                                                  ChangeRow.entity_id.in_(event_ids))))
    missing = [i for i in event_ids if i not in logged]
    for row in session.scalars(select(EventRow).where(EventRow.id.in_(missing))) if missing else ():
        ChangeRecorder(session, "center", row.origin).record("event", row.id, to_event(row).to_json())
    return len(missing)


class UnitFoldThread(threading.Thread):
    """:func:`fold_unit_events` every ``every_s`` seconds until :meth:`stop`; a failed pass is said
    (once per distinct error) and the next pass tries again."""

    def __init__(self, db_url: str, say: Callable[[str], None], every_s: float = 2.0) -> None:
        super().__init__(name="unit-event-fold", daemon=True)
        self.db_url, self.say, self.every_s = db_url, say, every_s
        self._stop_event = threading.Event()
        self.last_error = ""
        self.passes = 0

    def run(self) -> None:
        from storage.db import engine_for

        engine = engine_for(self.db_url)
        try:
            while not self._stop_event.wait(self.every_s):
                try:
                    report = fold_unit_events(engine)
                except Exception as exc:  # noqa: BLE001 - said, and the next pass tries again
                    text = f"unit event fold: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                    if text != self.last_error:
                        self.say(text)
                    self.last_error = text
                    continue
                self.last_error = ""
                self.passes += 1
                if report.accepted or report.rejected:
                    log.info("unit events folded: %d accepted, %d rejected on %d tickets", len(report.accepted),
                             len(report.rejected), report.tickets)
                for event_id, why in report.rejected.items():
                    self.say(f"unit event {event_id} rejected: {why}")
        finally:
            engine.dispose()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(5)
