"""What the director asks of the world: route, overflow or reject a call, and record an event.

The director returns a list of these for every input. The center process (telephony/center) applies
``RouteCall``/``Overflow``/``RejectCall`` to Kamailio and hands every ``Record`` to storage
(storage/center.py), which keeps the queue event log, the agent-state log and the per-call CDR.
All are frozen dataclasses carrying plain data (``handle`` and ``data`` are JSON-able).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hotline.ids import new_id

# kinds of QueueEvent
QUEUED = "queued"
OFFERED = "offered"
ANSWERED = "answered"
NO_ANSWER = "no-answer"
ABANDONED = "abandoned"
OVERFLOWED = "overflowed"
TRANSFERRED = "transferred"
CONFERENCED = "conferenced"
ENDED = "ended"
AGENT_STATE = "agent-state"
KINDS = (QUEUED, OFFERED, ANSWERED, NO_ANSWER, ABANDONED, OVERFLOWED, TRANSFERRED, CONFERENCED, ENDED,
         AGENT_STATE)
# events after which a call is no longer the director's
FINAL = (ABANDONED, OVERFLOWED, ENDED, TRANSFERRED)


@dataclass(frozen=True, slots=True)
class QueueEvent:
    """One fact of the center: a call event (``call`` set) or an agent-state change (``agent`` set).

    ``data`` by kind — queued: dialled, priority, handle; offered: ring_timeout_s; answered: wait_s;
    no-answer: code, misses, lost (Kamailio never told); abandoned: wait_s, while (queued|ringing);
    overflowed: kind (callback|voicemail|seat), target, why (max-wait|night|seat-failed), wait_s,
    message, dialled, label, category and profile (for the callback reservation's ticket); transferred/conferenced: target; ended: talk_s; agent-state: state, reason, misses,
    until (ISO end of wrap-up). ``id`` makes appending idempotent.
    """

    kind: str
    at: datetime
    call: str = ""
    queue: str = ""
    agent: str = ""
    caller: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=new_id)


@dataclass(frozen=True, slots=True)
class RouteCall:
    """Resume the suspended call to ``agent``'s phone and ring it for ``ring_timeout_s`` seconds."""

    call: str
    agent: str
    ring_timeout_s: int
    handle: Any = None


@dataclass(frozen=True, slots=True)
class Overflow:
    """Take the call out of the queue: ``kind`` callback (预约回拨, a ticket is made from the
    overflowed event), voicemail (留言), or seat (``target`` is the SIP user to ring, e.g. the duty
    seat 值班坐席). ``message`` is what the caller is told."""

    call: str
    kind: str
    target: str = ""
    handle: Any = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class RejectCall:
    """Refuse the call with a SIP ``code`` (e.g. 404 for a number no queue serves)."""

    call: str
    code: int
    reason: str
    handle: Any = None


@dataclass(frozen=True, slots=True)
class Record:
    """Hand ``event`` to storage."""

    event: QueueEvent


Action = RouteCall | Overflow | RejectCall | Record
