"""The telephony center's tables: the queue event log, agent-state changes, agents now, and the CDR.

``queue_events`` keeps every fact the queue director recorded (hotline.acd.QueueEvent), keyed by the
event's id so a duplicate append changes nothing; a director restart reads it back. ``agent_states``
is the log of agent-state changes (the same events, typed for reports) and ``agent_now`` each agent's
latest state (the board reads it without folding the log). ``calls`` is the per-call record (CDR),
updated from the events: queued, first offered, answered, ended/abandoned times, wait and talk
seconds, the queue, the agent, the caller, the outcome, a transfer's target, conference targets and
the ticket a callback reservation became. Migration 0003 creates exactly these.

These rows are written at the center only and are not part of the desks' sync (storage/changelog.py
ENTITIES): the director writes them to the central database, the desks' boards read them there.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base, Id

CallId = String(255)  # a SIP Call-ID


class QueueEventRow(Base):
    """One queue event as the director recorded it."""

    __tablename__ = "queue_events"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime]
    call_id: Mapped[str] = mapped_column(CallId, default="")
    queue: Mapped[str] = mapped_column(String(40), default="")
    agent: Mapped[str] = mapped_column(String(40), default="")
    caller: Mapped[str] = mapped_column(String(80), default="")
    data: Mapped[dict[str, Any]]
    stored_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_queue_events_at_id", "at", "id"),
        Index("ix_queue_events_call_id", "call_id"),
    )


class AgentStateRow(Base):
    """An agent-state change (its id is the queue event's)."""

    __tablename__ = "agent_states"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    agent: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(80), default="")
    at: Mapped[datetime]
    until: Mapped[datetime | None]  # the end of a wrap-up
    call_id: Mapped[str] = mapped_column(CallId, default="")

    __table_args__ = (Index("ix_agent_states_agent_at", "agent", "at"),)


class AgentNowRow(Base):
    """Each agent's latest state; an older event arriving late does not overwrite a newer one."""

    __tablename__ = "agent_now"

    agent: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(80), default="")
    since: Mapped[datetime]
    event_id: Mapped[str] = mapped_column(Id)
    call_id: Mapped[str] = mapped_column(CallId, default="")


class CallRow(Base):
    """The CDR of one call through the center's queues."""

    __tablename__ = "calls"

    call_id: Mapped[str] = mapped_column(CallId, primary_key=True)
    caller: Mapped[str] = mapped_column(String(80), default="")
    dialled: Mapped[str] = mapped_column(String(40), default="")
    district: Mapped[str] = mapped_column(String(40), default="")
    queue: Mapped[str] = mapped_column(String(40))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime]
    offered_at: Mapped[datetime | None]  # first offer to an agent (routed)
    offers: Mapped[int] = mapped_column(Integer, default=0)
    no_answers: Mapped[int] = mapped_column(Integer, default=0)
    agent: Mapped[str] = mapped_column(String(40), default="")
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]  # hung up, abandoned, overflowed away or transferred
    wait_s: Mapped[float | None]
    talk_s: Mapped[float | None]
    outcome: Mapped[str] = mapped_column(String(16))  # waiting ringing seat talking | ended abandoned overflowed transferred
    abandoned_while: Mapped[str] = mapped_column(String(16), default="")
    overflow_kind: Mapped[str] = mapped_column(String(16), default="")
    overflow_target: Mapped[str] = mapped_column(String(40), default="")
    overflow_why: Mapped[str] = mapped_column(String(16), default="")
    transferred_to: Mapped[str] = mapped_column(String(80), default="")
    conferenced: Mapped[list[Any]]
    ticket_id: Mapped[str | None] = mapped_column(Id)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]

    __table_args__ = (
        Index("ix_calls_queue_queued_at", "queue", "queued_at"),
        Index("ix_calls_outcome", "outcome"),
        Index("ix_calls_caller", "caller"),
    )
