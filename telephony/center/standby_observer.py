"""What a standby director saw while it waited, and how it tells the Director it rebuilt.

    observer.see(event)              # every raw evapi event while standing by
    reconcile(service, observer)     # after the rebuild from the records: what only the standby saw

Kamailio relays every event to every director, so the standby knows which callers are queued in
Kamailio's suspended transactions now, which calls ended, and the agents' last state requests,
whether or not the old leader lived to record them (telephony.center.standby).
"""

from __future__ import annotations

import time
from typing import Any

ENDS = ("left", "ended", "transferred", "answered")
KEEP_S = 600.0
AGENT_WINDOW_S = 10.0  # an agent's state request this recent may not have been recorded by a dying leader
_WANTED = {"ready": "ready", "wrap-up-done": "ready", "not-ready": "not-ready", "pause": "not-ready",
           "logout": "logged-out"}


class Observer:
    """The calls a standby saw queue and not yet leave, from the raw evapi events."""

    def __init__(self) -> None:
        self.waiting: dict[str, dict[str, Any]] = {}  # callid -> its queued event
        self.ringing: set[str] = set()
        self.ended: dict[str, tuple[float, dict[str, Any]]] = {}  # callid -> (when, the event that ended it)
        self.agents: dict[str, tuple[float, dict[str, Any]]] = {}  # user -> (when, their last state request)

    def see(self, event: dict[str, Any]) -> None:
        kind, call = event.get("event"), str(event.get("callid", ""))
        if kind == "queued" and call:
            self.waiting[call] = event
            self.ringing.discard(call)
        elif kind == "offered" and call in self.waiting:
            self.ringing.add(call)
        elif kind == "ring-failed":
            self.ringing.discard(call)
        elif kind in ENDS and call:
            self._end(call, event)
        elif kind == "agent" and event.get("user"):
            self.agents[str(event["user"])] = (time.monotonic(), event)
        elif kind == "gone":
            for c, queued in list(self.waiting.items()):
                if (queued.get("tindex"), queued.get("tlabel")) == (event.get("tindex"), event.get("tlabel")):
                    self._end(c, event)

    def _end(self, call: str, event: dict[str, Any]) -> None:
        self.waiting.pop(call, None)
        self.ringing.discard(call)
        now = time.monotonic()
        self.ended[call] = (now, event)
        for c in [c for c, (at, _) in self.ended.items() if now - at > KEEP_S]:
            del self.ended[c]


def reconcile(service: Any, observer: Observer) -> dict[str, int]:
    """Tell a rebuilt director what only the standby saw; returns how many calls were re-queued/ended."""
    calls = service.director.calls
    requeued = ended = 0
    for call, event in list(observer.waiting.items()):
        if call not in calls and call not in observer.ringing:
            service.on_event(event)
            requeued += 1
    for call, (_, event) in list(observer.ended.items()):
        if call in calls and event.get("event") != "answered":
            service.on_event(event)
            ended += 1
    states = 0
    for user, (seen, event) in list(observer.agents.items()):  # a 示闲/示忙 the old leader may not have recorded
        word = str(event.get("body", "")).partition(":")[0].strip().lower()
        rec = service.director.agents.get(user)
        if time.monotonic() - seen > AGENT_WINDOW_S or word not in _WANTED or rec is None:
            continue
        if rec.state.value != _WANTED[word] and rec.state.value not in ("ringing", "talking"):
            service.on_event(event)
            states += 1
    return {"requeued": requeued, "ended": ended, "states": states}
