"""Dispatch (派发工单), sign-off (签收), return (退回) and its review (派单异议审核).

Modes: single unit; lead + assisting (主办/协办); countersign (会签, each unit answers its part); dual
dispatch (双派, Hohhot 第十五条(二): the first unit to sign leads, 首接负责制 第十七条). A lead's or sole
unit's return sends the whole ticket back; an assist's or one countersigner's return drops that part.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hotline.enums import AssignmentRole, MultiUnitMode
from hotline.policy import Profile
from hotline.tickets import errors as E
from hotline.tickets.clocks import add_days, due_or_none
from hotline.tickets.events import Event, EventKind
from hotline.tickets.fastreplace import replace
from hotline.tickets.steps_common import (
    Apply,
    Check,
    center_only,
    parse_enum,
    pick_assignment,
    positive_number,
    required_bool,
    required_text,
    set_assignment,
    settle_units,
    touch,
    unit_part,
)
from hotline.tickets.table import UNIT_STATUSES
from hotline.tickets.view import AssignmentView, TicketView

_DEFAULT_ROLE = {
    MultiUnitMode.SINGLE: AssignmentRole.LEAD,
    MultiUnitMode.LEAD_ASSIST: AssignmentRole.ASSIST,
    MultiUnitMode.COUNTERSIGN: AssignmentRole.COUNTERSIGN,
    MultiUnitMode.DUAL: AssignmentRole.PARTNER,
}


def _units(event: Event, mode: MultiUnitMode) -> list[tuple[str, AssignmentRole]]:
    raw = event.data.get("units")
    if not isinstance(raw, list | tuple) or not raw:
        raise E.UnitsInvalid("a dispatch names at least one unit")
    units: list[tuple[str, AssignmentRole]] = []
    for item in raw:
        if not isinstance(item, dict) or not str(item.get("unit_id") or "").strip():
            raise E.UnitsInvalid(f"each unit is {{unit_id, role}}; got {item!r}")
        role = item.get("role")
        parsed = parse_enum(AssignmentRole, role, "role") if role else _DEFAULT_ROLE[mode]
        units.append((str(item["unit_id"]).strip(), parsed))
    if len({u for u, _ in units}) != len(units):
        raise E.UnitsInvalid("a unit is named twice")
    roles = [r for _, r in units]
    R = AssignmentRole
    if mode is MultiUnitMode.SINGLE and (len(units) != 1 or roles != [R.LEAD]):
        raise E.UnitsInvalid("single dispatch goes to exactly one unit")
    if mode is MultiUnitMode.LEAD_ASSIST and (roles.count(R.LEAD) != 1 or len(units) < 2
                                              or any(r not in (R.LEAD, R.ASSIST) for r in roles)):
        raise E.UnitsInvalid("主办协办 needs exactly one lead (主办) and at least one assisting unit (协办)")
    if mode is MultiUnitMode.COUNTERSIGN and (len(units) < 2 or any(r is not R.COUNTERSIGN for r in roles)):
        raise E.UnitsInvalid("会签 goes to two or more units, each answering its part")
    if mode is MultiUnitMode.DUAL and (len(units) < 2 or any(r is not R.PARTNER for r in roles)):
        raise E.UnitsInvalid("双派 goes to two or more partner units; the first to sign leads")
    return units


def _check_dispatched(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    center_only(event, "dispatch")
    mode = parse_enum(MultiUnitMode, required_text(event, "mode"), "mode")
    if mode is not MultiUnitMode.SINGLE and not profile.allows_mode(mode):
        allowed = ", ".join(f"{m.label}" for m in profile.multi_unit_modes) or "none"
        raise E.ModeNotAllowed(f"profile {profile.id} does not dispatch by {mode.label}; it allows: {allowed}")
    _units(event, mode)
    positive_number(event, "finish_days", required=False)


def finish_due_from(view: TicketView, profile: Profile, calendar: Any, start: datetime) -> datetime | None:
    """The finish due of a part started at ``start``: the center's own limit if written, else the profile's."""
    if view.finish_days is not None:
        return add_days(profile, calendar, view.finish_days, start)
    return due_or_none(profile, calendar, "finish", view.category, view.urgency, start)


def _first_response_due(view: TicketView, profile: Profile, calendar: Any, start: datetime) -> datetime | None:
    """特殊工单 first response (Liangshan 第十二条(四)), else an initial reply (Changzhi 三(三) 投诉举报)."""
    return (due_or_none(profile, calendar, "first-response", view.category, view.urgency, start)
            or due_or_none(profile, calendar, "initial-reply", view.category, view.urgency, start))


def _dispatched(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    mode = MultiUnitMode.parse(str(event.data["mode"]))
    days = positive_number(event, "finish_days", required=False)
    view = replace(view, finish_days=days if days is not None else view.finish_days)
    sign_due = due_or_none(profile, calendar, "sign", view.category, view.urgency, event.at)
    finish_due = finish_due_from(view, profile, calendar, event.at)
    new = tuple(AssignmentView(unit_id=u, role=r, status="dispatched", dispatched_at=event.at, sign_due=sign_due,
                               finish_due=finish_due, base_finish_due=finish_due)
                for u, r in _units(event, mode))
    first = view.dispatched_at is None
    view = touch(
        view, event, mode=mode, disposition="dispatch", assignments=view.assignments + new,
        dispatched_at=view.dispatched_at or event.at,
        first_response_due=(_first_response_due(view, profile, calendar, event.at)
                            if first else view.first_response_due),
        progress_due=(due_or_none(profile, calendar, "progress", view.category, view.urgency, event.at)
                      if first else view.progress_due),
    )
    return settle_units(view, event)


def check_unit_status(view: TicketView, event: Event, allowed: frozenset[str]) -> tuple[int, AssignmentView]:
    """The acting unit's part, if its status allows the step; else the named error."""
    index, part = unit_part(view, event)
    if part.status in allowed:
        return index, part
    if part.status == "dispatched":
        raise E.NotSignedYet(f"unit {part.unit_id} has not signed (签收) the ticket yet")
    if part.status == "signed" and event.kind is EventKind.SIGNED:
        raise E.AlreadySigned(f"unit {part.unit_id} signed already")
    if part.status in ("replied", "assist-replied"):
        raise E.AlreadyReplied(f"unit {part.unit_id} has answered already")
    if part.status == "return-review":
        raise E.ReturnUnderReview(f"unit {part.unit_id}'s return is under review (派单异议审核)")
    raise E.NotAssigned(f"unit {part.unit_id} no longer holds the ticket ({part.status})")


def _check_signed(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    check_unit_status(view, event, UNIT_STATUSES[EventKind.SIGNED])


def _signed(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    index, part = unit_part(view, event)
    parts = set_assignment(view, index, replace(part, status="signed", signed_at=event.at))
    if part.role is AssignmentRole.PARTNER:  # 双派: the first to sign leads (首接负责制)
        parts = tuple(
            replace(a, role=AssignmentRole.LEAD if i == index else AssignmentRole.ASSIST)
            if a.role is AssignmentRole.PARTNER and a.is_live else a
            for i, a in enumerate(parts))
    return settle_units(touch(view, event, assignments=parts), event)


def _return_late(view: TicketView, part: AssignmentView, event: Event, profile: Profile, calendar: Any) -> bool:
    window = due_or_none(profile, calendar, "return", view.category, view.urgency, part.dispatched_at)
    return window is not None and event.at > window


def _check_returned(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    _, part = check_unit_status(view, event, UNIT_STATUSES[EventKind.RETURNED])
    required_text(event, "reason", E.ReturnIncomplete)
    required_text(event, "legal_basis", E.ReturnIncomplete)
    if _return_late(view, part, event, profile, calendar) and not profile.late_return_counts_overdue.value:
        article = profile.clock("return").entry_for(view.category, view.urgency)
        raise E.ReturnWindowClosed(
            f"unit {part.unit_id} may return the ticket only within the return window (退回时限)",
            getattr(article, "article", ""))


def _returned(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    index, part = unit_part(view, event)
    late = _return_late(view, part, event, profile, calendar)
    status = "return-review" if profile.return_requires_review.value else "returned"
    part = replace(part, status=status, returned_at=event.at, return_reason=str(event.data["reason"]),
                   legal_basis=str(event.data["legal_basis"]),
                   suggested_unit=str(event.data.get("suggested_unit") or ""), returned_late=late)
    view = touch(view, event, assignments=set_assignment(view, index, part))
    if late:  # Liangshan 第十二条(二): 超期退回的视为超期办理件
        view = replace(view, overdue=True, overdue_reasons=view.overdue_reasons + (
            f"{part.unit_id} returned after the return window ({profile.late_return_counts_overdue.article})",))
    return settle_units(view, event)


def _check_return_reviewed(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    center_only(event, "派单异议审核")
    required_bool(event, "approved")
    pick_assignment(view, event, lambda a: a.status == "return-review",
                    E.NoReturnPending("no unit's return is waiting for review"))


def _return_reviewed(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    index, part = pick_assignment(view, event, lambda a: a.status == "return-review", E.NoReturnPending(""))
    if event.data["approved"]:
        part = replace(part, status="returned")
    else:
        part = replace(part, status="signed" if part.signed_at else "dispatched", returned_at=None)
    return settle_units(touch(view, event, assignments=set_assignment(view, index, part)), event)


STEPS: dict[EventKind, tuple[Check, Apply]] = {
    EventKind.DISPATCHED: (_check_dispatched, _dispatched),
    EventKind.SIGNED: (_check_signed, _signed),
    EventKind.RETURNED: (_check_returned, _returned),
    EventKind.RETURN_REVIEWED: (_check_return_reviewed, _return_reviewed),
}
