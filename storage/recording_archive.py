"""The recordings a ticket is archived with (Ordos 第二十三条 names 群众来电录音 in the archive).

When a closed ticket is filed, the ARCHIVED event carries a manifest of the recordings of the calls
linked to it (by SIP Call-ID through ``ticket_calls`` and ``recording_calls``): id, SHA-256, the
store path, start and length. Only verified recordings can be archived: one still on its way to the
center, or quarantined because its hash did not match, stops the archiving and is named, so an
archive never lists a recording the center cannot vouch for.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.recording_tables import RecordingCallRow, RecordingRow
from storage.tables import TicketCallRow


class RecordingsNotArchivable(ValueError):
    """Some of the ticket's recordings are not verified at the center yet (or are quarantined)."""

    code = "recordings-not-verified"

    def __init__(self, pending: list[tuple[str, str]]) -> None:
        self.pending = pending
        listed = ", ".join(f"{rid} ({state})" for rid, state in pending)
        super().__init__(f"录音尚未在中心校验，不能归档 (recordings not verified at the center): {listed}")


def archive_manifest(session: Session, ticket_id: str) -> list[dict[str, Any]]:
    """The ticket's recordings as the archive lists them, oldest first; RecordingsNotArchivable if any
    of them is not verified."""
    rows = session.execute(
        select(RecordingRow.id, RecordingRow.sha256, RecordingRow.store_path, RecordingRow.state,
               RecordingRow.started_at, RecordingRow.duration_s)
        .join(RecordingCallRow, RecordingCallRow.recording_id == RecordingRow.id)
        .join(TicketCallRow, TicketCallRow.call_id == RecordingCallRow.call_id)
        .where(TicketCallRow.ticket_id == ticket_id)
        .distinct()
        .order_by(RecordingRow.started_at, RecordingRow.id)).all()
    pending = [(r.id, r.state) for r in rows if r.state != "verified"]
    if pending:
        raise RecordingsNotArchivable(pending)
    return [{"id": r.id, "sha256": r.sha256, "store_path": r.store_path,
             "started_at": r.started_at.isoformat() if r.started_at else None,
             "duration_s": r.duration_s} for r in rows]
