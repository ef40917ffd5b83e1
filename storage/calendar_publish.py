"""Publishing a calendar year: the official year replaces a provisional one and open tickets follow.

``publish_year`` (``hotline db add-year``) stores the year and, in the same unit of work, re-counts
every open ticket with a due time in or after that year on the new calendar. A ticket whose due
times move gets a DEADLINES_RECOMPUTED event through the lifecycle's normal write path (judged,
stored, recorded for sync), carrying the reason and each due time from/to, so units see why a
deadline moved; a ticket whose due times stay only has its projection refreshed (its 暂定 marks
go). Closed and archived tickets are never touched. ``refresh_open_tickets`` is the projection-only
half, for a desk that receives the year by sync (the center's events follow in the same pull).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.tickets import commands
from hotline.tickets.dues import due_times, moved
from hotline.tickets.view import TicketView
from hotline.timezone import CST, now
from storage.codec import from_plain
from storage.projection import fold_events, refold
from storage.tables import TicketRow
from storage.tickets import CLOSED_STATES, TicketRepository

REASON_PUBLISHED = "{year} 年官方放假安排已公布，替换暂定日历 (calendar year published: the official {year} calendar replaced the provisional one)"
REASON_UPDATED = "{year} 年工作日历已更新 (calendar year {year} updated by an administrator)"


@dataclass
class Published:
    """What publishing a year did: whether it replaced a provisional year, and the tickets it moved."""

    year: int
    replaced_provisional: bool
    moved: dict[str, list[dict[str, str | None]]] = field(default_factory=dict)  # ticket number -> changes
    refreshed: int = 0  # open tickets re-counted whose due times stayed


def publish_year(
    uow: Any,
    year: int,
    days: Mapping[date, tuple[bool, str]],
    source: str,
    *,
    actor: str = "admin",
    at: datetime | None = None,
) -> Published:
    """Store ``year`` and re-count the open tickets it concerns, all in ``uow`` (commit is the caller's)."""
    replaced = uow.calendar.load().is_provisional(year)
    uow.calendar.add_year(year, days, source=source)
    calendar = uow.calendar.load()
    reason = (REASON_PUBLISHED if replaced else REASON_UPDATED).format(year=year)
    result = Published(year, replaced)
    quiet: list[str] = []
    moment = at or now()
    for before in open_tickets_reaching(uow.session, year):
        events = uow.tickets.events(before.id)
        after = fold_events(uow.rules, calendar, events)
        changes = moved(before, after) if after is not None else []
        if not changes:
            quiet.append(before.id)
            continue
        # folded after everything the ticket holds, whatever the admin's clock says
        latest = max(e.at for e in events)
        when = moment if moment > latest else latest + timedelta(milliseconds=1)
        uow.tickets.add(commands.recompute_deadlines(
            before.id, actor, year=year, reason=reason, changes=changes, source=source, at=when, origin=uow.origin,
        ))
        result.moved[before.number] = changes
    if quiet:
        refold(uow.session, uow.rules, calendar, quiet)
        uow.tickets.touched.update(quiet)
    result.refreshed = len(quiet)
    return result


def refresh_open_tickets(session: Session, tickets: TicketRepository, years: set[int]) -> int:
    """Re-fold the open tickets with a due time in or after the earliest of ``years``; returns how many."""
    if not years:
        return 0
    ids = [v.id for v in open_tickets_reaching(session, min(years))]
    if ids:
        refold(session, tickets.rules, tickets.calendar.load(), ids)
        tickets.touched.update(ids)
    return len(ids)


def open_tickets_reaching(session: Session, year: int) -> list[TicketView]:
    """Open tickets (not closed or archived) with any due time on or after January 1 of ``year``."""
    start = datetime(year, 1, 1, tzinfo=CST)
    stmt = select(TicketRow.view).where(TicketRow.state.not_in(CLOSED_STATES)).order_by(TicketRow.id)
    views = (from_plain(TicketView, raw) for raw in session.scalars(stmt))
    return [v for v in views if any(at >= start for at in due_times(v).values())]
