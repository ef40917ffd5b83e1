"""The derived, read-only state of a ticket: what the fold of its events says it is now.

Storage keeps these fields as projection columns (state, caller phone, due times per unit) so lists
and the screen-pop query need no fold; the fold stays the single source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from hotline.enums import AssignmentRole, Category, Channel, MultiUnitMode, Satisfaction, TicketState, Urgency

# Assignment statuses (AssignmentView.status); "withdrawn": released because the lead returned the ticket.
LIVE_STATUSES = frozenset({"dispatched", "signed", "assist-replied", "replied"})


@dataclass(frozen=True)
class AssignmentView:
    """One unit's part in a dispatched ticket."""

    unit_id: str
    role: AssignmentRole
    status: str  # dispatched | signed | returned | return-review | assist-replied | replied | withdrawn
    dispatched_at: datetime
    sign_due: datetime | None = None
    finish_due: datetime | None = None  # includes granted extensions
    signed_at: datetime | None = None
    replied_at: datetime | None = None
    extension_days: float = 0  # granted so far
    extension_pending: bool = False
    extension_requested_days: float = 0  # of the pending request
    base_finish_due: datetime | None = None  # before extensions: the extension cap counts from here
    progress_at: datetime | None = None  # first progress report (特殊工单 first response)
    returned_at: datetime | None = None
    return_reason: str = ""
    legal_basis: str = ""
    suggested_unit: str = ""
    returned_late: bool = False  # after the return window (Liangshan 第十二条(二): 超期办理件)

    @property
    def is_live(self) -> bool:
        """Still holds a part of the ticket (not returned, under return review or withdrawn)."""
        return self.status in LIVE_STATUSES


@dataclass(frozen=True)
class CallbackView:
    """One callback (回访) attempt and what the caller said."""

    event_id: str
    at: datetime
    method: str
    reached: bool
    resolved: bool | None = None
    satisfaction: Satisfaction | None = None
    screened: bool = False  # 甄别: excluded from 满意率 (Liangshan 第十三条(三))
    screen_reason: str = ""


@dataclass(frozen=True)
class CallLink:
    """A call about the ticket: the one it was made during, or a later one linked to it (CALL_LINKED)."""

    call_id: str  # the SIP Call-ID
    interaction_id: str  # the recording's interaction ("" when none)
    linked_at: datetime
    origin: str  # the workstation that linked it
    event_id: str  # the CREATED or CALL_LINKED event


@dataclass(frozen=True)
class ExpertOpinion:
    """A specialist's opinion on the ticket (专家意见), given on a conferenced call (EXPERT_OPINION)."""

    seat: str  # the expert seat's name
    unit: str  # the seat's unit
    text: str
    at: datetime
    actor: str
    event_id: str


@dataclass(frozen=True)
class RejectedEvent:
    """An event the rules refused: kept in the log, marked, never dropped."""

    event_id: str
    kind: str
    reason: str


@dataclass(frozen=True)
class TicketView:
    """A ticket as its events make it."""

    id: str
    number: str
    profile: str
    state: TicketState
    category: Category
    urgency: Urgency
    channel: Channel
    content: str
    created_at: datetime
    updated_at: datetime
    caller_phone: str = ""  # canonical (hotline.phones); what the screen pop looks up
    caller_phone_raw: str = ""  # as given (trunk caller ID, typed, imported); "" on views stored before it
    caller_name: str = ""
    caller_address: str = ""
    matter_address: str = ""
    disposition: str = ""  # direct | dispatch | not-accepted | emergency | repeat
    article_id: str | None = None
    article_version: int | None = None
    mode: MultiUnitMode | None = None
    assignments: tuple[AssignmentView, ...] = ()
    dispatch_due: datetime | None = None  # intake -> dispatch clock
    finish_due: datetime | None = None  # the latest finish due over the units, extensions included
    callback_due: datetime | None = None
    first_response_due: datetime | None = None
    redo_count: int = 0
    chase_level: str | None = None
    satisfaction: Satisfaction | None = None
    closed_at: datetime | None = None
    closed_how: str = ""  # direct | not-accepted | emergency | repeat | callback | note-closed | terminated
    duplicate_of: str | None = None
    repeat_calls: int = 0
    accepted: tuple[str, ...] = ()  # ids of accepted events, in fold order
    rejected: tuple[RejectedEvent, ...] = field(default_factory=tuple)
    # added by the lifecycle; all derived from the events
    call_time: datetime | None = None
    guidance_class: str | None = None
    emergency_lines: tuple[str, ...] = ()
    finish_days: float | None = None  # a shorter limit the center wrote on the ticket (Hohhot 第十八条)
    dispatched_at: datetime | None = None  # the first dispatch
    replied_at: datetime | None = None  # the last time the units' answer was complete
    reviewed_at: datetime | None = None  # the last accepted reply review
    first_response_at: datetime | None = None  # first progress report or reply
    progress_due: datetime | None = None
    callbacks: tuple[CallbackView, ...] = ()
    chase_count: int = 0
    overdue: bool = False  # counted as 超期办理件
    overdue_reasons: tuple[str, ...] = ()
    call_id: str = ""  # the SIP Call-ID of the call the ticket was made during
    interaction_id: str = ""  # that call's recording
    calls: tuple[CallLink, ...] = ()  # every call about the ticket, in the order linked
    opinions: tuple[ExpertOpinion, ...] = ()  # specialists' opinions (专家意见), in the order given
    provisional: tuple[str, ...] = ()  # due times counted on a provisional calendar year (暂定), by name

    @property
    def is_open(self) -> bool:
        """Not yet closed or archived."""
        return self.state not in (TicketState.CLOSED, TicketState.ARCHIVED)
