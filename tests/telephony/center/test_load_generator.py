"""The lab's caller generator against the real center Kamailio: 5 callers/s for 3 s speaking the
recorded requests, three auto-answering lab agents (pjsua2, digest-registered), the lab director
holding each call 1.5 s in the queue so that the impatient 20 % really leave while queued; every call
is answered or abandoned, and the director's own counts agree."""

from __future__ import annotations

import json
import subprocess
import sys

from telephony.lab.generator import generate_callers, plan_calls

AGENTS = {"1001": "pw-1001", "1002": "pw-1002", "1003": "pw-1003"}


def test_plan_spreads_an_exact_abandon_fraction():
    plan = plan_calls(5, 3, 0.2)
    assert len(plan) == 15 and sum(p.abandon for p in plan) == 3
    assert [p.at_s for p in plan[:3]] == [0.0, 0.2, 0.4]
    assert len({p.speech for p in plan}) > 1


def test_generated_callers_are_all_accounted_for(center, lab, tmp_path):
    k = center(users=AGENTS, queues={"12345": "general"})
    director = subprocess.Popen([sys.executable, "-m", "telephony.lab.director", "--evapi-port", str(k.evapi_port),
                                 "--delay-ms", "1500", "--seconds", "90"], stdout=subprocess.PIPE, text=True)
    try:
        assert director.stdout is not None and director.stdout.readline().strip() == "READY"
        lab.start("agents", users=list(AGENTS), answer="auto", register=k.host, passwords=AGENTS, tone_hz=700)
        summary = generate_callers(f"sip:12345@{k.host}", rate=5, seconds=3, abandon=0.2, talk_s=1.0,
                                   patience_s=0.5, max_wait_s=30, record_dir=tmp_path / "callers")
    finally:
        director.terminate()
        out = director.communicate(timeout=10)[0].strip().splitlines()
    assert (summary.offered, summary.answered, summary.abandoned, summary.failed, summary.unaccounted) == \
        (15, 12, 3, 0, 0), summary.failures
    counts = json.loads(out[-1])
    assert (counts["queued"], counts["answered"], counts["left"]) == (15, 12, 3)
    assert all(w >= 1.4 for w in summary.waits_s)  # answered only after the director's queue hold
