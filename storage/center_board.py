"""The board's figures per queue, computed in three grouped queries (definitions: storage/center.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from storage.center_tables import CallRow

if TYPE_CHECKING:
    from hotline.acd import CenterPlan
    from storage.center import QueueFigures


def figures(session: Session, at: datetime, service_level_s: int, answer_target: float,
            plan: CenterPlan | None, agents_now: dict[str, tuple[str, str, datetime]],
            live: bool = True) -> list[QueueFigures]:
    """One QueueFigures per queue: the plan's queues in order, else every queue seen today or live.
    ``live=False`` skips the live counts (the board takes them from the director's mirror)."""
    from storage.center import QueueFigures, day_bounds

    start, end = day_bounds(at)
    live = session.execute(
        select(CallRow.queue, CallRow.outcome, func.count(), func.min(CallRow.queued_at))
        .where(CallRow.outcome.in_(("waiting", "ringing", "talking")))
        .group_by(CallRow.queue, CallRow.outcome)
    ).all() if live else []
    answered = CallRow.answered_at.is_not(None)
    day = session.execute(
        select(
            CallRow.queue,
            func.count(),
            func.sum(case((answered, 1), else_=0)),
            func.sum(case((CallRow.outcome == "abandoned", 1), else_=0)),
            func.sum(case((CallRow.outcome == "overflowed", 1), else_=0)),
            func.sum(case(((answered & (CallRow.wait_s <= service_level_s)), 1), else_=0)),
            func.avg(case((answered, CallRow.wait_s), else_=None)),
        )
        .where(CallRow.queued_at >= start, CallRow.queued_at < end)
        .group_by(CallRow.queue)
    ).all()
    live_by: dict[str, dict[str, tuple[int, datetime]]] = {}
    for queue, outcome, count, oldest in live:
        live_by.setdefault(queue, {})[outcome] = (int(count), oldest)
    day_by = {row[0]: row[1:] for row in day}
    if plan is not None:
        queues = [(q.name, q.label, q.skill) for q in plan.queues]
    else:
        queues = [(name, name, "") for name in sorted(set(live_by) | set(day_by))]
    result = []
    for name, label, skill in queues:
        states: dict[str, int] = {}
        for user, (state, _reason, _since) in agents_now.items():
            if plan is not None and skill not in plan.agents.get(user, ()):
                continue
            states[state] = states.get(state, 0) + 1
        lv = live_by.get(name, {})
        waiting_oldest = [lv[o][1] for o in ("waiting", "ringing") if o in lv]
        longest = max((round(max(0.0, (at - t).total_seconds()), 3) for t in waiting_oldest), default=0.0)
        offered, n_answered, abandoned, overflowed, in_sl, avg_wait = day_by.get(name, (0, 0, 0, 0, 0, None))
        n_answered, abandoned, overflowed, in_sl = (int(x or 0) for x in (n_answered, abandoned, overflowed, in_sl))
        concluded = n_answered + abandoned + overflowed
        rate = n_answered / concluded if concluded else None
        result.append(QueueFigures(
            queue=name, label=label,
            waiting=sum(lv[o][0] for o in ("waiting", "ringing") if o in lv),
            ringing=lv.get("ringing", (0, None))[0],
            longest_wait_s=longest,
            talking=lv.get("talking", (0, None))[0],
            agents=states,
            offered=int(offered or 0), answered=n_answered, abandoned=abandoned, overflowed=overflowed,
            answered_in_sl=in_sl,
            service_level=in_sl / concluded if concluded else None,
            answer_rate=rate, answer_target=answer_target,
            meets_target=None if rate is None else rate >= answer_target,
            service_level_s=service_level_s,
            avg_answer_wait_s=round(float(avg_wait), 3) if avg_wait is not None else None,
        ))
    return result
