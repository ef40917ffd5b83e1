"""The call step: another call about a ticket is linked to it (CALL_LINKED), with its recording.

One call can make several tickets (each CREATED names the call), and a ticket can gather several
calls: a caller ringing again about an open matter (重复来电, Ordos 第十八条(四)), or about a closed
one. The link changes no state; it lists the call (SIP Call-ID) and its recording's interaction id
on the ticket, so the recordings are found next to it. Legal in every state but archived.
"""

from __future__ import annotations

from typing import Any

from hotline.policy import Profile
from hotline.tickets.events import Event, EventKind
from hotline.tickets.steps_common import Apply, Check, required_text, touch
from hotline.tickets.view import CallLink, TicketView


def _check(view: TicketView, event: Event, profile: Profile, calendar: Any) -> None:
    required_text(event, "call_id")


def _apply(view: TicketView, event: Event, profile: Profile, calendar: Any) -> TicketView:
    call_id = str(event.data["call_id"]).strip()
    if any(c.call_id == call_id for c in view.calls):  # linked already: the first link stands
        return touch(view, event)
    link = CallLink(call_id, str(event.data.get("interaction_id") or ""), event.at, event.origin, event.id)
    return touch(view, event, calls=view.calls + (link,))


STEPS: dict[EventKind, tuple[Check, Apply]] = {EventKind.CALL_LINKED: (_check, _apply)}
