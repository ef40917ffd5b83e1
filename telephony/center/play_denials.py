"""Bring nginx's refused playback requests into the audit log (a forged or expired URL is an attempt).

nginx writes one JSON object per refused ``/play/`` request to its denied log (the recording store's
config). ``ingest_denied(engine, log_path, offset)`` reads from byte ``offset``, writes one audit row
per complete line (action ``play-forbidden``, actor ``nginx:<client address>``, the recording whose
store path the URI names, or the URI itself when no recording has that path) and returns the offset
to resume from. Each row's id is derived from the line's position and text, so reading the same lines
again writes nothing twice. A line that is not JSON is audited as ``unparsed`` rather than dropped.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from sqlalchemy import select

from hotline.timezone import now, parse_iso
from storage.audit import AuditEntry
from storage.recording_tables import RecordingRow

ACTION = "play-forbidden"
PREFIX = "/play/"


def reason_of(entry: dict[str, Any], at_unix: float) -> str:
    """expired | forged | unauthorised: nginx's status (410 expired, 403 bad hash, 401 upload auth),
    else (another log format) the link's expiry against the request time."""
    status = str(entry.get("status", ""))
    if status == "410":
        return "expired"
    if status == "403":
        return "forged"
    if status == "401":
        return "unauthorised"
    raw = entry.get("expires")
    if raw in (None, ""):
        raw = parse_qs(str(entry.get("args") or "")).get("expires", [""])[0]
    try:
        expires = int(str(raw))
    except ValueError:
        return "forged"
    return "expired" if expires < at_unix else "forged"


def _entry(line: bytes, position: int, log_path: Path) -> tuple[AuditEntry, str]:
    digest = hashlib.sha256(f"{log_path}:{position}:".encode() + line).digest()
    audit_id = str(uuid.UUID(bytes=digest[:16]))
    try:
        raw = json.loads(line)
        if not isinstance(raw, dict):
            raise ValueError("not an object")
    except ValueError:
        return AuditEntry("nginx", ACTION, "recording", "?", {"reason": "unparsed", "line": line[:500].decode(
            "utf-8", "replace")}, "center", now(), audit_id), ""
    uri = unquote(str(raw.get("uri") or raw.get("request_uri") or "").split("?", 1)[0])
    when = raw.get("time") or raw.get("time_iso8601")
    try:
        at = parse_iso(str(when)) if when else now()
    except ValueError:
        at = now()
    remote = raw.get("remote") or raw.get("remote_addr") or "?"
    detail = {"reason": reason_of(raw, at.timestamp() if when else time.time()), "uri": uri,
              "status": raw.get("status"), "remote": remote, "method": raw.get("method"),
              "request_id": raw.get("request_id")}
    store_path = uri[len(PREFIX):] if uri.startswith(PREFIX) else ""
    return AuditEntry(f"nginx:{remote}", ACTION, "recording", uri, detail, "center", at,
                      audit_id), store_path


def ingest_denied(engine: Any, log_path: Path, offset: int = 0) -> int:
    """Audit every complete line after ``offset``; return the new offset (see the module docstring)."""
    from storage.uow import UnitOfWork

    try:
        with open(log_path, "rb") as fh:
            fh.seek(offset)
            data = fh.read()
    except FileNotFoundError:
        return offset
    end = data.rfind(b"\n") + 1
    if end == 0:
        return offset
    with UnitOfWork(engine, origin="center", role="center") as uow:
        position = offset
        for line in data[:end].splitlines(keepends=True):
            text = line.strip()
            if text:
                entry, store_path = _entry(text, position, log_path)
                if store_path:
                    rid = uow.session.scalars(select(RecordingRow.id).where(RecordingRow.store_path == store_path)
                                              ).first()
                    if rid is not None:
                        entry = AuditEntry(entry.actor, entry.action, entry.subject_kind, rid, entry.detail,
                                           entry.origin, entry.at, entry.id)
                uow.audit.apply_remote(entry)
                if uow.recorder is not None:
                    uow.recorder.record("audit", entry.id, entry.to_json())
            position += len(line)
        uow.commit()
    return offset + end
