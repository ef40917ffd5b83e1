"""The deadline watch: which clocks of a ticket are running at a moment, and how each stands.

A clock is *running* while the step it waits for has not happened: dispatch while the ticket is in
intake, sign while a unit has not signed, finish while a unit still owes its part, first response
until a progress report or reply, callback while the ticket waits for it. Each running clock reports
on time / due soon / overdue (hotline.deadlines.clock_status), which is what the desk colours and
the center's chasing job (催办, e.g. Changzhi 三(四)1 system reminder) acts on. A clock whose due time
the fold marked provisional (TicketView.provisional) says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hotline.deadlines import clock_status
from hotline.enums import ClockStatus, TicketState
from hotline.policy import Profile
from hotline.tickets.view import TicketView
from hotline.workcalendar import WorkCalendar

OWING = ("dispatched", "signed")


@dataclass(frozen=True)
class RunningClock:
    """One running deadline of a ticket (per unit where the clock is a unit's)."""

    clock: str  # dispatch | sign | finish | first-response | progress | callback
    start: datetime
    due: datetime
    status: ClockStatus
    unit_id: str | None = None
    provisional: bool = False  # counted on a provisional calendar year (暂定)


def running_clocks(view: TicketView, profile: Profile, calendar: WorkCalendar, now: datetime) -> list[RunningClock]:
    """Every clock of ``view`` still running at ``now``, most urgent (earliest due) first."""
    found: list[tuple[str, datetime, datetime, str | None]] = []
    if view.state is TicketState.INTAKE and view.dispatch_due is not None:
        found.append(("dispatch", view.created_at, view.dispatch_due, None))
    if view.is_open:
        for a in view.assignments:
            if a.status == "dispatched" and a.sign_due is not None:
                found.append(("sign", a.dispatched_at, a.sign_due, a.unit_id))
            if a.status in OWING and a.finish_due is not None:
                found.append(("finish", a.dispatched_at, a.finish_due, a.unit_id))
        started = view.dispatched_at or view.created_at
        if view.first_response_due is not None and view.first_response_at is None:
            found.append(("first-response", started, view.first_response_due, None))
        if view.progress_due is not None and view.replied_at is None:
            found.append(("progress", started, view.progress_due, None))
        if view.state is TicketState.AWAITING_CALLBACK and view.callback_due is not None:
            found.append(("callback", view.reviewed_at or view.replied_at or started, view.callback_due, None))
    clocks = [
        RunningClock(name, start, due, clock_status(profile, calendar, start, due, now), unit,
                     (f"{name}:{unit}" if unit else name) in view.provisional)
        for name, start, due, unit in found
    ]
    return sorted(clocks, key=lambda c: (c.due, c.clock, c.unit_id or ""))


def worst(clocks: list[RunningClock]) -> ClockStatus | None:
    """The most pressing status among ``clocks`` (None when nothing runs)."""
    order = (ClockStatus.OVERDUE, ClockStatus.DUE_SOON, ClockStatus.ON_TIME)
    for status in order:
        if any(c.status is status for c in clocks):
            return status
    return None
