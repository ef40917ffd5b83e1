"""The specialist's step: an expert seat's opinion on a ticket (专家意见, Liangshan 第十一条 专家坐席联动).

An agent conferences a unit's expert seat into a call; the specialist reads the ticket the call
carries and writes an opinion. The opinion changes no state and starts or stops no clock: it is
listed on the ticket with the seat, its unit and when it was given. Legal while the ticket is open;
on a closed or archived ticket it is refused with AlreadyClosed (hotline.tickets.table).
"""

from __future__ import annotations

from typing import Any

from hotline.policy import Profile
from hotline.tickets import errors as E
from hotline.tickets.events import Event, EventKind
from hotline.tickets.steps_common import Apply, Check, required_text, touch
from hotline.tickets.view import ExpertOpinion, TicketView

MAX_TEXT = 2000


def _check(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    required_text(event, "seat")
    text = required_text(event, "text")
    if len(text) > MAX_TEXT:
        raise E.BadValue(f"expert-opinion text is {len(text)} characters; at most {MAX_TEXT}")


def _apply(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    opinion = ExpertOpinion(str(event.data["seat"]).strip(), str(event.data.get("unit") or "").strip(),
                            str(event.data["text"]).strip(), event.at, event.actor, event.id)
    return touch(view, event, opinions=view.opinions + (opinion,))


STEPS: dict[EventKind, tuple[Check, Apply]] = {EventKind.EXPERT_OPINION: (_check, _apply)}
