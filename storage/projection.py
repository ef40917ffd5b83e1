"""Writing the ticket projection: events in, fold, verdicts and projection rows out, many tickets at a time.

Used by the ticket repository for local writes and by sync for arriving batches; a batch of N
tickets costs a handful of statements, not N round trips each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect, Table, select, update
from sqlalchemy.orm import Session

from hotline.tickets.events import Event, EventKind
from hotline.tickets.view import TicketView
from hotline.timezone import now
from storage.bulk import BulkWrite, one_of, prepare_rows, prepare_update, write_rows
from storage.pipeline import WritePipeline, inline
from storage.projection_rows import ProjectionWrites, write_projections
from storage.rules import TicketRules, profile_of
from storage.tables import EventRow
from storage.upsert import built_once, dialect_insert

CHUNK = 500  # tickets per read and multi-row statement: well under SQLite's bound-parameter limit (32,766)
PART = 100  # tickets folded per part whose statements are pipelined (storage.pipeline), when they are


Verdict = tuple[str, str]  # (accepted | rejected | pending, reason)
PENDING: Verdict = ("pending", "")


@dataclass(frozen=True)
class StoredEvent:
    """An event as held in ``ticket_events``, with the verdict stored on its row."""

    event: Event
    status: str
    reason: str


def event_rows(
    events: Sequence[Event], verdicts: Mapping[str, Verdict] | None = None
) -> list[dict[str, Any]]:
    """Rows for ``ticket_events``, pending a verdict unless ``verdicts`` gives one."""
    stored_at = now()
    given = verdicts or {}
    rows = []
    for e in events:
        status, reason = given.get(e.id, PENDING)
        rows.append(
            {
                "id": e.id,
                "ticket_id": e.ticket_id,
                "kind": e.kind.value,
                "actor": e.actor,
                "actor_unit": e.actor_unit,
                "at": e.at,
                "data": dict(e.data),
                "origin": e.origin,
                "status": status,
                "reason": reason,
                "stored_at": stored_at,
            }
        )
    return rows


def insert_events(
    session: Session, events: Sequence[Event], verdicts: Mapping[str, Verdict] | None = None
) -> set[str]:
    """Store events not yet held (ON CONFLICT DO NOTHING), a multi-row statement per chunk.

    Returns the ids actually inserted. ``verdicts`` (event id -> (status, reason)) lets a caller
    that has already folded store each row with its verdict instead of "pending".
    """
    inserted: set[str] = set()
    rows = event_rows(events, verdicts)
    stmt = built_once(session, "insert-events", _insert_events)
    for start in range(0, len(rows), CHUNK):  # RETURNING with many rows: one multi-row VALUES each
        inserted.update(session.scalars(stmt, rows[start : start + CHUNK]))
    return inserted


def _insert_events(session: Session) -> Any:
    return (
        dialect_insert(session, EventRow)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(EventRow.__table__.c.id)
    )


def to_event(row: Any) -> Event:
    """The domain Event a stored row (an EventRow, or a Core row of its columns) holds."""
    return Event(
        id=row.id,
        ticket_id=row.ticket_id,
        kind=EventKind(row.kind),
        actor=row.actor,
        actor_unit=row.actor_unit,
        at=row.at,
        data=dict(row.data or {}),
        origin=row.origin,
    )


_EVENTS: Table = EventRow.__table__  # type: ignore[assignment]
_EVENT_COLUMNS = tuple(
    _EVENTS.c[name]
    for name in ("id", "ticket_id", "kind", "actor", "actor_unit", "at", "data", "origin", "status", "reason")
)


def stored_events(
    session: Session, ticket_ids: Sequence[str], event_ids: Collection[str] = ()
) -> dict[str, list[StoredEvent]]:
    """The stored events of these tickets (at most CHUNK ids), each ticket's in fold order (at, id).

    With ``event_ids``, also any of those events held under OTHER tickets (keyed by their ticket),
    so a writer learns in the same read which of its events are held already, anywhere.
    """
    by_ticket: dict[str, list[StoredEvent]] = defaultdict(list)
    if not ticket_ids:
        return by_ticket
    column = _EVENTS.c.ticket_id
    where = column == ticket_ids[0] if len(ticket_ids) == 1 else one_of(session, column, ticket_ids)
    if event_ids:
        where = where | one_of(session, _EVENTS.c.id, list(event_ids))
    stmt = select(*_EVENT_COLUMNS).where(where).order_by(_EVENTS.c.at, _EVENTS.c.id)  # Core: no ORM rows
    for row in session.execute(stmt):
        by_ticket[row.ticket_id].append(StoredEvent(to_event(row), row.status, row.reason))
    return by_ticket


def insert_new_events(session: Session, events: Sequence[Event], verdicts: Mapping[str, Verdict]) -> bool:
    """Insert events this transaction has just seen are not held, with their verdicts (storage.bulk).

    ON CONFLICT DO NOTHING still guards the key. Returns False when the row count shows that not
    all of them went in (an unlocked concurrent writer got there first; the caller then re-folds
    from what is stored). The count is exact on both databases (one statement on PostgreSQL).
    """
    if not events:
        return True
    return write_rows(session, _EVENTS, event_rows(events, verdicts), keys=["id"], on_conflict="nothing") == len(events)


def verdicts_of(view: TicketView) -> dict[str, Verdict]:
    """The fold's verdict on each event it judged: accepted, or rejected with the reason."""
    verdicts: dict[str, Verdict] = {event_id: ("accepted", "") for event_id in view.accepted}
    verdicts.update({r.event_id: ("rejected", r.reason) for r in view.rejected})
    return verdicts


def update_verdicts(session: Session, stored: Iterable[StoredEvent], verdicts: Mapping[str, Verdict]) -> None:
    """Rewrite the stored verdicts that differ from ``verdicts`` (absent: pending), one UPDATE per verdict."""
    for (status, reason), event_ids in _changed_verdicts(stored, verdicts).items():
        session.execute(
            update(EventRow).where(EventRow.id.in_(event_ids)).values(status=status, reason=reason),
            execution_options={"synchronize_session": False},
        )


def verdict_updates(dialect: Dialect, stored: Iterable[StoredEvent], verdicts: Mapping[str, Verdict]) -> list[BulkWrite]:
    """The statements of :func:`update_verdicts`, prepared (for storage.pipeline)."""
    return [
        prepare_update(dialect, _EVENTS, {"status": status, "reason": reason}, "id", event_ids)
        for (status, reason), event_ids in _changed_verdicts(stored, verdicts).items()
    ]


def _changed_verdicts(stored: Iterable[StoredEvent], verdicts: Mapping[str, Verdict]) -> dict[Verdict, list[str]]:
    groups: dict[Verdict, list[str]] = defaultdict(list)
    for held in stored:
        verdict = verdicts.get(held.event.id, PENDING)
        if (held.status, held.reason) != verdict:
            groups[verdict].append(held.event.id)
    return groups


def refold(
    session: Session, rules: TicketRules, calendar: Any, ticket_ids: Iterable[str]
) -> dict[str, TicketView]:
    """Fold the stored events of each ticket; rewrite verdicts, projection and assignment rows.

    Tickets whose CREATED has not arrived (or is refused) get no projection and are left out.
    """
    ids = sorted(set(ticket_ids))
    views: dict[str, TicketView] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        by_ticket = stored_events(session, chunk)
        verdicts: dict[str, Verdict] = {}
        for ticket_id, held in by_ticket.items():
            view = _fold(rules, calendar, [h.event for h in held])
            if view is None:
                continue
            views[ticket_id] = view
            verdicts.update(verdicts_of(view))
        update_verdicts(session, (h for t, held in by_ticket.items() if t in views for h in held), verdicts)
        write_projections(session, [views[t] for t in chunk if t in views])
    return views


def ingest(
    session: Session,
    rules: TicketRules,
    calendar: Any,
    events: Iterable[Event],
    writes: WritePipeline | None = None,
) -> dict[str, TicketView | None]:
    """Store the events not yet held and re-fold the tickets they add to, a chunk of tickets at a time.

    Each chunk costs a handful of statements: its tickets' stored events (and any of the arriving
    ids held under another ticket, which are skipped) are read once, folded with the new ones, and
    the new rows are inserted with their verdicts already set. Returns the changed tickets (those
    that got a new event) with their views (None: no acceptable CREATED yet).

    With an enabled ``writes`` (storage.pipeline, a push to PostgreSQL under the change-log lock) a
    chunk is folded in parts of PART tickets, each part's statements sent while the next part is
    folded; the parts hold different tickets and their stored events were read before any was
    written, so the result is the same. Without the lock's guarantee a part another writer got to
    first is still re-folded, but its assignment rows may then collide and fail the transaction,
    which the push retries.
    """
    writes = writes or inline(session)
    unique: dict[str, Event] = {}
    for event in events:
        unique.setdefault(event.id, event)  # as ON CONFLICT DO NOTHING: the first of an id is stored
    by_ticket: dict[str, list[Event]] = defaultdict(list)
    for event in unique.values():
        by_ticket[event.ticket_id].append(event)
    tickets = sorted(by_ticket)
    changed: dict[str, TicketView | None] = {}
    raced: dict[str, list[Event]] = {}  # parts another writer got to first: re-folded from what is stored
    dialect = session.get_bind().dialect
    for start in range(0, len(tickets), CHUNK):
        chunk = tickets[start : start + CHUNK]
        writes.drain()
        held = stored_events(session, chunk, [e.id for t in chunk for e in by_ticket[t]])
        held_ids = {h.event.id for stored in held.values() for h in stored}
        fresh = [(t, new) for t in chunk if (new := [e for e in by_ticket[t] if e.id not in held_ids])]
        step = PART if writes.enabled else max(1, len(fresh))
        for first in range(0, len(fresh), step):
            part = dict(fresh[first : first + step])
            views: dict[str, TicketView] = {}
            verdicts: dict[str, Verdict] = {}
            for ticket_id, new in part.items():
                view = _fold(rules, calendar, [h.event for h in held.get(ticket_id, ())] + new)
                if view is not None:
                    views[ticket_id] = view
                    verdicts.update(verdicts_of(view))
            rows = event_rows([e for new in part.values() for e in new], verdicts)
            inserted = prepare_rows(dialect, _EVENTS, rows, keys=["id"], on_conflict="nothing")
            later = [
                *((w, None) for w in verdict_updates(dialect, [h for t in views for h in held.get(t, ())], verdicts)),
                *ProjectionWrites.prepare(dialect, [views[t] for t in part if t in views], held.keys()).statements(),
            ]

            def race(count: int, part: dict[str, list[Event]] = part, expected: int = len(rows)) -> None:
                if count != expected:  # an unlocked concurrent writer got there first: re-folded below
                    raced.update(part)

            if writes.enabled:
                writes.send(inserted, race)
                for statement, check in later:
                    writes.send(statement, check)
            elif inserted.run(session) == len(rows):  # a race: none of the part's other rows are written
                for statement, check in later:
                    writes.send(statement, check)
            else:
                raced.update(part)
            changed.update({t: views.get(t) for t in part})
    writes.drain()
    if raced:
        again = refold(session, rules, calendar, raced)
        changed.update({t: again.get(t) for t in raced})
    return changed


def fold_events(rules: TicketRules, calendar: Any, events: list[Event]) -> TicketView | None:
    """The fold of a ticket's events; None while there is no acceptable CREATED (nothing to project)."""
    return _fold(rules, calendar, events)


def _fold(rules: TicketRules, calendar: Any, events: list[Event]) -> TicketView | None:
    profile = profile_of(events)
    if profile is None:
        return None
    try:
        return rules.fold(events, profile, calendar)
    except ValueError:  # lifecycle.NoTicket: no acceptable CREATED yet; the events stay pending
        return None
