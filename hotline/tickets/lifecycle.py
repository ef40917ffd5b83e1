"""The ticket lifecycle: validate one step (decide), apply it, and fold a whole event log into a view.

``decide`` is the one check both the desk (before it writes an event) and the fold (while it derives
the state) use: the table in :mod:`hotline.tickets.table` says in which state a kind is legal, the
step modules add each step's own rules. ``fold`` never raises for a refused event: it keeps the
event, lists it in ``TicketView.rejected`` with the reason, and goes on.

Events are folded in ``Event.sort_key`` order (at, id), so the same set of events gives the same
view in whatever order they arrived from the workstations. Exact duplicates (same id) count once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hotline.policy import Profile
from hotline.tickets import errors
from hotline.tickets.dues import provisional_marks
from hotline.tickets.errors import TransitionError
from hotline.tickets.events import Event, EventKind
from hotline.tickets.fastreplace import replace
from hotline.tickets.steps_calendar import STEPS as _CALENDAR
from hotline.tickets.steps_calls import STEPS as _CALLS
from hotline.tickets.steps_close import STEPS as _CLOSE
from hotline.tickets.steps_common import Apply, Check
from hotline.tickets.steps_dispatch import STEPS as _DISPATCH
from hotline.tickets.steps_expert import STEPS as _EXPERT
from hotline.tickets.steps_intake import STEPS as _INTAKE
from hotline.tickets.steps_intake import check_created, create
from hotline.tickets.steps_work import STEPS as _WORK
from hotline.tickets.table import LEGAL_STATES, UNIT_STATUSES, check_table
from hotline.tickets.view import RejectedEvent, TicketView

__all__ = ["LEGAL_STATES", "UNIT_STATUSES", "TransitionError", "apply", "decide", "errors", "fold"]

STEPS: dict[EventKind, tuple[Check, Apply]] = {**_INTAKE, **_DISPATCH, **_WORK, **_CLOSE, **_CALENDAR, **_CALLS,
                                               **_EXPERT}


class NoTicket(ValueError):
    """The events hold no acceptable CREATED: there is no ticket to show."""


def decide(view: TicketView | None, event: Event, profile: Profile, calendar: Any) -> None:
    """Raise the named TransitionError if ``event`` may not happen to the ticket as ``view`` shows it."""
    if view is None:
        if event.kind is not EventKind.CREATED:
            raise errors.NoTicketYet(f"{event.kind.value} before the ticket was created")
        check_created(None, event, profile, calendar)
        return
    if event.ticket_id != view.id:
        raise errors.WrongTicket(f"event for ticket {event.ticket_id}, not {view.id}")
    if event.kind is EventKind.CREATED:
        check_created(view, event, profile, calendar)
    check_table(view, event.kind)
    check, _ = STEPS[event.kind]
    check(view, event, profile, calendar)


def apply(view: TicketView | None, event: Event, profile: Profile, calendar: Any) -> TicketView:
    """The view after ``event``; validates first (raises TransitionError), records the event as accepted.

    The view's ``provisional`` names the due times counted on a provisional calendar year (暂定).
    """
    decide(view, event, profile, calendar)
    if view is None:
        new = create(event, profile, calendar)
    else:
        _, step = STEPS[event.kind]
        new = step(view, event, profile, calendar)
    return replace(new, accepted=new.accepted + (event.id,), provisional=provisional_marks(new, calendar, profile))


def fold(events: Iterable[Event], profile: Profile, calendar: Any) -> TicketView:
    """The ticket as its events make it; refused events are kept in ``rejected`` with their reason.

    Raises NoTicket only when no event creates the ticket at all.
    """
    unique = {e.id: e for e in events}
    view: TicketView | None = None
    early: list[RejectedEvent] = []
    for event in sorted(unique.values(), key=lambda e: e.sort_key):
        try:
            view = apply(view, event, profile, calendar)
        except TransitionError as err:
            mark = RejectedEvent(event_id=event.id, kind=event.kind.value, reason=str(err))
            if view is None:
                early.append(mark)
            else:
                view = replace(view, rejected=view.rejected + (mark,))
    if view is None:
        raise NoTicket("no acceptable CREATED event: " + "; ".join(r.reason for r in early))
    if early:
        view = replace(view, rejected=tuple(early) + view.rejected)
    return view
