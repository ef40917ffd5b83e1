"""The director's state as frozen snapshots: queues with their callers in service order, agents."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from hotline.acd.model import TALKING, AgentSnapshot, CenterSnapshot, QueueSnapshot, WaitingCall

if TYPE_CHECKING:
    from hotline.acd.director import Director


def take(d: Director, at: datetime) -> CenterSnapshot:
    """Everything the board shows from the director's memory at ``at``."""
    live = sorted((c for c in d.calls.values() if c.status != TALKING),
                  key=lambda c: (-c.priority, c.queued_at, c.seq))
    queues = []
    for q in d.plan.queues:
        waiting = tuple(
            WaitingCall(call=c.call, caller=c.caller, queue=c.queue, priority=c.priority, queued_at=c.queued_at,
                        wait_s=round(max(0.0, (at - c.queued_at).total_seconds()), 3), status=c.status,
                        agent=c.agent)
            for c in live if c.queue == q.name
        )
        queues.append(QueueSnapshot(q.name, q.label, waiting, max((w.wait_s for w in waiting), default=0.0)))
    agents = tuple(
        AgentSnapshot(user=r.user, state=r.state, label=r.state.label, reason=r.reason, since=r.since,
                      registered=r.registered, call=r.call, misses=r.misses, skills=r.skills)
        for r in sorted(d.agents.values(), key=lambda r: r.user)
    )
    talking = tuple(sorted(c.call for c in d.calls.values() if c.status == TALKING))
    return CenterSnapshot(at=at, queues=tuple(queues), agents=agents, talking=talking)
