"""The commands an agent (or a test) gives the phone; each is checked before it reaches pjsua2.

Commands are plain frozen dataclasses. :func:`telephony.softphone.validate.check` refuses a bad
one with a named :class:`~telephony.softphone.errors.SoftphoneError`; the engine runs the rest on
its pjsua2 thread.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Dial:
    """Place a call to a SIP URI or a number (a number goes to the registrar's domain)."""

    destination: str
    # consult=True: a consultation leg of the agent's current interaction (the active call is held)
    consult: bool = False
    # extra headers on the INVITE, (name, value) pairs; names from telephony.softphone.headers.ALLOWED_HEADERS
    headers: tuple[tuple[str, str], ...] = ()
    # "listen" | "whisper" | "barge": a team lead's monitoring request to an agent's extension
    monitor: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    call_id: str


@dataclass(frozen=True, slots=True)
class Reject:
    call_id: str
    status_code: int = 486  # busy here; 603 decline


@dataclass(frozen=True, slots=True)
class Hangup:
    call_id: str


@dataclass(frozen=True, slots=True)
class Hold:
    call_id: str


@dataclass(frozen=True, slots=True)
class Resume:
    call_id: str


@dataclass(frozen=True, slots=True)
class Mute:
    call_id: str
    muted: bool = True


@dataclass(frozen=True, slots=True)
class SendDtmf:
    call_id: str
    digits: str
    method: str = "rfc2833"  # or "info" (SIP INFO)


@dataclass(frozen=True, slots=True)
class BlindTransfer:
    """REFER the call to a destination; the agent's leg ends when the transfer succeeds."""

    call_id: str
    destination: str


@dataclass(frozen=True, slots=True)
class CompleteTransfer:
    """Attended transfer: connect ``call_id`` (e.g. the caller) to ``consult_id`` and leave both."""

    call_id: str
    consult_id: str


@dataclass(frozen=True, slots=True)
class Conference:
    """Bridge the calls locally: everyone hears everyone, the agent included (three-way call)."""

    call_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DropOut:
    """The agent leaves a three-way call; the other two stay connected (attended transfer)."""

    call_id: str
    other_id: str


@dataclass(frozen=True, slots=True)
class HangupAll:
    pass


@dataclass(frozen=True, slots=True)
class SendMessage:
    """A SIP MESSAGE outside any call, e.g. the agent's state to the queue director (sip:acd@…)."""

    destination: str
    body: str


@dataclass(frozen=True, slots=True)
class SetMonitorMode:
    """Switch a monitoring call (one dialled with ``Dial(monitor=...)``) to another mode."""

    call_id: str
    mode: str


Command = (
    Dial
    | Answer
    | Reject
    | Hangup
    | Hold
    | Resume
    | Mute
    | SendDtmf
    | BlindTransfer
    | CompleteTransfer
    | Conference
    | DropOut
    | HangupAll
    | SendMessage
    | SetMonitorMode
)
