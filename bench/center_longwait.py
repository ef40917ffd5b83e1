"""The long-wait phase of ``python -m bench center``: callers who wait 30-120 s before agents free up.

Two SIPp agents serve the queue "longwait" (director_main ``--longwait``) and start on 示忙. Patient
callers (caller-uac.xml, no give-up) and impatient ones (caller-abandon.xml, 40 s patience) dial
it; the first agent goes 示闲 after 35 s, the second after 80 s, each call talks 15 s, and the queue
overflows at 100 s. Before the fix, tm's 5 s default timer ended every such wait with 408.

Every caller must be accounted for in the director's own CDR (the calls table it wrote):
answered + abandoned + overflowed = callers; ``unaccounted`` is the rest. ``max_wait_s`` is the
longest wait the CDR holds.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from telephony.lab.sipp import run_callers, send_agent_state

NUMBER = "0312345"
MAX_WAIT_S = 100
READY_AFTER_S = (35.0, 80.0)
TALK_MS = 15000
PATIENT, PATIENT_RATE = 24, 0.4
IMPATIENT, IMPATIENT_RATE, PATIENCE_MS = 8, 0.2, 40000


def director_option(first: int) -> str:
    """director_main's ``--longwait`` for the two agents ``first`` and ``first + 1``."""
    return f"{first}-{first + 1}:{NUMBER}:{MAX_WAIT_S}"


def prepare(port: int, users: dict[str, str], first: int, run: Path) -> None:
    """Both long-wait agents on 示忙 (as their desks would say) before any caller."""
    for user in (str(first), str(first + 1)):
        send_agent_state(port, user, users[user], "not-ready:bench", run / "agents")


def run_phase(port: int, users: dict[str, str], first: int, run: Path, log: Any) -> dict[str, Any]:
    """Run the callers and free the agents on schedule; SIPp's counters by group."""
    results: dict[str, Any] = {}

    def callers(name: str, **kw: Any) -> None:
        results[name] = run_callers(port, NUMBER, run_dir=run, name=f"longwait-{name}", **kw)

    threads = [
        threading.Thread(target=callers, args=("patient",), kwargs=dict(
            rate=PATIENT_RATE, calls=PATIENT, talk_ms=TALK_MS, recv_timeout_ms=(MAX_WAIT_S + 60) * 1000,
            timeout_s=PATIENT / PATIENT_RATE + MAX_WAIT_S + 90)),
        threading.Thread(target=callers, args=("impatient",), kwargs=dict(
            rate=IMPATIENT_RATE, calls=IMPATIENT, abandon=True, patience_ms=PATIENCE_MS,
            recv_timeout_ms=(MAX_WAIT_S + 60) * 1000, timeout_s=IMPATIENT / IMPATIENT_RATE + MAX_WAIT_S + 90)),
    ]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for delay, user in zip(READY_AFTER_S, (str(first), str(first + 1)), strict=True):
        time.sleep(max(0.0, t0 + delay - time.monotonic()))
        send_agent_state(port, user, users[user], "ready", run / "agents")
        print(f"long wait: agent {user} 示闲 at {time.monotonic() - t0:.0f} s", file=log, flush=True)
    for t in threads:
        t.join()
    return {name: {"created": r.created, "successful": r.successful, "failed": r.failed}
            for name, r in results.items()}


def account(db_url: str, sipp: dict[str, Any]) -> dict[str, Any]:
    """The phase's figures from the director's CDR (see the module docstring)."""
    from sqlalchemy import select

    from storage.center_tables import CallRow
    from storage.db import engine_for

    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(CallRow.answered_at, CallRow.outcome, CallRow.wait_s)
                                .where(CallRow.queue == "longwait")).all()
    finally:
        engine.dispose()
    callers = sum(group["created"] for group in sipp.values())
    answered = sum(1 for r in rows if r.answered_at is not None)
    abandoned = sum(1 for r in rows if r.answered_at is None and r.outcome == "abandoned")
    overflowed = sum(1 for r in rows if r.answered_at is None and r.outcome == "overflowed")
    waits = [float(r.wait_s) for r in rows if r.wait_s is not None]
    return {"callers": callers, "answered": answered, "abandoned": abandoned, "overflowed": overflowed,
            "unaccounted": callers - answered - abandoned - overflowed,
            "max_wait_s": round(max(waits), 1) if waits else 0.0, "sipp": sipp,
            "setup": {"max_wait_s": MAX_WAIT_S, "agents_ready_after_s": list(READY_AFTER_S), "talk_ms": TALK_MS,
                      "patient": PATIENT, "impatient": IMPATIENT, "patience_ms": PATIENCE_MS}}
