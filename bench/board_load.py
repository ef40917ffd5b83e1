"""The board benchmark's load: a real Director and DirectorService whose records and live mirror go to
PostgreSQL through the production path (RecordsWriter → CenterRepository.append; BoardPublisher),
driven by generated calls instead of Kamailio (no SIP: the evapi commands go to a null link).

    python -m bench.board_load --db URL --agents 160 --cps 100 --seconds 30

Agents 3000… register and are ready (wrap-up 0); calls go to the queues' numbers (70 % 12345, 15 %
elderly, 10 % business, 5 % emergency), are routed by the director to the longest-idle agent,
answered 0.2 s later and talked for 0.5–1.7 s (uniform, seeded: about 130 of 160 agents busy, so
callers wait at times); 3 % of callers hang up if not answered within 2 s (abandoned). A probe agent 2999 (no call
ever reaches it: it stays 示忙) changes its 示忙 reason to ``p<N>`` every 0.25 s — a director event
whose moment is printed as ``{"probe": N, "mono": time.monotonic()}``; the board reports when its
repaint first shows ``p<N>``. The last line is a JSON summary (calls placed, answered, records stored).
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import statistics
import sys
import time
import tomllib
from typing import Any

from hotline.timezone import now

PROBE = "2999"
NUMBERS, WEIGHTS = ("12345", "123453", "123452", "123459"), (70, 15, 10, 5)


class NullLink:
    """Where the evapi commands go without Kamailio (counted)."""

    def __init__(self) -> None:
        self.sent = 0

    def send(self, command: str) -> None:
        self.sent += 1


def plan_for(agents: int) -> Any:
    from hotline.acd.plan import default_plan_path, parse_plan

    doc = tomllib.loads(default_plan_path().read_text(encoding="utf-8"))
    skills = sorted({q["skill"] for q in doc["queues"]})
    doc["agents"] = {str(u): {"skills": skills} for u in range(3000, 3000 + agents)}
    doc["agents"][PROBE] = {"skills": skills}
    doc["center"]["wrap_up_s"] = 0
    return parse_plan(doc, "bench-board-live")


def run(url: str, agents: int, cps: float, seconds: float) -> dict[str, Any]:
    from hotline.acd import Director
    from storage.db import engine_for
    from telephony.center.board_publish import BoardPublisher
    from telephony.center.records import RecordsWriter
    from telephony.center.service import DirectorService
    from telephony.center.store import SqlRecordStore

    sys.setswitchinterval(0.0002)  # as DirectorRunner.start does in production
    engine = engine_for(url)
    plan = plan_for(agents)
    director = Director(plan, now())
    store = SqlRecordStore(engine)
    service = DirectorService(director, store, "127.0.0.1:5060", records=RecordsWriter(store))
    service.link = NullLink()
    service.board = BoardPublisher(engine)
    service.not_desks.update(plan.agents)  # no state MESSAGEs to tell
    service.apply(director.agent_registered("1099", now()))
    for user in plan.agents:
        service.apply(director.agent_registered(user, now(), contact=f"sip:{user}@127.0.0.1:1"))
    service.apply(director.agent_state(PROBE, "not-ready", now(), reason="p0"))
    start = time.monotonic()
    timers: list[tuple[float, int, str, str]] = []  # (due, seq, what, call)
    placed = answered = abandoned = 0
    rng = random.Random(12345)
    unpublished: list[float] = []
    publish_ms: list[float] = []  # probe applied -> the mirror's commit holding it
    seq, probe, next_probe, next_tick = 0, 0, start + 0.5, start
    while True:
        t = time.monotonic()
        if t - start >= seconds and not timers:
            break
        if t - start < seconds and placed < (t - start) * cps:
            call = f"bench-{placed}"
            dialled = rng.choices(NUMBERS, WEIGHTS)[0]
            acts = director.call_queued(call, caller=f"1380000{placed % 10000:04d}", dialled=dialled, at=now(),
                                        handle={"tindex": placed, "tlabel": placed})
            if rng.random() < 0.03:
                seq += 1
                heapq.heappush(timers, (t + 2.0, seq, "impatient", call))
            service.apply(acts)
            for act in acts:
                agent = getattr(act, "agent", "")
                if type(act).__name__ == "RouteCall":
                    seq += 1
                    heapq.heappush(timers, (t + 0.2, seq, f"answer:{agent}", call))
            placed += 1
            continue
        while timers and timers[0][0] <= t:
            _, _, what, call = heapq.heappop(timers)
            if what == "impatient":
                c = director.calls.get(call)
                if c is None or c.status == "talking":
                    continue
                acts = director.caller_left(call, now())
                abandoned += 1
            elif what.startswith("answer:"):
                c = director.calls.get(call)
                if c is None or c.status != "ringing":
                    continue
                acts = director.ring_answered(call, what.split(":", 1)[1], now())
                answered += 1
                seq += 1
                heapq.heappush(timers, (t + rng.uniform(0.5, 1.7), seq, "end", call))
            else:
                acts = director.call_ended(call, now())
            service.apply(acts)
            for act in acts:  # a call routed when an agent freed up
                if type(act).__name__ == "RouteCall":
                    seq += 1
                    heapq.heappush(timers, (t + 0.2, seq, f"answer:{act.agent}", act.call))
        if t >= next_probe and t - start < seconds - 0.5:
            probe += 1
            service.apply(director.agent_state(PROBE, "not-ready", now(), reason=f"p{probe}"))
            fired = time.monotonic()
            print(json.dumps({"probe": probe, "mono": fired}), flush=True)
            unpublished.append(fired)
            next_probe += 0.25
        board = service.board
        while unpublished and board.last_written_mono >= unpublished[0]:
            publish_ms.append((board.last_commit_mono - unpublished.pop(0)) * 1000)
        if t >= next_tick:
            service.tick()
            next_tick = t + 0.25
        time.sleep(0.001)
    elapsed = time.monotonic() - start
    service.close()
    board = service.board
    engine.dispose()
    return {"placed": placed, "answered": answered, "abandoned": abandoned, "seconds": round(elapsed, 1),
            "achieved_cps": round(placed / max(seconds, 1e-9), 1), "records_stored": service.records.stored,
            "records_failures": service.records.failures, "mirror_writes": board.writes,
            "mirror_failures": board.failures, "probes": probe,
            "publish_ms": {"p50": round(statistics.median(publish_ms), 1) if publish_ms else None,
                           "p95": round(sorted(publish_ms)[int(len(publish_ms) * 0.95) - 1], 1) if publish_ms else None}}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.board_load")
    ap.add_argument("--db", required=True)
    ap.add_argument("--agents", type=int, default=160)
    ap.add_argument("--cps", type=float, default=100.0)
    ap.add_argument("--seconds", type=float, default=30.0)
    args = ap.parse_args(argv)
    print(json.dumps({"summary": run(args.db, args.agents, args.cps, args.seconds)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
