"""Helpers the step modules share: reading payloads, finding a unit's part, deriving the unit phase.

A *principal* assignment is one whose answer the ticket waits for (lead, countersigner, dual
partner); an assisting unit (协办) answers its lead, not the ticket.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hotline.enums import AssignmentRole, TicketState
from hotline.policy import Profile
from hotline.tickets import errors as E
from hotline.tickets.events import Event
from hotline.tickets.fastreplace import replace
from hotline.tickets.view import AssignmentView, TicketView

Check = Callable[[TicketView, Event, Profile, Any], None]
Apply = Callable[[TicketView, Event, Profile, Any], TicketView]

PRINCIPAL_ROLES = frozenset({AssignmentRole.LEAD, AssignmentRole.COUNTERSIGN, AssignmentRole.PARTNER})


def required_text(event: Event, key: str, error: type[E.TransitionError] = E.BadValue) -> str:
    """The non-empty string ``data[key]``; ``error`` names what is missing."""
    value = event.data.get(key)
    if value is None or not str(value).strip():
        raise error(f"{event.kind.value} needs {key!r}")
    return str(value).strip()


def required_key(event: Event, key: str, known: list[str], error: type[E.TransitionError], what: str,
                 profile_id: str) -> str:
    """``data[key]`` when it is one of the profile's ``known`` keys; ``error`` lists them otherwise."""
    value = required_text(event, key, error)
    if value not in known:
        raise error(f"{value!r} is not a {what} of profile {profile_id}; known: {', '.join(known) or 'none'}")
    return value


def required_bool(event: Event, key: str) -> bool:
    """The boolean ``data[key]``; BadValue when missing or not a boolean."""
    value = event.data.get(key)
    if not isinstance(value, bool):
        raise E.BadValue(f"{event.kind.value} needs {key!r} as true/false, got {value!r}")
    return value


def positive_number(event: Event, key: str, *, required: bool = True) -> float | None:
    """A positive number ``data[key]`` (None when absent and not required)."""
    value = event.data.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise E.BadValue(f"{event.kind.value} needs {key!r} as a positive number, got {value!r}")
    return float(value)


def parse_enum(enum: Any, value: object, what: str) -> Any:
    """``enum.parse(value)`` with BadValue (naming ``what``) instead of ValueError."""
    try:
        return enum.parse(str(value))
    except ValueError as err:
        raise E.BadValue(f"{what}: {err}") from None


def center_only(event: Event, what: str) -> None:
    """Raise NotApprover when a unit (not the hotline center) takes a center step."""
    if event.actor_unit is not None:
        raise E.NotApprover(f"{what} is decided by the hotline center, not by unit {event.actor_unit}")


def unit_part(view: TicketView, event: Event) -> tuple[int, AssignmentView]:
    """The acting unit's latest part of the ticket (index, assignment); NotAssigned if none."""
    unit_id = required_text(event, "unit_id")
    if event.actor_unit is not None and event.actor_unit != unit_id:
        raise E.NotAssigned(f"{event.actor_unit} cannot act for unit {unit_id}")
    for index in range(len(view.assignments) - 1, -1, -1):
        if view.assignments[index].unit_id == unit_id:
            return index, view.assignments[index]
    raise E.NotAssigned(f"unit {unit_id} holds no part of this ticket")


def pick_assignment(view: TicketView, event: Event, wanted: Callable[[AssignmentView], bool],
                    missing: E.TransitionError) -> tuple[int, AssignmentView]:
    """The one assignment ``wanted`` picks (``data.unit_id`` narrows it); raise ``missing`` if none."""
    unit_id = event.data.get("unit_id")
    found = [(i, a) for i, a in enumerate(view.assignments)
             if wanted(a) and (unit_id is None or a.unit_id == unit_id)]
    if not found:
        raise missing
    if len(found) > 1:
        units = ", ".join(a.unit_id for _, a in found)
        raise E.AmbiguousUnit(f"several units wait ({units}); name one with unit_id")
    return found[0]


def touch(view: TicketView, event: Event, **changes: Any) -> TicketView:
    """``view`` with ``changes`` and updated_at moved to the event."""
    return replace(view, updated_at=max(view.updated_at, event.at), **changes)


def set_assignment(view: TicketView, index: int, assignment: AssignmentView) -> tuple[AssignmentView, ...]:
    """The assignments with the one at ``index`` replaced."""
    parts = list(view.assignments)
    parts[index] = assignment
    return tuple(parts)


def latest_finish(assignments: tuple[AssignmentView, ...]) -> Any:
    """The latest finish due over the live assignments (None when none is set)."""
    dues = [a.finish_due for a in assignments if a.is_live and a.finish_due is not None]
    return max(dues) if dues else None


def settle_units(view: TicketView, event: Event) -> TicketView:
    """Derive the ticket state from its assignments after a unit step and fill what follows from it.

    No live principal: RETURN_REVIEW while a return is reviewed, else RETURNED (live assists are
    withdrawn). All live principals answered and no return under review: REPLIED. Any unit at work:
    PROCESSING. Otherwise DISPATCHED.
    """
    parts = view.assignments
    live_principals = [a for a in parts if a.is_live and a.role in PRINCIPAL_ROLES]
    in_review = any(a.status == "return-review" for a in parts)
    extra: dict[str, Any] = {}
    if not live_principals:
        if in_review:
            state = TicketState.RETURN_REVIEW
        else:
            state = TicketState.RETURNED
            parts = tuple(replace(a, status="withdrawn") if a.is_live else a for a in parts)
    elif all(a.status == "replied" for a in live_principals) and not in_review:
        state = TicketState.REPLIED
        if view.state is not TicketState.REPLIED:
            extra["replied_at"] = event.at
            late = [a.unit_id for a in live_principals
                    if a.finish_due is not None and a.replied_at is not None and a.replied_at > a.finish_due]
            if late:
                extra["overdue"] = True
                extra["overdue_reasons"] = view.overdue_reasons + tuple(
                    f"{u} answered after its finish due" for u in late)
    elif any(a.status != "dispatched" for a in parts if a.is_live):
        state = TicketState.PROCESSING
    else:
        state = TicketState.DISPATCHED
    return touch(view, event, state=state, assignments=parts, finish_due=latest_finish(parts), **extra)
