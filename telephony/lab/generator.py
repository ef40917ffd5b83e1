"""The lab's caller generator: N callers per second for M seconds, each a real SIP call (pjsua2 lab
peer) speaking one of the recorded Mandarin requests in resources/speech; a fraction of them hang up
while still queued (abandon); every call ends in exactly one outcome.

    summary = generate_callers("sip:12345@127.0.0.1:5060", rate=5, seconds=3, abandon=0.2,
                               talk_s=2, record_dir=tmp)
    summary.offered == summary.answered + summary.abandoned + summary.failed

pjsua2 allows 4 calls per process (docs/ARCHITECTURE.md), so the generator starts as many caller processes as
the expected concurrency needs (rate × (talk + patience) / 4, plus one) and gives each call to the
least busy one. Which callers abandon is decided up front, evenly spread (every 1/abandon-th caller),
so the fraction is exact; an abandoning caller hangs up ``patience_s`` after dialling unless answered
before. For SIP load beyond what pjsua2 processes sustain on two cores, see telephony.lab.sipp.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telephony.lab.client import LabPeer, start_peer, stop_all
from telephony.lab.standard import speech_names, speech_path


@dataclass(frozen=True)
class PlannedCall:
    index: int
    at_s: float
    speech: str
    abandon: bool


@dataclass
class CallRecord:
    plan: PlannedCall
    peer: LabPeer
    call_id: str
    dialled_at: float
    answered_at: float | None = None
    hung_up_at: float | None = None
    outcome: str = ""          # answered | abandoned | failed
    detail: str = ""


@dataclass
class Summary:
    """What became of every offered call."""

    offered: int = 0
    answered: int = 0
    abandoned: int = 0
    failed: int = 0
    unaccounted: int = 0
    failures: list[str] = field(default_factory=list)
    waits_s: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"offered": self.offered, "answered": self.answered, "abandoned": self.abandoned,
                "failed": self.failed, "unaccounted": self.unaccounted, "failures": self.failures[:10]}


def plan_calls(rate: float, seconds: float, abandon: float = 0.0) -> list[PlannedCall]:
    """Evenly spaced callers; exactly round(n × abandon) of them abandon, spread through the run."""
    if rate <= 0 or seconds <= 0:
        raise ValueError(f"rate ({rate}) and seconds ({seconds}) must be positive")
    if not 0 <= abandon <= 1:
        raise ValueError(f"abandon fraction {abandon} is not between 0 and 1")
    n = max(1, round(rate * seconds))
    leaving = round(n * abandon)
    chosen = {math.floor(i * n / leaving) for i in range(leaving)} if leaving else set()
    names = speech_names()
    if not names:
        raise ValueError("no recorded requests in resources/speech")
    return [PlannedCall(i, i / rate, names[i % len(names)], i in chosen) for i in range(n)]


def _state(rec: CallRecord) -> dict[str, Any] | None:
    return rec.peer.call_info(rec.call_id)


def generate_callers(to: str, *, rate: float, seconds: float, record_dir: str | Path, abandon: float = 0.0,
                     talk_s: float = 3.0, patience_s: float = 1.0, max_wait_s: float = 30.0,
                     processes: int = 0) -> Summary:
    """Place the planned calls to ``to``; returns once every call has ended (bounded by max_wait_s)."""
    plan = plan_calls(rate, seconds, abandon)
    record_dir = Path(record_dir)
    processes = processes or min(len(plan), max(1, math.ceil(rate * (talk_s + patience_s + 1) / 4) + 1))
    peers = [start_peer(f"gen-{p}", users=[f"1390000{p:04d}"], record_dir=record_dir / f"gen-{p}",
                        tone_hz=440, max_seconds=seconds + talk_s + max_wait_s + 60) for p in range(processes)]
    live: list[CallRecord] = []
    done: list[CallRecord] = []
    summary = Summary(offered=len(plan))
    try:
        start = time.monotonic()
        pending = list(plan)
        deadline = start + seconds + talk_s + max_wait_s + 15
        while (pending or live) and time.monotonic() < deadline:
            now = time.monotonic()
            while pending and now - start >= pending[0].at_s:
                p = pending.pop(0)
                busy = {id(peer): 0 for peer in peers}
                for rec in live:
                    busy[id(rec.peer)] += 1
                peer = min(peers, key=lambda x: busy[id(x)])
                if busy[id(peer)] >= 4:
                    summary.failed += 1
                    summary.failures.append(f"call {p.index}: every caller process had 4 calls")
                    continue
                try:
                    cid = peer.call(to, play={"wav": str(speech_path(p.speech))})
                except Exception as exc:  # noqa: BLE001 - the call is counted as failed
                    summary.failed += 1
                    summary.failures.append(f"call {p.index}: {exc}")
                    continue
                live.append(CallRecord(p, peer, cid, time.monotonic()))
            for rec in list(live):
                _advance(rec, time.monotonic(), talk_s, patience_s, max_wait_s)
                if rec.outcome:
                    live.remove(rec)
                    done.append(rec)
            time.sleep(0.02)
    finally:
        for rec in live:
            rec.outcome, rec.detail = "failed", "still up at the generator's deadline"
            done.append(rec)
        stop_all(peers)
    for rec in done:
        if rec.outcome == "answered":
            summary.answered += 1
            if rec.answered_at is not None:
                summary.waits_s.append(rec.answered_at - rec.dialled_at)
        elif rec.outcome == "abandoned":
            summary.abandoned += 1
        else:
            summary.failed += 1
            summary.failures.append(f"call {rec.plan.index}: {rec.detail}")
    summary.unaccounted = summary.offered - summary.answered - summary.abandoned - summary.failed
    return summary


def _advance(rec: CallRecord, now: float, talk_s: float, patience_s: float, max_wait_s: float) -> None:
    info = _state(rec) or {}
    state = info.get("state", "")
    if state == "CONFIRMED" and rec.answered_at is None:
        rec.answered_at = now
    if state == "DISCONNECTED":
        if rec.answered_at is not None:
            rec.outcome = "answered"
        elif rec.hung_up_at is not None and rec.plan.abandon:
            rec.outcome = "abandoned"
        else:
            rec.outcome, rec.detail = "failed", f"ended unanswered: {info.get('code')} {info.get('reason', '')}"
        return
    if rec.hung_up_at is not None:
        if now - rec.hung_up_at > 10:
            rec.outcome, rec.detail = "failed", "did not end 10 s after hang-up"
        return
    if rec.answered_at is not None and now - rec.answered_at >= talk_s:
        rec.hung_up_at = now
        rec.peer.hangup(rec.call_id)
    elif rec.answered_at is None and rec.plan.abandon and now - rec.dialled_at >= patience_s:
        rec.hung_up_at = now
        rec.peer.hangup(rec.call_id)
    elif rec.answered_at is None and now - rec.dialled_at >= max_wait_s:
        rec.hung_up_at = now
        rec.detail = f"not answered within {max_wait_s} s"
        rec.peer.hangup(rec.call_id)
