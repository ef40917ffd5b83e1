"""Intake steps: creating the ticket, classifying it, and the dispositions that close it at intake.

Direct answer (直接答复), not accepted with guidance (不予受理并解释引导), emergency linkage
(110/119/120/122 and utilities) and repeat (重复件) close the ticket; dispatch is a unit step.
"""

from __future__ import annotations

from typing import Any

from hotline.enums import Category, Channel, EmergencyLine, TicketState, Urgency
from hotline.phones import canonical_phone
from hotline.policy import Profile
from hotline.tickets import errors as E
from hotline.tickets.clocks import due_or_none
from hotline.tickets.events import Event, EventKind
from hotline.tickets.steps_common import Apply, Check, parse_enum, required_key, required_text, touch
from hotline.tickets.view import CallLink, TicketView
from hotline.timezone import parse_iso

_INTAKE_FIELDS = ("number", "profile", "channel", "category", "urgency", "content")


def check_created(view: TicketView | None, event: Event, profile: Profile, calendar: Any) -> None:
    """The fields of Ordos 第十八条 and Liangshan 第十条: content, category, urgency, channel (+ phone)."""
    if view is not None:
        raise E.AlreadyCreated(f"ticket {view.number} exists already; CREATED happens once")
    for key in _INTAKE_FIELDS:
        required_text(event, key, E.IntakeIncomplete)
    if event.data["profile"] != profile.id:
        raise E.ProfileMismatch(f"ticket made under profile {event.data['profile']!r}, folded with {profile.id!r}")
    channel = parse_enum(Channel, event.data["channel"], "channel")
    parse_enum(Category, event.data["category"], "category")
    parse_enum(Urgency, event.data["urgency"], "urgency")
    if channel is Channel.PHONE and not str(event.data.get("caller_phone") or "").strip():
        raise E.CallerPhoneMissing("a phone request must record the caller's number (联系方式)")
    if event.data.get("call_time"):
        try:
            parse_iso(str(event.data["call_time"]))
        except ValueError as err:
            raise E.IntakeIncomplete(f"call_time: {err}") from None


def create(event: Event, profile: Profile, calendar: Any) -> TicketView:
    """The new ticket in INTAKE, its dispatch clock running; the caller's number in canonical form.

    The number is normalised here too (hotline.phones, leniently: a number that does not parse stays
    as given), so events made before normalisation, or by an older desk, fold to the same column.
    """
    d = event.data
    raw_phone = str(d.get("caller_phone_raw") or d.get("caller_phone") or "").strip()
    call_id, interaction = str(d.get("call_id") or ""), str(d.get("interaction_id") or "")
    calls = (CallLink(call_id, interaction, event.at, event.origin, event.id),) if call_id else ()
    category = Category.parse(str(d["category"]))
    urgency = Urgency.parse(str(d["urgency"]))
    return TicketView(
        id=event.ticket_id, number=str(d["number"]), profile=profile.id, state=TicketState.INTAKE,
        category=category, urgency=urgency, channel=Channel.parse(str(d["channel"])),
        content=str(d["content"]).strip(), created_at=event.at, updated_at=event.at,
        caller_phone=canonical_phone(str(d.get("caller_phone") or "")), caller_phone_raw=raw_phone,
        call_id=call_id, interaction_id=interaction, calls=calls, caller_name=str(d.get("caller_name") or ""),
        caller_address=str(d.get("caller_address") or ""), matter_address=str(d.get("matter_address") or ""),
        call_time=parse_iso(str(d["call_time"])) if d.get("call_time") else None,
        dispatch_due=due_or_none(profile, calendar, "dispatch", category, urgency, event.at),
    )


def _check_classified(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    if "category" not in event.data and "urgency" not in event.data:
        raise E.BadValue("classified needs a category or an urgency")
    if "category" in event.data:
        parse_enum(Category, event.data["category"], "category")
    if "urgency" in event.data:
        parse_enum(Urgency, event.data["urgency"], "urgency")


def _classified(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    category = Category.parse(str(event.data["category"])) if "category" in event.data else view.category
    urgency = Urgency.parse(str(event.data["urgency"])) if "urgency" in event.data else view.urgency
    due = due_or_none(profile, calendar, "dispatch", category, urgency, view.created_at)
    return touch(view, event, category=category, urgency=urgency, dispatch_due=due)


def _close(view: TicketView, event: Event, how: str, **changes: Any) -> TicketView:
    return touch(view, event, state=TicketState.CLOSED, closed_at=event.at, closed_how=how, **changes)


def _check_answered(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    required_text(event, "article_id", E.ArticleMissing)
    version = event.data.get("article_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise E.ArticleMissing("a direct answer records the article's version (article_version, a number)")


def _answered(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    return _close(view, event, "direct", disposition="direct", article_id=str(event.data["article_id"]),
                  article_version=int(event.data["article_version"]))


def _check_not_accepted(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    required_key(event, "class_key", [g.key for g in profile.guidance_classes], E.GuidanceClassUnknown,
                 "not-accepted/guidance class", profile.id)


def _not_accepted(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    return _close(view, event, "not-accepted", disposition="not-accepted",
                  guidance_class=str(event.data["class_key"]))


def _check_emergency(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    line = required_text(event, "line", E.EmergencyLineUnknown)
    try:
        EmergencyLine.parse(line)
    except ValueError as err:
        raise E.EmergencyLineUnknown(str(err)) from None


def _emergency(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    line = EmergencyLine.parse(str(event.data["line"])).value
    lines = view.emergency_lines + (line,)
    if view.state is TicketState.INTAKE:
        return _close(view, event, "emergency", disposition="emergency", emergency_lines=lines)
    return touch(view, event, emergency_lines=lines)


def _check_repeat(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    original = required_text(event, "original_ticket_id")
    if original == view.id:
        raise E.RepeatOfItself("a ticket cannot be a repeat (重复件) of itself")


def _repeat(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    how = "not-accepted" if profile.repeated_same_matter.value == "not-accepted" else "repeat"
    return _close(view, event, how, disposition="repeat", duplicate_of=str(event.data["original_ticket_id"]))


def _check_repeat_call(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    return None


def _repeat_call(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    return touch(view, event, repeat_calls=view.repeat_calls + 1)


STEPS: dict[EventKind, tuple[Check, Apply]] = {
    EventKind.CLASSIFIED: (_check_classified, _classified),
    EventKind.ANSWERED_DIRECTLY: (_check_answered, _answered),
    EventKind.NOT_ACCEPTED: (_check_not_accepted, _not_accepted),
    EventKind.EMERGENCY_LINKED: (_check_emergency, _emergency),
    EventKind.LINKED_AS_REPEAT: (_check_repeat, _repeat),
    EventKind.REPEAT_CALL_RECORDED: (_check_repeat_call, _repeat_call),
}
