"""What the recordings browser asks of the center, without Qt: search pages, grants, marks, QA sheets.

    service = RecordingService(central_engine, viewer, grant=GrantClient(url, login, pw).grant)
    service.page(form_values, after=None, limit=100)    # -> [RecordingLine], in the viewer's scope
    service.open(recording_id)                          # -> (signed URL, [(ms, note)]) or GrantRefused
    service.add_mark(recording_id, ms, note); service.score(recording_id, scores, comment)
    service.flush_outbox()                              # the desk's job: sheets and marks kept while the center was away

Searching reads the central database within the access rules' scope; playing goes through the
center's grant (which checks again and audits). Only a supervisor or the team lead of the agent's
group may score (an agent never scores their own calls): AccessDenied ``not-a-reviewer`` otherwise.
Sheets and marks go through desktop.app.qa_writer: with an outbox, a write the center's database
cannot take (it is away) is kept on the desk and written by :meth:`flush_outbox`; the reviewer is
told it is kept, and the marks shown include it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from hotline.accounts import Role
from hotline.qa_form import QaForm, load_form
from hotline.recording_access import AccessDenied, Viewer, search_scope
from hotline.timezone import CST
from storage.recording_search import RecordingQuery, search_recordings
from storage.uow import UnitOfWork

REVIEWERS = (Role.SUPERVISOR, Role.TEAM_LEAD, Role.CENTER_ADMIN)


class Written(NamedTuple):
    """What a sheet or mark write shows: the sheet's summary or the marks, and whether it was kept on
    the desk (the center's database was away) rather than written at the center."""

    shown: Any
    kept: bool


def query_of(values: Mapping[str, Any]) -> RecordingQuery:
    """The browser form's plain values as a RecordingQuery (days in China time, ``until`` inclusive)."""
    def day(text: Any, extra: int = 0) -> datetime | None:
        return datetime.combine(date.fromisoformat(text) + timedelta(days=extra), time(), CST) if text else None

    return RecordingQuery(since=day(values.get("since")), until=day(values.get("until"), 1),
                          agent=values.get("agent") or "", caller=values.get("caller") or "",
                          queue=values.get("queue") or "", ticket_number=values.get("ticket_number") or "",
                          min_duration_s=values.get("min_duration_s"), max_duration_s=values.get("max_duration_s"),
                          min_score=values.get("min_score"), max_score=values.get("max_score"))


class RecordingService:
    """See the module docstring."""

    def __init__(self, engine: Any, viewer: Viewer, grant: Callable[[str, str], str],
                 form: QaForm | None = None, outbox: Any | None = None) -> None:
        from desktop.app.qa_writer import QaWriter

        self.engine, self.viewer, self.grant = engine, viewer, grant
        self.form = form or load_form()
        self.writer = QaWriter(engine, viewer, self.form, outbox)
        self._marks: dict[str, list[tuple[int, str]]] = {}  # last seen per recording (shown while away)

    def may_score(self) -> bool:
        return self.viewer.role in REVIEWERS

    def criteria(self) -> list[tuple[str, str, int, int]]:
        return [(c.key, c.label, c.max, c.weight) for c in self.form.criteria]

    def page(self, values: Mapping[str, Any], after: tuple[datetime, str] | None, limit: int) -> list[Any]:
        from desktop.ui.recordingsmodel import RecordingLine

        scope = search_scope(self.viewer)
        with UnitOfWork(self.engine, role="center") as uow:
            hits = search_recordings(uow.session, query_of(values), scope, limit=limit, after=after)
        return [RecordingLine(h.id, h.started_at.astimezone(CST), h.agent, h.caller, h.queue, h.duration_s, h.score,
                              h.state) for h in hits]

    def open(self, recording_id: str) -> tuple[str, list[tuple[int, str]], str]:
        """(signed URL, marks, the current sheet's summary or "")."""
        url = self.grant(recording_id, "play")
        return url, self.marks(recording_id), self.sheet(recording_id)

    def download(self, recording_id: str, target: str) -> int:
        """Ask the center for a download grant (audited as a download), fetch the file, write it; bytes written."""
        from pathlib import Path

        from desktop.app.waveform import fetch_bytes

        data = fetch_bytes(self.grant(recording_id, "download"))
        tmp = Path(target).with_name(Path(target).name + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
        return len(data)

    def marks(self, recording_id: str) -> list[tuple[int, str]]:
        from storage.qa_scores import marks_for

        with UnitOfWork(self.engine, role="center") as uow:
            marks = [(m.at_ms, m.note) for m in marks_for(uow.session, recording_id)]
        self._marks[recording_id] = marks
        return marks

    def sheet(self, recording_id: str) -> str:
        from storage.qa_scores import current_score

        with UnitOfWork(self.engine, role="center") as uow:
            row = current_score(uow.session, recording_id)
            if row is None:
                return ""
            return f"{row.total:g} · {row.scorer} · {row.scored_at.astimezone(CST):%Y-%m-%d %H:%M}"

    def add_mark(self, recording_id: str, at_ms: int, note: str) -> Written:
        """Keep a note at ``at_ms``: Written(the recording's marks, kept on the desk?)."""
        from desktop.app.qa_writer import mark_item

        if self.writer.write(mark_item(self.viewer, recording_id, at_ms, note)):
            return Written(sorted([*self._marks.get(recording_id, []), (int(at_ms), note.strip())]), True)
        return Written(self.marks(recording_id), False)

    def score(self, recording_id: str, scores: Mapping[str, int], comment: str) -> Written:
        """Store the sheet (QaFormError, AccessDenied): Written(its summary, kept on the desk?)."""
        from desktop.app.qa_writer import score_item

        if not self.may_score():
            raise AccessDenied("not-a-reviewer", "只有质检员和班长可以评分 (only reviewers score)")
        sheet = self.form.check(scores)  # a sheet that does not fit the form is refused now, never kept
        if self.writer.write(score_item(self.viewer, recording_id, dict(scores), comment)):
            return Written(f"{self.form.total(sheet):g} · {self.viewer.login}", True)
        return Written(self.sheet(recording_id), False)

    def flush_outbox(self) -> Any:
        """Write the sheets and marks kept while the center was away (desktop.app.qa_writer.FlushReport)."""
        return self.writer.flush()
