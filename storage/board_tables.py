"""The live board as the director publishes it: the callers waiting now and every agent now.

``board_waiting`` holds one row per caller the director holds who is not talking yet (waiting or
being rung), with its place in the queue's service order; ``board_agents`` one row per agent of the
plan with its state, reason, since when, and the call it is on (that call's queue and start). Both
are a mirror of the director's memory (telephony.center.board_publish), replaced as it changes; the
CDR (``calls``) and the agent-state log stay the history. Migration 0009 creates exactly these.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.center_tables import CallId
from storage.tables import Base


class BoardWaitingRow(Base):
    """A caller waiting (or being rung) now."""

    __tablename__ = "board_waiting"

    call_id: Mapped[str] = mapped_column(CallId, primary_key=True)
    queue: Mapped[str] = mapped_column(String(40))
    caller: Mapped[str] = mapped_column(String(80), default="")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer)  # 1 = served next, over all queues
    status: Mapped[str] = mapped_column(String(16))  # waiting | ringing
    agent: Mapped[str] = mapped_column(String(40), default="")  # the agent being rung
    queued_at: Mapped[datetime]
    published_at: Mapped[datetime]

    __table_args__ = (Index("ix_board_waiting_position", "position"),)


class BoardAgentRow(Base):
    """An agent now."""

    __tablename__ = "board_agents"

    agent: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(80), default="")
    since: Mapped[datetime | None]
    registered: Mapped[bool] = mapped_column(Boolean, default=False)
    call_id: Mapped[str] = mapped_column(CallId, default="")
    call_queue: Mapped[str] = mapped_column(String(40), default="")
    call_started: Mapped[datetime | None]  # answered (talking) or offered (ringing)
    published_at: Mapped[datetime]
