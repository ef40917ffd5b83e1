"""The audit log: who viewed a caller's identity or played a recording, and when.

The privacy rules it serves: docs/REGULATIONS.md (Common to all five, Privacy). Every entry recorded
here is linked into its origin's hash chain (storage.audit_chain: chain, seq, prev_hash, hash); an
entry from elsewhere (sync) keeps the links it was made with. ``hotline audit verify`` checks them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hotline.ids import new_id
from hotline.timezone import now, parse_iso
from storage.audit_chain import link, note_head
from storage.changelog import ChangeRecorder
from storage.tables import AuditRow
from storage.upsert import insert_ignore


@dataclass(frozen=True)
class AuditEntry:
    """One access to something private."""

    actor: str
    action: str  # view-caller | play-recording | download-recording | export | monitor-* (monitor_audit)
    subject_kind: str  # ticket | recording | caller
    subject_id: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    origin: str = ""
    at: datetime = field(default_factory=now)
    id: str = field(default_factory=new_id)
    chain: str = ""  # the hash chain (storage.audit_chain); set when the entry is recorded
    seq: int = 0
    prev_hash: str = ""
    prev_id: str = ""
    hash: str = ""

    def to_json(self) -> dict[str, Any]:
        """Plain form for the sync link."""
        return {
            "id": self.id,
            "actor": self.actor,
            "action": self.action,
            "subject_kind": self.subject_kind,
            "subject_id": self.subject_id,
            "detail": dict(self.detail),
            "origin": self.origin,
            "at": self.at.isoformat(),
            "chain": self.chain,
            "seq": self.seq,
            "prev_hash": self.prev_hash,
            "prev_id": self.prev_id,
            "hash": self.hash,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> AuditEntry:
        """Inverse of :meth:`to_json`."""
        return cls(**{**raw, "at": parse_iso(raw["at"]), "detail": dict(raw.get("detail") or {})})


class AuditRepository:
    """Appends audit entries (recorded for sync) and lists them."""

    def __init__(self, session: Session, recorder: ChangeRecorder | None, origin: str = "") -> None:
        self.session, self.recorder, self.origin = session, recorder, origin

    def record(
        self, actor: str, action: str, subject_kind: str, subject_id: str, **detail: Any
    ) -> AuditEntry:
        """Write who did what to which subject, now."""
        entry = AuditEntry(actor, action, subject_kind, subject_id, detail, self.origin)
        if self.recorder is not None:
            self.recorder.claim()  # the change-log lock before the chain's: one lock order, no deadlock
        linked = link(self.session, {**entry.to_json(), "at": entry.at})
        entry = replace(entry, chain=linked["chain"], seq=linked["seq"], prev_hash=linked["prev_hash"],
                        prev_id=linked["prev_id"], hash=linked["hash"])
        insert_ignore(self.session, AuditRow, [linked], ["id"])
        if self.recorder is not None:
            self.recorder.record("audit", entry.id, entry.to_json())
        return entry

    def apply_remote(self, entry: AuditEntry) -> None:
        """Store an entry from elsewhere (sync) as made, ignoring one already held; its chain's head moves."""
        fields = {**entry.to_json(), "at": entry.at}
        if insert_ignore(self.session, AuditRow, [fields], ["id"]):
            note_head(self.session, fields)

    def for_subject(self, subject_kind: str, subject_id: str) -> list[AuditEntry]:
        """Who accessed this subject, oldest first."""
        stmt = (
            select(AuditRow)
            .where(AuditRow.subject_kind == subject_kind, AuditRow.subject_id == subject_id)
            .order_by(AuditRow.at, AuditRow.id)
        )
        return [_entry(r) for r in self.session.scalars(stmt)]

    def by_actor(self, actor: str, limit: int = 100) -> list[AuditEntry]:
        """What this person accessed, newest first."""
        stmt = select(AuditRow).where(AuditRow.actor == actor).order_by(AuditRow.at.desc()).limit(limit)
        return [_entry(r) for r in self.session.scalars(stmt)]


def _entry(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        actor=row.actor,
        action=row.action,
        subject_kind=row.subject_kind,
        subject_id=row.subject_id,
        detail=dict(row.detail or {}),
        origin=row.origin,
        at=row.at,
        id=row.id,
        chain=row.chain or "",
        seq=int(row.seq or 0),
        prev_hash=row.prev_hash or "",
        prev_id=row.prev_id or "",
        hash=row.hash or "",
    )
