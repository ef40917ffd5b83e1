"""The player's tables (migration 0010): QA scores (质检评分) and marks with notes on a recording.

``qa_scores`` keeps every sheet ever given (who, when, each criterion, the weighted total); a re-score
of the same recording by anyone sets ``current`` false on the older sheet, so averages and the
browser's score filter count one sheet per recording. ``recording_marks`` are notes at a time
(milliseconds from the start) a reviewer put on a recording. ``SEARCH_INDEXES`` are the recordings
browser's indexes on the recording store's ``recordings`` table (storage.recording_search).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.recording_tables import RecordingRow
from storage.tables import Base, Id


class QaScoreRow(Base):
    """One QA sheet for one recording."""

    __tablename__ = "qa_scores"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    recording_id: Mapped[str] = mapped_column(Id)
    agent: Mapped[str] = mapped_column(String(40))  # copied from the recording: averages need no join
    started_at: Mapped[datetime]  # copied too: the browser's score filter walks scores in the recordings' order
    scorer: Mapped[str] = mapped_column(String(40))
    scored_at: Mapped[datetime]
    form_version: Mapped[str] = mapped_column(String(40), default="")
    scores: Mapped[dict[str, Any]]
    total: Mapped[float] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text, default="")
    current: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        Index("ix_qa_scores_recording_id_current", "recording_id", "current"),
        Index("ix_qa_scores_agent_scored_at", "agent", "scored_at"),
        Index("ix_qa_scores_current_started_at", "current", "started_at", "recording_id", "total"),
    )


class RecordingMarkRow(Base):
    """A note at a time in a recording."""

    __tablename__ = "recording_marks"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    recording_id: Mapped[str] = mapped_column(Id)
    at_ms: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_recording_marks_recording_id_at_ms", "recording_id", "at_ms"),)


_R = RecordingRow.__table__.c
SEARCH_INDEXES = (
    Index("ix_recordings_search_started", _R.started_at, _R.id),
    Index("ix_recordings_search_caller", _R.caller, _R.started_at, _R.id),
    Index("ix_recordings_search_queue", _R.queue, _R.started_at, _R.id),
)
