"""Builders of ticket events, one per action, so the CLI and the desk never assemble payloads by hand.

Each function returns an :class:`Event` (not yet validated: pass it to ``lifecycle.decide`` with the
current view before writing it). ``at``/``origin`` default to now / "" like Event itself. A unit
action is made with ``actor_unit`` set to the unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from hotline.enums import AssignmentRole, MultiUnitMode, Satisfaction
from hotline.ids import new_id
from hotline.phones import canonical_phone
from hotline.policy import Profile
from hotline.tickets.errors import OriginalNotOpen, RepeatOfItself
from hotline.tickets.events import Event, EventKind
from hotline.tickets.view import TicketView


def _event(ticket_id: str, kind: EventKind, actor: str, data: dict[str, Any], *, unit: str | None = None,
           at: datetime | None = None, origin: str = "") -> Event:
    extra: dict[str, Any] = {"at": at} if at is not None else {}
    clean = {k: v for k, v in data.items() if v is not None}
    return Event(ticket_id=ticket_id, kind=kind, actor=actor, data=clean, actor_unit=unit, origin=origin, **extra)


def create(actor: str, *, number: str, profile: str, channel: str, category: str, urgency: str, content: str,
           ticket_id: str | None = None, at: datetime | None = None, origin: str = "", **intake: Any) -> Event:
    """CREATED with the intake record; ``intake`` takes caller_phone, caller_name, caller_address,
    call_time, matter_address, call_id, interaction_id.

    The caller's number is stored in canonical form (hotline.phones) with the form given beside it
    (caller_phone_raw). A number that does not parse is kept as given: an entry point that must refuse
    it (a typed number) calls ``normalize_phone`` first and shows PhoneNumberInvalid.
    """
    raw_phone = intake.get("caller_phone")
    if raw_phone:
        intake = {**intake, "caller_phone": canonical_phone(str(raw_phone)),
                  "caller_phone_raw": intake.get("caller_phone_raw") or str(raw_phone)}
    data = {"number": number, "profile": profile, "channel": channel, "category": category, "urgency": urgency,
            "content": content, **intake}
    return _event(ticket_id or new_id(), EventKind.CREATED, actor, data, at=at, origin=origin)


def classify(ticket_id: str, actor: str, *, category: str | None = None, urgency: str | None = None,
             **kw: Any) -> Event:
    """CLASSIFIED: correct the category and/or urgency during intake."""
    return _event(ticket_id, EventKind.CLASSIFIED, actor, {"category": category, "urgency": urgency}, **kw)


def answer_directly(ticket_id: str, actor: str, *, article_id: str, article_version: int, answer: str = "",
                    **kw: Any) -> Event:
    """ANSWERED_DIRECTLY from a knowledge article (直接答复)."""
    data = {"article_id": article_id, "article_version": article_version, "answer": answer}
    return _event(ticket_id, EventKind.ANSWERED_DIRECTLY, actor, data, **kw)


def not_accept(ticket_id: str, actor: str, *, class_key: str, guidance: str = "", **kw: Any) -> Event:
    """NOT_ACCEPTED with the profile's guidance class (不予受理并解释引导)."""
    return _event(ticket_id, EventKind.NOT_ACCEPTED, actor, {"class_key": class_key, "guidance": guidance}, **kw)


def link_emergency(ticket_id: str, actor: str, *, line: str, note: str = "", conferenced_at: str | None = None,
                   dropped_at: str | None = None, consent: bool | None = None, **kw: Any) -> Event:
    """EMERGENCY_LINKED: 110/119/120/122 or a utility line brought in (when the three-way call was up,
    when the agent dropped out, and the caller's consent where the profile asks for it)."""
    data = {"line": line, "note": note, "conferenced_at": conferenced_at, "dropped_at": dropped_at,
            "consent": consent}
    return _event(ticket_id, EventKind.EMERGENCY_LINKED, actor, data, **kw)


def link_as_repeat(view: TicketView, original: TicketView, profile: Profile, actor: str,
                   **kw: Any) -> list[Event]:
    """The events a repeat (重复件) makes: LINKED_AS_REPEAT on the new ticket, REPEAT_CALL_RECORDED on the
    original and, where the profile says explain-and-chase (Ordos 第十八条(四)), a CHASED on the original.

    Raises RepeatOfItself, or OriginalNotOpen when the profile links only to open tickets ("link",
    "explain-and-chase"); Hohhot (第十一条(四)) also refuses repeats of finished matters.
    """
    if view.id == original.id:
        raise RepeatOfItself("a ticket cannot be a repeat (重复件) of itself")
    rule = profile.repeated_same_matter.value
    if rule != "not-accepted" and not original.is_open:
        raise OriginalNotOpen(f"ticket {original.number} is closed; a new call about it is a new ticket",
                              profile.repeated_same_matter.article)
    events = [
        _event(view.id, EventKind.LINKED_AS_REPEAT, actor, {"original_ticket_id": original.id}, **kw),
        record_repeat_call(original.id, actor, repeat_ticket_id=view.id, **kw),
    ]
    if rule == "explain-and-chase" and original.is_open and profile.supervision_levels:
        events.append(chase(original.id, actor, level=profile.supervision_levels[0].key,
                            note=f"repeat call {view.number}", **kw))
    return events


def link_call(ticket_id: str, actor: str, *, call_id: str, interaction_id: str = "", **kw: Any) -> Event:
    """CALL_LINKED: another call (SIP Call-ID, its recording's interaction id) about this ticket."""
    return _event(ticket_id, EventKind.CALL_LINKED, actor, {"call_id": call_id, "interaction_id": interaction_id or None},
                  **kw)


def expert_opinion(ticket_id: str, actor: str, *, seat: str, text: str, unit: str = "", call_id: str = "",
                   **kw: Any) -> Event:
    """EXPERT_OPINION: a specialist's opinion (专家意见) from an expert seat of ``unit``."""
    data = {"seat": seat, "unit": unit or None, "text": text, "call_id": call_id or None}
    return _event(ticket_id, EventKind.EXPERT_OPINION, actor, data, **kw)


def record_repeat_call(ticket_id: str, actor: str, *, repeat_ticket_id: str = "", **kw: Any) -> Event:
    """REPEAT_CALL_RECORDED: the caller raised the same matter again."""
    return _event(ticket_id, EventKind.REPEAT_CALL_RECORDED, actor, {"repeat_ticket_id": repeat_ticket_id}, **kw)


def dispatch(ticket_id: str, actor: str, *, units: Sequence[str | tuple[str, str]], mode: str = "single",
             note: str = "", finish_days: float | None = None, **kw: Any) -> Event:
    """DISPATCHED to ``units``: unit ids (roles default by mode) or (unit_id, role) pairs.

    For lead-assist the first plain unit id is the lead (主办), the rest assist (协办).
    """
    parsed = MultiUnitMode.parse(mode)
    rows: list[dict[str, str]] = []
    for i, unit in enumerate(units):
        if isinstance(unit, tuple):
            rows.append({"unit_id": unit[0], "role": AssignmentRole.parse(unit[1]).value})
        elif parsed is MultiUnitMode.LEAD_ASSIST:
            rows.append({"unit_id": unit, "role": (AssignmentRole.LEAD if i == 0 else AssignmentRole.ASSIST).value})
        else:
            rows.append({"unit_id": unit})
    data = {"mode": parsed.value, "units": rows, "note": note, "finish_days": finish_days}
    return _event(ticket_id, EventKind.DISPATCHED, actor, data, **kw)


def _unit_event(kind: EventKind, ticket_id: str, actor: str, unit_id: str, data: dict[str, Any],
                **kw: Any) -> Event:
    kw.setdefault("unit", unit_id)
    return _event(ticket_id, kind, actor, {"unit_id": unit_id, **data}, **kw)


def sign(ticket_id: str, actor: str, *, unit_id: str, **kw: Any) -> Event:
    """SIGNED: the unit takes the ticket (签收)."""
    return _unit_event(EventKind.SIGNED, ticket_id, actor, unit_id, {}, **kw)


def return_ticket(ticket_id: str, actor: str, *, unit_id: str, reason: str, legal_basis: str,
                  suggested_unit: str = "", **kw: Any) -> Event:
    """RETURNED: outside the unit's remit, with reason, legal basis and a suggested unit (退回)."""
    data = {"reason": reason, "legal_basis": legal_basis, "suggested_unit": suggested_unit}
    return _unit_event(EventKind.RETURNED, ticket_id, actor, unit_id, data, **kw)


def review_return(ticket_id: str, actor: str, *, approved: bool, unit_id: str | None = None, note: str = "",
                  **kw: Any) -> Event:
    """RETURN_REVIEWED: the center's decision on a return (派单异议审核)."""
    data = {"approved": approved, "unit_id": unit_id, "note": note}
    return _event(ticket_id, EventKind.RETURN_REVIEWED, actor, data, **kw)


def request_extension(ticket_id: str, actor: str, *, unit_id: str, days: float, reason: str, **kw: Any) -> Event:
    """EXTENSION_REQUESTED (延期申请) before the finish due."""
    return _unit_event(EventKind.EXTENSION_REQUESTED, ticket_id, actor, unit_id, {"days": days, "reason": reason},
                       **kw)


def decide_extension(ticket_id: str, actor: str, *, granted: bool, days: float | None = None,
                     unit_id: str | None = None, note: str = "", **kw: Any) -> Event:
    """EXTENSION_DECIDED by the center; ``days`` defaults to what the unit asked."""
    data = {"granted": granted, "days": days, "unit_id": unit_id, "note": note}
    return _event(ticket_id, EventKind.EXTENSION_DECIDED, actor, data, **kw)


def report_progress(ticket_id: str, actor: str, *, unit_id: str, text: str = "", **kw: Any) -> Event:
    """PROGRESS_REPORTED: a first response or progress of a special ticket."""
    return _unit_event(EventKind.PROGRESS_REPORTED, ticket_id, actor, unit_id, {"text": text}, **kw)


def assist_reply(ticket_id: str, actor: str, *, unit_id: str, text: str = "", **kw: Any) -> Event:
    """ASSIST_REPLIED: an assisting unit's result to its lead."""
    return _unit_event(EventKind.ASSIST_REPLIED, ticket_id, actor, unit_id, {"text": text}, **kw)


def reply(ticket_id: str, actor: str, *, unit_id: str, text: str = "", **kw: Any) -> Event:
    """REPLIED: the unit's answer (the lead's for all, or a countersigner's part)."""
    return _unit_event(EventKind.REPLIED, ticket_id, actor, unit_id, {"text": text}, **kw)


def review(ticket_id: str, actor: str, *, accepted: bool, note: str = "", **kw: Any) -> Event:
    """REVIEWED: reply accepted (to callback) or sent back for completion (答复审核)."""
    return _event(ticket_id, EventKind.REVIEWED, actor, {"accepted": accepted, "note": note}, **kw)


def call_back(ticket_id: str, actor: str, *, method: str, reached: bool, satisfaction: str | None = None,
              resolved: bool | None = None, note: str = "", **kw: Any) -> Event:
    """CALLED_BACK (回访) with the caller's rating when reached."""
    rating = Satisfaction.parse(satisfaction).value if satisfaction else None
    data = {"method": method, "reached": reached, "satisfaction": rating, "resolved": resolved, "note": note}
    return _event(ticket_id, EventKind.CALLED_BACK, actor, data, **kw)


def screen(ticket_id: str, actor: str, *, callback_event_id: str, reason: str, **kw: Any) -> Event:
    """SCREENED (甄别): exclude a disputed rating from 满意率."""
    data = {"callback_event_id": callback_event_id, "reason": reason}
    return _event(ticket_id, EventKind.SCREENED, actor, data, **kw)


def order_redo(ticket_id: str, actor: str, *, reason: str, **kw: Any) -> Event:
    """REDO_ORDERED (重办) after an unsatisfied, reasonable rating."""
    return _event(ticket_id, EventKind.REDO_ORDERED, actor, {"reason": reason}, **kw)


def note_close(ticket_id: str, actor: str, *, reason: str, **kw: Any) -> Event:
    """NOTE_CLOSED (备注办结)."""
    return _event(ticket_id, EventKind.NOTE_CLOSED, actor, {"reason": reason}, **kw)


def terminate(ticket_id: str, actor: str, *, reason: str, **kw: Any) -> Event:
    """TERMINATED (终结办理) with the unit's written opinion as reason."""
    return _event(ticket_id, EventKind.TERMINATED, actor, {"reason": reason}, **kw)


def chase(ticket_id: str, actor: str, *, level: str, note: str = "", **kw: Any) -> Event:
    """CHASED (催办/督办) at a supervision level of the profile."""
    return _event(ticket_id, EventKind.CHASED, actor, {"level": level, "note": note}, **kw)


def archive(ticket_id: str, actor: str, *, recordings: list[dict[str, Any]] | None = None, **kw: Any) -> Event:
    """ARCHIVED: a closed ticket filed (归档), with the manifest of its calls' recordings (id, SHA-256,
    store path, start, length; Ordos 第二十三条 群众来电录音)."""
    return _event(ticket_id, EventKind.ARCHIVED, actor, {"recordings": list(recordings or [])}, **kw)


def recompute_deadlines(ticket_id: str, actor: str, *, year: int, reason: str, changes: list[dict[str, Any]],
                        source: str = "", **kw: Any) -> Event:
    """DEADLINES_RECOMPUTED (时限调整): a published calendar year moved these due times ({deadline, from, to})."""
    data = {"year": year, "reason": reason, "changes": changes, "source": source}
    return _event(ticket_id, EventKind.DEADLINES_RECOMPUTED, actor, data, **kw)
