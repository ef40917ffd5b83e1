"""Listen, whisper, barge through the real center: who hears whom, proven by tones in recordings.

Three parties on loopback, each with its own tone: the caller (a lab peer, extension 1003), the agent
(our softphone engine in this process, extension 1001, with an ear recording of what it hears) and
the team lead (a lab peer, extension 1008, which records what it hears). The center's Kamailio
(resources/kamailio/center.cfg) lets 1008 monitor 1001; 1009 is a team lead of another group. The
director runs beside it on a real SQLite file and writes every monitoring request to the audit log.
"""

from __future__ import annotations

import time
from pathlib import Path

from hotline.monitoring import MODE_CONTENT_TYPE, MONITOR_HEADER
from telephony.center.monitor_rules import MonitorRules
from telephony.center.runner import kamailio_queues
from telephony.lab.audio import FREQUENCY_PLAN, read_wav, tone_energy
from telephony.lab.sipp import free_port
from telephony.softphone import model as m
from telephony.softphone.commands import Answer
from tests.telephony.center.test_director import _plan, _registered, _wait
from tests.telephony.softphone.support import AGENT_HZ

USERS = {"1001": "pw-1001", "1002": "pw-1002", "1003": "pw-1003", "1008": "pw-1008", "1009": "pw-1009"}
RULES = MonitorRules(leads=frozenset({"1008", "1009"}), pairs=frozenset({("1008", "1001")}), show=True)
CALLER_HZ = FREQUENCY_PLAN["caller-1"]
LEAD_HZ = FREQUENCY_PLAN["gas"]
PHASE_S = 3.0


def heard(path: Path | str, hz: float, start: float, end: float) -> float:
    """The tone's share of the window's power (a mix of two tones gives each about half)."""
    samples, rate = read_wav(path)
    return tone_energy((samples, rate), hz, start_s=max(0.0, start), end_s=end)


def _setup(center, director, lab, phone_factory, tmp_path: Path, *, show: bool = True, **agent):
    plan = _plan()
    k = center(users=USERS, queues=kamailio_queues(plan),
               monitor=MonitorRules(RULES.leads, RULES.pairs, show))
    from telephony.center.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'center.sqlite3'}")
    director(plan, k, store)
    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=USERS["1001"],
                                  ear_recording=tmp_path / "ear.wav", **agent)
    ear_t0 = time.monotonic()
    _registered(events, "1001")
    caller = lab.start("caller-1", users=["1003"], tone_hz=CALLER_HZ, register=k.host, passwords=USERS)
    return k, store, phone, events, ear_t0, caller


def _audits(store, action: str) -> list:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from storage.tables import AuditRow

    with Session(store.engine) as session:
        return list(session.scalars(select(AuditRow).where(AuditRow.action == action)))


def _customer_call(k, caller, phone, events):
    call = caller.call(f"sip:1001@{k.host}")
    incoming = events.incoming(10)
    assert incoming.monitor == ""
    phone.run(Answer(incoming.call_id))
    caller.wait_call(call, "CONFIRMED", 10)
    return call, time.monotonic()


def _mode(events, mode: str) -> m.MonitorDidChange:
    return events.wait(lambda e: isinstance(e, m.MonitorDidChange) and e.mode == mode, 10, f"monitor {mode}")


def test_listen_whisper_barge_switched_mid_call_each_party_hears_what_the_mode_allows(
        center, director, lab, phone_factory, tmp_path):
    k, store, phone, events, _, caller = _setup(center, director, lab, phone_factory, tmp_path)
    lead = lab.start("lead", users=["1008"], tone_hz=LEAD_HZ, register=k.host, passwords=USERS)
    call, caller_t0 = _customer_call(k, caller, phone, events)
    watch = lead.call(f"sip:1001@{k.host}", headers=[(MONITOR_HEADER, "listen")])
    lead.wait_call(watch, "CONFIRMED", 10)
    started = _mode(events, "listen")
    assert started.shown and started.lead == "1008"
    # answered by the phone itself (nobody ran Answer), and every snapshot of it says it is a monitor
    mine = [e.call for e in events.of(m.CallDidChange) if e.call.call_id == started.call_id]
    assert mine and all(c.monitor == "listen" for c in mine)
    marks = {"listen": time.monotonic()}
    time.sleep(PHASE_S)
    for mode in ("whisper", "barge"):
        lead.message(mode, watch, content_type=MODE_CONTENT_TYPE)
        _mode(events, mode)
        marks[mode] = time.monotonic()
        time.sleep(PHASE_S)
    marks["end"] = time.monotonic()
    lead.hangup(watch)
    _mode(events, "")
    time.sleep(1.0)  # the customer call goes on after the lead left
    assert phone.snapshot().call(events.incoming(1).call_id).state == "confirmed"
    caller.hangup(call)
    caller.recordings(timeout=10)
    lead.recordings(timeout=10)
    phone.stop()
    caller_rec = caller.call_info(call)["recording"]
    lead_rec = lead.call_info(watch)["recording"]
    ear = tmp_path / "ear.wav"

    def window(mode: str, nxt: str, t0: float) -> tuple[float, float]:
        return marks[mode] - t0 + 0.8, marks[nxt] - t0 - 0.3

    lead_t0 = marks["listen"]
    expected = {  # mode -> who hears the lead (the caller, the agent)
        "listen": (False, False), "whisper": (False, True), "barge": (True, True)}
    for mode, nxt in (("listen", "whisper"), ("whisper", "barge"), ("barge", "end")):
        caller_hears_lead, agent_hears_lead = expected[mode]
        lo, hi = window(mode, nxt, lead_t0)
        # the lead always hears the caller and the agent
        assert heard(lead_rec, CALLER_HZ, lo, hi) > 0.1, mode
        assert heard(lead_rec, AGENT_HZ, lo, hi) > 0.1, mode
        lo, hi = window(mode, nxt, caller_t0)
        assert heard(caller_rec, AGENT_HZ, lo, hi) > 0.1, mode  # the customer call is never disturbed
        assert (heard(caller_rec, LEAD_HZ, lo, hi) > 0.1) is caller_hears_lead, mode
        assert (heard(caller_rec, LEAD_HZ, lo, hi) < 0.02) is not caller_hears_lead, mode
        lo, hi = window(mode, nxt, caller_t0)  # the ear's WAV gets frames from the customer call's start
        assert heard(ear, CALLER_HZ, lo, hi) > 0.1, mode
        assert (heard(ear, LEAD_HZ, lo, hi) > 0.1) is agent_hears_lead, mode
        assert (heard(ear, LEAD_HZ, lo, hi) < 0.02) is not agent_hears_lead, mode
    _wait(lambda: len(_audits(store, "monitor-mode")) == 2, 10, "the mode switches audited")
    [allowed] = _audits(store, "monitor-allowed")
    assert (allowed.actor, allowed.subject_kind, allowed.subject_id) == ("1008", "agent", "1001")
    assert allowed.detail["mode"] == "listen"
    assert sorted(a.detail["mode"] for a in _audits(store, "monitor-mode")) == ["barge", "whisper"]


def test_a_lead_of_another_group_is_refused_and_audited(center, director, lab, phone_factory, tmp_path):
    k, store, phone, events, _, caller = _setup(center, director, lab, phone_factory, tmp_path, show=False)
    outsider = lab.start("lead", users=["1009"], tone_hz=LEAD_HZ, register=k.host, passwords=USERS)
    attempt = outsider.call(f"sip:1001@{k.host}", headers=[(MONITOR_HEADER, "listen")])
    info = outsider.wait_call(attempt, "DISCONNECTED", 10)
    assert info["code"] == 403
    _wait(lambda: _audits(store, "monitor-refused"), 10, "the refusal audited")
    [refused] = _audits(store, "monitor-refused")
    assert (refused.actor, refused.subject_id, refused.detail["mode"]) == ("1009", "1001", "listen")
    assert not [e for e in events.items if getattr(e, "call", None) is not None]  # the agent's phone never rang
    assert not events.of(m.MonitorDidChange)


def test_the_marker_from_an_agent_or_an_outside_caller_is_stripped_and_the_call_rings_as_usual(
        center, director, lab, phone_factory, tmp_path):
    """... and one sent straight to the phone's port, past the center, is not believed by the phone."""
    gateway_port = free_port()
    plan = _plan()
    k = center(users=USERS, queues=kamailio_queues(plan), monitor=RULES, trusted=[f"127.0.0.1:{gateway_port}"])
    from telephony.center.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'center.sqlite3'}")
    director(plan, k, store)
    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=USERS["1001"])
    _registered(events, "1001")
    agent = lab.start("caller-1", users=["1003"], tone_hz=CALLER_HZ, register=k.host, passwords=USERS)
    gateway = lab.start("caller-2", users=["13800000002"], port=gateway_port)
    direct = f"sip:1001@127.0.0.1:{phone.sip_port}"  # straight to the phone's port, past the center
    for n, (peer, uri, who) in enumerate(((agent, f"sip:1001@{k.host}", "1003"),
                                          (gateway, f"sip:1001@{k.host}", "13800000002"),
                                          (gateway, direct, ""))):
        call = peer.call(uri, headers=[(MONITOR_HEADER, "barge")])
        ringing = events.incoming(10, skip=n)
        assert ringing.monitor == "" and ringing.state == "incoming"  # rings: not answered by itself
        phone.run(Answer(ringing.call_id))
        peer.wait_call(call, "CONFIRMED", 10)
        peer.hangup(call)
        peer.wait_call(call, "DISCONNECTED", 10)
        if who:
            _wait(lambda w=who: [a for a in _audits(store, "monitor-stripped") if a.actor == w], 10, f"{who} audited")
    assert not events.of(m.MonitorDidChange)


def test_a_fifth_call_is_refused_and_the_customer_call_keeps_its_audio(
        center, director, lab, phone_factory, tmp_path):
    k, store, phone, events, _, caller = _setup(center, director, lab, phone_factory, tmp_path, auto_answer=True)
    lead = lab.start("lead", users=["1008"], tone_hz=LEAD_HZ, register=k.host, passwords=USERS)
    calls = []
    for _ in range(4):
        calls.append(caller.call(f"sip:1001@{k.host}"))
        caller.wait_call(calls[-1], "CONFIRMED", 10)
    first_t0 = time.monotonic()  # about when the last one connected; the first connected before
    watch = lead.call(f"sip:1001@{k.host}", headers=[(MONITOR_HEADER, "barge")])
    info = lead.wait_call(watch, "DISCONNECTED", 10)
    assert info["code"] == 486
    refused_at = time.monotonic()
    time.sleep(2.5)
    live = [c for c in phone.snapshot().calls if c.state == "confirmed"]
    assert len(live) == 4 and not any(c.monitor for c in live)
    assert not events.of(m.MonitorDidChange)
    caller.hangup()
    caller.recordings(timeout=10)
    first = caller.call_info(calls[0])["recording"]
    lo = refused_at - first_t0 + 0.3
    assert heard(first, AGENT_HZ, lo, lo + 1.5) > 0.5  # the agent still heard by the customer, nobody else
    assert heard(first, LEAD_HZ, lo, lo + 1.5) < 0.02
    _wait(lambda: _audits(store, "monitor-allowed"), 10, "the attempt audited")
