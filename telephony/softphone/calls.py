"""The engine's mutable record of one call, and small pjsua2 helpers shared by the core's parts."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pjsua2 as pj

from telephony.softphone import model as m
from telephony.softphone.pjobjects import PjCall


@dataclass(slots=True)
class CallRecord:
    """The engine's mutable record of one call (pjsua2 thread only)."""

    call_id: str
    pj_call: PjCall
    direction: m.Direction
    remote_uri: str
    caller_number: str
    dialled: str
    interaction_id: str
    state: m.CallState
    started_at: datetime
    created: float = field(default_factory=time.monotonic)
    sip_call_id: str = ""
    held: bool = False
    remote_held: bool = False
    muted: bool = False
    conference: bool = False
    media: bool = False
    slot: int = -1
    status_code: int = 0
    reason: str = ""
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    quality: m.Quality | None = None
    transfer: str = ""
    rx_packets: int = -1
    rx_changed: float = field(default_factory=time.monotonic)
    end_reason: str = ""
    transfer_done_at: float = 0.0
    queue: str = ""
    ticket_id: str = ""
    ticket_number: str = ""
    monitor: str = ""  # a team lead monitoring this phone, in this mode (the agent's side)
    monitor_shown: bool = False  # the center lets the agent see it
    monitoring: str = ""  # this phone monitors the far end, in this mode (the lead's side)

    def snapshot(self) -> m.CallSnapshot:
        return m.CallSnapshot(
            call_id=self.call_id, direction=self.direction, state=self.state, remote_uri=self.remote_uri,
            caller_number=self.caller_number, dialled=self.dialled, sip_call_id=self.sip_call_id,
            interaction_id=self.interaction_id, held=self.held, remote_held=self.remote_held,
            muted=self.muted, conference=self.conference, media_active=self.media,
            status_code=self.status_code, reason=self.end_reason or self.reason,
            started_at=self.started_at, answered_at=self.answered_at, ended_at=self.ended_at,
            quality=self.quality, transfer=self.transfer, queue=self.queue,
            ticket_id=self.ticket_id, ticket_number=self.ticket_number, monitor=self.monitor,
            monitor_shown=self.monitor_shown, monitoring=self.monitoring,
        )


def op(code: int) -> Any:
    prm = pj.CallOpParam(True)
    if code:
        prm.statusCode = code
    return prm
