"""The center's check of uploaded recordings: SHA-256 against the desk's manifest, then verified or quarantined.

    report = verify_uploads(engine, center_dir)      # one pass; the center run calls it every second
    report.verified, report.quarantined, report.waiting, report.alarms

A desk PUTs its file to ``recordings/incoming/<store_path>`` (nginx renames a finished upload into
place, so a file there is whole) and its ``recordings`` row arrives by sync. For every row not yet
verified whose file is there, the file's SHA-256 and size are compared with the row's:
- equal: the file is moved to ``recordings/store/<store_path>`` (the only place ``/play/`` serves)
  and the row marked ``verified`` (a ``recording`` change, so the mark reaches the desk by pull);
- different: the file is moved to ``recordings/quarantine/<store_path>`` — never served — the row
  marked ``quarantined`` with the reason, an audit entry ``quarantine-recording`` written and the
  alarm returned for the center's log.
The file is moved before the row is committed; a crash between the two is repaired on the next
pass (a stored file whose row is not verified is checked again). A second upload of a file that is
verified already (a desk killed after its PUT and before it noted it) is compared and removed, so
the store holds each recording exactly once.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storage.audit import AuditRepository
from storage.changelog import ChangeRecorder
from storage.recording_tables import RecordingRow
from storage.recordings import RecordingRepository
from telephony.center.recstore_nginx import move_file, store_dirs
from telephony.softphone.recording import sha256_of

log = logging.getLogger("telephony.center.recverify")


@dataclass
class VerifyReport:
    verified: int = 0
    quarantined: int = 0
    waiting: int = 0  # rows whose file has not arrived yet
    duplicates_removed: int = 0
    alarms: list[str] = field(default_factory=list)


def _check(path: Path, row: RecordingRow) -> str:
    """"" when the file is the one the manifest describes, else why not."""
    size = path.stat().st_size
    if size != row.size_bytes:
        return f"size {size} != manifest {row.size_bytes}"
    digest = sha256_of(path)
    return "" if digest == row.sha256 else f"sha256 {digest[:16]}… != manifest {row.sha256[:16]}…"


def verify_uploads(engine: Engine, state_dir: Path, *, origin: str = "center") -> VerifyReport:
    """One pass over every row not yet verified (those whose file has not arrived only cost a stat)
    and the uploads of verified ones; see the module docstring."""
    dirs = store_dirs(Path(state_dir))
    report = VerifyReport()
    with Session(engine) as session:
        open_rows = list(session.scalars(select(RecordingRow)
                                         .where(RecordingRow.state.in_(("pending", "uploaded")))
                                         .order_by(RecordingRow.started_at)))
        session.expunge_all()
    for row in open_rows:
        incoming, stored = dirs["incoming"] / row.store_path, dirs["store"] / row.store_path
        source = incoming if incoming.exists() else stored if stored.exists() else None
        if source is None:
            report.waiting += 1
            continue
        problem = _check(source, row)
        if not problem:
            if source is incoming:
                move_file(incoming, stored)
            _mark(engine, row.id, origin, None)
            report.verified += 1
        else:
            move_file(source, dirs["quarantine"] / row.store_path)
            _mark(engine, row.id, origin, problem)
            report.quarantined += 1
            report.alarms.append(f"录音校验失败，已隔离 (recording quarantined) {row.store_path}: {problem}")
    report.duplicates_removed = _drop_duplicates(engine, dirs)
    return report


def _mark(engine: Engine, recording_id: str, origin: str, problem: str | None) -> None:
    with Session(engine) as session, session.begin():
        recorder = ChangeRecorder(session, "center", origin)
        repo = RecordingRepository(session, recorder)
        if problem is None:
            repo.mark_verified(recording_id)
        else:
            repo.mark_quarantined(recording_id, problem)
            row = repo.get(recording_id)
            AuditRepository(session, recorder, origin).record(
                "center", "quarantine-recording", "recording", recording_id,
                store_path=row.store_path if row else "", problem=problem)


def _drop_duplicates(engine: Engine, dirs: dict[str, Path]) -> int:
    """Remove re-uploads of recordings verified already (same bytes); a different file is quarantined."""
    leftovers = [p for p in dirs["incoming"].rglob("*") if p.is_file()]
    if not leftovers:
        return 0
    paths = {p.relative_to(dirs["incoming"]).as_posix(): p for p in leftovers}
    removed = 0
    with Session(engine) as session:
        done = {r.store_path: r for r in session.scalars(
            select(RecordingRow).where(RecordingRow.store_path.in_(list(paths)),
                                       RecordingRow.state.in_(("verified", "quarantined", "purged"))))}
        session.expunge_all()
    for store_path, row in done.items():
        path = paths[store_path]
        if row.state in ("verified", "purged") and not _check(path, row):  # a purged one is not stored again
            path.unlink(missing_ok=True)
            removed += 1
        else:
            move_file(path, dirs["quarantine"] / (store_path + f".{os.getpid()}.again"))
    return removed


class VerifierThread(threading.Thread):
    """:func:`verify_uploads` every ``every_s`` seconds until :meth:`stop`; alarms go to ``say``.

    A database or disk error of one pass is said and the next pass tries again."""

    def __init__(self, db_url: str, state_dir: Path, say: Callable[[str], None], every_s: float = 1.0) -> None:
        super().__init__(name="recording-verifier", daemon=True)
        self.db_url, self.state_dir, self.say, self.every_s = db_url, Path(state_dir), say, every_s
        self._stop_event = threading.Event()
        self.last_error = ""

    def run(self) -> None:
        from storage.db import engine_for

        engine = engine_for(self.db_url)
        try:
            while not self._stop_event.wait(self.every_s):
                try:
                    report = verify_uploads(engine, self.state_dir)
                except Exception as exc:  # noqa: BLE001 - said, and the next pass tries again
                    text = f"recording verifier: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                    if text != self.last_error:
                        self.say(text)
                    self.last_error = text
                    continue
                self.last_error = ""
                for alarm in report.alarms:
                    self.say(f"ALARM {alarm}")
                if report.verified:
                    log.info("verified %d recordings", report.verified)
        finally:
            engine.dispose()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(5)
