"""A reviewer's QA sheets and marks on their way to the center's database, through an outbox when it is away.

    writer = QaWriter(central_engine, viewer, form, outbox=QaOutbox(dir))
    kept = writer.write(score_item(viewer, recording_id, scores, comment))   # False: at the center now
    report = writer.flush()          # the desk's job, every 10 s: kept items written, in order

Each item carries its own id and the time it was made, so writing it twice is writing it once
(storage.qa_scores keys on the id) and a sheet written late still takes its place by time. Whether
the reviewer may score or mark the recording is checked at the center when the item is written —
at once, or at the flush. When the database cannot be reached (a connection error, not a refusal)
the item is kept in the outbox and the reviewer told so; with no outbox the error is raised. A
refusal at the flush (the right was lost meanwhile, the recording is unknown, the sheet does not
fit the form) sets the item aside in ``refused/`` and is reported: kept, never silently dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from hotline.ids import new_id
from hotline.qa_form import QaForm, QaFormError
from hotline.recording_access import AccessDenied, RecordingUnavailable, Viewer, check_play
from hotline.timezone import now, parse_iso
from storage.recording_tables import RecordingRow
from storage.uow import UnitOfWork

log = logging.getLogger("desktop.qa_writer")


def unreachable(exc: BaseException) -> bool:
    """The central database could not be reached (as opposed to refusing the write)."""
    return isinstance(exc, (OperationalError, InterfaceError)) or (
        isinstance(exc, DBAPIError) and bool(exc.connection_invalidated))


def score_item(viewer: Viewer, recording_id: str, scores: dict[str, int], comment: str) -> dict[str, Any]:
    return {"kind": "score", "id": new_id(), "made_at": now().isoformat(), "recording_id": recording_id,
            "by": viewer.login, "scores": dict(scores), "comment": comment}


def mark_item(viewer: Viewer, recording_id: str, at_ms: int, note: str) -> dict[str, Any]:
    if at_ms < 0:
        raise ValueError("a mark's time cannot be negative")
    return {"kind": "mark", "id": new_id(), "made_at": now().isoformat(), "recording_id": recording_id,
            "by": viewer.login, "at_ms": int(at_ms), "note": note}


@dataclass
class FlushReport:
    written: int = 0
    waiting: int = 0  # still in the outbox (the center is still away)
    refused: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, recording id, code)
    bad: list[str] = field(default_factory=list)  # unreadable files set aside


class QaWriter:
    """See the module docstring."""

    def __init__(self, engine: Any, viewer: Viewer, form: QaForm, outbox: Any | None = None) -> None:
        self.engine, self.viewer, self.form, self.outbox = engine, viewer, form, outbox

    def write(self, item: dict[str, Any]) -> bool:
        """Write ``item`` at the center; True when it was kept in the outbox instead (center away).
        A refusal (AccessDenied, RecordingUnavailable, QaFormError) is raised and nothing kept."""
        try:
            self.apply(item)
            return False
        except Exception as exc:
            if self.outbox is None or not unreachable(exc):
                raise
            log.warning("center database unreachable (%s); %s %s kept in the outbox", type(exc).__name__,
                        item["kind"], item["id"])
        self.outbox.put(item)
        return True

    def apply(self, item: dict[str, Any]) -> None:
        """One item into the center's database (idempotent by the item's id)."""
        from storage.qa_scores import add_mark, record_score
        from telephony.center.playback import owner_of

        made_at: datetime = parse_iso(item["made_at"])
        with UnitOfWork(self.engine, role="center") as uow:
            row = uow.session.get(RecordingRow, item["recording_id"])
            if row is None:
                raise RecordingUnavailable("unknown", "录音不存在 (no such recording)")
            check_play(self.viewer, owner_of(uow.session, row.agent))
            if item["kind"] == "score":
                record_score(uow.session, self.form, row, scorer=self.viewer.login, scores=item["scores"],
                             comment=item.get("comment", ""), at=made_at, sheet_id=item["id"])
            else:
                add_mark(uow.session, row.id, at_ms=int(item["at_ms"]), note=item.get("note", ""),
                         author=self.viewer.login, mark_id=item["id"], at=made_at)
            uow.commit()

    def flush(self) -> FlushReport:
        """Write what the outbox keeps, oldest first; stops at the first connection error."""
        report = FlushReport()
        if self.outbox is None:
            return report
        items = self.outbox.items()
        report.bad = list(self.outbox.bad)
        for n, (path, item) in enumerate(items):
            if item.get("by") not in (None, self.viewer.login):
                continue  # another reviewer's item on a shared desk waits for them
            try:
                self.apply(item)
            except Exception as exc:  # noqa: BLE001 - away: wait; anything else: set aside, reported
                if unreachable(exc):
                    report.waiting = len(items) - n
                    return report
                code = getattr(exc, "code", "") if isinstance(exc, (AccessDenied, RecordingUnavailable,
                                                                     QaFormError)) else ""
                code = code or type(exc).__name__
                log.error("QA outbox: %s %s refused at the center: %s", item.get("kind"), item.get("id"), exc)
                self.outbox.refuse(path, code)
                report.refused.append((str(item.get("kind")), str(item.get("recording_id")), code))
                continue
            self.outbox.done(path)
            report.written += 1
        return report
