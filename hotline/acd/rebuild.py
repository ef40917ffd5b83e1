"""Resuming a director after a restart from the stored events and the registrations Kamailio holds.

The events (oldest first; storage's ``events_since``) are folded straight into the director's memory,
without emitting anything: calls queued and not finished come back with their routing ``handle`` (so
the suspended transaction can still be resumed), rung or talking as they were; agents come back in
their last recorded state. Then the registrations now known are laid over: an agent registered now
but not before is logged in as a new registration would be, one no longer registered is logged out
(its ringing call returns to the queue), and one who logged out at the desk with the phone still
registered stays logged out. Those changes, and the offers of waiting calls, come out
of the next ``tick``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from hotline.acd import actions as a
from hotline.acd.actions import Action, QueueEvent
from hotline.acd.model import RINGING, TALKING, WAITING, CallRecord
from hotline.acd.states import AgentState
from hotline.timezone import parse_iso

if TYPE_CHECKING:
    from hotline.acd.director import Director


def replay(d: Director, events: Iterable[QueueEvent], registrations: Mapping[str, str] | Iterable[str],
           now: datetime) -> Director:
    """Fold ``events`` into ``d``, then reconcile with ``registrations`` (user -> contact, or users)."""
    for ev in sorted(events, key=lambda e: (e.at, e.id)):
        if ev.kind == a.AGENT_STATE:
            _agent(d, ev)
        elif ev.call:
            _call(d, ev)
    contacts = dict(registrations) if isinstance(registrations, Mapping) else {u: "" for u in registrations}
    for user, contact in contacts.items():
        if user not in d.agents:
            d.others[user] = contact
    backlog: list[Action] = []
    # arrivals first, so a departure never sends a waiting caller to the night rule meanwhile
    for user, rec in d.agents.items():
        if user in contacts and not rec.registered:
            backlog += d.agent_registered(user, now, contacts[user] or None)
        elif user in contacts:
            rec.contact = contacts[user]
    for user, rec in d.agents.items():
        if user not in contacts and rec.registered:
            backlog += d.agent_unregistered(user, now)
    d._backlog = backlog + d._backlog
    return d


def _agent(d: Director, ev: QueueEvent) -> None:
    rec = d.agents.get(ev.agent)
    if rec is None:
        return
    state = AgentState(ev.data.get("state", AgentState.LOGGED_OUT.value))
    rec.state, rec.reason, rec.since = state, str(ev.data.get("reason", "")), ev.at
    # what the log says (older records lack the flag), corrected by the registrations in replay
    rec.registered = bool(ev.data.get("registered", state != AgentState.LOGGED_OUT))
    rec.misses = int(ev.data.get("misses", 0))
    rec.wrap_until = parse_iso(ev.data["until"]) if ev.data.get("until") else None
    if state == AgentState.READY:
        rec.idle_since = parse_iso(ev.data["idle_since"]) if ev.data.get("idle_since") else ev.at
    rec.call = str(ev.data.get("call", "")) if state in (AgentState.RINGING, AgentState.TALKING) else ""


def _call(d: Director, ev: QueueEvent) -> None:
    if ev.kind == a.QUEUED:
        if ev.call in d.calls or ev.call in d.finished:
            return
        d._seq += 1
        d.calls[ev.call] = CallRecord(
            call=ev.call, caller=ev.caller, dialled=str(ev.data.get("dialled", "")), queue=ev.queue,
            priority=int(ev.data.get("priority", 0)), queued_at=ev.at, handle=ev.data.get("handle"), seq=d._seq,
            verified=ev.data.get("verified", True) is not False)
        return
    c = d.calls.get(ev.call)
    if c is None:
        return
    if ev.kind in a.FINAL and not (ev.kind == a.OVERFLOWED and ev.data.get("kind") == "seat"):
        d._finish(c)
    elif ev.kind == a.OVERFLOWED:
        c.status, c.agent, c.seat_why, c.offered_at = "seat", ev.data.get("target", ""), ev.data.get("why", ""), ev.at
    elif ev.kind == a.OFFERED:
        c.status, c.agent, c.offered_at = RINGING, ev.agent, ev.at
    elif ev.kind == a.ANSWERED:
        c.status, c.agent, c.answered_at = TALKING, ev.agent, ev.at
    elif ev.kind == a.NO_ANSWER:
        c.tried[ev.agent] = c.tried.get(ev.agent, 0) + 1
        c.status, c.agent, c.offered_at = WAITING, "", None
    elif ev.kind == a.CONFERENCED:
        c.conferenced.add(str(ev.data.get("target", "")))
