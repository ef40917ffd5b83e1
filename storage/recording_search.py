"""The recordings browser's search, paged in SQL by keyset (newest first), within a viewer's scope.

    page = search_recordings(session, RecordingQuery(agent="1001", since=..., until=...),
                             scope=search_scope(viewer), limit=100)
    more = search_recordings(session, query, scope, limit=100, after=page[-1].cursor)

Filters: date range on ``started_at``, agent, caller, queue (exact), ticket number (the ticket's calls
in ``ticket_calls`` joined to the recording's legs in ``recording_calls`` by SIP Call-ID), duration range, current QA total range. The order is
``started_at DESC, id DESC``; the next page starts strictly after the last row's ``(started_at, id)``,
so a deep page costs what the first does (``offset_page`` is the OFFSET baseline the benchmark
compares). Each filter has an index that walks in that order (migration 0010's SEARCH_INDEXES).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from hotline.recording_access import Scope
from storage.account_tables import UserRow
from storage.qa_tables import SEARCH_INDEXES, QaScoreRow  # noqa: F401  (the indexes join the table)
from storage.recording_tables import RecordingCallRow, RecordingRow
from storage.tables import TicketCallRow, TicketRow


@dataclass(frozen=True)
class RecordingQuery:
    """What the browser's search form holds; None or "" means no filter."""

    since: datetime | None = None
    until: datetime | None = None
    agent: str = ""
    caller: str = ""
    queue: str = ""
    ticket_number: str = ""
    min_duration_s: float | None = None
    max_duration_s: float | None = None
    min_score: float | None = None
    max_score: float | None = None


class RecordingHit(NamedTuple):
    """One row of the browser."""

    id: str
    started_at: datetime
    agent: str
    caller: str
    queue: str
    duration_s: float
    state: str
    score: float | None

    @property
    def cursor(self) -> tuple[datetime, str]:
        return (self.started_at, self.id)


def _where(stmt: Select[Any], q: RecordingQuery, scope: Scope) -> Select[Any]:
    if not scope.everything:
        if scope.group is not None:
            members = select(UserRow.sip_user).where(UserRow.unit_id == scope.group, UserRow.sip_user.is_not(None))
            logins = select(UserRow.login).where(UserRow.unit_id == scope.group)
            stmt = stmt.where(or_(RecordingRow.agent.in_(members), RecordingRow.agent.in_(logins)))
        else:
            stmt = stmt.where(RecordingRow.agent.in_(sorted(scope.agents)))
    if q.since is not None:
        stmt = stmt.where(RecordingRow.started_at >= q.since)
    if q.until is not None:
        stmt = stmt.where(RecordingRow.started_at < q.until)
    for column, value in ((RecordingRow.agent, q.agent), (RecordingRow.caller, q.caller),
                          (RecordingRow.queue, q.queue)):
        if value:
            stmt = stmt.where(column == value.strip())
    if q.ticket_number:
        legs = (select(RecordingCallRow.recording_id)
                .join(TicketCallRow, TicketCallRow.call_id == RecordingCallRow.call_id)
                .join(TicketRow, TicketRow.id == TicketCallRow.ticket_id)
                .where(TicketRow.number == q.ticket_number.strip()))
        stmt = stmt.where(RecordingRow.id.in_(legs))
    if q.min_duration_s is not None:
        stmt = stmt.where(RecordingRow.duration_s >= q.min_duration_s)
    if q.max_duration_s is not None:
        stmt = stmt.where(RecordingRow.duration_s <= q.max_duration_s)
    return stmt


def _scored(q: RecordingQuery) -> bool:
    return q.min_score is not None or q.max_score is not None


def _select(q: RecordingQuery) -> tuple[Select[Any], Any, Any]:
    """The columns, and the (time, id) pair to order and page by.

    With a score filter the walk starts from the current sheets (``qa_scores`` carries the recording's
    start, index (current, started_at, recording_id, total)): the few scored recordings in the same
    newest-first order, instead of every recording tested against the scores."""
    cols = (RecordingRow.id, RecordingRow.started_at, RecordingRow.agent, RecordingRow.caller, RecordingRow.queue,
            RecordingRow.duration_s, RecordingRow.state)
    if _scored(q):
        stmt = (select(*cols, QaScoreRow.total).select_from(QaScoreRow)
                .join(RecordingRow, RecordingRow.id == QaScoreRow.recording_id).where(QaScoreRow.current.is_(True)))
        if q.min_score is not None:
            stmt = stmt.where(QaScoreRow.total >= q.min_score)
        if q.max_score is not None:
            stmt = stmt.where(QaScoreRow.total <= q.max_score)
        return stmt, QaScoreRow.started_at, QaScoreRow.recording_id
    score = (select(QaScoreRow.total).where(QaScoreRow.recording_id == RecordingRow.id, QaScoreRow.current.is_(True))
             .limit(1).scalar_subquery())
    return select(*cols, score), RecordingRow.started_at, RecordingRow.id


def search_recordings(session: Session, q: RecordingQuery, scope: Scope, *, limit: int = 100,
                      after: tuple[datetime, str] | None = None) -> list[RecordingHit]:
    """One page, newest first, starting strictly after the cursor ``after`` (the last row's)."""
    base, at_col, id_col = _select(q)
    stmt = _where(base, q, scope)
    if after is not None:
        at, rid = after
        stmt = stmt.where(or_(at_col < at, and_(at_col == at, id_col < rid)))
    stmt = stmt.order_by(at_col.desc(), id_col.desc()).limit(limit)
    return [RecordingHit(*row) for row in session.execute(stmt)]


def offset_page(session: Session, q: RecordingQuery, scope: Scope, *, limit: int, offset: int) -> list[RecordingHit]:
    """The same page by OFFSET: the baseline ``python -m bench recordings`` puts beside the keyset."""
    base, at_col, id_col = _select(q)
    stmt = _where(base, q, scope).order_by(at_col.desc(), id_col.desc())
    return [RecordingHit(*row) for row in session.execute(stmt.offset(offset).limit(limit))]


def recording_by_id(session: Session, recording_id: str) -> RecordingRow | None:
    """The row or None."""
    return session.get(RecordingRow, recording_id)
