"""A ticket's due times by name, which of them are provisional (暂定), and which moved between two folds.

Names: ``dispatch``, ``finish`` (the latest over the units), ``first-response``, ``progress``,
``callback``, and per unit ``sign:UNIT`` and ``finish:UNIT``. A due time is provisional when the
working time from the ticket's creation to it crosses a provisional calendar year
(:meth:`hotline.workcalendar.WorkCalendar.touches_provisional`): every clock starts at or after the
creation, so that span holds every working day the due time was counted on. A due time the profile
counts in plain clock hours (an emergency's two-hour clock) uses no calendar and is never marked.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hotline.policy import ClockUnavailable, Profile
from hotline.tickets.view import TicketView

TITLES = {"dispatch": "转办", "sign": "签收", "finish": "办结", "first-response": "初步响应",
          "progress": "进度反馈", "callback": "回访"}


def due_times(view: TicketView) -> dict[str, datetime]:
    """Every due time the view holds, by name (absent clocks are left out)."""
    found: dict[str, datetime | None] = {
        "dispatch": view.dispatch_due,
        "finish": view.finish_due,
        "first-response": view.first_response_due,
        "progress": view.progress_due,
        "callback": view.callback_due,
    }
    for a in view.assignments:
        found[f"sign:{a.unit_id}"] = a.sign_due
        found[f"finish:{a.unit_id}"] = a.finish_due
    return {name: at for name, at in found.items() if at is not None}


def provisional_marks(view: TicketView, calendar: Any, profile: Profile | None = None) -> tuple[str, ...]:
    """The names of the view's due times counted on a provisional calendar year, in name order."""
    touches = getattr(calendar, "touches_provisional", None)
    if touches is None:
        return ()
    dues = due_times(view)
    if not dues or not touches(min(view.created_at, *dues.values()), max(dues.values())):
        return ()  # the usual case, one look: the widest span touches no provisional year
    return tuple(sorted(
        name for name, at in dues.items()
        if touches(view.created_at, at) and not (profile is not None and _clock_hours(view, profile, name))
    ))


def _clock_hours(view: TicketView, profile: Profile, name: str) -> bool:
    """Whether the due time ``name`` is counted in plain clock hours only (no working day in it)."""
    clock = name.partition(":")[0]
    try:
        span = profile.span(clock, view.category, view.urgency)
    except ClockUnavailable:
        return False
    if span.unit != "hours":
        return False
    if clock == "finish":  # a shorter limit in working days, or an extension, counts on the calendar
        return view.finish_days is None and not any(a.extension_days for a in view.assignments)
    return True


def moved(before: TicketView, after: TicketView) -> list[dict[str, str | None]]:
    """The due times that differ between two folds of one ticket: ``{deadline, from, to}`` (ISO or None)."""
    old, new = due_times(before), due_times(after)
    out: list[dict[str, str | None]] = []
    for name in sorted(set(old) | set(new)):
        if old.get(name) != new.get(name):
            out.append({"deadline": name, "from": _iso(old.get(name)), "to": _iso(new.get(name))})
    return out


def title(name: str) -> str:
    """A due time's Chinese title with its unit, e.g. ``办结 qc.cgj``."""
    clock, _, unit = name.partition(":")
    return f"{TITLES.get(clock, clock)} {unit}".strip()


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None
