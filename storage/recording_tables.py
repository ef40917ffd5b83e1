"""The recording tables: one row per recorded interaction, its calls, and a desk's upload queue.

``recordings`` travels over sync (entity ``recording``): a desk adds the row when its softphone has
finished a file, the center marks it verified (or quarantined) after checking the uploaded file's
SHA-256, and that mark comes back to the desk by pull. ``recording_calls`` holds the SIP Call-IDs
of the interaction's legs so the CDR (``calls.call_id``) and ``ticket_calls.call_id`` join by index.
``recording_uploads`` is the desk's own queue (never synced): the local file still to send, its
attempts and the next try. Migration 0008 creates exactly these tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base, Id

STATES = ("pending", "uploaded", "verified", "quarantined", "purged")
#: a state never goes back: a late push of "uploaded" does not undo the center's "verified", and a
#: recording purged after its retention period (telephony.center.retention) stays purged
RANK = {"pending": 0, "uploaded": 1, "verified": 2, "quarantined": 2, "purged": 3}


class RecordingRow(Base):
    """One recorded interaction (its manifest's facts) and where it stands on its way to the center."""

    __tablename__ = "recordings"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    interaction_id: Mapped[str] = mapped_column(String(64), index=True)
    call_ids: Mapped[list[Any]]
    agent: Mapped[str] = mapped_column(String(80), default="")
    caller: Mapped[str] = mapped_column(String(80), default="")
    queue: Mapped[str] = mapped_column(String(40), default="")
    started_at: Mapped[datetime]
    duration_s: Mapped[float] = mapped_column(Float)
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    codec: Mapped[str] = mapped_column(String(24))
    store_path: Mapped[str] = mapped_column(String(255), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    uploaded_at: Mapped[datetime | None]
    verified_at: Mapped[datetime | None]
    problem: Mapped[str] = mapped_column(String(500), default="")
    origin: Mapped[str] = mapped_column(String(80), default="")

    __table_args__ = (Index("ix_recordings_state", "state"), Index("ix_recordings_started_at", "started_at"),
                      Index("ix_recordings_agent_started_at", "agent", "started_at"))


class RecordingCallRow(Base):
    """One SIP Call-ID of a recorded interaction (the join key to ``calls`` and ``ticket_calls``)."""

    __tablename__ = "recording_calls"

    recording_id: Mapped[str] = mapped_column(Id, ForeignKey("recordings.id", ondelete="CASCADE"), primary_key=True)
    call_id: Mapped[str] = mapped_column(String(255), primary_key=True, index=True)


class RecordingUploadRow(Base):
    """A desk's queued upload: the local file, tries so far, when to try next, the last error."""

    __tablename__ = "recording_uploads"

    recording_id: Mapped[str] = mapped_column(Id, ForeignKey("recordings.id", ondelete="CASCADE"), primary_key=True)
    local_path: Mapped[str] = mapped_column(Text)
    manifest_path: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime]
    last_error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_recording_uploads_next_try_at", "next_try_at"),)
