"""The queue director (ACD): pure decisions about waiting callers and agents; time is always passed in.

Every input returns the actions to take (``hotline.acd.actions``) and is idempotent: a duplicate or
a late event for a call or agent that has moved on returns ``[]``. Routing: the waiting calls are
served by queue priority (higher first), then by time in queue; each goes to the registered READY
agent with the queue's skill who has not yet missed this call, longest idle first. A miss sends the
call back to the head of its place and on to the next agent; ``max_misses`` misses in a row put the
agent on 示忙 (连续未接). After ``max_wait_s`` a waiting caller overflows (callback reservation,
voicemail, or a seat). The night rule (7×24): when no agent who could take the queue is logged in,
the caller goes to the duty seat (值班坐席) if its phone is registered, else to the night fallback
(a callback reservation that storage turns into a ticket), and is told so. Desk requests made while
ringing or talking (示忙, 签出) take effect when the call ends. A ring Kamailio never reports back
on is taken as unanswered ``LOST_RING_S`` after its ring timeout (no miss is counted).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from hotline.acd import actions as a
from hotline.acd.actions import Action, QueueEvent, Record, RejectCall
from hotline.acd.index import AgentIndex
from hotline.acd.model import RINGING, TALKING, WAITING, AgentRecord, CallRecord, CenterSnapshot
from hotline.acd.plan import CenterPlan, QueuePlan
from hotline.acd.states import DESK_STATES, MISSED_REASON, AgentState

SEAT = "seat"  # a call overflowed to a seat that has not answered yet (CallRecord.status)
GONE_CODES = (404, 410, 503)  # the agent's phone is not there: not a miss
LOST_RING_S = 5


MAX_WRAP_EXTEND_S = 300.0  # one extension of 话后处理 adds at most this much


def _secs(later: datetime, earlier: datetime | None) -> float:
    return round(max(0.0, (later - earlier).total_seconds()), 3) if earlier else 0.0


class Director:
    """The center's queues and agents; see the module docstring for the rules."""

    def __init__(self, plan: CenterPlan, now: datetime) -> None:
        self.plan, self.now = plan, now
        self._queues = {q.name: q for q in plan.queues}
        self.agents = {u: AgentRecord(u, skills) for u, skills in plan.agents.items()}
        self.index = AgentIndex({u: i for i, u in enumerate(self.agents)}, now)
        for rec in self.agents.values():
            rec.index = self.index
        self.others: dict[str, str] = {}  # registered users outside the plan (duty seat) -> contact
        self.calls: dict[str, CallRecord] = {}
        self.finished: set[str] = set()
        self._seq = 0
        self._backlog: list[Action] = []

    # ---- calls ------------------------------------------------------------------------------
    def call_queued(self, call: str, *, caller: str, dialled: str, at: datetime, queue: str | None = None,
                    priority: int | None = None, handle: Any = None, verified: bool = True) -> list[Action]:
        """A caller entered the center (Kamailio suspended the INVITE).

        ``verified`` is False when the number is only what an outside caller wrote: such a caller
        is never promised a callback (voicemail instead).
        """
        if call in self.calls or call in self.finished:
            return []
        plan_queue = self._queue_for(dialled, queue)
        if plan_queue is None:
            self.finished.add(call)
            return [RejectCall(call, 404, f"no queue {queue!r} in the center plan", handle)]
        self._seq += 1
        c = CallRecord(call=call, caller=caller, dialled=dialled, queue=plan_queue.name,
                       priority=plan_queue.priority if priority is None else priority,
                       queued_at=at, handle=handle, seq=self._seq, verified=verified)
        self.calls[call] = c
        district = self.plan.district_for(dialled)
        data = {"dialled": dialled, "priority": c.priority, "handle": handle,
                "district": district.name if district else ""}
        if not verified:
            data["verified"] = False
        return [self._record(a.QUEUED, at, c, **data), *self._settle(at)]

    def ring_answered(self, call: str, agent: str, at: datetime) -> list[Action]:
        """The rung phone answered (200 OK)."""
        c = self.calls.get(call)
        if c is None or c.agent != agent or c.status not in (RINGING, SEAT):
            return []
        c.status, c.answered_at = TALKING, at
        out: list[Action] = [self._record(a.ANSWERED, at, c, agent=agent, wait_s=_secs(at, c.queued_at))]
        rec = self.agents.get(agent)
        if rec is not None:
            rec.misses, rec.call = 0, call
            out += self._set(rec, AgentState.TALKING, at)
        return out + self._settle(at)

    def ring_failed(self, call: str, agent: str, code: int, at: datetime) -> list[Action]:
        """The rung phone did not answer (408/480), was busy (486) or is gone (404/503)."""
        c = self.calls.get(call)
        if c is None or c.agent != agent or c.status not in (RINGING, SEAT):
            return []
        if c.status == SEAT:
            kind = self.plan.night.fallback if c.seat_why == "night" else "callback"
            return self._overflow(c, kind, "", "seat-failed", at) + self._settle(at)
        return self._unring(c, at, code=code, lost=False) + self._settle(at)

    def caller_left(self, call: str, at: datetime, why: str = "") -> list[Action]:
        """The caller hung up (CANCEL) while waiting or ringing: abandoned; while talking: ended.

        ``why`` says when the center lost the call rather than the caller hanging up ("timeout":
        the transaction ended; "gone": a command found no transaction).
        """
        c = self.calls.get(call)
        if c is None:
            return []
        if c.status == TALKING:
            return self.call_ended(call, at)
        extra = {"why": why} if why else {}
        out = [self._record(a.ABANDONED, at, c, agent=c.agent, wait_s=_secs(at, c.queued_at),
                            **{"while": c.status}, **extra)]
        rec = self.agents.get(c.agent) if c.status == RINGING else None
        self._finish(c)
        if rec is not None:
            out += self._back_to_work(rec, at, keep_idle=True)
        return out + self._settle(at)

    def call_ended(self, call: str, at: datetime) -> list[Action]:
        """The talk is over (BYE): the agent goes to wrap-up. Before an answer it is an abandon."""
        c = self.calls.get(call)
        if c is None:
            return []
        if c.status != TALKING:
            return self.caller_left(call, at)
        out = [self._record(a.ENDED, at, c, agent=c.agent, talk_s=_secs(at, c.answered_at))]
        return out + self._release(c, at)

    def call_transferred(self, call: str, at: datetime, target: str) -> list[Action]:
        """The agent transferred the caller to ``target`` and left the call."""
        c = self.calls.get(call)
        if c is None or c.status != TALKING:
            return []
        out = [self._record(a.TRANSFERRED, at, c, agent=c.agent, target=target,
                            talk_s=_secs(at, c.answered_at))]
        return out + self._release(c, at)

    def call_conferenced(self, call: str, at: datetime, target: str) -> list[Action]:
        """The agent brought ``target`` (110, an expert seat…) into the call; the agent stays."""
        c = self.calls.get(call)
        if c is None or c.status != TALKING or target in c.conferenced:
            return []
        c.conferenced.add(target)
        return [self._record(a.CONFERENCED, at, c, agent=c.agent, target=target)]

    def agent_dialled(self, agent: str, target: str, at: datetime) -> list[Action]:
        """An agent dialled ``target`` (110, an expert seat…): during a queue call, brought into it."""
        rec = self.agents.get(agent)
        c = self.calls.get(rec.call) if rec is not None and rec.call else None
        if c is None or c.status != TALKING or not target:
            return []  # not on a queue call: an ordinary outgoing call, not the center's business
        return self.call_conferenced(c.call, at, target)

    # ---- agents -----------------------------------------------------------------------------
    def agent_registered(self, agent: str, at: datetime, contact: str | None = None) -> list[Action]:
        """The agent's phone registered (a refresh of a known registration changes nothing)."""
        rec = self.agents.get(agent)
        if rec is None:
            fresh = agent not in self.others
            self.others[agent] = contact or ""
            return self._settle(at) if fresh else []
        rec.contact = contact or rec.contact
        if rec.registered:
            return []
        rec.registered = True
        if rec.pending == (AgentState.LOGGED_OUT, ""):
            rec.pending = None  # back before its call ended: stays logged in
        out: list[Action] = []
        if rec.state == AgentState.LOGGED_OUT:
            # what the desk asked for while the phone was away, else the plan's login state
            state, reason = rec.pending or (AgentState(self.plan.login_state), "")
            rec.pending = None
            out += self._set(rec, state, at, reason)
        return out + self._settle(at)

    def agent_unregistered(self, agent: str, at: datetime) -> list[Action]:
        """The agent's phone unregistered or expired: a ringing call goes on, the agent is logged out."""
        rec = self.agents.get(agent)
        if rec is None:
            self.others.pop(agent, None)
            return []
        if not rec.registered:
            return []
        rec.registered = False
        out: list[Action] = []
        c = self.calls.get(rec.call)
        if c is not None and c.status == RINGING:
            out += self._unring(c, at, code=404, lost=False)
        elif c is not None and c.status == TALKING:
            rec.pending = (AgentState.LOGGED_OUT, "")
        elif rec.state != AgentState.LOGGED_OUT:
            out += self._set(rec, AgentState.LOGGED_OUT, at)
        return out + self._settle(at)

    def agent_state(self, agent: str, state: AgentState | str, at: datetime, reason: str = "") -> list[Action]:
        """The desk asks for ready, not-ready (with a reason) or logged-out."""
        wanted = AgentState.parse(state) if isinstance(state, str) else state
        if wanted not in DESK_STATES:
            raise ValueError(f"an agent may ask for {', '.join(DESK_STATES)}, not {wanted}")
        rec = self.agents.get(agent)
        if rec is None:
            return []
        reason = reason.strip() if wanted == AgentState.NOT_READY else ""
        if rec.state in (AgentState.RINGING, AgentState.TALKING):
            rec.pending = None if wanted == AgentState.READY else (wanted, reason)
            return []
        if not rec.registered:  # no phone to ring: ready / not-ready wait for it to register
            rec.pending = None if wanted == AgentState.LOGGED_OUT else (wanted, reason)
            return []
        if rec.state == wanted and rec.reason == reason:
            return []
        if wanted == AgentState.READY:
            rec.misses = 0
        return self._set(rec, wanted, at, reason) + self._settle(at)

    def extend_wrap_up(self, agent: str, seconds: float, at: datetime) -> list[Action]:
        """The desk asks for more 话后处理 time (at most MAX_WRAP_EXTEND_S at a time)."""
        rec = self.agents.get(agent)
        if rec is None or rec.state != AgentState.WRAP_UP or rec.wrap_until is None:
            return []
        seconds = float(seconds)
        seconds = max(0.0, min(seconds, MAX_WRAP_EXTEND_S)) if math.isfinite(seconds) else 0.0
        rec.wrap_until = max(rec.wrap_until, at) + timedelta(seconds=seconds)
        data: dict[str, Any] = {"state": AgentState.WRAP_UP.value, "reason": "延长话后处理", "misses": rec.misses,
                                "registered": rec.registered, "until": rec.wrap_until.isoformat()}
        return [Record(QueueEvent(a.AGENT_STATE, at, "", "", rec.user, "", data))]

    # ---- time -------------------------------------------------------------------------------
    def tick(self, at: datetime) -> list[Action]:
        """Let time pass: wrap-ups end, lost rings return, waiting callers overflow or meet the night rule."""
        return self._settle(at)

    def snapshot(self, at: datetime) -> CenterSnapshot:
        """The center now, for the board and the tests."""
        from hotline.acd.snapshot import take

        return take(self, at)

    @classmethod
    def rebuild(cls, plan: CenterPlan, events: Iterable[QueueEvent], registrations: Mapping[str, str] | Iterable[str],
                now: datetime) -> Director:
        """A director resumed from the stored events (oldest first) and who is registered now.

        The reconciliation's own events and the routes of calls still waiting come out of the first
        ``tick(now)``.
        """
        from hotline.acd.rebuild import replay

        return replay(cls(plan, now), events, registrations, now)

    # ---- internals --------------------------------------------------------------------------
    def _queue_for(self, dialled: str, name: str | None) -> QueuePlan | None:
        if name:
            try:
                return self.plan.queue(name)
            except KeyError:
                return None
        return self.plan.queue_for(dialled) or self.plan.queue(self.plan.default_queue)

    def _record(self, event_kind: str, at: datetime, c: CallRecord, /, agent: str = "", **data: Any) -> Record:
        return Record(QueueEvent(event_kind, at, c.call, c.queue, agent, c.caller, data))

    def _set(self, rec: AgentRecord, state: AgentState, at: datetime, reason: str = "",
             keep_idle: bool = False) -> list[Action]:
        rec.state, rec.reason, rec.since = state, reason, at
        rec.wrap_until = at + timedelta(seconds=self.plan.wrap_up_s) if state == AgentState.WRAP_UP else None
        if state == AgentState.READY and not (keep_idle and rec.idle_since):
            rec.idle_since = at
        if state not in (AgentState.RINGING, AgentState.TALKING):
            rec.call = ""
        data: dict[str, Any] = {"state": state.value, "reason": reason, "misses": rec.misses,
                                "registered": rec.registered}  # a desk logout with the phone still up
        if state == AgentState.READY and rec.idle_since is not None:
            data["idle_since"] = rec.idle_since.isoformat()
        if rec.wrap_until is not None:
            data["until"] = rec.wrap_until.isoformat()
        if rec.call:
            data["call"] = rec.call
        return [Record(QueueEvent(a.AGENT_STATE, at, "", "", rec.user, "", data))]

    def _back_to_work(self, rec: AgentRecord, at: datetime, keep_idle: bool = False) -> list[Action]:
        """After a ring or a call: what the desk asked for meanwhile, else ready."""
        rec.call = ""
        if not rec.registered:
            return self._set(rec, AgentState.LOGGED_OUT, at)
        if rec.pending is not None:
            state, reason = rec.pending
            rec.pending = None
            return self._set(rec, state, at, reason)
        return self._set(rec, AgentState.READY, at, keep_idle=keep_idle)

    def _release(self, c: CallRecord, at: datetime) -> list[Action]:
        rec = self.agents.get(c.agent)
        self._finish(c)
        out: list[Action] = []
        if rec is not None and rec.call == c.call:
            rec.call = ""
            if rec.pending is None and rec.registered and self.plan.wrap_up_s > 0:
                out += self._set(rec, AgentState.WRAP_UP, at)
            else:
                out += self._back_to_work(rec, at)
        return out + self._settle(at)

    def _finish(self, c: CallRecord) -> None:
        self.calls.pop(c.call, None)
        self.finished.add(c.call)

    def _unring(self, c: CallRecord, at: datetime, *, code: int, lost: bool) -> list[Action]:
        """The ring ended without an answer: the call waits again, the agent counts a miss."""
        rec = self.agents[c.agent]
        gone = code in GONE_CODES
        counted = not gone and not lost
        if counted:
            rec.misses += 1
        c.tried[rec.user] = c.tried.get(rec.user, 0) + 1  # the next offer of this call prefers others
        out: list[Action] = [self._record(a.NO_ANSWER, at, c, agent=rec.user, code=code, misses=rec.misses,
                                          lost=lost)]
        c.status, c.agent, c.offered_at = WAITING, "", None
        rec.call = ""
        if gone:
            rec.registered = False
            rec.pending = None
            out += self._set(rec, AgentState.LOGGED_OUT, at)
        elif counted and rec.misses >= self.plan.max_misses and rec.pending is None:
            out += self._set(rec, AgentState.NOT_READY, at, MISSED_REASON)
        else:
            out += self._back_to_work(rec, at, keep_idle=True)
        return out

    def _overflow(self, c: CallRecord, kind: str, target: str, why: str, at: datetime) -> list[Action]:
        from hotline.acd.routing import overflow

        return overflow(self, c, kind, target, why, at)

    def _settle(self, at: datetime) -> list[Action]:
        from hotline.acd.routing import settle

        out, self._backlog = self._backlog, []
        return out + settle(self, at)
