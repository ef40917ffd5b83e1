"""The center's retention of recordings: verified files older than ``recordings.retention_days`` are purged.

    report = purge_expired(engine, center_dir, days=365)            # one pass; dry_run=True only counts
    report.purged, report.held_by_ticket, report.restored, report.ids

What is purged: a ``verified`` recording that started before ``now - days`` and whose calls are linked
to no ticket. What is kept, whatever its age:
- a recording of a call linked to a ticket (``recording_calls`` → ``ticket_calls``): the ticket's
  archive lists it (Ordos 第二十三条 names 群众来电录音 in the archive), so archive retention, not this
  one, governs it, and one whose ticket is not archived yet is still needed to archive it;
- a ``quarantined`` file: the evidence of a hash mismatch, kept for whoever investigates the alarm;
- a row whose file has not arrived (``pending``/``uploaded``): the desk still holds the only copy.

A purge, crash-safe in three steps: the file is renamed from ``recordings/store/`` to
``recordings/purging/`` (nginx's ``/play/`` no longer finds it); one transaction marks each row
``purged`` (a ``recording`` change, so desks learn it by pull and drop any copy they still hold) and
writes an audit entry ``purge-recording`` per file (store path, SHA-256, start, the rule's days);
then the files are unlinked. Every pass first settles ``purging/``: a file whose row is ``purged``
is unlinked, any other is renamed back into the store (the transaction did not commit). The row
stays, so the CDR, the audit trail and the QA sheets keep naming the recording; the grant service
refuses it with ``purged``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, exists, func, select
from sqlalchemy.orm import Session

from hotline.timezone import now as now_cst
from storage.audit import AuditRepository
from storage.changelog import ChangeRecorder
from storage.recording_tables import RecordingCallRow, RecordingRow
from storage.recordings import RecordingRepository
from storage.tables import TicketCallRow
from telephony.center.recstore_nginx import move_file, store_dirs
from telephony.center.say_once import SayOnce

log = logging.getLogger("telephony.center.retention")
BATCH = 500  # rows per transaction
AUDIT_ACTION = "purge-recording"


@dataclass
class RetentionReport:
    """What one pass did (or, dry, would do)."""

    days: int
    cutoff: datetime
    purged: int = 0
    held_by_ticket: int = 0  # verified, past the cutoff, kept because a ticket's call holds it
    restored: int = 0  # files found half-purged and put back (their transaction had not committed)
    removed_leftovers: int = 0  # files of purged rows a crash left in purging/
    ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"days": self.days, "cutoff": self.cutoff.isoformat(), "purged": self.purged,
                "held_by_ticket": self.held_by_ticket, "restored": self.restored,
                "removed_leftovers": self.removed_leftovers}


def purging_dir(state_dir: Path) -> Path:
    """Where files wait between their rename out of the store and their row's commit."""
    return Path(state_dir) / "recordings" / "purging"


def _linked_to_ticket():  # noqa: ANN202 - a SQL EXISTS clause
    return exists(select(RecordingCallRow.call_id)
                  .join(TicketCallRow, TicketCallRow.call_id == RecordingCallRow.call_id)
                  .where(RecordingCallRow.recording_id == RecordingRow.id))


def _expired(cutoff: datetime):  # noqa: ANN202 - a select
    return (select(RecordingRow.id, RecordingRow.store_path)
            .where(RecordingRow.state == "verified", RecordingRow.started_at < cutoff)
            .order_by(RecordingRow.started_at, RecordingRow.id))


def settle(engine: Engine, state_dir: Path) -> tuple[int, int]:
    """Finish or undo what a crashed pass left in ``purging/``: (unlinked, restored)."""
    root = purging_dir(state_dir)
    left = {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()} if root.exists() else {}
    if not left:
        return 0, 0
    with Session(engine) as session:
        purged = set(session.scalars(select(RecordingRow.store_path).where(
            RecordingRow.store_path.in_(list(left)), RecordingRow.state == "purged")))
    unlinked = restored = 0
    store = store_dirs(Path(state_dir))["store"]
    for store_path, path in left.items():
        if store_path in purged:
            path.unlink(missing_ok=True)
            unlinked += 1
        else:
            move_file(path, store / store_path, missing_ok=True)
            restored += 1
    return unlinked, restored


def purge_expired(engine: Engine, state_dir: Path, *, days: int, at: datetime | None = None, dry_run: bool = False,
                  origin: str = "center", batch: int = BATCH) -> RetentionReport:
    """One retention pass; see the module docstring. ``at``: the clock (default now)."""
    if days < 1:
        raise ValueError(f"retention days must be >= 1, got {days}")
    cutoff = (at or now_cst()) - timedelta(days=days)
    report = RetentionReport(days=days, cutoff=cutoff)
    if not dry_run:
        report.removed_leftovers, report.restored = settle(engine, state_dir)
    with Session(engine) as session:
        report.held_by_ticket = session.scalar(select(func.count()).select_from(
            _expired(cutoff).where(_linked_to_ticket()).order_by(None).subquery())) or 0
        if dry_run:
            report.ids = list(session.scalars(
                _expired(cutoff).with_only_columns(RecordingRow.id).where(~_linked_to_ticket())))
            report.purged = len(report.ids)
            return report
    dirs = store_dirs(Path(state_dir))
    while True:
        with Session(engine) as session:
            rows = session.execute(_expired(cutoff).where(~_linked_to_ticket()).limit(batch)).all()
        if not rows:
            return report
        for _, store_path in rows:
            move_file(dirs["store"] / store_path, purging_dir(state_dir) / store_path, missing_ok=True)
        done = set(_mark_purged(engine, [rid for rid, _ in rows], days, origin))
        for rid, store_path in rows:  # committed: unlink; a row no longer verified: its file goes back
            if rid in done:
                (purging_dir(state_dir) / store_path).unlink(missing_ok=True)
            else:
                move_file(purging_dir(state_dir) / store_path, dirs["store"] / store_path, missing_ok=True)
        report.purged += len(done)
        report.ids.extend(rid for rid, _ in rows if rid in done)
        if len(rows) < batch:
            return report


def _mark_purged(engine: Engine, ids: list[str], days: int, origin: str) -> list[str]:
    """Mark the rows still verified ``purged`` and audit each, in one transaction; the ids marked."""
    done: list[str] = []
    with Session(engine) as session, session.begin():
        recorder = ChangeRecorder(session, "center", origin)
        repo, audit = RecordingRepository(session, recorder), AuditRepository(session, recorder, origin)
        for rid in ids:
            row = repo.mark_purged(rid, f"保存期 {days} 天已过 (retention period of {days} days over)")
            if row is None:
                continue
            audit.record("center", AUDIT_ACTION, "recording", rid, store_path=row.store_path, sha256=row.sha256,
                         started_at=row.started_at.isoformat(), retention_days=days)
            done.append(rid)
    return done


class RetentionThread(threading.Thread):
    """:func:`purge_expired` at start and every ``every_s`` seconds until :meth:`stop`.

    ``days`` is asked before each pass (the settings file is read again, so a change needs no
    restart); when it raises, or the pass fails (database or disk), the failure is said and nothing
    is purged until the next pass."""

    def __init__(self, db_url: str, state_dir: Path, days: Callable[[], int], say: Callable[[str], None],
                 every_s: float = 3600.0) -> None:
        super().__init__(name="recording-retention", daemon=True)
        self.db_url, self.state_dir, self.days, self.say, self.every_s = db_url, Path(state_dir), days, say, every_s
        self._stop_event = threading.Event()
        self.said = SayOnce(say, "recording retention")
        self.passes = 0
        self.last_report: RetentionReport | None = None

    def run(self) -> None:
        from storage.db import engine_for

        engine = engine_for(self.db_url)
        try:
            while True:
                self._pass(engine)
                if self._stop_event.wait(self.every_s):
                    return
        finally:
            engine.dispose()

    def _pass(self, engine: Engine) -> None:
        try:
            report = purge_expired(engine, self.state_dir, days=self.days())
        except Exception as exc:  # noqa: BLE001 - said; the next pass tries again
            self.said.failed(exc)
            return
        self.said.cleared()
        self.last_report = report
        self.passes += 1
        if report.purged or report.restored:
            self.say(f"录音保存期 {report.days} 天：已删除 {report.purged} 条 (recordings purged), "
                     f"工单保留 {report.held_by_ticket} 条 (kept for their tickets)"
                     + (f", 恢复 {report.restored} 个 (restored)" if report.restored else ""))

    def stop(self) -> None:
        self._stop_event.set()
        self.join(10)
