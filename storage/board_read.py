"""What the team lead's board shows, read in one session: tiles, a page of callers, a page of agents,
the day's curve and the lead's own requests.

    view = read_board(session, now(), plan=plan, waiting_page=(0, 50), agents_page=(0, 50), lead="1009")

Tiles are storage.center_board's figures: the day's counts from the CDR, the live ones (waiting,
ringing, longest wait, talking, agents by state) from the director's published mirror
(storage.board_tables) when there is one; the agents in 示忙 past a threshold are listed over all
pages (the alerts); the callers and agents are pages of the mirror
(LIMIT/OFFSET in SQL, totals beside), each agent with its calls today (storage.center_agents).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.board_tables import BoardAgentRow, BoardWaitingRow
from storage.center import CenterRepository, QueueFigures
from storage.center_agents import AgentDay, Bucket, agents_today, curve
from storage.qa_scores import qa_averages
from storage.tables import AuditRow

if TYPE_CHECKING:
    from hotline.acd import CenterPlan


@dataclass(frozen=True, slots=True)
class WaitingLine:
    """A caller waiting now."""

    position: int
    call_id: str
    queue: str
    caller: str
    status: str
    agent: str
    wait_s: float


#: the QA averages on the board cover this many days
QA_DAYS = 30


@dataclass(frozen=True, slots=True)
class AgentLine:
    """An agent now, with the day's calls."""

    agent: str
    state: str
    reason: str
    in_state_s: float | None
    call_queue: str
    call_s: float | None
    calls: int
    talk_s: float
    aht_s: float | None
    qa_avg: float | None = None  # the average of its current QA sheets over the last QA_DAYS days
    qa_n: int = 0


@dataclass(frozen=True, slots=True)
class LeadResult:
    """One of the lead's requests as the director decided it (from the audit log)."""

    at: datetime
    agent: str
    action: str
    result: str
    why: str


@dataclass(frozen=True, slots=True)
class BoardView:
    """Everything the board shows at ``at``."""

    at: datetime
    queues: tuple[QueueFigures, ...]
    waiting_total: int
    waiting: tuple[WaitingLine, ...]
    agents_total: int
    agents: tuple[AgentLine, ...]
    curve: tuple[Bucket, ...]
    lead_results: tuple[LeadResult, ...] = ()
    long_not_ready: tuple[tuple[str, float], ...] | None = None  # (agent, s in 示忙) past the threshold; None: not read


def _live_from_mirror(session: Session, at: datetime, queues: list[QueueFigures]) -> list[QueueFigures]:
    """Waiting, ringing, longest wait and talking per queue from the director's published mirror."""
    waiting: dict[str, list[int]] = {}
    oldest: dict[str, datetime] = {}
    for queue, status, count, first in session.execute(
            select(BoardWaitingRow.queue, BoardWaitingRow.status, func.count(), func.min(BoardWaitingRow.queued_at))
            .group_by(BoardWaitingRow.queue, BoardWaitingRow.status)):
        counts = waiting.setdefault(queue, [0, 0])
        counts[0] += int(count)
        counts[1] += int(count) if status == "ringing" else 0
        oldest[queue] = min(first, oldest.get(queue, first))
    talking = dict(session.execute(select(BoardAgentRow.call_queue, func.count())
                                   .where(BoardAgentRow.state == "talking").group_by(BoardAgentRow.call_queue)).all())
    return [replace(q, waiting=waiting.get(q.queue, [0, 0])[0], ringing=waiting.get(q.queue, [0, 0])[1],
                    longest_wait_s=_secs(at, oldest.get(q.queue)) or 0.0, talking=int(talking.get(q.queue, 0)))
            for q in queues]


def _secs(at: datetime, t: datetime | None) -> float | None:
    return None if t is None else round(max(0.0, (at - t).total_seconds()), 1)


def read_board(session: Session, at: datetime, *, plan: CenterPlan | None = None,
               waiting_page: tuple[int, int] = (0, 50), agents_page: tuple[int, int] = (0, 50),
               lead: str = "", day_curve: tuple[Bucket, ...] | None = None,
               not_ready_over_s: float | None = None) -> BoardView:
    """The board at ``at`` (see the module docstring); pages are (offset, limit); ``day_curve``: a
    curve read a moment ago, kept instead of reading it again."""
    states = dict(session.execute(select(BoardAgentRow.agent, BoardAgentRow.state)).all())
    agents_now = {a: (s, "", at) for a, s in states.items()} if states else CenterRepository(session).agents_now()
    from storage.center_board import figures

    sl_s = plan.service_level_s if plan is not None else 15
    target = plan.answer_target if plan is not None else 0.95
    queues = figures(session, at, sl_s, target, plan, agents_now, live=not states)
    if states:  # the director publishes: its live counts are fresher than the CDR's
        queues = _live_from_mirror(session, at, queues)
    w_total = session.scalar(select(func.count()).select_from(BoardWaitingRow)) or 0
    w_rows = session.scalars(select(BoardWaitingRow).order_by(BoardWaitingRow.position)
                             .offset(waiting_page[0]).limit(waiting_page[1])).all()
    waiting = tuple(WaitingLine(r.position, r.call_id, r.queue, r.caller, r.status, r.agent,
                                _secs(at, r.queued_at) or 0.0) for r in w_rows)
    a_rows = session.scalars(select(BoardAgentRow).order_by(BoardAgentRow.agent)
                             .offset(agents_page[0]).limit(agents_page[1])).all()
    day = agents_today(session, at, (r.agent for r in a_rows))
    none = AgentDay("", 0, 0.0, None)
    qa = {q.agent: q for q in qa_averages(session, at - timedelta(days=QA_DAYS), at, [r.agent for r in a_rows])}
    agents = tuple(AgentLine(r.agent, r.state, r.reason, _secs(at, r.since), r.call_queue, _secs(at, r.call_started),
                             day.get(r.agent, none).calls, day.get(r.agent, none).talk_s, day.get(r.agent, none).aht_s,
                             qa[r.agent].average if r.agent in qa else None, qa[r.agent].count if r.agent in qa else 0)
                   for r in a_rows)
    results: tuple[LeadResult, ...] = ()
    if lead:
        rows = session.scalars(select(AuditRow).where(AuditRow.actor == f"sip:{lead}",
                                                      AuditRow.at >= at - timedelta(hours=12))
                               .order_by(AuditRow.at.desc()).limit(20)).all()
        results = tuple(LeadResult(r.at, r.subject_id, r.action.removeprefix("lead-"), str(r.detail.get("result", "")),
                                   str(r.detail.get("why", ""))) for r in rows)
    long_nr: tuple[tuple[str, float], ...] | None = None
    if not_ready_over_s is not None:
        rows = session.execute(select(BoardAgentRow.agent, BoardAgentRow.since)
                               .where(BoardAgentRow.state == "not-ready",
                                      BoardAgentRow.since < at - timedelta(seconds=not_ready_over_s))
                               .order_by(BoardAgentRow.since).limit(200)).all()
        long_nr = tuple((agent, _secs(at, since) or 0.0) for agent, since in rows)
    return BoardView(at, tuple(queues), int(w_total), waiting, len(states), agents,
                     day_curve if day_curve is not None else tuple(curve(session, at, sl_s)), results, long_nr)
