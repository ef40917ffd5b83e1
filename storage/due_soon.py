"""Due-soon reminders: which of an agent's open tickets have a running clock about to fall due.

    with UnitOfWork(engine) as uow:
        soon = due_soon(uow, "agent-1001", at=now())      # -> list[DueSoon], most urgent first

A clock is due soon when the profile's warning window says so (hotline.tickets.watch: the remaining
share of the clock is at most ``due_soon_fraction``) or when at most ``working_hours`` working hours
are left (4 by default), whichever comes first; an overdue clock is not "soon" (the 已超期 list has
it). The candidates come from SQL (my open tickets with a clock due within ``horizon``, by the
(actor, kind) and assignment indexes); only those are decoded and judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from hotline.enums import ClockStatus
from hotline.policy_loader import load_profile
from hotline.tickets.view import TicketView
from hotline.tickets.watch import running_clocks
from hotline.workcalendar import CalendarYearMissing
from storage.codec import decoder
from storage.tables import TicketRow
from storage.ticket_pages import created_by, due_within
from storage.uow import UnitOfWork

CLOCK_LABELS = {"dispatch": "转办", "sign": "签收", "finish": "办结", "first-response": "首次响应",
                "progress": "进度反馈", "callback": "回访"}


@dataclass(frozen=True)
class DueSoon:
    """One ticket to remind the agent of: its most urgent due-soon clock."""

    ticket_id: str
    number: str
    clock: str  # the Chinese label of the clock (办结, 转办 …)
    due: datetime
    provisional: bool


def due_soon(uow: UnitOfWork, actor: str, at: datetime, working_hours: float = 4,
             horizon: timedelta = timedelta(days=31), limit: int = 500) -> list[DueSoon]:
    """The open tickets ``actor`` created with a clock due soon at ``at`` (see the module docstring)."""
    stmt = (select(TicketRow.view).where(created_by(actor), due_within(at, at + horizon))
            .order_by(TicketRow.created_at.desc()).limit(limit))
    decode = decoder(TicketView)
    views = [decode(raw) for raw in uow.session.scalars(stmt)]
    if not views:
        return []
    calendar = uow.calendar.load()
    window = timedelta(hours=working_hours)
    found = []
    for view in views:
        profile = load_profile(view.profile)
        try:
            clocks = running_clocks(view, profile, calendar, at)
        except CalendarYearMissing:
            continue
        for clock in clocks:
            if clock.status is ClockStatus.OVERDUE:
                continue
            left = calendar.working_time_between(at, clock.due, profile.working_hours)
            if clock.status is ClockStatus.DUE_SOON or left <= window:
                found.append(DueSoon(view.id, view.number, CLOCK_LABELS.get(clock.clock, clock.clock), clock.due,
                                     clock.provisional))
                break
    return sorted(found, key=lambda d: (d.due, d.number))
