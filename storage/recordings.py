"""Recordings in the database: a desk queues its finished files, the center verifies them, sync carries both.

    with Session(desk) as s, s.begin():
        rec = RecordingRepository(s, ChangeRecorder(s, "desk", "desk-07"))
        rid = rec.add_local(manifest, audio_path=..., manifest_path=..., desk="1001", origin="desk-07")
    # the uploader PUTs the file (desktop.app.recupload), then rec.mark_uploaded(rid)
    # the center's verifier (telephony.center.recverify) calls mark_verified / mark_quarantined

Every write records the recording's whole row as a ``recording`` change, so the center's row and
each desk's copy converge whatever the order: a state only moves forward (``RANK``), and only the
center can make a recording ``verified`` or ``quarantined`` (a desk's push carrying either is cut
back to ``uploaded``). :func:`recordings_with_cdr` is the join to the CDR (``calls``) and tickets
(``ticket_calls``) by the legs' SIP Call-IDs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hotline.ids import new_id
from hotline.timezone import now, parse_iso
from storage.center_tables import CallRow
from storage.changelog import ChangeRecorder
from storage.recording_tables import RANK, RecordingCallRow, RecordingRow, RecordingUploadRow
from storage.tables import TicketCallRow, TicketRow

ENTITY = "recording"
log = logging.getLogger("storage.recordings")
FIELDS = ("interaction_id", "call_ids", "agent", "caller", "queue", "duration_s", "size_bytes", "sha256", "codec",
          "store_path", "state", "problem", "origin")
TIMES = ("started_at", "uploaded_at", "verified_at")


def store_path_for(desk: str, started: datetime, audio_name: str) -> str:
    """Where a desk's file lives in the store: ``<desk>/<YYYYMMDD>/<file>`` (unique per interaction)."""
    return f"{desk}/{started.strftime('%Y%m%d')}/{audio_name}"


def payload(row: RecordingRow) -> dict[str, Any]:
    out: dict[str, Any] = {k: getattr(row, k) for k in FIELDS}
    out.update({k: (getattr(row, k).isoformat() if getattr(row, k) else None) for k in TIMES})
    out["id"] = row.id
    return out


class RecordingRepository:
    """Writes and reads ``recordings``; see the module docstring for who may write what."""

    def __init__(self, session: Session, recorder: ChangeRecorder | None) -> None:
        self.session, self.recorder = session, recorder

    # -- desk ---------------------------------------------------------------------------------------
    def add_local(self, manifest: dict[str, Any], *, audio_path: Path, manifest_path: Path, desk: str,
                  origin: str, queue: str = "") -> str:
        """Queue a finished recording (its manifest as written by the softphone); its id. A manifest
        queued before returns the id it got then (the scan of the recording directory is idempotent)."""
        interaction = str(manifest["interaction_id"])
        found = self.session.scalar(select(RecordingRow.id).where(RecordingRow.interaction_id == interaction))
        if found:
            return found
        legs = manifest.get("legs") or []
        call_ids = sorted({str(leg.get("sip_call_id") or "") for leg in legs} - {""})
        started = parse_iso(manifest["started_at"])
        caller = next((str(leg.get("caller_number") or "") for leg in legs if leg.get("caller_number")), "")
        row = RecordingRow(id=new_id(), interaction_id=interaction, call_ids=call_ids, agent=desk, caller=caller,
                           queue=queue, started_at=started, duration_s=float(manifest.get("duration_s") or 0),
                           size_bytes=int(manifest["bytes"]), sha256=str(manifest["sha256"]),
                           codec=str(manifest.get("codec") or manifest.get("format") or ""),
                           store_path=store_path_for(desk, started, audio_path.name), state="pending",
                           uploaded_at=None, verified_at=None, problem="", origin=origin)
        self.session.add(row)
        self.session.flush()
        self._calls(row.id, call_ids)
        self.session.add(RecordingUploadRow(recording_id=row.id, local_path=str(audio_path),
                                            manifest_path=str(manifest_path), attempts=0, next_try_at=now(),
                                            last_error="", sent_at=None, deleted_at=None))
        self._record(row)
        return row.id

    def mark_uploaded(self, recording_id: str) -> None:
        row = self.session.get(RecordingRow, recording_id)
        if row is not None and RANK[row.state] < RANK["uploaded"]:
            row.state, row.uploaded_at = "uploaded", now()
            self._record(row)

    # -- center -------------------------------------------------------------------------------------
    def mark_verified(self, recording_id: str) -> None:
        row = self._row(recording_id)
        row.state, row.verified_at, row.problem = "verified", now(), ""
        self._record(row)

    def mark_quarantined(self, recording_id: str, problem: str) -> None:
        row = self._row(recording_id)
        row.state, row.verified_at, row.problem = "quarantined", None, problem[:500]
        self._record(row)

    def mark_purged(self, recording_id: str, why: str) -> RecordingRow | None:
        """Mark a verified recording purged (its file is gone from the store); None, and nothing
        written, when it is not (or no longer) verified."""
        row = self.session.get(RecordingRow, recording_id)
        if row is None or row.state != "verified":
            return None
        row.state, row.problem = "purged", why[:500]
        self._record(row)
        return row

    # -- sync ---------------------------------------------------------------------------------------
    def apply_remote(self, data: dict[str, Any], *, from_desk: bool) -> None:
        """Store a recording change; states only move forward, and a desk cannot verify its own file."""
        incoming = str(data["state"])
        if from_desk and RANK.get(incoming, 0) > RANK["uploaded"]:
            incoming = "uploaded"
        values = {k: data[k] for k in FIELDS if k in data}
        values.update({k: parse_iso(data[k]) if data.get(k) else None for k in TIMES})
        row = self.session.get(RecordingRow, data["id"])
        if row is None and self.session.scalar(select(RecordingRow.id).where(
                RecordingRow.store_path == values.get("store_path"))):
            # another row holds this file already (a desk whose database was reset queued it again):
            # the first stays the truth; this one is not stored, so the batch it came in still goes through
            log.warning("recording %s: store path %s is another recording's; not stored", data["id"],
                        values.get("store_path"))
            return
        if row is None:
            row = RecordingRow(id=data["id"], **{**values, "state": incoming})
            if from_desk:
                row.verified_at, row.problem = None, ""
            self.session.add(row)
            self.session.flush()
            self._calls(row.id, list(values.get("call_ids") or []))
            return
        if RANK.get(incoming, 0) > RANK[row.state] or (not from_desk and incoming != row.state
                                                        and RANK.get(incoming, 0) == RANK[row.state]):
            row.state = incoming
            if not from_desk:
                row.verified_at, row.problem = values["verified_at"], values.get("problem", "")
        if row.uploaded_at is None and values.get("uploaded_at"):
            row.uploaded_at = values["uploaded_at"]

    # -- reads --------------------------------------------------------------------------------------
    def get(self, recording_id: str) -> RecordingRow | None:
        return self.session.get(RecordingRow, recording_id)

    def _row(self, recording_id: str) -> RecordingRow:
        row = self.session.get(RecordingRow, recording_id)
        if row is None:
            raise KeyError(recording_id)
        return row

    def _calls(self, recording_id: str, call_ids: list[str]) -> None:
        self.session.execute(delete(RecordingCallRow).where(RecordingCallRow.recording_id == recording_id))
        for call_id in sorted(set(call_ids)):
            self.session.add(RecordingCallRow(recording_id=recording_id, call_id=call_id))

    def _record(self, row: RecordingRow) -> None:
        self.session.flush()
        if self.recorder is not None:
            self.recorder.record(ENTITY, row.id, payload(row))


@dataclass(frozen=True)
class RecordingLink:
    """A recording with the CDR of one of its calls and a ticket that call made or joined (if any)."""

    recording_id: str
    store_path: str
    state: str
    call_id: str
    queue: str
    caller: str
    agent: str
    answered_at: datetime | None
    talk_s: float | None
    ticket_id: str
    ticket_number: str


def recordings_with_cdr(session: Session, *, ticket_id: str | None = None, call_id: str | None = None,
                        limit: int = 100) -> list[RecordingLink]:
    """Recordings joined by their legs' Call-IDs to the CDR (``calls``, outer) and to tickets
    (``ticket_calls``/``tickets``, outer); filtered by ticket or call, newest first."""
    stmt = (select(RecordingRow.id, RecordingRow.store_path, RecordingRow.state, RecordingCallRow.call_id,
                   CallRow.queue, CallRow.caller, CallRow.agent, CallRow.answered_at, CallRow.talk_s,
                   TicketCallRow.ticket_id, TicketRow.number)
            .join(RecordingCallRow, RecordingCallRow.recording_id == RecordingRow.id)
            .outerjoin(CallRow, CallRow.call_id == RecordingCallRow.call_id)
            .outerjoin(TicketCallRow, TicketCallRow.call_id == RecordingCallRow.call_id)
            .outerjoin(TicketRow, TicketRow.id == TicketCallRow.ticket_id))
    if ticket_id is not None:
        stmt = stmt.where(TicketCallRow.ticket_id == ticket_id)
    if call_id is not None:
        stmt = stmt.where(RecordingCallRow.call_id == call_id)
    stmt = stmt.order_by(RecordingRow.started_at.desc(), RecordingRow.id, RecordingCallRow.call_id).limit(limit)
    return [RecordingLink(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", r[6] or "", r[7], r[8], r[9] or "",
                          r[10] or "") for r in session.execute(stmt)]
