"""Helpers for the lifecycle tests (no tests here): a ticket driven step by step on a fixed clock.

Times start on Monday 2025-03-03 09:30 CST, a working day of every profile's calendar.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

import pytest

from hotline.policy_loader import load_profile
from hotline.tickets import commands as cmd
from hotline.tickets.events import Event
from hotline.tickets.lifecycle import decide, fold
from hotline.tickets.view import TicketView
from hotline.timezone import CST
from hotline.workcalendar import default_calendar

PROFILES = ["national", "inner-mongolia", "liangshan", "changzhi", "hohhot", "ordos"]
T0 = datetime(2025, 3, 3, 9, 30, tzinfo=CST)


@cache
def calendar():  # noqa: ANN201
    return default_calendar()


def at(text: str) -> datetime:
    """'2025-03-04 09:40' as CST."""
    return datetime.fromisoformat(text).replace(tzinfo=CST)


class Ticket:
    """One ticket under one profile; each step is validated with decide() and then logged."""

    def __init__(self, profile_id: str, *, category: str = "help", urgency: str = "normal",
                 channel: str = "phone", start: datetime = T0, **intake) -> None:
        self.profile = load_profile(profile_id)
        self.now = start
        self.events: list[Event] = []
        intake.setdefault("caller_phone", "13800000000")
        created = cmd.create("agent-1", number="2025030300001", profile=profile_id, channel=channel,
                             category=category, urgency=urgency, content="小区路灯不亮", at=start, **intake)
        self.id = created.ticket_id
        self.events.append(created)

    @property
    def view(self) -> TicketView:
        return fold(self.events, self.profile, calendar())

    def make(self, builder, minutes: float = 10, when: datetime | None = None, **kw) -> Event:
        """The event ``builder`` makes, ``minutes`` after the last step (or at ``when``)."""
        self.now = when or self.now + timedelta(minutes=minutes)
        return builder(self.id, "agent-1", at=self.now, **kw)

    def do(self, builder, minutes: float = 10, when: datetime | None = None, **kw) -> TicketView:
        event = self.make(builder, minutes, when, **kw)
        decide(self.view, event, self.profile, calendar())
        self.events.append(event)
        return self.view

    def refuse(self, builder, error: type[Exception], minutes: float = 10, when: datetime | None = None,
               **kw) -> Exception:
        """The step is refused by decide() with ``error``, and the fold keeps it as rejected."""
        before = self.now
        event = self.make(builder, minutes, when, **kw)
        with pytest.raises(error) as caught:
            decide(self.view, event, self.profile, calendar())
        folded = fold([*self.events, event], self.profile, calendar())
        assert folded.rejected[-1].event_id == event.id
        assert event.id not in folded.accepted
        self.now = before
        return caught.value

    # common paths -----------------------------------------------------------------------------
    def dispatched(self, *units: str, mode: str = "single", **kw) -> TicketView:
        return self.do(cmd.dispatch, units=list(units or ["unit-a"]), mode=mode, **kw)

    def signed(self, unit: str = "unit-a", minutes: float = 10) -> TicketView:
        return self.do(cmd.sign, minutes, unit_id=unit)

    def replied(self, unit: str = "unit-a", minutes: float = 10) -> TicketView:
        return self.do(cmd.reply, minutes, unit_id=unit, text="已修复")

    def answered(self) -> TicketView:
        """Dispatched to unit-a, signed, replied: REPLIED."""
        self.dispatched()
        self.signed()
        return self.replied()

    def awaiting_callback(self) -> TicketView:
        self.answered()
        return self.do(cmd.review, accepted=True)
