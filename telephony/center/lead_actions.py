"""A team lead's actions on an agent, checked by the director: set the agent to 示忙, or sign them out.

The lead's desk sends a MESSAGE to ``sip:acd@<center>`` (Kamailio authenticates it and relays the
sender's SIP user) with the body ``lead:not-ready:<agent>:<reason>`` or ``lead:logout:<agent>``.
:class:`LeadActions` lets it through only when the sender's account is a team lead (班长) and the
agent's account belongs to the same group (the accounts' ``unit_id``: a team); the director then
applies the state as if the agent had asked (a call in progress finishes first). Every request,
done or refused, becomes a ``lead-action`` record (agent, by, action, reason, result, why) on the
director's records path — spooled, stored exactly once, and written to the audit log by
storage.center_leads — so a refusal is audited even while the database is away. Refusal codes:
``bad-request``, ``not-a-lead``, ``other-group``, ``unknown-agent``, ``accounts-unavailable``.
The accounts are read from the central database at each request (requests are rare; a revoked lead
is refused at once).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from hotline.acd.actions import QueueEvent, Record

log = logging.getLogger("telephony.center.lead")
LEAD_ACTION = "lead-action"  # not an agent-state change, no call: a rebuild skips it
ACTIONS = {"not-ready": "not-ready", "busy": "not-ready", "logout": "logged-out", "sign-out": "logged-out"}
Lookup = Callable[[list[str]], dict[str, tuple[str, str | None]]]  # sip users -> (role, unit_id)


def accounts_lookup(engine: Any) -> Lookup:
    """Reads (role, unit_id) of the accounts with these SIP users from the center's accounts table."""

    def lookup(users: list[str]) -> dict[str, tuple[str, str | None]]:
        from sqlalchemy import select
        from sqlalchemy.orm import Session

        from storage.account_tables import UserRow

        with Session(engine) as session:
            rows = session.execute(select(UserRow.sip_user, UserRow.role, UserRow.unit_id, UserRow.disabled)
                                   .where(UserRow.sip_user.in_(users))).all()
        return {u: (role, unit) for u, role, unit, disabled in rows if not disabled}

    return lookup


def parse(body: str) -> tuple[str, str, str] | None:
    """``not-ready:1001:培训`` -> ("not-ready", "1001", "培训"); None when malformed."""
    action, _, rest = body.strip().partition(":")
    agent, _, reason = rest.partition(":")
    if action not in ACTIONS or not agent.strip().isdigit():
        return None
    return ACTIONS[action], agent.strip(), reason.strip()[:60]


class LeadActions:
    """Checks and applies a team lead's request (see the module docstring)."""

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup

    def handle(self, director: Any, sender: str, body: str, at: datetime) -> list[Any]:
        """The director's actions for ``sender``'s request ``body``; always ends with its record."""
        parsed = parse(body)
        if parsed is None:
            return [self._record(at, sender, "", body[:40], "", "bad-request")]
        state, agent, reason = parsed
        why = self._refusal(director, sender, agent)
        if why:
            log.warning("lead request refused (%s): %s -> %s %s", why, sender, agent, state)
            return [self._record(at, sender, agent, state, reason, why)]
        from hotline.acd import AgentState

        done = director.agent_state(agent, AgentState.parse(state), at, reason=reason or "班长置忙")
        return [*done, self._record(at, sender, agent, state, reason, "")]

    def _refusal(self, director: Any, sender: str, agent: str) -> str:
        if agent not in director.agents:
            return "unknown-agent"
        try:
            accounts = self.lookup([sender, agent])
        except Exception as exc:  # noqa: BLE001 - cannot check: refuse, and say why
            log.error("lead request: accounts unreadable: %s", str(exc).splitlines()[0] if str(exc) else exc)
            return "accounts-unavailable"
        role, group = accounts.get(sender, ("", None))
        if role != "team-lead":
            return "not-a-lead"
        if group is None or accounts.get(agent, ("", None))[1] != group:
            return "other-group"
        return ""

    @staticmethod
    def _record(at: datetime, sender: str, agent: str, action: str, reason: str, why: str) -> Record:
        data = {"by": sender, "action": action, "reason": reason, "result": "refused" if why else "done", "why": why}
        return Record(QueueEvent(LEAD_ACTION, at, "", "", agent, "", data))

