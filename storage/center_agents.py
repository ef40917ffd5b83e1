"""CDR queries for the team lead's board: per agent today, and the day's curve per 15 minutes.

"Today" is the CST day of ``at`` (storage.center.day_bounds); a call counts on the day it entered
the queue.

- per agent: calls = calls the agent answered today; talk_s = their talk seconds (ended calls);
  aht_s = average handle time = talk seconds / answered calls that have ended (wrap-up is not in
  the CDR and is not included); None before any.
- the curve: one bucket per 15 minutes from midnight to ``at``: offered (entered a queue), answered,
  abandoned, service level = answered within ``service_level_s`` / concluded (answered + abandoned
  + overflowed) of the calls that entered in the bucket; None when none concluded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, case, cast, func, select
from sqlalchemy.orm import Session

from storage.center import day_bounds
from storage.center_tables import CallRow

BUCKET_S = 900


@dataclass(frozen=True, slots=True)
class AgentDay:
    """One agent's calls today."""

    agent: str
    calls: int
    talk_s: float
    aht_s: float | None


@dataclass(frozen=True, slots=True)
class Bucket:
    """Fifteen minutes of the day's curve."""

    start: datetime
    offered: int
    answered: int
    abandoned: int
    service_level: float | None


def agents_today(session: Session, at: datetime, agents: Iterable[str]) -> dict[str, AgentDay]:
    """Calls, talk time and average handle time today for each of ``agents`` (absent: no call)."""
    names = sorted(set(agents))
    if not names:
        return {}
    start, end = day_bounds(at)
    ended = CallRow.talk_s.is_not(None)
    rows = session.execute(
        select(CallRow.agent, func.count(), func.sum(CallRow.talk_s), func.sum(case((ended, 1), else_=0)))
        .where(CallRow.queued_at >= start, CallRow.queued_at < end, CallRow.answered_at.is_not(None),
               CallRow.agent.in_(names))
        .group_by(CallRow.agent)
    ).all()
    out = {}
    for agent, calls, talk, n_ended in rows:
        talk_s = float(talk or 0.0)
        out[agent] = AgentDay(agent, int(calls), round(talk_s, 1), round(talk_s / n_ended, 1) if n_ended else None)
    return out


def curve(session: Session, at: datetime, service_level_s: int = 15) -> list[Bucket]:
    """The day's curve per 15 minutes, from midnight to the bucket holding ``at``."""
    start, end = day_bounds(at)
    answered = CallRow.answered_at.is_not(None)
    concluded = answered | CallRow.outcome.in_(("abandoned", "overflowed"))
    if session.get_bind().dialect.name == "postgresql":
        bucket = func.floor((func.extract("epoch", CallRow.queued_at) - start.timestamp()) / BUCKET_S)
    else:  # SQLite: seconds since the day's start from the stored (naive UTC) text
        bucket = cast((cast(func.strftime("%s", CallRow.queued_at), Integer) - int(start.timestamp())) / BUCKET_S,
                      Integer)
    rows = session.execute(
        select(bucket.label("b"), func.count(), func.sum(case((answered, 1), else_=0)),
               func.sum(case((CallRow.outcome == "abandoned", 1), else_=0)),
               func.sum(case(((answered & (CallRow.wait_s <= service_level_s)), 1), else_=0)),
               func.sum(case((concluded, 1), else_=0)))
        .where(CallRow.queued_at >= start, CallRow.queued_at < end)
        .group_by("b")
    ).all()
    by = {int(b): (int(o), int(an or 0), int(ab or 0), int(sl or 0), int(c or 0)) for b, o, an, ab, sl, c in rows}
    last = int(max(0.0, (min(at, end) - start).total_seconds()) // BUCKET_S)
    out = []
    for i in range(0, min(last, 95) + 1):
        o, an, ab, sl, c = by.get(i, (0, 0, 0, 0, 0))
        out.append(Bucket(start + timedelta(seconds=i * BUCKET_S), o, an, ab, sl / c if c else None))
    return out
