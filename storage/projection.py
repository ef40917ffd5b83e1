"""Writing the ticket projection: events in, fold, verdicts and projection rows out, many tickets at a time.

Used by the ticket repository for local writes and by sync for arriving batches; a batch of N
tickets costs a handful of statements, not N round trips each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from hotline.tickets.events import Event, EventKind
from hotline.tickets.view import TicketView
from hotline.timezone import now
from storage.codec import to_plain
from storage.rules import TicketRules, profile_of
from storage.tables import AssignmentRow, EventRow, TicketRow
from storage.upsert import dialect_insert

CHUNK = 400  # rows per multi-row statement: well under SQLite's bound-parameter limit


def event_rows(events: Sequence[Event]) -> list[dict[str, Any]]:
    """Rows for ``ticket_events``, pending a verdict."""
    stored_at = now()
    return [
        {
            "id": e.id,
            "ticket_id": e.ticket_id,
            "kind": e.kind.value,
            "actor": e.actor,
            "actor_unit": e.actor_unit,
            "at": e.at,
            "data": dict(e.data),
            "origin": e.origin,
            "status": "pending",
            "reason": "",
            "stored_at": stored_at,
        }
        for e in events
    ]


def insert_events(session: Session, events: Sequence[Event]) -> set[str]:
    """Store events not yet held (ON CONFLICT DO NOTHING); returns the ids actually inserted."""
    inserted: set[str] = set()
    rows = event_rows(events)
    for start in range(0, len(rows), CHUNK):
        stmt = (
            dialect_insert(session, EventRow)
            .values(rows[start : start + CHUNK])
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(EventRow.__table__.c.id)
        )
        inserted.update(session.scalars(stmt))
    return inserted


def to_event(row: EventRow) -> Event:
    """The domain Event a stored row holds."""
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
        by_ticket: dict[str, list[EventRow]] = defaultdict(list)
        stmt = (
            select(EventRow)
            .where(EventRow.ticket_id.in_(chunk))
            .order_by(EventRow.at, EventRow.id)
            .execution_options(populate_existing=True)
        )
        for row in session.scalars(stmt):
            by_ticket[row.ticket_id].append(row)
        groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        for ticket_id, rows in by_ticket.items():
            view = _fold(rules, calendar, [to_event(r) for r in rows])
            if view is None:
                continue
            views[ticket_id] = view
            verdicts = {event_id: ("accepted", "") for event_id in view.accepted}
            verdicts.update({r.event_id: ("rejected", r.reason) for r in view.rejected})
            for row in rows:
                verdict = verdicts.get(row.id, ("pending", ""))
                if (row.status, row.reason) != verdict:
                    groups[verdict].append(row.id)
        for (status, reason), event_ids in groups.items():
            session.execute(
                update(EventRow).where(EventRow.id.in_(event_ids)).values(status=status, reason=reason),
                execution_options={"synchronize_session": False},
            )
        _write(session, [views[t] for t in chunk if t in views])
    return views


def _fold(rules: TicketRules, calendar: Any, events: list[Event]) -> TicketView | None:
    profile = profile_of(events)
    if profile is None:
        return None
    try:
        return rules.fold(events, profile, calendar)
    except ValueError:  # lifecycle.NoTicket: no acceptable CREATED yet; the events stay pending
        return None


def _write(session: Session, views: Sequence[TicketView]) -> None:
    if not views:
        return
    ids = [v.id for v in views]
    existing = set(session.scalars(select(TicketRow.id).where(TicketRow.id.in_(ids))))
    fresh = [projection(v) for v in views if v.id not in existing]
    if fresh:
        session.execute(insert(TicketRow), fresh)
    changed = [projection(v) for v in views if v.id in existing]
    if changed:
        session.execute(update(TicketRow), changed)  # bulk UPDATE by primary key
    session.execute(delete(AssignmentRow).where(AssignmentRow.ticket_id.in_(ids)))
    parts = [
        {
            "ticket_id": v.id,
            "position": i,
            "unit_id": a.unit_id,
            "role": a.role.value,
            "status": a.status,
            "dispatched_at": a.dispatched_at,
            "sign_due": a.sign_due,
            "finish_due": a.finish_due,
            "signed_at": a.signed_at,
            "replied_at": a.replied_at,
            "extension_days": a.extension_days,
            "extension_pending": a.extension_pending,
        }
        for v in views
        for i, a in enumerate(v.assignments)
    ]
    if parts:
        session.execute(insert(AssignmentRow), parts)


def projection(view: TicketView) -> dict[str, Any]:
    """The ``tickets`` row of a view: query columns plus the whole view as JSON."""

    def value(x: Any) -> Any:
        return getattr(x, "value", x)

    return {
        "id": view.id,
        "number": view.number,
        "profile": view.profile,
        "state": value(view.state),
        "category": value(view.category),
        "urgency": value(view.urgency),
        "channel": value(view.channel),
        "caller_phone": view.caller_phone,
        "caller_name": view.caller_name,
        "caller_address": view.caller_address,
        "matter_address": view.matter_address,
        "content": view.content,
        "created_at": view.created_at,
        "updated_at": view.updated_at,
        "disposition": view.disposition,
        "article_id": view.article_id,
        "article_version": view.article_version,
        "mode": value(view.mode),
        "dispatch_due": view.dispatch_due,
        "finish_due": view.finish_due,
        "callback_due": view.callback_due,
        "first_response_due": view.first_response_due,
        "redo_count": view.redo_count,
        "chase_level": view.chase_level,
        "satisfaction": value(view.satisfaction),
        "closed_at": view.closed_at,
        "closed_how": view.closed_how,
        "duplicate_of": view.duplicate_of,
        "repeat_calls": view.repeat_calls,
        "view": to_plain(view),
    }
