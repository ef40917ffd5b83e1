"""The desk's recording uploader: a queue in the local database, sent to the center's nginx, cleared after verify.

    up = Uploader(local_engine, recordings_dir, "http://center:8090", desk="1001", key="<upload key>",
                  origin="desk-07")
    report = up.run_once()   # scan, send what is due, delete what the center verified

Each run (the desk's jobs call it every few seconds, desktop.app.jobs.DeskJobs.add_recording_upload):
1. **scan** the recording directory for manifests the softphone finished (telephony.softphone.
   recording) that are not queued yet and queue each (a ``recordings`` row, its calls and a
   ``recording_uploads`` row, one local transaction, a ``recording`` change for sync). The
   directory itself is the spool: a manifest the database could not take (disk full, database
   locked) stays there and is queued by a later run; nothing depends on an in-memory signal.
2. **send** every queued file that is due: an HTTP PUT to ``/upload/<store_path>`` with the desk's
   basic-auth key (telephony.center.recstore_nginx). 201/204 marks the row ``uploaded``. Any other
   answer, a refused connection (nginx down) or a timeout keeps it queued with the error and a
   backoff (1 s doubling to ``max_backoff_s``). Nothing is ever dropped. The store path is fixed per
   recording, so sending again after a crash overwrites the same file (or is removed as a duplicate
   by the center once verified): each recording arrives exactly once.
3. **clear**: a recording whose ``verified`` mark has come back by sync has its local audio and
   manifest deleted; a ``quarantined`` one is kept and reported (the report's ``quarantined``).
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from hotline.timezone import now
from storage.changelog import ChangeRecorder
from storage.recording_tables import RecordingRow, RecordingUploadRow
from storage.recordings import RecordingRepository

log = logging.getLogger("desktop.recupload")


@dataclass
class UploadReport:
    queued: int = 0
    sent: int = 0
    failed: int = 0
    deleted: int = 0
    waiting: int = 0  # queued, not yet due
    quarantined: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class UploadError(Exception):
    """One PUT that did not store the file (``status`` 0: no answer)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Uploader:
    """See the module docstring."""

    def __init__(self, local: Engine, recordings_dir: Path, base_url: str, *, desk: str, key: str, origin: str,
                 max_backoff_s: float = 60.0, timeout_s: float = 30.0) -> None:
        self.local, self.recordings_dir, self.base_url = local, Path(recordings_dir), base_url.rstrip("/")
        self.desk, self.key, self.origin = desk, key, origin
        self.max_backoff_s, self.timeout_s = max_backoff_s, timeout_s

    def run_once(self, limit: int = 50) -> UploadReport:
        report = UploadReport()
        self.scan(report)
        self.send_due(report, limit)
        self.clear_verified(report)
        return report

    # -- 1. scan ------------------------------------------------------------------------------------
    def scan(self, report: UploadReport) -> None:
        manifests = sorted(p for p in self.recordings_dir.rglob("*.json") if p.is_file())
        if not manifests:
            return
        try:
            with Session(self.local) as session:
                known = set(session.scalars(select(RecordingRow.interaction_id)))
        except SQLAlchemyError as exc:  # the files wait in the spool directory
            report.errors.append(f"queue: {exc}")
            return
        for path in manifests:
            try:
                manifest = json.loads(path.read_text(encoding="utf-8"))
                if manifest.get("interaction_id") in known or "sha256" not in manifest:
                    continue
                audio = path.with_name(str(manifest["file"]))
                if not audio.exists():
                    continue
                with Session(self.local) as session, session.begin():
                    repo = RecordingRepository(session, ChangeRecorder(session, "desk", self.origin))
                    repo.add_local(manifest, audio_path=audio, manifest_path=path, desk=self.desk, origin=self.origin)
                report.queued += 1
            except (OSError, ValueError, KeyError, SQLAlchemyError) as exc:  # stays in the spool directory
                report.errors.append(f"queue {path.name}: {exc}")

    # -- 2. send ------------------------------------------------------------------------------------
    def send_due(self, report: UploadReport, limit: int) -> None:
        moment = now()
        with Session(self.local) as session:
            rows = session.execute(
                select(RecordingUploadRow, RecordingRow.store_path, RecordingRow.state)
                .join(RecordingRow, RecordingRow.id == RecordingUploadRow.recording_id)
                .where(RecordingRow.state == "pending", RecordingUploadRow.deleted_at.is_(None))
                .order_by(RecordingUploadRow.next_try_at).limit(limit)).all()
            session.expunge_all()
        for upload, store_path, _state in rows:
            if upload.next_try_at > moment:
                report.waiting += 1
                continue
            try:
                self.put(Path(upload.local_path), store_path)
            except (UploadError, OSError) as exc:
                report.failed += 1
                report.errors.append(f"{store_path}: {exc}")
                self._retry_later(upload.recording_id, str(exc))
                continue
            with Session(self.local) as session, session.begin():
                RecordingRepository(session, ChangeRecorder(session, "desk", self.origin)).mark_uploaded(
                    upload.recording_id)
                row = session.get(RecordingUploadRow, upload.recording_id)
                if row is not None:
                    row.sent_at, row.attempts, row.last_error = now(), row.attempts + 1, ""
            report.sent += 1

    def _retry_later(self, recording_id: str, error: str) -> None:
        with Session(self.local) as session, session.begin():
            row = session.get(RecordingUploadRow, recording_id)
            if row is None:
                return
            row.attempts += 1
            delay = min(self.max_backoff_s, 2.0 ** min(row.attempts - 1, 16))
            row.next_try_at, row.last_error = now() + timedelta(seconds=delay), error[:500]

    def put(self, path: Path, store_path: str) -> int:
        """PUT ``path`` to ``/upload/<store_path>``; its status (201 or 204), else UploadError."""
        parts = urlsplit(self.base_url)
        conn_cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = conn_cls(parts.hostname or "127.0.0.1", parts.port, timeout=self.timeout_s)
        auth = base64.b64encode(f"{self.desk}:{self.key}".encode()).decode()
        size = path.stat().st_size
        try:
            with path.open("rb") as body:
                conn.request("PUT", f"{parts.path}/upload/{quote(store_path)}", body=body,
                             headers={"Authorization": f"Basic {auth}", "Content-Length": str(size),
                                      "Content-Type": "application/octet-stream"})
                resp = conn.getresponse()
                resp.read()
        except (OSError, http.client.HTTPException) as exc:
            raise UploadError(0, f"录音存储无应答 (store unreachable): {exc}") from None
        finally:
            conn.close()
        if resp.status not in (201, 204):
            raise UploadError(resp.status, f"录音存储拒绝上传 (store answered {resp.status})")
        return int(resp.status)

    # -- 3. clear -----------------------------------------------------------------------------------
    def clear_verified(self, report: UploadReport) -> None:
        with Session(self.local) as session, session.begin():
            rows = session.execute(
                select(RecordingUploadRow, RecordingRow.state, RecordingRow.store_path)
                .join(RecordingRow, RecordingRow.id == RecordingUploadRow.recording_id)
                .where(RecordingRow.state.in_(("verified", "quarantined", "purged")),
                       RecordingUploadRow.deleted_at.is_(None))
            ).all()
            for upload, state, store_path in rows:
                if state == "quarantined":
                    report.quarantined.append(store_path)
                    continue
                for name in (upload.local_path, upload.manifest_path):
                    if name:
                        Path(name).unlink(missing_ok=True)
                upload.deleted_at = now()
                report.deleted += 1

