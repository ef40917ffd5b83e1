"""The lifecycle's bridge to the deadline engine: due times that may be absent, and extension rules.

A clock the profile does not set for a ticket (ClockUnavailable) gives ``None``. A year without
official data is counted provisionally by the calendar (the fold marks such due times, see
hotline.tickets.dues); a year it cannot count (CalendarYearMissing) propagates, never guessed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hotline.deadlines import add_span, due
from hotline.enums import Category, Urgency
from hotline.policy import ClockUnavailable, Forbidden, Profile, Span


def due_or_none(
    profile: Profile, calendar: Any, clock: str, category: Category, urgency: Urgency, start: datetime
) -> datetime | None:
    """The due time of ``clock`` started at ``start``, or None where the profile sets none."""
    if clock != "extension" and isinstance(category, Category) and isinstance(urgency, Urgency):
        # the fold asks for every clock of every ticket: answer "none set" without raising and
        # catching ClockUnavailable (what due() would raise here: no such clock, or no Span for it)
        rule = profile.clocks.get(clock)
        if rule is None or not isinstance(rule.entry_for(category, urgency), Span):
            return None
    try:
        return due(profile, calendar, clock, category, urgency, start)
    except ClockUnavailable:
        return None


def add_days(profile: Profile, calendar: Any, days: float, start: datetime) -> datetime:
    """``start`` plus ``days`` working days."""
    return add_span(profile, calendar, Span(days, "working_days", ""), start)


def extension_forbidden(profile: Profile, category: Category, urgency: Urgency) -> Forbidden | None:
    """The Forbidden entry of the extension clock for this ticket, if the profile forbids it."""
    rule = profile.clocks.get("extension")
    if rule is None:
        return None
    entry = rule.entry_for(category, urgency)
    return entry if isinstance(entry, Forbidden) else None


def extension_span(profile: Profile, category: Category, urgency: Urgency) -> Span | None:
    """The extension cap as a span, or None where the profile gives no number."""
    try:
        return profile.span("extension", category, urgency)
    except ClockUnavailable:
        return None


def extension_cap(
    profile: Profile, calendar: Any, category: Category, urgency: Urgency, base_due: datetime
) -> datetime | None:
    """The latest finish due an extension may reach: the due before extensions plus the profile's cap.

    Same rule as ``deadlines.extension_limit`` (finish due + cap), but counted from the due the part
    really had, which may be the center's own shorter limit (Hohhot 第十八条) or a redo's new clock.
    """
    span = extension_span(profile, category, urgency)
    return add_span(profile, calendar, span, base_due) if span is not None else None
