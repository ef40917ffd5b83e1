"""Ticket events: the append-only log every ticket's state is derived from.

An event is what one person did to one ticket at one moment, made on one workstation. Events carry
plain data (JSON-able ``data``), never live objects, so they cross threads, processes and the sync
link unchanged. Their order for derivation is (``at``, ``id``): ``id`` is a UUIDv7, so ties at the
same instant still sort the same way on every machine.

Payload keys per kind (all optional unless marked *):
- CREATED: number*, profile*, channel*, category*, urgency*, content*, caller_phone, caller_name,
  caller_address (unit or address), call_time (ISO), matter_address, call_id (the SIP Call-ID of the
  call it was made during), interaction_id (that call's recording), caller_phone_raw (the number as
  given; caller_phone is its canonical form, hotline.phones)
- CLASSIFIED: category, urgency
- ANSWERED_DIRECTLY: article_id*, article_version*, answer
- NOT_ACCEPTED: class_key*, guidance
- EMERGENCY_LINKED: line* (EmergencyLine value), note
- LINKED_AS_REPEAT: original_ticket_id*
- REPEAT_CALL_RECORDED: repeat_ticket_id
- CALL_LINKED: call_id*, interaction_id (another call about this ticket, e.g. a repeat call; its
  recording is found next to the ticket)
- DISPATCHED: mode* (MultiUnitMode value), units* [{unit_id, role}], note, finish_days (a shorter
  limit the center writes on the ticket, Hohhot 第十八条)
- SIGNED / PROGRESS_REPORTED / ASSIST_REPLIED / REPLIED: unit_id*, text
- RETURNED: unit_id*, reason*, legal_basis*, suggested_unit
- RETURN_REVIEWED: approved*, note
- EXTENSION_REQUESTED: unit_id*, days*, reason*
- EXTENSION_DECIDED: granted*, days, note
- REVIEWED: accepted*, note
- CALLED_BACK: method* (sms/phone/network), reached*, resolved, satisfaction (Satisfaction value), note
- SCREENED: callback_event_id*, reason*
- REDO_ORDERED / NOTE_CLOSED / TERMINATED: reason*
- CHASED: level* (a supervision level key of the profile), note
- ARCHIVED: (nothing)
- EXPERT_OPINION: seat* (the expert seat's name), unit (the seat's unit name), text* (专家意见, at most
  2000 characters), call_id (the consultation call it was given on)
- DEADLINES_RECOMPUTED: year*, reason*, source, changes [{deadline, from, to}] (an official calendar
  year replaced a provisional one and moved these due times; hotline.tickets.steps_calendar)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from hotline.ids import new_id
from hotline.timezone import now, to_cst


class EventKind(StrEnum):
    """Every kind of thing that can happen to a ticket."""

    CREATED = "created"
    CLASSIFIED = "classified"
    ANSWERED_DIRECTLY = "answered-directly"
    NOT_ACCEPTED = "not-accepted"
    EMERGENCY_LINKED = "emergency-linked"
    LINKED_AS_REPEAT = "linked-as-repeat"
    REPEAT_CALL_RECORDED = "repeat-call-recorded"
    DISPATCHED = "dispatched"
    SIGNED = "signed"
    RETURNED = "returned"
    RETURN_REVIEWED = "return-reviewed"
    EXTENSION_REQUESTED = "extension-requested"
    EXTENSION_DECIDED = "extension-decided"
    PROGRESS_REPORTED = "progress-reported"
    ASSIST_REPLIED = "assist-replied"
    REPLIED = "replied"
    REVIEWED = "reviewed"
    CALLED_BACK = "called-back"
    SCREENED = "screened"
    REDO_ORDERED = "redo-ordered"
    NOTE_CLOSED = "note-closed"
    TERMINATED = "terminated"
    CHASED = "chased"
    ARCHIVED = "archived"
    DEADLINES_RECOMPUTED = "deadlines-recomputed"
    CALL_LINKED = "call-linked"
    EXPERT_OPINION = "expert-opinion"


@dataclass(frozen=True)
class Event:
    """One thing that happened to a ticket; immutable once made."""

    ticket_id: str
    kind: EventKind
    actor: str
    data: Mapping[str, Any] = field(default_factory=dict)
    actor_unit: str | None = None  # the unit the actor acts for; None means the hotline center
    at: datetime = field(default_factory=now)
    id: str = field(default_factory=new_id)
    origin: str = ""  # the workstation (or "center") that made it

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", to_cst(self.at))
        object.__setattr__(self, "kind", EventKind(self.kind))

    @property
    def sort_key(self) -> tuple[datetime, str]:
        """The order in which events are folded into a state, the same on every machine."""
        return (self.at, self.id)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-able form, for storage and the sync link."""
        return {
            "id": self.id,
            "ticket_id": self.ticket_id,
            "kind": self.kind.value,
            "actor": self.actor,
            "actor_unit": self.actor_unit,
            "at": self.at.isoformat(),
            "data": dict(self.data),
            "origin": self.origin,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Event:
        """Inverse of :meth:`to_json`."""
        return cls(
            id=raw["id"],
            ticket_id=raw["ticket_id"],
            kind=EventKind(raw["kind"]),
            actor=raw["actor"],
            actor_unit=raw.get("actor_unit"),
            at=datetime.fromisoformat(raw["at"]),
            data=dict(raw.get("data") or {}),
            origin=raw.get("origin", ""),
        )
