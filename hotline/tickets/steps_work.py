"""A unit's work on its part: extension (延期), progress reports, assist replies and the reply.

Extension: asked before the part's finish due (Changzhi 三(三), Liangshan 第十二条(三), Ordos
第十九条(八)), never where the profile forbids it (Liangshan 咨询), decided by the center; a grant
moves that part's finish due by the days, capped by the profile's extension clock.
Reply: a lead (主办) answers once every assisting unit (协办) has sent its result; in 会签 the ticket
is answered when every countersigner has answered its part.
"""

from __future__ import annotations

from typing import Any

from hotline.enums import AssignmentRole
from hotline.policy import Profile
from hotline.tickets import errors as E
from hotline.tickets.clocks import add_days, extension_cap, extension_forbidden, extension_span
from hotline.tickets.events import Event, EventKind
from hotline.tickets.fastreplace import replace
from hotline.tickets.steps_common import (
    Apply,
    Check,
    center_only,
    latest_finish,
    pick_assignment,
    positive_number,
    required_bool,
    required_text,
    set_assignment,
    settle_units,
    touch,
    unit_part,
)
from hotline.tickets.steps_dispatch import check_unit_status
from hotline.tickets.table import UNIT_STATUSES
from hotline.tickets.view import TicketView


def _check_ext_requested(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    forbidden = extension_forbidden(profile, view.category, view.urgency)
    if forbidden is not None:
        raise E.ExtensionForbidden(f"{view.category.label} tickets are not extended: {forbidden.reason}",
                                   forbidden.article)
    _, part = check_unit_status(view, event, UNIT_STATUSES[EventKind.EXTENSION_REQUESTED])
    days = positive_number(event, "days") or 0
    required_text(event, "reason", E.ReasonMissing)
    if part.extension_pending:
        raise E.ExtensionPending(f"unit {part.unit_id} already waits for an extension decision")
    if part.finish_due is not None and event.at > part.finish_due:
        raise E.ExtensionTooLate(
            f"the finish due {part.finish_due:%Y-%m-%d %H:%M} has passed; an extension is asked before it")
    span = extension_span(profile, view.category, view.urgency)
    if span is not None and span.unit == "working_days" and part.extension_days + days > span.amount:
        raise E.ExtensionTooLong(
            f"{part.extension_days:g} + {days:g} working days exceed the {span.amount:g} allowed", span.article)


def _ext_requested(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    index, part = unit_part(view, event)
    part = replace(part, extension_pending=True, extension_requested_days=float(event.data["days"]))
    return touch(view, event, assignments=set_assignment(view, index, part))


def _check_ext_decided(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    center_only(event, "an extension (延期审批)")
    granted = required_bool(event, "granted")
    _, part = pick_assignment(view, event, lambda a: a.extension_pending and a.is_live,
                              E.NoExtensionPending("no extension request is waiting"))
    days = positive_number(event, "days", required=False)
    if granted and days is not None and days > part.extension_requested_days:
        raise E.BadValue(f"granted {days:g} days but the unit asked for {part.extension_requested_days:g}")


def _ext_decided(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    index, part = pick_assignment(view, event, lambda a: a.extension_pending and a.is_live, E.NoExtensionPending(""))
    changes: dict[str, Any] = {"extension_pending": False, "extension_requested_days": 0}
    if event.data["granted"] and part.finish_due is not None:
        days = positive_number(event, "days", required=False) or part.extension_requested_days
        new_due = add_days(profile, calendar, days, part.finish_due)
        cap = extension_cap(profile, calendar, view.category, view.urgency, part.base_finish_due or part.finish_due)
        changes["finish_due"] = min(new_due, cap) if cap is not None else new_due
        changes["extension_days"] = part.extension_days + days
    elif event.data["granted"]:
        changes["extension_days"] = part.extension_days + part.extension_requested_days
    parts = set_assignment(view, index, replace(part, **changes))
    return touch(view, event, assignments=parts, finish_due=latest_finish(parts))


def _check_progress(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    check_unit_status(view, event, UNIT_STATUSES[EventKind.PROGRESS_REPORTED])


def _progress(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    index, part = unit_part(view, event)
    part = replace(part, progress_at=part.progress_at or event.at)
    return touch(view, event, assignments=set_assignment(view, index, part),
                 first_response_at=view.first_response_at or event.at)


def _check_assist_replied(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    _, part = check_unit_status(view, event, UNIT_STATUSES[EventKind.ASSIST_REPLIED])
    if part.role is not AssignmentRole.ASSIST:
        raise E.NotAnAssist(f"unit {part.unit_id} is {part.role.label}, not 协办; it sends a reply (replied)")


def _assist_replied(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    index, part = unit_part(view, event)
    part = replace(part, status="assist-replied", replied_at=event.at)
    return touch(view, event, assignments=set_assignment(view, index, part))


def _check_replied(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    _, part = check_unit_status(view, event, UNIT_STATUSES[EventKind.REPLIED])
    if part.role is AssignmentRole.ASSIST:
        raise E.NotTheLead(f"unit {part.unit_id} is 协办: it sends its result to the lead (assist-replied)")
    if part.role is AssignmentRole.LEAD:
        pending = [a.unit_id for a in view.assignments
                   if a.role is AssignmentRole.ASSIST and a.status in ("dispatched", "signed", "return-review")]
        if pending:
            raise E.AssistsPending(f"assisting units have not sent their results yet: {', '.join(pending)}")


def _replied(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    index, part = unit_part(view, event)
    part = replace(part, status="replied", replied_at=event.at)
    view = touch(view, event, assignments=set_assignment(view, index, part),
                 first_response_at=view.first_response_at or event.at)
    return settle_units(view, event)


STEPS: dict[EventKind, tuple[Check, Apply]] = {
    EventKind.EXTENSION_REQUESTED: (_check_ext_requested, _ext_requested),
    EventKind.EXTENSION_DECIDED: (_check_ext_decided, _ext_decided),
    EventKind.PROGRESS_REPORTED: (_check_progress, _progress),
    EventKind.ASSIST_REPLIED: (_check_assist_replied, _assist_replied),
    EventKind.REPLIED: (_check_replied, _replied),
}
