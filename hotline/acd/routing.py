"""The director's timed rules and distribution: wrap-up ends, lost rings, offers, overflow, night rule.

``settle(director, at)`` runs after every input, in this order: wrap-ups that have run out make
their agents ready; rings Kamailio never reported back on return their calls; waiting calls are
offered (priority, then wait; longest-idle agent with the skill who has missed the call least);
calls still waiting past their queue's ``max_wait_s`` overflow; calls nobody logged in could take
meet the night rule. Offering before overflowing means a caller is never sent away at the moment
an agent became free.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from hotline.acd import actions as a
from hotline.acd.actions import Action, Overflow, RouteCall
from hotline.acd.model import RINGING, WAITING, AgentRecord, CallRecord
from hotline.acd.states import AgentState

if TYPE_CHECKING:
    from hotline.acd.director import Director


def settle(d: Director, at: datetime) -> list[Action]:
    """Apply every rule that time or a change of state may have triggered.

    Cheap with a deep queue: lost rings are found through the ringing agents, overflow walks the
    calls in arrival order only while they are old enough, and offers are looked for only when an
    agent is free.
    """
    out: list[Action] = []
    index = d.index
    if index.wrapping:
        for user in index.in_order(index.wrapping):
            rec = d.agents[user]
            if rec.wrap_until is not None and rec.wrap_until <= at:
                out += d._back_to_work(rec, rec.wrap_until)  # recorded when the wrap-up ended
    grace = timedelta(seconds=d.plan.ring_timeout_s + _lost_ring_s())
    for user in index.in_order(index.ringing):
        rec = d.agents[user]
        c = d.calls.get(rec.call)
        if c is not None and c.status == RINGING and c.offered_at is not None and at - c.offered_at >= grace:
            out += d._unring(c, at, code=0, lost=True)
    out += dispatch(d, at)
    queues = d._queues
    nobody = {name for name, q in queues.items() if not anyone_for(d, q.skill)}
    shortest = min(q.max_wait_s for q in queues.values())
    for c in list(d.calls.values()):  # arrival order
        waited = (at - c.queued_at).total_seconds()
        if waited < shortest and not nobody:
            break  # every later call is younger still
        if c.status != WAITING:
            continue
        queue = queues[c.queue]
        if waited >= queue.max_wait_s:
            out += overflow(d, c, queue.overflow, queue.overflow_target, "max-wait", at)
        elif c.queue in nobody:
            out += night(d, c, at)
    return out


def _lost_ring_s() -> int:
    from hotline.acd.director import LOST_RING_S

    return LOST_RING_S


def _key(c: CallRecord) -> tuple[int, datetime, int]:
    return (-c.priority, c.queued_at, c.seq)


def best_candidate(d: Director, c: CallRecord) -> AgentRecord | None:
    """The free agent ``c`` goes to: fewest offers of this call so far, then longest idle."""
    skill = d._queues[c.queue].skill
    tried, agents = c.tried, d.agents
    best: AgentRecord | None = None
    fewest = 0
    for _idle, user in d.index.free:  # longest idle first
        rec = agents[user]
        if skill not in rec.skills:
            continue
        offers = tried.get(user, 0)
        if offers == 0:
            return rec
        if best is None or offers < fewest:
            best, fewest = rec, offers
    return best


def dispatch(d: Director, at: datetime) -> list[Action]:
    """Offer waiting calls to free agents (nothing to look at while nobody is free).

    This runs while a caller's INVITE waits in Kamailio, so it never walks all agents: the index
    lists the free ones longest idle first, and the first with the skill usually takes the call.
    """
    if not d.index.free:
        return []
    waiting = [c for c in d.calls.values() if c.status == WAITING]
    if len(waiting) > 1:
        skills = set().union(*(d.agents[user].skills for _idle, user in d.index.free))
        waiting = sorted((c for c in waiting if d._queues[c.queue].skill in skills), key=_key)
    out: list[Action] = []
    for c in waiting:
        if not d.index.free:
            break
        best = best_candidate(d, c)
        if best is not None:
            out += offer(d, c, best, at)  # the offer takes the agent out of the free list
    return out


def offer(d: Director, c: CallRecord, rec: AgentRecord, at: datetime) -> list[Action]:
    """Ring ``rec`` with ``c``: the route first (it is what the caller waits for), then the records."""
    c.status, c.agent, c.offered_at = RINGING, rec.user, at
    rec.call = c.call
    ring = d.plan.ring_timeout_s
    out: list[Action] = [RouteCall(c.call, rec.user, ring, c.handle),
                         d._record(a.OFFERED, at, c, agent=rec.user, ring_timeout_s=ring,
                                   wait_s=_wait(c, at))]
    out += d._set(rec, AgentState.RINGING, at)
    return out


def anyone_for(d: Director, skill: str) -> bool:
    """Whether an agent with ``skill`` is logged in (registered and not logged out)."""
    return d.index.anyone_for(skill)


def registered(d: Director, user: str) -> bool:
    """Whether ``user``'s phone is registered (a plan agent or another user such as the duty seat)."""
    rec = d.agents.get(user)
    return rec.registered if rec is not None else user in d.others


def night(d: Director, c: CallRecord, at: datetime) -> list[Action]:
    """Nobody could take the call: the duty seat if registered, else the night fallback."""
    seat = d.plan.night.duty_seat
    if seat and registered(d, seat):
        return overflow(d, c, "seat", seat, "night", at)
    return overflow(d, c, d.plan.night.fallback, "", "night", at)


def overflow(d: Director, c: CallRecord, kind: str, target: str, why: str, at: datetime) -> list[Action]:
    """Take ``c`` out of the queue to a callback reservation, voicemail or a seat (if registered)."""
    if kind == "seat" and not registered(d, target):
        kind, target = "callback", ""
    if kind == "callback" and not c.verified:
        kind = "voicemail"  # a number an outside caller only wrote is never called back
    if why == "night":
        message = d.plan.night.message
    else:
        message = d.plan.callback_message if kind == "callback" else d.plan.voicemail_message
    if kind == "seat":
        message = ""
    queue = d._queues[c.queue]
    event = d._record(a.OVERFLOWED, at, c, kind=kind, target=target, why=why, wait_s=_wait(c, at),
                      message=message, dialled=c.dialled, label=queue.label, category=queue.category,
                      profile=d.plan.profile)
    out: list[Action] = [Overflow(c.call, kind, target, c.handle, message), event]
    if kind == "seat":
        c.status, c.agent, c.seat_why, c.offered_at = "seat", target, why, at
    else:
        d._finish(c)
    return out


def _wait(c: CallRecord, at: datetime) -> float:
    return round(max(0.0, (at - c.queued_at).total_seconds()), 3)
