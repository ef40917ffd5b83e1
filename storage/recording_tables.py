"""The center's ``recordings`` table, as the player reads it (the recording store's migration 0008 owns it).

Only the columns the browser and the player use are relied on: who (agent, caller, queue), when
(started_at, duration_s), which file (store_path, its sha256) and whether the center verified it (state
pending | uploaded | verified | quarantined). The search indexes the browser needs are added here, by
migration 0010, under their own names (storage.recording_search).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.tables import Base, Id


class RecordingRow(Base):
    """One call recording held by the center's store."""

    __tablename__ = "recordings"

    id: Mapped[str] = mapped_column(Id, primary_key=True)
    interaction_id: Mapped[str] = mapped_column(String(64), default="")
    call_ids: Mapped[list[Any]]
    agent: Mapped[str] = mapped_column(String(40), default="")
    caller: Mapped[str] = mapped_column(String(40), default="")
    queue: Mapped[str] = mapped_column(String(40), default="")
    started_at: Mapped[datetime]
    duration_s: Mapped[float] = mapped_column(Float, default=0.0)
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    codec: Mapped[str] = mapped_column(String(24), default="")
    store_path: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[str] = mapped_column(String(16), default="pending")
    verified_at: Mapped[datetime | None]
    origin: Mapped[str] = mapped_column(String(80), default="")
