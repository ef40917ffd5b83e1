"""The calendar step: a published calendar year moved a ticket's deadlines (时限调整).

DEADLINES_RECOMPUTED is recorded by the center when an official calendar year replaces a
provisional one (``hotline db add-year``) and an open ticket's due times change. It changes no state:
the fold counts every due time on the calendar it is given, so the event is the ticket's record of
*why* a deadline moved (reason, year, each moved due time from/to), synced like any other event.
"""

from __future__ import annotations

from typing import Any

from hotline.policy import Profile
from hotline.tickets import errors as E
from hotline.tickets.events import Event, EventKind
from hotline.tickets.steps_common import Apply, Check, center_only, required_text, touch
from hotline.tickets.view import TicketView


def _check(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    center_only(event, "a calendar change")
    required_text(event, "reason")
    year = event.data.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise E.BadValue(f"{event.kind.value} needs 'year' as a whole number, got {year!r}")
    changes = event.data.get("changes", [])
    if not isinstance(changes, list) or not all(isinstance(c, dict) and c.get("deadline") for c in changes):
        raise E.BadValue(f"{event.kind.value}: 'changes' must be a list of {{deadline, from, to}}")


def _apply(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    return touch(view, event)


STEPS: dict[EventKind, tuple[Check, Apply]] = {EventKind.DEADLINES_RECOMPUTED: (_check, _apply)}
