"""The deadline engine: due times of a profile's clocks on the working calendar, and their status.

The ticket lifecycle calls :func:`due` to fill due times (dispatch, sign, finish, callback, ...),
:func:`extension_limit` to cap an extension and :func:`clock_status` for the desk's colours.
Spans in ``working_days`` and ``working_hours`` follow :class:`hotline.workcalendar.WorkCalendar`'s
conventions with the profile's working periods; spans in ``hours`` are clock hours, day and night.
The ``extension`` clock's span is the cap added to the finish due time, so its due time is the
latest deadline an extension can reach (same start as ``finish``). A due time counted in working
days or hours across a provisional calendar year (no official holiday notice yet) is marked
``provisional`` (暂定): the official year may move it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hotline.enums import Category, ClockStatus, Urgency
from hotline.policy import ClockUnavailable, Profile, Span, SpanUnit
from hotline.timezone import to_cst
from hotline.workcalendar import WorkCalendar


@dataclass(frozen=True)
class Due:
    """A computed due time: which clock, when, the span applied and the article that sets it."""

    clock: str
    at: datetime
    span: Span
    article: str
    provisional: bool = False  # counted on a provisional calendar year (暂定)


def _category(value: Category | str) -> Category:
    return value if isinstance(value, Category) else Category.parse(value)  # type: ignore[return-value]


def _urgency(value: Urgency | str | None) -> Urgency:
    if value is None:
        return Urgency.NORMAL
    return value if isinstance(value, Urgency) else Urgency.parse(value)  # type: ignore[return-value]


def add_span(profile: Profile, calendar: WorkCalendar, span: Span, start: datetime) -> datetime:
    """``start`` plus ``span`` on ``calendar`` with the profile's working periods (aware, CST)."""
    start = to_cst(start)
    if span.unit == "hours":
        try:
            return start + timedelta(hours=span.amount)
        except OverflowError:
            raise ValueError(f"{start.isoformat()} plus {span.amount:g} hours is past the last date") from None
    if span.unit == "working_hours":
        return calendar.add_working_hours(start, span.amount, profile.working_hours)
    if span.unit == "working_days":
        return calendar.add_working_days(start, span.amount, profile.working_hours)
    raise ValueError(f"unknown span unit {span.unit!r}")


def due_info(
    profile: Profile,
    calendar: WorkCalendar,
    clock: str,
    category: Category | str,
    urgency: Urgency | str | None,
    start: datetime,
) -> Due:
    """Like :func:`due` but with the span and article that produced the time."""
    cat, urg = _category(category), _urgency(urgency)
    if clock == "extension":
        cap = profile.span("extension", cat, urg)
        finish = profile.span("finish", cat, urg)
        at = add_span(profile, calendar, cap, add_span(profile, calendar, finish, start))
        on_calendar = finish.unit != "hours" or cap.unit != "hours"
        return Due(clock, at, cap, cap.article, on_calendar and is_provisional(calendar, start, at))
    span = profile.span(clock, cat, urg)
    at = add_span(profile, calendar, span, start)
    return Due(clock, at, span, span.article, span.unit != "hours" and is_provisional(calendar, start, at))


def is_provisional(calendar: WorkCalendar, start: datetime, end: datetime) -> bool:
    """Whether working time counted from ``start`` to ``end`` relies on a provisional calendar year."""
    touches = getattr(calendar, "touches_provisional", None)
    return bool(touches(start, end)) if touches is not None else False


def due(
    profile: Profile,
    calendar: WorkCalendar,
    clock: str,
    category: Category | str,
    urgency: Urgency | str | None,
    start: datetime,
) -> datetime:
    """When ``clock`` falls due for a ticket started at ``start``.

    Raises ClockUnavailable (with the reason and article) when the profile has no such clock, sets
    no number for this ticket, or forbids it; CalendarYearMissing when the calendar lacks a year it
    cannot count provisionally (see :func:`due_info` for the 暂定 mark).
    """
    return due_info(profile, calendar, clock, category, urgency, start).at


def extension_limit(
    profile: Profile,
    calendar: WorkCalendar,
    category: Category | str,
    urgency: Urgency | str | None,
    start: datetime,
) -> datetime:
    """The latest deadline an extension can reach: the finish due plus the profile's cap."""
    return due(profile, calendar, "extension", category, urgency, start)


def clock_status(
    profile: Profile,
    calendar: WorkCalendar,
    start: datetime,
    due: datetime,
    now: datetime,
    unit: SpanUnit | None = None,
) -> ClockStatus:
    """On time, due soon (the remaining share of the clock is at most due_soon_fraction) or overdue.

    The share is measured in working time unless ``unit`` is ``"hours"`` (or the clock holds no
    working time at all, e.g. a two-hour emergency clock at night), then in clock time.
    """
    start, due, now = to_cst(start), to_cst(due), to_cst(now)
    if now > due:
        return ClockStatus.OVERDUE
    total = remaining = timedelta(0)
    if unit != "hours":
        total = calendar.working_time_between(start, due, profile.working_hours)
        remaining = calendar.working_time_between(max(now, start), due, profile.working_hours)
    if not total:
        total, remaining = due - start, due - max(now, start)
    if total <= timedelta(0) or remaining <= total * profile.due_soon_fraction:
        return ClockStatus.DUE_SOON
    return ClockStatus.ON_TIME


__all__ = [
    "ClockUnavailable", "Due", "add_span", "clock_status", "due", "due_info", "extension_limit", "is_provisional",
]
