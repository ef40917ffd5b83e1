"""The director's working memory (mutable, private to it) and the frozen snapshots it hands out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hotline.acd.states import AgentState

# a call's place in the director
WAITING = "waiting"
RINGING = "ringing"
TALKING = "talking"


_INDEXED = frozenset({"state", "registered", "call", "idle_since"})


@dataclass(eq=False)  # identity: the director keeps one record per agent
class AgentRecord:
    """One agent as the director sees it; setting an indexed field re-files it in ``index``."""

    user: str
    skills: tuple[str, ...]
    state: AgentState = AgentState.LOGGED_OUT
    reason: str = ""
    since: datetime | None = None
    idle_since: datetime | None = None  # when last made ready: longest idle goes first
    registered: bool = False
    contact: str = ""
    misses: int = 0  # unanswered offers in a row
    call: str = ""
    wrap_until: datetime | None = None
    pending: tuple[AgentState, str] | None = None  # asked for while busy, applied when the call ends
    index: Any = field(default=None, repr=False)  # the director's AgentIndex

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name in _INDEXED or name == "index":
            index = self.__dict__.get("index")
            if index is not None:
                index.update(self)


@dataclass(eq=False)  # identity: one record per call
class CallRecord:
    """One call the director still holds: waiting, ringing an agent or talking."""

    call: str
    caller: str
    dialled: str
    queue: str
    priority: int
    queued_at: datetime
    handle: Any
    seq: int
    status: str = WAITING
    agent: str = ""
    offered_at: datetime | None = None
    answered_at: datetime | None = None
    tried: dict[str, int] = field(default_factory=dict)  # agent -> unanswered offers of this call
    seat_why: str = ""  # why the call was overflowed to a seat (night | max-wait)
    conferenced: set[str] = field(default_factory=set)
    verified: bool = True  # the caller's number comes from a trusted identity (a callback may use it)


@dataclass(frozen=True, slots=True)
class WaitingCall:
    """A caller in a queue (waiting or being rung)."""

    call: str
    caller: str
    queue: str
    priority: int
    queued_at: datetime
    wait_s: float
    status: str
    agent: str


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    """One queue now: its callers in service order and the longest wait."""

    name: str
    label: str
    waiting: tuple[WaitingCall, ...]
    longest_wait_s: float


@dataclass(frozen=True, slots=True)
class AgentSnapshot:
    """One agent now."""

    user: str
    state: AgentState
    label: str
    reason: str
    since: datetime | None
    registered: bool
    call: str
    misses: int
    skills: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CenterSnapshot:
    """The whole center at ``at``: queues in the plan's order, agents by user."""

    at: datetime
    queues: tuple[QueueSnapshot, ...]
    agents: tuple[AgentSnapshot, ...]
    talking: tuple[str, ...]  # calls being talked

    def queue(self, name: str) -> QueueSnapshot:
        """The queue called ``name``."""
        return next(q for q in self.queues if q.name == name)

    def agent(self, user: str) -> AgentSnapshot:
        """The agent ``user``."""
        return next(a for a in self.agents if a.user == user)
