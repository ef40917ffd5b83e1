"""Two directors under the leader lease in a real center: SIGKILL and SIGSTOP of the leader.

``hotline center start --standby`` (real Kamailio, the announcer, two ``director_main --lease``
processes) on a throwaway PostgreSQL database; the agent 1002 and the callers are real pjsua2 lab
peers. Caller 1 talks to 1002 while callers 2 and 3 queue; the leader is SIGKILLed, the standby
takes over, the killed one comes back as the standby; that leader is SIGSTOPped, the other takes
over again, and the stopped one, resumed, is fenced (it exits 3 and is restarted). The queued
callers are answered one after the other by 1002, and every call's records are stored once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from bench.chaos_director import fast_plan
from storage.db import engine_for
from telephony.lab.kamailio import free_udp_port


def _hotline(home: Path, *args: str, timeout: float = 90) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOTLINE_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "desktop.cli.main", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Center:
    """The center under test: its lease and records, read from the database."""

    def __init__(self, home: Path, url: str) -> None:
        self.home, self.engine = home, engine_for(url)

    def leader(self) -> tuple[int, int] | None:
        """(epoch, PID) of the lease holder while its lease runs."""
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT epoch, holder, expires_at - extract(epoch from clock_timestamp()) "
                                    "FROM director_lease")).first()
        if row is None or row[2] is None or row[2] < 0:
            return None
        return int(row[0]), int(row[1].rsplit(":", 1)[1])

    def kinds(self) -> dict[str, list[str]]:
        """call -> the kinds of its records, in order."""
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT call_id, kind FROM queue_events WHERE call_id <> '' "
                                     "ORDER BY at, id")).all()
        out: dict[str, list[str]] = {}
        for call, kind in rows:
            out.setdefault(call, []).append(kind)
        return out

    def queued(self) -> int:
        return sum(k.count("queued") for k in self.kinds().values())

    def log(self) -> str:
        return (self.home / "center" / "center.log").read_text(errors="replace")


@pytest.fixture
def standby_center(tmp_path, pg_url):
    home = tmp_path / "home"
    port = free_udp_port()
    done = _hotline(home, "center", "start", "--standby", "--db", pg_url, "--port", str(port), "--no-music",
                    "--users", str(Path(__file__).resolve().parents[3] / "resources/center/demo-users.toml"),
                    "--plan", str(fast_plan(tmp_path / "plan.toml")), "--max-seconds", "300")
    assert done.returncode == 0, done.stderr + (home / "center" / "center.log").read_text(errors="replace")
    center = Center(home, pg_url)
    try:
        yield center, port
    finally:
        _hotline(home, "center", "stop")
        center.engine.dispose()


def test_the_standby_takes_over_keeps_the_queue_and_fences_a_paused_leader(standby_center, lab):
    center, port = standby_center
    first = _wait(center.leader, 20, "a leader")
    agent = lab.start("agent-1002", users=["1002"], register=f"127.0.0.1:{port}", passwords="demo-1002")
    callers = [lab.start(f"caller-{i}", users=[f"1380000000{i}"]) for i in (1, 2, 3)]
    time.sleep(1.0)  # the registration reaches the director
    talking = callers[0].call(f"sip:12345@127.0.0.1:{port}")
    callers[0].wait_call(talking, "CONFIRMED", timeout=15)
    waiting = [c.call(f"sip:12345@127.0.0.1:{port}") for c in callers[1:]]
    _wait(lambda: center.queued() == 3, 10, "three queued records stored")

    os.kill(first[1], signal.SIGKILL)  # the leader dies
    second = _wait(lambda: (lead := center.leader()) and lead[0] > first[0] and lead, 10, "a new leader")
    assert second[1] != first[1]
    _wait(lambda: "restarted (PID" in center.log(), 15, "the killed director back as the standby")
    for caller, call in zip(callers[1:], waiting, strict=True):
        assert caller.call_info(call)["state"] in ("EARLY", "CALLING"), caller.call_info(call)  # still queued

    os.kill(second[1], signal.SIGSTOP)  # the new leader pauses past its lease
    try:
        third = _wait(lambda: (lead := center.leader()) and lead[0] > second[0] and lead, 10, "a third leader")
        assert third[1] not in (first[1], second[1])
        callers[0].hangup(talking)  # 1002 frees up: the third leader routes caller 2 to it
        callers[1].wait_call(waiting[0], "CONFIRMED", timeout=20)
    finally:
        os.kill(second[1], signal.SIGCONT)
    fenced = f"(PID {second[1]}) exited (3)"
    _wait(lambda: fenced in center.log(), 15, "the resumed old leader fenced (exit 3)")
    assert center.leader()[0] == third[0]  # it did not take the lease back
    callers[1].hangup(waiting[0])
    callers[2].wait_call(waiting[1], "CONFIRMED", timeout=20)  # caller 3, queued since before both takeovers
    callers[2].hangup(waiting[1])
    kinds = _wait(lambda: (k := center.kinds()) and sum(v.count("ended") for v in k.values()) == 3 and k,
                  15, "three ended calls stored")
    assert len(kinds) == 3
    for call, seen in kinds.items():
        assert seen.count("queued") == 1 and seen.count("answered") == 1 and seen.count("ended") == 1, (call, seen)
    assert agent.alive()
