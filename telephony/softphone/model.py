"""Frozen snapshots and events the engine hands to its sink: data only, never a live pjsua2 object.

The engine's sink receives one of the ``*Did*`` / ``*Was*`` events below on the pjsua2 thread; a
desk bridges it to the GUI thread. Every event carries the whole :class:`PhoneSnapshot` as it was
right after the change, so a view can redraw from it without asking the engine anything.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class CallState(enum.StrEnum):
    """A call's SIP state, as pjsua2 reports it (INVITE session states)."""

    CALLING = "calling"
    INCOMING = "incoming"
    EARLY = "early"
    CONNECTING = "connecting"
    CONFIRMED = "confirmed"
    DISCONNECTED = "disconnected"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    CallState.CALLING: "呼叫中",
    CallState.INCOMING: "来电振铃",
    CallState.EARLY: "振铃中",
    CallState.CONNECTING: "接通中",
    CallState.CONFIRMED: "通话中",
    CallState.DISCONNECTED: "已挂断",
}


class Direction(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Registration(enum.StrEnum):
    """The account's registration as the agent sees it in the status bar."""

    DIRECT = "direct"  # no registrar (lab mode)
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"
    UNREGISTERED = "unregistered"

    @property
    def label(self) -> str:
        return {
            "direct": "直连模式",
            "registering": "注册中",
            "registered": "已注册",
            "failed": "注册失败",
            "unregistered": "未注册",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Quality:
    """Receive-side quality of a call's audio stream, from pjsua2's RTCP statistics."""

    jitter_ms: float
    loss_pct: float
    rtt_ms: float
    mos: float
    packets: int


@dataclass(frozen=True, slots=True)
class CallSnapshot:
    """One call as it is now. ``call_id`` is the engine's id (stable, never reused in a process)."""

    call_id: str
    direction: Direction
    state: CallState
    remote_uri: str
    caller_number: str  # P-Asserted-Identity or From user part (inbound), the dialled number (outbound)
    dialled: str  # the number the caller dialled: Request-URI user part (the queue, e.g. 12345)
    sip_call_id: str
    interaction_id: str
    held: bool = False
    remote_held: bool = False
    muted: bool = False
    conference: bool = False
    media_active: bool = False
    status_code: int = 0
    reason: str = ""
    started_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    quality: Quality | None = None
    transfer: str = ""  # "", "requested", "accepted", "succeeded", "failed: <code>"
    queue: str = ""  # the center's queue that offered the call (X-Hotline-Queue), "" for a direct call
    ticket_id: str = ""  # the ticket a colleague's desk sent with the call (X-Hotline-Ticket), "" if none
    ticket_number: str = ""  # that ticket's number, as the header gave it
    monitor: str = ""  # a team lead monitors the agent on this call: listen | whisper | barge
    monitor_shown: bool = False  # ... and the center lets the agent see that
    monitoring: str = ""  # this phone monitors the far end (the team lead's side), in this mode


@dataclass(frozen=True, slots=True)
class PhoneSnapshot:
    """The whole phone: registration and every live call (ended calls leave after their last event)."""

    account_uri: str
    registration: Registration
    registration_code: int = 0
    registration_reason: str = ""
    calls: tuple[CallSnapshot, ...] = ()
    recording_alarm: str = ""

    def call(self, call_id: str) -> CallSnapshot | None:
        for c in self.calls:
            if c.call_id == call_id:
                return c
        return None


@dataclass(frozen=True, slots=True)
class PhoneEvent:
    """Base of the events; ``snapshot`` is the phone right after the change."""

    snapshot: PhoneSnapshot


@dataclass(frozen=True, slots=True)
class RegistrationDidChange(PhoneEvent):
    pass


@dataclass(frozen=True, slots=True)
class CallDidChange(PhoneEvent):
    call: CallSnapshot | None = None


@dataclass(frozen=True, slots=True)
class CallDidEnd(PhoneEvent):
    call: CallSnapshot | None = None


@dataclass(frozen=True, slots=True)
class DtmfWasReceived(PhoneEvent):
    call_id: str = ""
    digit: str = ""


@dataclass(frozen=True, slots=True)
class MessageDidComplete(PhoneEvent):
    """A SIP MESSAGE got its final answer (202/200: delivered; anything else: it did not arrive)."""

    to_uri: str = ""
    code: int = 0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class MessageWasReceived(PhoneEvent):
    """A SIP MESSAGE arrived (the center tells the desk the agent state the director applied)."""

    from_uri: str = ""
    body: str = ""


@dataclass(frozen=True, slots=True)
class RecordingDidFail(PhoneEvent):
    """The recording alarm: the call goes on, the agent must be told (录音失败)."""

    interaction_id: str = ""
    message: str = ""


@dataclass(frozen=True, slots=True)
class RecordingWasSaved(PhoneEvent):
    """A finished, compressed recording and its manifest, ready for the center's store."""

    interaction_id: str = ""
    manifest_path: str = ""
    audio_path: str = ""


@dataclass(frozen=True, slots=True)
class MonitorDidChange(PhoneEvent):
    """A team lead started monitoring this phone, switched mode (``mode``) or stopped (``mode`` "").
    ``shown``: the center lets the agent see an indicator (the desk shows nothing otherwise)."""

    call_id: str = ""
    mode: str = ""
    lead: str = ""
    shown: bool = False


@dataclass(frozen=True, slots=True)
class EngineDidStop(PhoneEvent):
    reason: str = ""
