"""A lab stand-in for the queue director: longest-idle routing over the center's evapi link.

Used by the caller generator's tests and ``python -m bench center`` until the real director
(hotline.acd.Director + telephony/center/service.py) drives the center. It knows only what the
center relays: registered agents (``reg``/``unreg``), queued calls, answers, hang-ups. Rules:
a queued call goes to the longest-idle registered agent that is not on a call (agents listed in
``agents``, or every registered user when None); with none free it waits in FIFO order; a failed
ring frees the agent and puts the call back at the head; ``delay_s`` holds every call in the queue
that long before it may be routed (so that impatient callers really leave while queued); queues not
in ``queues`` are never served (their callers wait until they hang up).

    python -m telephony.lab.director --evapi-port 5080 [--queue general] [--delay-ms 0] [--seconds 60]

prints one JSON line of counts when stopped (SIGTERM/SIGINT or ``--seconds`` elapsed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from telephony.center.evapi import EvapiLink

log = logging.getLogger("telephony.lab.director")


@dataclass
class Waiting:
    callid: str
    tindex: int
    tlabel: int
    queue: str
    since: float
    tried: set[str] = field(default_factory=set)


class MiniDirector:
    """Longest-idle routing state; ``handle(event, now)`` returns the commands to send."""

    def __init__(self, *, queues: set[str] | None = None, agents: set[str] | None = None,
                 ring_ms: int = 10000, delay_s: float = 0.0) -> None:
        self.queues = queues
        self.agents = agents
        self.ring_ms = ring_ms
        self.delay_s = delay_s
        self.idle_since: dict[str, float] = {}      # registered, free agents -> idle since
        self.busy: dict[str, str] = {}              # agent -> callid
        self.waiting: deque[Waiting] = deque()
        self.offered: dict[str, tuple[str, Waiting]] = {}   # callid -> (agent, call)
        self.counts = {"queued": 0, "offered": 0, "answered": 0, "left": 0, "ended": 0, "ring_failed": 0}

    def handle(self, event: dict[str, Any], now: float) -> list[str]:
        kind = event.get("event")
        if kind == "reg":
            user = str(event.get("user", ""))
            if self.agents is None or user in self.agents:
                if int(event.get("expires", 0) or 0) > 0:
                    if user not in self.busy:
                        self.idle_since.setdefault(user, now)
                else:
                    self.idle_since.pop(user, None)
        elif kind == "unreg":
            self.idle_since.pop(str(event.get("user", "")), None)
        elif kind == "queued":
            self.counts["queued"] += 1
            if self.queues is None or event.get("queue") in self.queues:
                self.waiting.append(Waiting(str(event["callid"]), int(event["tindex"]), int(event["tlabel"]),
                                            str(event.get("queue", "")), now))
        elif kind == "answered":
            self.counts["answered"] += 1
        elif kind == "ring-failed":
            self.counts["ring_failed"] += 1
            callid = str(event.get("callid"))
            agent, call = self.offered.pop(callid, (str(event.get("agent")), None))
            self._free(agent, now)
            if call is not None:
                call.tindex, call.tlabel = int(event["tindex"]), int(event["tlabel"])
                call.tried.add(agent)
                self.waiting.appendleft(call)
        elif kind in ("left", "ended"):
            self.counts[kind] += 1
            callid = str(event.get("callid"))
            self.waiting = deque(w for w in self.waiting if w.callid != callid)
            offered = self.offered.pop(callid, None)
            if offered is not None:
                self._free(offered[0], now)
        return self.dispatch(now)

    def _free(self, agent: str, now: float) -> None:
        if self.busy.pop(agent, None) is not None:
            self.idle_since[agent] = now

    def dispatch(self, now: float) -> list[str]:
        out: list[str] = []
        held: list[Waiting] = []
        while self.waiting and self.idle_since:
            call = self.waiting.popleft()
            if now - call.since < self.delay_s:
                held.append(call)
                continue
            free = [a for a in self.idle_since if a not in call.tried] or list(self.idle_since)
            agent = min(free, key=lambda a: self.idle_since[a])
            del self.idle_since[agent]
            self.busy[agent] = call.callid
            self.offered[call.callid] = (agent, call)
            self.counts["offered"] += 1
            out.append(f"route,{call.tindex},{call.tlabel},{agent},{self.ring_ms}")
        self.waiting.extendleft(reversed(held))
        return out


async def serve(port: int, director: MiniDirector, seconds: float, stop: asyncio.Event) -> None:
    link = await EvapiLink.connect("127.0.0.1", port)
    loop = asyncio.get_running_loop()
    print("READY", flush=True)

    def guarded(step: Any, *args: Any) -> None:
        """One event or tick; a failure is logged and counted, and the next one is served."""
        try:
            for cmd in step(*args, time.monotonic()):
                link.send(cmd)
        except Exception as exc:  # noqa: BLE001 - the stand-in keeps routing
            director.counts["errors"] = director.counts.get("errors", 0) + 1
            log.error("lab director: %s failed (%s: %s) on %.200r", step.__name__, type(exc).__name__, exc, args)

    async def ticker() -> None:
        while not stop.is_set():
            await asyncio.sleep(0.05)
            guarded(director.dispatch)

    async def reader() -> None:
        try:
            async for event in link.events():
                guarded(director.handle, event)
        except Exception as exc:  # noqa: BLE001 - a broken link ends the run, said so
            log.error("lab director: the evapi link failed (%s: %s)", type(exc).__name__, exc)
        stop.set()

    tasks = [loop.create_task(ticker()), loop.create_task(reader())]
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass
    for t in tasks:
        t.cancel()
    await link.close()


def main(argv: list[str] | None = None) -> int:
    """Run the lab director until signalled; print its counts as JSON."""
    ap = argparse.ArgumentParser(prog="python -m telephony.lab.director")
    ap.add_argument("--evapi-port", type=int, required=True)
    ap.add_argument("--queue", action="append", help="queues served (default: all)")
    ap.add_argument("--agent", action="append", help="agents routed to (default: every registered user)")
    ap.add_argument("--ring-ms", type=int, default=10000)
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=600.0)
    args = ap.parse_args(argv)
    director = MiniDirector(queues=set(args.queue) if args.queue else None,
                            agents=set(args.agent) if args.agent else None,
                            ring_ms=args.ring_ms, delay_s=args.delay_ms / 1000)

    async def run() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await serve(args.evapi_port, director, args.seconds, stop)

    asyncio.run(run())
    print(json.dumps(director.counts), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
