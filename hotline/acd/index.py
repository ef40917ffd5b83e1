"""The director's agent index: who is free (longest idle first), wrapping up, ringing, logged in per skill.

Routing runs while a caller's INVITE waits in Kamailio, so it must not walk every agent: the index
follows each :class:`~hotline.acd.model.AgentRecord` as it changes (the record calls ``update``
whenever its state, registration, call or idle time is set) and answers "the longest-idle free
agent with this skill" by walking the free agents in idle order, usually stopping at the first.
``check`` compares the index with a full scan (used by the tests).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from datetime import datetime
from typing import TYPE_CHECKING

from hotline.acd.states import AgentState

if TYPE_CHECKING:
    from hotline.acd.model import AgentRecord

_READY, _WRAP_UP, _RINGING = AgentState.READY, AgentState.WRAP_UP, AgentState.RINGING
_LOGGED_OUT = AgentState.LOGGED_OUT


class AgentIndex:
    """Free agents sorted by (idle since, user); the users wrapping up and ringing, in plan order."""

    def __init__(self, order: dict[str, int], never_idle: datetime) -> None:
        self.order = order  # user -> position in the plan
        self.free: list[tuple[float, str]] = []  # sorted: longest idle first
        self._key: dict[str, tuple[float, str]] = {}
        self.wrapping: set[str] = set()
        self.ringing: set[str] = set()
        self.logged_in: dict[str, set[str]] = {}  # skill -> users registered and not logged out
        self._never = never_idle.timestamp()  # a ready agent without an idle time counts as idle since then

    def update(self, rec: AgentRecord) -> None:
        """Re-file ``rec`` after a change."""
        user, state = rec.user, rec.state
        key = self._free_key(rec)
        old = self._key.get(user)
        if old != key:
            if old is not None:
                del self.free[bisect_left(self.free, old)]
                del self._key[user]
            if key is not None:
                insort(self.free, key)
                self._key[user] = key
        if state == _WRAP_UP:
            self.wrapping.add(user)
        else:
            self.wrapping.discard(user)
        if state == _RINGING:
            self.ringing.add(user)
        else:
            self.ringing.discard(user)
        logged = rec.registered and state != _LOGGED_OUT
        for skill in rec.skills:
            users = self.logged_in.setdefault(skill, set())
            if logged:
                users.add(user)
            else:
                users.discard(user)

    def _free_key(self, rec: AgentRecord) -> tuple[float, str] | None:
        """Where ``rec`` sorts among the free agents, or None if it is not free."""
        if rec.registered and rec.state == _READY and not rec.call:
            return (rec.idle_since.timestamp() if rec.idle_since else self._never, rec.user)
        return None

    def anyone_for(self, skill: str) -> bool:
        """Whether an agent with ``skill`` is logged in (registered and not logged out)."""
        return bool(self.logged_in.get(skill))

    def in_order(self, users: set[str]) -> list[str]:
        """``users`` in plan order (so that simultaneous changes come out the same way every time)."""
        return sorted(users, key=self.order.__getitem__)

    def check(self, agents: dict[str, AgentRecord]) -> None:
        """AssertionError if the index differs from a scan of ``agents``."""
        free = sorted(key for key in map(self._free_key, agents.values()) if key is not None)
        wrapping = {r.user for r in agents.values() if r.state == _WRAP_UP}
        ringing = {r.user for r in agents.values() if r.state == _RINGING}
        logged: dict[str, set[str]] = {}
        for r in agents.values():
            if r.registered and r.state != _LOGGED_OUT:
                for skill in r.skills:
                    logged.setdefault(skill, set()).add(r.user)
        mine = {skill: users for skill, users in self.logged_in.items() if users}
        if (free, wrapping, ringing, logged) != (self.free, self.wrapping, self.ringing, mine):
            raise AssertionError(f"agent index out of date: free {self.free} != {free}, "
                                 f"wrapping {self.wrapping} != {wrapping}, ringing {self.ringing} != {ringing}, "
                                 f"logged in {mine} != {logged}")
