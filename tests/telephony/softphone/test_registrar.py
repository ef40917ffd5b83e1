"""The softphone with a real Kamailio registrar: digest registration, its visible state, retries,
calls by number through the proxy, and a wrong password refused without harming the process."""

from __future__ import annotations

import time

import pytest

from telephony.lab.kamailio import free_udp_port, start_kamailio
from telephony.softphone import Answer, Dial, Hangup
from telephony.softphone.errors import NotRegistered
from telephony.softphone.model import Registration, RegistrationDidChange
from tests.telephony.softphone.support import energies

USERS = {"1001": "agent-secret", "2001": "expert-secret", "13800000001": "caller-secret"}


def _registered(events, timeout: float = 10.0) -> RegistrationDidChange:
    return events.wait(lambda e: isinstance(e, RegistrationDidChange)
                       and e.snapshot.registration is Registration.REGISTERED, timeout, "registration")


def test_digest_registration_then_a_number_dialled_through_the_proxy(phone_factory, lab, kamailio):
    police = lab("110")
    k = kamailio(users=USERS, static={"110": police.uri()})
    phone, events = phone_factory(registrar=f"sip:{k.host}", password=USERS["1001"])
    event = _registered(events)
    assert event.snapshot.registration_code == 200 and event.snapshot.account_uri == f"sip:1001@{k.host}"
    call_id = phone.run(Dial("110"))  # a bare number goes to the registrar's domain
    events.call_state(call_id, "confirmed")
    time.sleep(1.5)
    phone.run(Hangup(call_id))
    events.call_state(call_id, "disconnected")
    assert energies(police.recordings(timeout=5)[0], ["agent"])["agent"] > 0.5


def test_a_registered_caller_reaches_the_agent_by_number(phone_factory, lab, kamailio):
    k = kamailio(users=USERS)
    phone, events = phone_factory(registrar=f"sip:{k.host}", password=USERS["1001"])
    _registered(events)
    caller = lab("caller-1", users=["13800000001"], register=k.host, passwords=USERS["13800000001"])
    peer_call = caller.call(k.uri("1001"))
    incoming = events.incoming()
    assert incoming.caller_number == "13800000001" and incoming.dialled == "1001"
    phone.run(Answer(incoming.call_id))
    caller.wait_call(peer_call, "CONFIRMED", timeout=5)
    time.sleep(1.0)
    caller.hangup(peer_call)
    events.call_state(incoming.call_id, "disconnected")


def test_a_wrong_password_is_refused_and_shown(phone_factory, kamailio):
    k = kamailio(users=USERS)
    phone, events = phone_factory(registrar=f"sip:{k.host}", password="not-the-password")
    failed = events.wait(lambda e: isinstance(e, RegistrationDidChange)
                         and e.snapshot.registration is Registration.FAILED, 10, "the refusal")
    assert failed.snapshot.registration_code in (401, 403) and failed.snapshot.registration.label == "注册失败"
    with pytest.raises(NotRegistered):
        phone.run(Dial("110"))
    assert phone.running


def test_registration_retries_until_the_registrar_comes_up(phone_factory, tmp_path):
    port = free_udp_port()
    phone, events = phone_factory(registrar=f"sip:127.0.0.1:{port}", password=USERS["1001"], reg_retry_s=2)
    failed = events.wait(lambda e: isinstance(e, RegistrationDidChange)
                         and e.snapshot.registration is Registration.FAILED, 40, "the first failure")
    assert failed.snapshot.registration_code >= 400
    with start_kamailio(tmp_path / "late-kamailio", users=USERS, port=port):
        _registered(events, timeout=15)
