"""Event factories for the storage tests: a phone ticket, a dispatch, a unit signing."""

from __future__ import annotations

from datetime import datetime, timedelta

from hotline.ids import new_id
from hotline.tickets.events import Event, EventKind
from hotline.timezone import CST

PROFILE = "hohhot"
BASE = datetime(2025, 3, 3, 9, 30, tzinfo=CST)  # a Monday, an ordinary working day


def created(
    phone: str = "13800000001",
    at: datetime = BASE,
    ticket_id: str | None = None,
    content: str = "小区供暖不热",
    number: str | None = None,
    origin: str = "desk-01",
) -> Event:
    tid = ticket_id or new_id()
    return Event(
        ticket_id=tid,
        kind=EventKind.CREATED,
        actor="agent-01",
        at=at,
        origin=origin,
        data={
            "number": number or f"T{at:%Y%m%d}-01-{tid[-6:]}",
            "profile": PROFILE,
            "channel": "phone",
            "category": "help",
            "urgency": "normal",
            "content": content,
            "caller_phone": phone,
            "caller_name": "张先生",
        },
    )


def dispatched(ticket_id: str, unit_id: str, at: datetime, origin: str = "desk-01") -> Event:
    return Event(
        ticket_id=ticket_id,
        kind=EventKind.DISPATCHED,
        actor="agent-01",
        at=at,
        origin=origin,
        data={"mode": "single", "units": [{"unit_id": unit_id, "role": "lead"}]},
    )


def signed(ticket_id: str, unit_id: str, at: datetime, origin: str = "unit-desk") -> Event:
    return Event(
        ticket_id=ticket_id,
        kind=EventKind.SIGNED,
        actor="handler-01",
        actor_unit=unit_id,
        at=at,
        origin=origin,
        data={"unit_id": unit_id},
    )


def classified(ticket_id: str, at: datetime, category: str = "complaint", origin: str = "desk-02") -> Event:
    return Event(
        ticket_id=ticket_id,
        kind=EventKind.CLASSIFIED,
        actor="agent-02",
        at=at,
        origin=origin,
        data={"category": category},
    )


def later(minutes: float) -> datetime:
    return BASE + timedelta(minutes=minutes)
