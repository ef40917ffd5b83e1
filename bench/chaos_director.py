"""``python -m bench chaos-director``: SIGKILL the leading director again and again; callers stay queued.

A real center (``hotline center start --standby``: Kamailio, the announcer, two directors under
the leader lease) on a throwaway PostgreSQL database; the agent 1002 and the callers are pjsua2
lab peers. One caller talks to 1002 so the others queue; then the leader is SIGKILLed ``kills``
times (each time after the supervisor brought the killed one back as the standby). The takeover
is the time from the SIGKILL to the new leader's log line "leading the queues" (its own clock,
written once it serves). Then 1002 frees up and answers the queued callers one after the other:
``lost`` counts those never answered, ``duplicated`` the calls with a record stored twice.

    measure(quick=False) -> {"queued", "lost", "duplicated", "kills", "takeover_s" (the worst kill),
                             "takeover_median_s", "takeovers_s" (every kill)}
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_S = 3.0
_LEADING = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) director\[(\d+)\] WARNING leading the queues \(epoch (\d+)\)",
                      re.M)


def _hotline(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    from telephony.center.child import python_env

    return subprocess.run([sys.executable, "-m", "desktop.cli.main", *args], capture_output=True, text=True,
                          timeout=120, env=dict(python_env(), HOTLINE_HOME=str(home)))


def _wait(predicate: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


def fast_plan(path: Path) -> Path:
    """The demo plan with a 1 s wrap-up and a 5 s ring timeout, written to ``path`` (the standby drills)."""
    from hotline.paths import resources_dir

    doc = (resources_dir() / "center" / "plan.toml").read_text(encoding="utf-8")
    doc = re.sub(r"(?m)^wrap_up_s = \d+", "wrap_up_s = 1", doc)
    doc = re.sub(r"(?m)^ring_timeout_s = \d+", "ring_timeout_s = 5", doc)
    path.write_text(doc, encoding="utf-8")
    return path


def _leadings(log: str) -> list[tuple[float, int, int]]:
    """(wall time, PID, epoch) of every "leading the queues" line."""
    return [(datetime.strptime(t, "%Y-%m-%d %H:%M:%S,%f").timestamp(), int(pid), int(epoch))
            for t, pid, epoch in _LEADING.findall(log)]


def _records(engine: Any) -> dict[str, list[str]]:
    from sqlalchemy import text

    with engine.connect() as conn:
        rows = conn.execute(text("SELECT call_id, kind FROM queue_events WHERE call_id <> ''")).all()
    out: dict[str, list[str]] = {}
    for call, kind in rows:
        out.setdefault(call, []).append(kind)
    return out


def _run(url: str, tmp: Path, kills: int, queued: int) -> dict[str, Any]:
    from storage.db import engine_for
    from telephony.center.child import ROOT
    from telephony.lab.client import start_peer, stop_all
    from telephony.lab.kamailio import free_udp_port

    home, port = tmp / "home", free_udp_port()
    log = home / "center" / "center.log"
    done = _hotline(home, "center", "start", "--standby", "--db", url, "--port", str(port), "--no-music",
                    "--users", str(ROOT / "resources/center/demo-users.toml"), "--plan", str(fast_plan(tmp / "plan.toml")),
                    "--max-seconds", "600")
    if done.returncode != 0:
        raise RuntimeError(f"the center did not start: {done.stderr}")
    engine, peers = engine_for(url), []
    try:
        _wait(lambda: _leadings(log.read_text(errors="replace")), 30, "a leader")
        uri = f"sip:12345@127.0.0.1:{port}"
        peers.append(start_peer("agent-1002", users=["1002"], register=f"127.0.0.1:{port}", passwords="demo-1002",
                                record_dir=tmp / "agent", max_seconds=300))
        callers = [start_peer(f"caller-{i}", users=[f"139000000{i:02d}"], record_dir=tmp / f"c{i}", max_seconds=300)
                   for i in range(queued + 1)]
        peers += callers
        time.sleep(1.0)
        talking = callers[0].call(uri)
        callers[0].wait_call(talking, "CONFIRMED", timeout=20)
        waiting = [c.call(uri) for c in callers[1:]]
        _wait(lambda: sum(k.count("queued") for k in _records(engine).values()) == queued + 1, 20, "the queue")
        takeovers = []
        for _ in range(kills):
            text = log.read_text(errors="replace")
            _, leader, epoch = _leadings(text)[-1]
            restarts = text.count("restarted (PID")
            killed = time.time()
            os.kill(leader, signal.SIGKILL)
            new = _wait(lambda e=epoch: [x for x in _leadings(log.read_text(errors="replace")) if x[2] > e], 15,
                        "the takeover")[0]
            takeovers.append(round(new[0] - killed, 3))
            _wait(lambda r=restarts: log.read_text(errors="replace").count("restarted (PID") > r, 20,
                  "the killed director back as the standby")
            time.sleep(0.5)  # its READY: it watches again
        callers[0].hangup(talking)
        lost = 0
        for caller, call in zip(callers[1:], waiting, strict=True):
            try:
                caller.wait_call(call, "CONFIRMED", timeout=30)
                caller.hangup(call)
            except (AssertionError, RuntimeError, TimeoutError):
                lost += 1
        time.sleep(1.0)
        records = _records(engine)
        duplicated = sum(1 for kinds in records.values() if any(kinds.count(k) > 1 for k in ("queued", "answered")))
        return {"queued": queued, "lost": lost, "duplicated": duplicated, "kills": kills,
                "takeover_s": max(takeovers), "takeover_median_s": round(statistics.median(takeovers), 3),
                "takeovers_s": takeovers}
    finally:
        stop_all(peers, timeout=5)
        _hotline(home, "center", "stop")
        engine.dispose()


def measure(quick: bool = False, admin: str = "postgresql://postgres@127.0.0.1:5432/postgres") -> dict[str, Any]:
    """The chaos run (see the module docstring): 2 kills and 2 queued callers when ``quick``, else 5 and 3."""
    from bench.board import throwaway_pg
    from storage.db import upgrade

    with throwaway_pg(admin) as url, tempfile.TemporaryDirectory(prefix="chaos-director-") as tmp:
        upgrade(url)
        return _run(url, Path(tmp), kills=2 if quick else 5, queued=2 if quick else 3)


def main(argv: list[str]) -> int:
    """Run, print the figures beside the target, write bench/results/chaos_director.json."""
    ap = argparse.ArgumentParser(prog="python -m bench chaos-director")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args(argv)
    result = measure(args.quick, args.pg)
    print(f"{'measure':<28}{'result':>10}{'target':>10}")
    print(f"{'takeover max (s)':<28}{result['takeover_s']:>10.2f}{TARGET_S:>10.2f}")
    print(f"{'takeover median (s)':<28}{result['takeover_median_s']:>10.2f}{'':>10}")
    print(f"{'queued callers':<28}{result['queued']:>10}{'':>10}")
    print(f"{'lost':<28}{result['lost']:>10}{0:>10}")
    print(f"{'duplicated':<28}{result['duplicated']:>10}{0:>10}")
    RESULTS.mkdir(exist_ok=True)
    line = json.dumps(result, ensure_ascii=False)
    (RESULTS / "chaos_director.json").write_text(line + "\n", encoding="utf-8")
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
