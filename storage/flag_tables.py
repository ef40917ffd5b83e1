"""The ``caller_flags`` table: flags the center sets on canonical numbers, cleared but never deleted.

Written at the center only and copied to desks whole by pull (storage.caller_flags,
storage.sync_appliers). ``ix_caller_flags_number_set_at`` serves the screen pop's one look-up (the
newest active flag of a number) and a number's history. Migration 0007 creates exactly this table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base, Id


class CallerFlagRow(Base):
    """One flag (hotline.caller_flags.CallerFlagRecord); ``cleared_at`` NULL while it is active."""

    __tablename__ = "caller_flags"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    number: Mapped[str] = mapped_column(String(40))  # canonical (hotline.phones)
    kind: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(500))
    article: Mapped[str] = mapped_column(String(120))
    set_by: Mapped[str] = mapped_column(String(80))
    set_at: Mapped[datetime]
    cleared_by: Mapped[str | None] = mapped_column(String(80))
    cleared_at: Mapped[datetime | None]
    clear_reason: Mapped[str] = mapped_column(String(500), default="")

    __table_args__ = (Index("ix_caller_flags_number_set_at", "number", "set_at"),)
