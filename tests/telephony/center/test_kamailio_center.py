"""The center's Kamailio with a hand-driven director: queueing, routing, failover, abandon, refusals.

The test plays the director over evapi, so what is checked here is Kamailio's side of the contract
(resources/kamailio/center.cfg): what it relays, and what it does with route/reject commands.
"""

from __future__ import annotations

import time

from telephony.softphone import SendMessage
from telephony.softphone.model import MessageDidComplete, Registration, RegistrationDidChange
from tests.telephony.center.conftest import AGENTS
from tests.telephony.center.support import EvapiDriver


def _agent(phone_factory, k, user: str, **kw):
    phone, events = phone_factory(user=user, registrar=f"sip:{k.host}", password=AGENTS[user], **kw)
    events.wait(lambda e: isinstance(e, RegistrationDidChange) and e.snapshot.registration is Registration.REGISTERED,
                10, f"{user} registered")
    return phone, events


def test_a_queued_call_is_announced_then_routed_to_the_chosen_agent(center, lab, phone_factory):
    k = center(queues={"12345": "general", "0112345": "general"})
    director = EvapiDriver(k.evapi_port)
    try:
        phone, events = _agent(phone_factory, k, "1001", auto_answer=True)
        director.wait("reg", user="1001")
        caller = lab.start("caller-1", users=["13800000001"], tone_hz=530)
        peer_call = caller.call(f"sip:0112345@{k.host}")  # a district number (Ordos 第十一条)
        queued = director.wait("queued")
        assert (queued["caller"], queued["dialled"], queued["queue"]) == ("13800000001", "0112345", "general")
        caller.wait_call(peer_call, "EARLY", timeout=5)  # the waiting caller hears ringback (180)
        director.send(f"route,{queued['tindex']},{queued['tlabel']},1001,10000")
        assert director.wait("answered")["agent"] == "1001"
        caller.wait_call(peer_call, "CONFIRMED", timeout=5)
        incoming = events.incoming()
        assert (incoming.caller_number, incoming.dialled, incoming.queue) == ("13800000001", "0112345", "general")
        caller.hangup(peer_call)
        assert director.wait("ended")["callid"] == queued["callid"]
    finally:
        director.close()


def test_ring_no_answer_comes_back_and_the_same_call_goes_to_the_next_agent(center, lab, phone_factory):
    k = center()
    director = EvapiDriver(k.evapi_port)
    try:
        _agent(phone_factory, k, "1001")  # rings, never answers
        caller = lab.start("caller-2", users=["13800000002"], tone_hz=620)
        peer_call = caller.call(f"sip:12345@{k.host}")
        queued = director.wait("queued")
        director.send(f"route,{queued['tindex']},{queued['tlabel']},1001,1500")
        failed = director.wait("ring-failed", agent="1001")
        assert failed["code"] in (408, 480) and failed["callid"] == queued["callid"]
        # agent 1002 (a second softphone process: a lab peer registered as 1002) gets the same call
        lab.start("expert-rsj", users=["1002"], register=k.host, passwords=AGENTS["1002"], tone_hz=2170)
        director.send(f"route,{failed['tindex']},{failed['tlabel']},1002,5000")
        assert director.wait("answered")["agent"] == "1002"
        caller.wait_call(peer_call, "CONFIRMED", timeout=5)
    finally:
        director.close()


def test_a_caller_who_hangs_up_while_queued_is_reported_as_left(center, lab):
    k = center()
    director = EvapiDriver(k.evapi_port)
    try:
        caller = lab.start("caller-3", users=["13800000003"], tone_hz=810)
        peer_call = caller.call(f"sip:12345@{k.host}")
        queued = director.wait("queued")
        time.sleep(0.5)
        caller.hangup(peer_call)
        assert director.wait("left")["callid"] == queued["callid"]
        assert caller.wait_call(peer_call, "DISCONNECTED", timeout=5)["code"] == 487
    finally:
        director.close()


def test_an_unregistered_agent_is_never_rung(center, lab):
    k = center()
    director = EvapiDriver(k.evapi_port)
    try:
        caller = lab.start("caller-1", users=["13800000001"], tone_hz=530)
        caller.call(f"sip:12345@{k.host}")
        queued = director.wait("queued")
        director.send(f"route,{queued['tindex']},{queued['tlabel']},1003,5000")  # 1003 is not registered
        failed = director.wait("ring-failed", agent="1003")
        assert failed["code"] == 404
        director.send(f"reject,{failed['tindex']},{failed['tlabel']},480")
        caller.wait_for(lambda st: any(c["state"] == "DISCONNECTED" and c["code"] == 480 for c in st["calls"]), 5,
                        "480 to the caller")
    finally:
        director.close()


def test_a_wrong_password_is_refused(center, phone_factory):
    k = center()
    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password="wrong")
    failed = events.wait(lambda e: isinstance(e, RegistrationDidChange)
                         and e.snapshot.registration is Registration.FAILED, 10, "refusal")
    assert failed.snapshot.registration_code == 403


def test_agent_state_messages_from_the_softphone_reach_the_director(center, phone_factory):
    k = center()
    director = EvapiDriver(k.evapi_port)
    try:
        phone, events = _agent(phone_factory, k, "1002")
        phone.run(SendMessage(f"sip:acd@{k.host}", "not-ready:培训"))
        got = director.wait("agent", user="1002")
        assert got["body"] == "not-ready:培训"
        done = events.wait(lambda e: isinstance(e, MessageDidComplete), 5, "the 202")
        assert done.code == 202
    finally:
        director.close()
