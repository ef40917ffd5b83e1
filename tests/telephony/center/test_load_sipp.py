"""SIPp against the real center Kamailio at a low rate: the scenarios in resources/sipp/ work.

Agents register with digest auth (agent-register.xml) and auto-answer (agent-uas.xml); callers
dial 12345 through the lab director and honour Record-Route (caller-uac.xml: ACK and BYE through
the center), dial an agent straight, or give up while queued (caller-abandon.xml). Every SIPp is
bounded (-m, -timeout) and stopped by PID.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from hotline.timezone import CST
from telephony.lab.sipp import SippAgents, SippError, register_agents, run_callers

QUEUES = {"12345": "general", "0212345": "unstaffed"}


def test_sipp_agents_callers_and_abandoners_all_accounted_for(center, tmp_path):
    users = {str(3000 + i): f"pw-{i}" for i in range(4)}
    k = center(users=users, queues=QUEUES)
    director = subprocess.Popen([sys.executable, "-m", "telephony.lab.director", "--evapi-port", str(k.evapi_port),
                                 "--queue", "general", "--seconds", "60"], stdout=subprocess.PIPE, text=True)
    try:
        assert director.stdout is not None and director.stdout.readline().strip() == "READY"
        with SippAgents(k.port, users, tmp_path / "agents") as agents:
            assert set(k.registered()) == set(users)
            queued = run_callers(k.port, "12345", rate=5, calls=6, run_dir=tmp_path, talk_ms=200, name="queued")
            direct = run_callers(k.port, "3002", rate=5, calls=3, run_dir=tmp_path, talk_ms=200, name="direct")
            left = run_callers(k.port, "0212345", rate=5, calls=3, run_dir=tmp_path, abandon=True,
                               patience_ms=300, name="left")
            assert agents.proc.poll() is None
        for result in (queued, left):
            assert (result.created, result.failed, result.returncode) == (result.successful, 0, 0), result.log
        assert (queued.successful, left.successful) == (6, 3)
        # an outside caller cannot ring an agent's extension: only the public numbers are open
        assert (direct.created, direct.successful, direct.failed) == (3, 0, 3), direct.log
    finally:
        director.terminate()
        out = director.communicate(timeout=10)[0].strip().splitlines()
    counts = json.loads(out[-1])
    # the director saw the 9 queue calls (none of the direct ones), routed the 6 it serves, and the 3 callers leaving its unstaffed queue
    assert (counts["queued"], counts["offered"], counts["answered"], counts["left"]) == (9, 6, 6, 3)


def test_a_wrong_password_does_not_register(center, tmp_path):
    k = center(users={"3000": "right"}, queues=QUEUES)
    with pytest.raises(SippError, match="did not register"):
        register_agents(k.port, {"3000": "wrong"}, 5999, tmp_path, timeout_s=3, attempts=1)
    assert k.registered() == {}


def test_the_real_director_under_sipp_answers_the_callers_and_records_the_abandoners(center, tmp_path):
    """The production director process (director_main): agents by SIPp, one of them on 示忙 by SIP
    MESSAGE as a desk sends it, so the callers of its queue wait and hang up: abandoned, with their wait."""
    from storage.uow import UnitOfWork
    from telephony.center.store import open_store
    from telephony.lab.sipp import send_agent_state

    users = {str(3000 + i): f"pw-{i}" for i in range(4)}
    users["3009"] = "pw-standby"
    k = center(users=users, queues={"12345": "general", "0212345": "standby"})
    db = f"sqlite:///{tmp_path / 'center.sqlite3'}"
    director = subprocess.Popen(
        [sys.executable, "-m", "telephony.center.director_main", "--evapi-port", str(k.evapi_port),
         "--ctl-socket", str(k.ctl_socket), "--domain", k.host, "--agents", "3000-3003", "--wrap-up-s", "0",
         "--standby", "3009:0212345", "--db", db, "--seconds", "60"], stdout=subprocess.PIPE, text=True)
    try:
        assert director.stdout is not None and director.stdout.readline().strip() == "READY"
        with SippAgents(k.port, users, tmp_path / "agents"):
            send_agent_state(k.port, "3009", "pw-standby", "not-ready:培训", tmp_path / "agents")
            queued = run_callers(k.port, "12345", rate=5, calls=6, run_dir=tmp_path, talk_ms=200, name="queued")
            left = run_callers(k.port, "0212345", rate=5, calls=3, run_dir=tmp_path, abandon=True,
                               patience_ms=500, name="left")
        assert (queued.successful, queued.failed, left.successful, left.failed) == (6, 0, 3, 0), queued.log
    finally:
        director.terminate()
        out = director.communicate(timeout=10)[0].strip().splitlines()
    counts = json.loads(out[-1])
    assert (counts["agent"], counts["queued"], counts["answered"], counts["left"]) == (1, 9, 6, 3)
    with UnitOfWork(open_store(db).engine, role="center") as uow:
        calls = uow.center.today(datetime.now(CST))
        states = [e for e in uow.center.events_since(datetime.now(CST) - timedelta(hours=1))
                  if e.kind == "agent-state" and e.agent == "3009"]
    outcomes = sorted((c.queue, c.outcome) for c in calls)
    assert outcomes == [("general", "ended")] * 6 + [("standby", "abandoned")] * 3
    waits = [c.wait_s or 0.0 for c in calls if c.outcome == "abandoned"]
    assert all(0.4 <= w < 5 for w in waits), waits  # they hung up after their patience, while queued
    talks = [c.talk_s or 0.0 for c in calls if c.outcome == "ended"]
    assert all(0.15 <= t < 5 for t in talks), talks  # the callers talked as long as they were told to
    assert (states[-1].data["state"], states[-1].data["reason"]) == ("not-ready", "培训")
