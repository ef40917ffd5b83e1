"""Lab peers through a real Kamailio registrar: digest auth, calls via location, static numbers, REFER."""

from __future__ import annotations

import time

from telephony.lab.audio import FREQUENCY_PLAN, tone_levels, tone_present

USERS = {"2001": "lab-secret-1", "2002": "lab-secret-2"}


def test_register_with_right_password_and_refuse_wrong_one(lab, kamailio):
    k = kamailio(users=USERS)
    good = lab.start("seat-1", users=["2001"], register=k.host, passwords=USERS["2001"])
    assert good.last_status["registrations"]["2001"]["code"] == 200
    bad = lab.start("seat-2", users=["2002"], register=k.host, passwords="not-the-password",
                    wait_registered=False)
    st = bad.wait_for(lambda s: s["registrations"]["2002"]["code"] >= 300, timeout=10, what="refusal")
    assert st["registrations"]["2002"]["code"] == 403
    assert not st["registrations"]["2002"]["active"]
    # the refused user is not reachable; the registered one is
    caller = lab.start("caller-1", users=["13800000001"])
    cid = caller.call(k.uri("2002"))
    assert caller.wait_call(cid, "DISCONNECTED", timeout=10)["code"] == 404
    cid = caller.call(k.uri("2001"))
    assert caller.wait_call(cid, "CONFIRMED", timeout=10)["code"] == 200
    caller.hangup(cid)
    caller.wait_call(cid, "DISCONNECTED", timeout=10)


def test_registered_peers_call_each_other_through_kamailio(lab, kamailio):
    k = kamailio(users=USERS)
    f1, f2 = FREQUENCY_PLAN["expert-rsj"], FREQUENCY_PLAN["expert-zjj"]
    a = lab.start("expert-rsj", users=["2001"], register=k.host, passwords=USERS, tone_hz=f1)
    b = lab.start("expert-zjj", users=["2002"], register=k.host, passwords=USERS, tone_hz=f2)
    cid = a.call(k.uri("2002"))
    assert a.wait_call(cid, "CONFIRMED", timeout=10)["media"] == "active"
    incoming = b.wait_incoming(timeout=5)
    assert incoming["dialed_user"] == "2002"
    time.sleep(1.5)
    a.hangup(cid)
    b.wait_call(incoming["id"], "DISCONNECTED", timeout=10)  # the BYE followed the record-route
    [heard_by_a] = a.recordings(timeout=5)
    [heard_by_b] = b.recordings(timeout=5)
    assert tone_present(heard_by_a, f2), tone_levels(heard_by_a)
    assert tone_present(heard_by_b, f1), tone_levels(heard_by_b)
    assert "static route" not in k.log()


def test_local_user_must_authenticate_its_invite(lab, kamailio):
    k = kamailio(users=USERS)
    lab.start("seat-2", users=["2002"], register=k.host, passwords=USERS)
    # 2001 is a local user: its INVITE is challenged, and without credentials it fails
    impostor = lab.start("impostor", users=["2001"])
    cid = impostor.call(k.uri("2002"))
    assert impostor.wait_call(cid, "DISCONNECTED", timeout=10)["code"] == 407


def test_caller_reaches_110_through_the_static_route_and_is_transferred(lab, kamailio):
    f110, fcaller, fexpert = FREQUENCY_PLAN["110"], FREQUENCY_PLAN["caller-1"], FREQUENCY_PLAN["expert-gjj"]
    p110 = lab.start("110", tone_hz=f110)
    k = kamailio(users=USERS, static={"110": p110.uri()})
    expert = lab.start("expert-gjj", users=["2001"], register=k.host, passwords=USERS, tone_hz=fexpert)
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=fcaller)
    cid = caller.call(k.uri("110"))
    assert caller.wait_call(cid, "CONFIRMED", timeout=10)["code"] == 200
    incoming = p110.wait_incoming(timeout=5)
    assert incoming["dialed_user"] == "110"
    assert "static route 110" in k.log()
    time.sleep(1.0)
    # 110 hands the caller over to the expert seat: a blind REFER inside the dialog, via Kamailio
    p110.transfer(incoming["id"], uri=k.uri("2001"))
    st = caller.wait_for(lambda s: any(c["direction"] == "transfer" and c["state"] == "CONFIRMED"
                                       for c in s["calls"]), timeout=10, what="transferred call")
    new = next(c for c in st["calls"] if c["direction"] == "transfer")
    p110.wait_call(incoming["id"], "DISCONNECTED", timeout=10)
    time.sleep(1.0)
    caller.hangup(new["id"])
    caller.wait_call(new["id"], "DISCONNECTED", timeout=10)
    recordings = {p.name: p for p in caller.recordings(timeout=5)}
    first = recordings["caller-1-1-out-110.wav"]
    second = recordings[f"{new['id']}-transfer-2001.wav"]
    assert tone_present(first, f110) and not tone_present(first, fexpert)
    assert tone_present(second, fexpert), tone_levels(second)
    [expert_heard] = expert.recordings(timeout=5)
    assert tone_present(expert_heard, fcaller)


def test_delayed_answer_and_hold_through_kamailio(lab, kamailio):
    """Ringing for a set time, then answered; hold and resume re-INVITEs follow the record-route."""
    f120, fcaller = FREQUENCY_PLAN["120"], FREQUENCY_PLAN["caller-2"]
    k = kamailio(users=USERS)
    seat = lab.start("120", users=["2001"], register=k.host, passwords=USERS, tone_hz=f120, answer="after:1.0")
    caller = lab.start("caller-2", users=["13800000002"], tone_hz=fcaller)
    cid = caller.call(k.uri("2001"))
    assert caller.wait_call(cid, "EARLY", timeout=10)["code"] == 180
    rang_at = time.monotonic()
    caller.wait_call(cid, "CONFIRMED", timeout=10)
    assert time.monotonic() - rang_at > 0.7
    incoming = seat.wait_incoming(timeout=5)["id"]
    caller.hold(cid)
    seat.wait_for(lambda s: seat.call_info(incoming, s)["media"] == "remote_hold", timeout=5, what="held")
    caller.unhold(cid)
    seat.wait_for(lambda s: seat.call_info(incoming, s)["media"] == "active", timeout=5, what="resumed")
    time.sleep(1.0)
    caller.hangup(cid)
    seat.wait_call(incoming, "DISCONNECTED", timeout=10)
    [heard] = seat.recordings(timeout=5)
    assert tone_present(heard, fcaller)


def test_calling_a_crashed_registered_peer_fails_with_408_in_fr_timer(lab, kamailio):
    """A SIGKILLed peer stays in usrloc until its registration expires; Kamailio's INVITE to the dead
    contact gets no answer and tm's fr_timer (5 s in lab-registrar.cfg) turns it into 408."""
    k = kamailio(users=USERS)
    dead = lab.start("expert-gd", users=["2002"], register=k.host, passwords=USERS)
    dead.kill()
    caller = lab.start("caller-3", users=["13800000003"])
    started = time.monotonic()
    cid = caller.call(k.uri("2002"))
    info = caller.wait_call(cid, "DISCONNECTED", timeout=15)
    assert info["code"] == 408
    assert 4.0 < time.monotonic() - started < 9.0
