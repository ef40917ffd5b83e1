"""The center's queue data: append the director's events, read the board's figures, resume a director.

    with UnitOfWork(engine, origin="center", role="center") as uow:
        uow.center.append(events)          # queue_events, agent_states/agent_now, the calls CDR, tickets
        uow.commit()                       # on PostgreSQL the NOTIFY hotline_board goes out here
    figures = uow.center.board(now)        # list[QueueFigures], one per queue

``append`` is idempotent (an event id stored before is skipped). A callback reservation (an
``overflowed`` event of kind callback) becomes a ticket (channel phone, the queue's category, the
plan's profile) in the same transaction, and the CDR row keeps its id. On PostgreSQL the append
sends ``NOTIFY hotline_board`` in its transaction, so a board LISTENing (storage.center_live)
hears of it when it commits. These rows are the center's own: they do not ride the desks' sync.

Board figures (per queue, "today" = the CST day of ``at``):
- waiting: callers in the queue not yet talking (waiting or being rung); ringing: those being rung;
  longest_wait_s: the longest of their waits at ``at``; talking: calls of the queue being talked.
- agents: agents by state (those with the queue's skill when a plan is given, else all agents).
- offered: calls that entered the queue today; answered / abandoned / overflowed: of those, the
  ones answered (by an agent or a seat), the ones whose caller hung up before an answer, the ones
  sent to a callback reservation or voicemail.
- service_level: answered within ``service_level_s`` (default 15 s) / concluded, where concluded =
  answered + abandoned + overflowed (calls still waiting are not counted yet); None before any.
- answer_rate: answered / concluded (接通率), against ``answer_target`` (0.95, Liangshan 第十条).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from hotline.acd import actions as a
from hotline.acd.actions import QueueEvent
from hotline.timezone import now as clock_now
from hotline.timezone import to_cst
from storage.center_cdr import apply, new_call
from storage.center_leads import LEAD_ACTION, audit_lead_actions
from storage.center_tables import AgentNowRow, AgentStateRow, CallRow, QueueEventRow
from storage.center_tickets import callback_ticket
from storage.upsert import dialect_insert

if TYPE_CHECKING:
    from hotline.acd import CenterPlan
    from storage.tickets import TicketRepository

CHANNEL = "hotline_board"


@dataclass(frozen=True, slots=True)
class QueueFigures:
    """The live figures of one queue (definitions in the module docstring)."""

    queue: str
    label: str
    waiting: int
    ringing: int
    longest_wait_s: float
    talking: int
    agents: dict[str, int]
    offered: int
    answered: int
    abandoned: int
    overflowed: int
    answered_in_sl: int
    service_level: float | None
    answer_rate: float | None
    answer_target: float
    meets_target: bool | None
    service_level_s: int = 15
    avg_answer_wait_s: float | None = None


@dataclass(frozen=True, slots=True)
class CallDetail:
    """One call's record (the CDR row) as read back."""

    call_id: str
    caller: str
    dialled: str
    district: str
    queue: str
    queued_at: datetime
    offered_at: datetime | None
    offers: int
    agent: str
    answered_at: datetime | None
    ended_at: datetime | None
    wait_s: float | None
    talk_s: float | None
    outcome: str
    abandoned_while: str
    overflow_kind: str
    overflow_why: str
    transferred_to: str
    conferenced: tuple[str, ...] = field(default_factory=tuple)
    ticket_id: str | None = None


def day_bounds(at: datetime) -> tuple[datetime, datetime]:
    """The CST day holding ``at``: [midnight, next midnight)."""
    local = to_cst(at)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


class CenterRepository:
    """Queue events, agent states and CDRs in one session; tickets through ``tickets`` when given."""

    def __init__(self, session: Session, tickets: TicketRepository | None = None, origin: str = "center") -> None:
        self.session, self._tickets, self.origin = session, tickets, origin

    # -- writing --------------------------------------------------------------------------------
    def append(self, events: Iterable[QueueEvent]) -> list[QueueEvent]:
        """Store the events not stored before and update the CDRs; returns the ones stored now."""
        batch = list({e.id: e for e in events}.values())
        if not batch:
            return []
        ids = [e.id for e in batch]
        known = set(self.session.scalars(select(QueueEventRow.id).where(QueueEventRow.id.in_(ids))))
        fresh = [e for e in batch if e.id not in known]
        if not fresh:
            return []
        now = clock_now()
        self.session.execute(
            dialect_insert(self.session, QueueEventRow).on_conflict_do_nothing(index_elements=["id"]),
            [{"id": e.id, "kind": e.kind, "at": e.at, "call_id": e.call, "queue": e.queue, "agent": e.agent,
              "caller": e.caller, "data": e.data, "stored_at": now} for e in fresh],
        )
        states = [e for e in fresh if e.kind == a.AGENT_STATE]
        if states:
            self._agent_states(states)
        calls = [e for e in fresh if e.call and e.kind != a.AGENT_STATE]
        if calls:
            self._calls(calls, now)
        if any(e.kind == LEAD_ACTION for e in fresh):
            audit_lead_actions(self.session, fresh, self.origin)
        if self.session.get_bind().dialect.name == "postgresql":
            queues = sorted({e.queue for e in fresh if e.queue})
            payload = json.dumps({"queues": queues, "agents": bool(states)}, ensure_ascii=False)
            self.session.execute(text("SELECT pg_notify(:channel, :payload)"),
                                 {"channel": CHANNEL, "payload": payload})
        return fresh

    def _agent_states(self, states: list[QueueEvent]) -> None:
        rows = [{"id": e.id, "agent": e.agent, "state": str(e.data.get("state", "")),
                 "reason": str(e.data.get("reason", "")), "at": e.at,
                 "until": _iso(e.data.get("until")), "call_id": str(e.data.get("call", ""))} for e in states]
        self.session.execute(
            dialect_insert(self.session, AgentStateRow).on_conflict_do_nothing(index_elements=["id"]), rows)
        latest: dict[str, QueueEvent] = {}
        for e in states:
            if e.agent not in latest or (e.at, e.id) >= (latest[e.agent].at, latest[e.agent].id):
                latest[e.agent] = e
        current = {r.agent: r for r in self.session.scalars(
            select(AgentNowRow).where(AgentNowRow.agent.in_(list(latest))))}
        for agent, e in latest.items():
            row = current.get(agent)
            if row is not None and (row.since, row.event_id) > (e.at, e.id):
                continue  # a late, older change
            values = {"state": str(e.data.get("state", "")), "reason": str(e.data.get("reason", "")),
                      "since": e.at, "event_id": e.id, "call_id": str(e.data.get("call", ""))}
            if row is None:
                self.session.add(AgentNowRow(agent=agent, **values))
            else:
                for key, value in values.items():
                    setattr(row, key, value)

    def _calls(self, events: list[QueueEvent], now: datetime) -> None:
        ids = sorted({e.call for e in events})
        rows = {r.call_id: r for r in self.session.scalars(select(CallRow).where(CallRow.call_id.in_(ids)))}
        for e in events:
            row = rows.get(e.call)
            if row is None:
                row = rows[e.call] = new_call(e, now)
                self.session.add(row)
                if e.kind == a.QUEUED:
                    continue
            was_final = row.outcome
            if not apply(row, e, now):
                continue
            if (e.kind == a.OVERFLOWED and row.overflow_kind == "callback" and row.ticket_id is None
                    and was_final != "overflowed"):
                row.ticket_id = callback_ticket(self._ticket_repo(), e, row)
        self.session.flush()

    def _ticket_repo(self) -> TicketRepository:
        if self._tickets is None:
            from storage.calendar import CalendarRepository
            from storage.changelog import ChangeRecorder
            from storage.rules import LifecycleRules
            from storage.tickets import TicketRepository

            recorder = ChangeRecorder(self.session, "center", self.origin)
            self._tickets = TicketRepository(self.session, LifecycleRules(),
                                             CalendarRepository(self.session, recorder), recorder)
        return self._tickets

    # -- reading --------------------------------------------------------------------------------
    def events_since(self, since: datetime) -> list[QueueEvent]:
        """Every queue event at or after ``since``, oldest first: what ``Director.rebuild`` takes."""
        rows = self.session.scalars(
            select(QueueEventRow).where(QueueEventRow.at >= since).order_by(QueueEventRow.at, QueueEventRow.id))
        return [QueueEvent(kind=r.kind, at=r.at, call=r.call_id, queue=r.queue, agent=r.agent, caller=r.caller,
                           data=dict(r.data), id=r.id) for r in rows]

    def call(self, call_id: str) -> CallDetail | None:
        """The record of one call, or None."""
        row = self.session.get(CallRow, call_id)
        return _detail(row) if row is not None else None

    def today(self, at: datetime) -> list[CallDetail]:
        """The calls that entered a queue on ``at``'s day (CST), in order of arrival."""
        start, end = day_bounds(at)
        rows = self.session.scalars(select(CallRow).where(CallRow.queued_at >= start, CallRow.queued_at < end)
                                    .order_by(CallRow.queued_at, CallRow.call_id))
        return [_detail(r) for r in rows]

    def agents_now(self) -> dict[str, tuple[str, str, datetime]]:
        """Each agent's latest state: user -> (state, reason, since)."""
        return {r.agent: (r.state, r.reason, r.since) for r in self.session.scalars(select(AgentNowRow))}

    def board(self, at: datetime, *, service_level_s: int = 15, answer_target: float = 0.95,
              plan: CenterPlan | None = None) -> list[QueueFigures]:
        """The live figures per queue at ``at`` (the plan's queues in its order, else the queues seen)."""
        from storage.center_board import figures

        if plan is not None:
            service_level_s, answer_target = plan.service_level_s, plan.answer_target
        return figures(self.session, at, service_level_s, answer_target, plan, self.agents_now())


def _iso(value: Any) -> datetime | None:
    from hotline.timezone import parse_iso

    return parse_iso(str(value)) if value else None


def _detail(r: CallRow) -> CallDetail:
    return CallDetail(
        call_id=r.call_id, caller=r.caller, dialled=r.dialled, district=r.district, queue=r.queue,
        queued_at=r.queued_at, offered_at=r.offered_at, offers=r.offers, agent=r.agent, answered_at=r.answered_at,
        ended_at=r.ended_at, wait_s=r.wait_s, talk_s=r.talk_s, outcome=r.outcome, abandoned_while=r.abandoned_while,
        overflow_kind=r.overflow_kind, overflow_why=r.overflow_why, transferred_to=r.transferred_to,
        conferenced=tuple(r.conferenced or ()), ticket_id=r.ticket_id,
    )


