"""QA scores and marks on recordings: write a sheet (who, when), read per-agent averages, keep notes.

    sheet = record_score(session, form, recording, scorer="qa-li", scores={...}, comment="")
    qa_averages(session, since, until)          # -> [AgentQa(agent, count, average)], for the board
    add_mark(session, recording_id, at_ms=61000, note="未核实身份", author="qa-li")

Only a reviewer the access rules let play the recording may score it (the caller checks that);
a new sheet for a recording makes older sheets not current (history kept).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hotline.ids import new_id
from hotline.qa_form import QaForm
from hotline.timezone import now
from storage.qa_tables import QaScoreRow, RecordingMarkRow
from storage.recording_tables import RecordingRow


class AgentQa(NamedTuple):
    """One agent's QA average over a period (current sheets only)."""

    agent: str
    count: int
    average: float


class Mark(NamedTuple):
    id: str
    at_ms: int
    note: str
    author: str
    created_at: datetime


def record_score(session: Session, form: QaForm, recording: RecordingRow, *, scorer: str,
                 scores: Mapping[str, int], comment: str = "", at: datetime | None = None,
                 sheet_id: str | None = None) -> QaScoreRow:
    """Check the sheet against the form (QaFormError) and store it; it is the recording's current
    sheet unless a later one (by ``scored_at``) is there already, so sheets written late (a desk's
    outbox after an outage) land in the order they were given. A ``sheet_id`` stored before
    returns that row unchanged (a retried write is not a second sheet)."""
    if sheet_id is not None:
        found = session.get(QaScoreRow, sheet_id)
        if found is not None:
            return found
    sheet = form.check(scores)
    scored_at = at or now()
    later = session.scalar(select(func.count()).select_from(QaScoreRow).where(
        QaScoreRow.recording_id == recording.id, QaScoreRow.scored_at > scored_at))
    if not later:
        session.execute(update(QaScoreRow).where(QaScoreRow.recording_id == recording.id,
                                                 QaScoreRow.current.is_(True)).values(current=False))
    row = QaScoreRow(id=sheet_id or new_id(), recording_id=recording.id, agent=recording.agent,
                     started_at=recording.started_at, scorer=scorer, scored_at=scored_at, form_version=form.version,
                     scores=sheet, total=form.total(sheet), comment=comment, current=not later)
    session.add(row)
    session.flush()
    return row


def current_score(session: Session, recording_id: str) -> QaScoreRow | None:
    return session.scalars(select(QaScoreRow).where(QaScoreRow.recording_id == recording_id,
                                                    QaScoreRow.current.is_(True))).first()


def qa_averages(session: Session, since: datetime, until: datetime,
                agents: Iterable[str] | None = None) -> list[AgentQa]:
    """Per-agent average of the current QA totals scored in [since, until), by agent."""
    stmt = (select(QaScoreRow.agent, func.count(), func.avg(QaScoreRow.total))
            .where(QaScoreRow.current.is_(True), QaScoreRow.scored_at >= since, QaScoreRow.scored_at < until)
            .group_by(QaScoreRow.agent).order_by(QaScoreRow.agent))
    if agents is not None:
        stmt = stmt.where(QaScoreRow.agent.in_(list(agents)))
    return [AgentQa(a, int(n), round(float(avg), 2)) for a, n, avg in session.execute(stmt)]


def add_mark(session: Session, recording_id: str, *, at_ms: int, note: str, author: str,
             mark_id: str | None = None, at: datetime | None = None) -> Mark:
    """Keep a note at ``at_ms`` milliseconds into the recording; a ``mark_id`` stored before is
    returned as it is (a retried write is not a second mark)."""
    if at_ms < 0:
        raise ValueError("a mark's time cannot be negative")
    if mark_id is not None:
        found = session.get(RecordingMarkRow, mark_id)
        if found is not None:
            return Mark(found.id, found.at_ms, found.note, found.author, found.created_at)
    row = RecordingMarkRow(id=mark_id or new_id(), recording_id=recording_id, at_ms=int(at_ms), note=note.strip(),
                           author=author, created_at=at or now())
    session.add(row)
    session.flush()
    return Mark(row.id, row.at_ms, row.note, row.author, row.created_at)


def marks_for(session: Session, recording_id: str) -> list[Mark]:
    """The recording's marks in time order."""
    stmt = (select(RecordingMarkRow).where(RecordingMarkRow.recording_id == recording_id)
            .order_by(RecordingMarkRow.at_ms, RecordingMarkRow.id))
    return [Mark(r.id, r.at_ms, r.note, r.author, r.created_at) for r in session.scalars(stmt)]
