"""The ticket repository: appends events, re-folds the projection, and answers the desk's ticket queries.

Writing: ``add`` judges each locally made event with the lifecycle first (an illegal one raises the
lifecycle's named TransitionError and nothing is written), stores it, records it for sync, and
re-folds the ticket. ``ingest`` stores events that arrive by sync (ignoring ones already held) and
re-folds without recording anything for sync. The fold's verdict on every event (accepted, or
rejected with a reason) is kept on its row.

Reading: ``get``, ``history_for_caller`` (the screen pop), ``overdue_for_unit`` (a page, with
``count_overdue_for_unit``) and ``list`` return TicketViews read from the projection, never a fold.
A caller's number is looked up in canonical form (hotline.phones), whatever form it is given in.
``tickets_for_call`` and ``calls_for_ticket`` read the call links (storage.ticket_calls).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from hotline.phones import canonical_phone
from hotline.tickets.errors import NoTicketYet
from hotline.tickets.events import Event
from hotline.tickets.view import AssignmentView, TicketView
from hotline.timezone import now
from storage.calendar import CalendarRepository
from storage.changelog import ChangeRecorder
from storage.codec import from_plain
from storage.pipeline import WritePipeline
from storage.projection import (
    fold_events,
    ingest,
    insert_events,
    insert_new_events,
    refold,
    stored_events,
    to_event,
    update_verdicts,
    verdicts_of,
    write_projections,
)
from storage.rules import TicketRules, profile_of
from storage.tables import AssignmentRow, EventRow, TicketRow
from storage.ticket_calls import TicketCall, calls_for_ticket, tickets_for_call
from storage.ticket_pages import PageRow, narrow, number_starts
from storage.ticket_pages import page as _page

CLOSED_STATES = ("closed", "archived")
OWING_STATUSES = ("dispatched", "signed")  # a unit that still owes its part of the ticket


class TicketNotFound(LookupError):
    """No ticket (projection) with this id in this database."""


@dataclass(frozen=True)
class TicketFilter:
    """What the desk's ticket list may filter on; every field optional."""

    states: tuple[str, ...] = ()
    unit_id: str | None = None
    profile: str | None = None
    category: str | None = None
    urgency: str | None = None
    caller_phone: str | None = None  # in any form: looked up in canonical form
    created_from: datetime | None = None
    created_to: datetime | None = None
    text: str | None = None  # in content, number or caller name
    number_prefix: str | None = None  # ticket numbers starting with this (a seat's day, see hotline.tickets.numbers)
    open_only: bool = False
    # the desk's lists (storage.ticket_pages.narrow)
    created_by: str | None = None  # the actor of the CREATED event (我的工单)
    overdue_at: datetime | None = None  # overdue at this moment, as overdue_for_unit has it, for any unit
    due_between: tuple[datetime, datetime] | None = None  # a running clock due in [start, end) (即将到期)
    search: str | None = None  # a ticket number (prefix), a phone in any form, or text
    limit: int = 100
    offset: int = 0


class TicketRepository:
    """Tickets as TicketViews, their events as Events."""

    def __init__(
        self, session: Session, rules: TicketRules, calendar: CalendarRepository, recorder: ChangeRecorder
    ) -> None:
        self.session, self.rules, self.calendar, self.recorder = session, rules, calendar, recorder
        self.touched: set[str] = set()

    # -- writing --------------------------------------------------------------------------------

    def add(self, events: Event | Sequence[Event]) -> TicketView:
        """Judge, store and record locally made events of ONE ticket; returns the re-folded view.

        Raises the lifecycle's TransitionError subclass for the first illegal event; then nothing of
        this call has been written. The events are folded with the ticket's stored ones once and
        written with their verdicts in a handful of statements; the view returned is that fold
        (equal to what ``get`` reads back).
        """
        batch = [events] if isinstance(events, Event) else list(events)
        if not batch:
            raise ValueError("no events to add")
        ticket_id = batch[0].ticket_id
        if any(e.ticket_id != ticket_id for e in batch):
            raise ValueError("add() takes the events of one ticket; call it once per ticket")
        self.recorder.claim()  # on a center: take the change-log lock before reading what is stored
        stored = stored_events(self.session, [ticket_id], [e.id for e in batch])
        held = stored.get(ticket_id, [])
        known = [h.event for h in held]
        calendar = self.calendar.load()
        folded = self._judge(known, batch, calendar)
        ids = {e.id for e in batch}
        if folded is None or any(t != ticket_id for t in stored) or any(h.event.id in ids for h in held):
            # not the usual case (an event id is held already): the long way, re-reading what is stored
            insert_events(self.session, batch)
            self.recorder.record_many("event", [(e.id, e.to_json()) for e in batch])
            self.refold(ticket_id)
            return self.get(ticket_id)
        complete = insert_new_events(self.session, batch, verdicts_of(folded))
        self.recorder.record_many("event", [(e.id, e.to_json()) for e in batch])
        if not complete:  # raced by another writer: fold what is stored
            self.refold(ticket_id)
            return self.get(ticket_id)
        update_verdicts(self.session, held, verdicts_of(folded))
        write_projections(self.session, [folded], projected=[ticket_id] if held else ())
        self.touched.add(ticket_id)
        return folded

    def _judge(self, known: list[Event], batch: list[Event], calendar: Any) -> TicketView | None:
        """Decide each new event on the ticket as the events before it make it; the fold of them all.

        Raises the TransitionError (or NoTicketYet) of the first illegal event. When the new events
        come in order after every stored one (a desk's usual case) and the rules can ``apply`` one
        event to a view, each view is the previous one plus one event: no fold over the history
        per event, and no fold again at the end. Otherwise each is judged on a fresh fold.
        """
        apply = getattr(self.rules, "apply", None)
        keys = [e.sort_key for e in batch]
        fast = (
            apply is not None
            and all(a < b for a, b in zip(keys, keys[1:], strict=False))
            and (not known or keys[0] > max(e.sort_key for e in known))
        )
        history: list[Event] = list(known)
        view: TicketView | None = None
        for i, event in enumerate(batch):
            profile = profile_of(history) or profile_of([event])
            if profile is None:
                raise NoTicketYet(
                    f"{event.kind.value} before the ticket was created (no CREATED with a profile)"
                )
            if not fast or i == 0:
                view = self.rules.fold(history, profile, calendar) if profile_of(history) else None
            if fast:
                view = apply(view, event, profile, calendar)
            else:
                self.rules.decide(view, event, profile, calendar)
            history.append(event)
        return view if fast else fold_events(self.rules, calendar, history)

    def ingest(self, events: Iterable[Event], writes: WritePipeline | None = None) -> set[str]:
        """Store events that came by sync, skipping those already held; re-fold; return the changed tickets.

        ``writes`` may pipeline the writes (storage.pipeline; a push to PostgreSQL).
        """
        batch = list(events)
        if not batch:
            return set()
        changed = set(ingest(self.session, self.rules, self.calendar.load(), batch, writes))
        self.touched |= changed
        return changed

    def refold(self, ticket_id: str) -> TicketView | None:
        """Fold every stored event of the ticket and rewrite its projection and event verdicts.

        Returns None (and writes no projection) while the ticket's CREATED event has not arrived.
        """
        views = refold(self.session, self.rules, self.calendar.load(), [ticket_id])
        self.touched.add(ticket_id)
        return views.get(ticket_id)

    # -- reading --------------------------------------------------------------------------------

    def get(self, ticket_id: str) -> TicketView:
        """The ticket as last folded; TicketNotFound when there is none."""
        raw = self.session.scalar(select(TicketRow.view).where(TicketRow.id == ticket_id))
        if raw is None:
            raise TicketNotFound(f"no ticket {ticket_id}")
        return from_plain(TicketView, raw)

    def events(self, ticket_id: str) -> list[Event]:
        """The ticket's events in fold order (at, id), rejected ones included."""
        return [to_event(r) for r in self._event_rows(ticket_id)]

    def verdicts(self, ticket_id: str) -> dict[str, tuple[str, str]]:
        """Each event's stored verdict: event id -> (accepted | rejected | pending, reason)."""
        rows = self.session.execute(
            select(EventRow.id, EventRow.status, EventRow.reason).where(EventRow.ticket_id == ticket_id)
        )
        return {r.id: (r.status, r.reason) for r in rows}

    def history_for_caller(self, phone: str, limit: int = 20) -> list[TicketView]:
        """This caller's latest tickets, newest first (index caller_phone, created_at DESC).

        ``phone`` in any form (+86…, 0086…, 0…, with spaces or dashes): it is looked up canonically.
        """
        canonical = canonical_phone(phone)
        if not canonical:
            return []
        stmt = (
            select(TicketRow.view)
            .where(TicketRow.caller_phone == canonical)
            .order_by(TicketRow.created_at.desc())
            .limit(limit)
        )
        return [from_plain(TicketView, raw) for raw in self.session.scalars(stmt)]

    def overdue_for_unit(
        self, unit_id: str, at: datetime | None = None, limit: int | None = 200, offset: int = 0
    ) -> list[TicketView]:
        """Open tickets whose finish deadline for this unit has passed while the unit still owes its part.

        Most overdue first (finish due, then ticket id: a stable order for paging); a page of
        ``limit`` (None: all) after ``offset``. Walks the (unit_id, finish_due) index.
        """
        stmt = overdue_page(unit_id, at or now(), limit, offset)
        return [from_plain(TicketView, raw) for raw in self.session.scalars(stmt)]

    def count_overdue_for_unit(self, unit_id: str, at: datetime | None = None) -> int:
        """How many entries ``overdue_for_unit`` has in all (every page), by the same index."""
        return self.session.scalar(overdue_count(unit_id, at or now())) or 0

    def list(self, where: TicketFilter | None = None) -> list[TicketView]:
        """Tickets matching the filter, newest first."""
        stmt = _filtered(select(TicketRow.view), where or TicketFilter())
        return [from_plain(TicketView, raw) for raw in self.session.scalars(stmt)]

    def count(self, where: TicketFilter | None = None) -> int:
        """How many tickets match the filter (limit and offset ignored)."""
        f = where or TicketFilter()
        stmt = _filtered(select(TicketRow.id), f, paginate=False)
        return self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    def page(self, where: TicketFilter, order_by: str = "created_at", descending: bool = True, offset: int = 0,
             limit: int = 200, at: datetime | None = None) -> list[PageRow]:
        """One page of a desk list: only its columns, sorted and paged in SQL (storage.ticket_pages)."""
        return _page(self.session, where, order_by, descending, offset, limit, at)

    def tickets_for_call(self, call_id: str) -> list[TicketCall]:
        """The tickets a call (SIP Call-ID) made or was linked to, in the order linked."""
        return tickets_for_call(self.session, call_id)

    def calls_for_ticket(self, ticket_id: str) -> list[TicketCall]:
        """The calls about a ticket, with their recordings' interaction ids, in the order linked."""
        return calls_for_ticket(self.session, ticket_id)

    def _event_rows(self, ticket_id: str) -> list[EventRow]:
        stmt = select(EventRow).where(EventRow.ticket_id == ticket_id).order_by(EventRow.at, EventRow.id)
        return list(self.session.scalars(stmt))


def overdue_page(unit_id: str, moment: datetime, limit: int | None = 200, offset: int = 0) -> Select[Any]:
    """The query of ``overdue_for_unit``: views ordered by finish due, ticket id, position."""
    stmt = _overdue(select(TicketRow.view), unit_id, moment).order_by(
        AssignmentRow.finish_due, AssignmentRow.ticket_id, AssignmentRow.position
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt.offset(offset) if offset else stmt


def overdue_count(unit_id: str, moment: datetime) -> Select[Any]:
    """The query of ``count_overdue_for_unit``."""
    return _overdue(select(func.count()), unit_id, moment)


def _overdue(stmt: Select[Any], unit_id: str, moment: datetime) -> Select[Any]:
    return (
        stmt.select_from(AssignmentRow)
        .join(TicketRow, TicketRow.id == AssignmentRow.ticket_id)
        .where(
            AssignmentRow.unit_id == unit_id,
            AssignmentRow.finish_due < moment,
            AssignmentRow.status.in_(OWING_STATUSES),
            TicketRow.state.not_in(CLOSED_STATES),
        )
    )


def _filtered(stmt: Select[Any], f: TicketFilter, paginate: bool = True) -> Select[Any]:
    if f.states:
        stmt = stmt.where(TicketRow.state.in_(f.states))
    if f.open_only:
        stmt = stmt.where(TicketRow.state.not_in(CLOSED_STATES))
    for column, value in (
        (TicketRow.profile, f.profile),
        (TicketRow.category, f.category),
        (TicketRow.urgency, f.urgency),
        (TicketRow.caller_phone, canonical_phone(f.caller_phone or "")),
    ):
        if value:
            stmt = stmt.where(column == value)
    if f.created_from is not None:
        stmt = stmt.where(TicketRow.created_at >= f.created_from)
    if f.created_to is not None:
        stmt = stmt.where(TicketRow.created_at < f.created_to)
    if f.unit_id:
        stmt = stmt.where(
            TicketRow.id.in_(select(AssignmentRow.ticket_id).where(AssignmentRow.unit_id == f.unit_id))
        )
    if f.number_prefix:
        stmt = stmt.where(number_starts(f.number_prefix))
    if f.text:
        like = f"%{f.text}%"
        stmt = stmt.where(
            TicketRow.content.like(like) | TicketRow.number.like(like) | TicketRow.caller_name.like(like)
        )
    stmt = narrow(stmt, f)
    if paginate:
        stmt = stmt.order_by(TicketRow.created_at.desc(), TicketRow.id.desc()).limit(f.limit).offset(f.offset)
    return stmt


__all__ = ["AssignmentView", "PageRow", "TicketCall", "TicketFilter", "TicketNotFound", "TicketRepository"]
