"""Lab peers against each other on loopback: real pjsua2 processes, real RTP, real recordings."""

from __future__ import annotations

import time

from telephony.lab.audio import FREQUENCY_PLAN, read_wav, tone_levels, tone_present

F110 = FREQUENCY_PLAN["110"]
FCALLER = FREQUENCY_PLAN["caller-1"]


def test_two_peers_hear_each_other_and_dtmf_arrives(lab):
    p110 = lab.start("110", tone_hz=F110)
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=FCALLER)
    cid = caller.call(p110.uri())
    info = caller.wait_call(cid, "CONFIRMED", timeout=10)
    assert info["media"] == "active" and info["code"] == 200
    incoming = p110.wait_incoming(timeout=5)
    assert incoming["dialed_user"] == "110"
    p110.wait_call(incoming["id"], "CONFIRMED", timeout=5)
    time.sleep(1.5)
    caller.send_dtmf("12#", cid)
    caller.send_dtmf("9", cid, method="info")
    p110.wait_for(lambda st: len(st["dtmf"]) == 4, timeout=5, what="4 DTMF digits")
    assert sorted(p110.received_dtmf) == sorted([("1", "rfc2833"), ("2", "rfc2833"), ("#", "rfc2833"),
                                                 ("9", "info")])
    assert [d for d, m in p110.received_dtmf if m == "rfc2833"] == ["1", "2", "#"]
    caller.hangup(cid)
    caller.wait_call(cid, "DISCONNECTED", timeout=5)
    p110.wait_call(incoming["id"], "DISCONNECTED", timeout=5)
    [heard_by_caller] = caller.recordings(timeout=5)
    [heard_by_110] = p110.recordings(timeout=5)
    assert heard_by_caller.name == "caller-1-1-out-110.wav"
    assert heard_by_110.name == "110-1-in-13800000001.wav"
    # each side heard the other's tone, not its own
    assert tone_present(heard_by_caller, F110), tone_levels(heard_by_caller)
    assert not tone_present(heard_by_caller, FCALLER)
    assert tone_present(heard_by_110, FCALLER), tone_levels(heard_by_110)
    assert not tone_present(heard_by_110, F110)


def test_busy_peer_answers_486(lab):
    busy = lab.start("119", tone_hz=FREQUENCY_PLAN["119"], answer="busy")
    caller = lab.start("caller-1", users=["13800000001"])
    cid = caller.call(busy.uri())
    info = caller.wait_call(cid, "DISCONNECTED", timeout=10)
    assert info["code"] == 486
    assert caller.recordings(timeout=2) == []


def test_never_answering_peer_rings_until_the_caller_gives_up(lab):
    ringing = lab.start("120", tone_hz=FREQUENCY_PLAN["120"], answer="never")
    caller = lab.start("caller-1", users=["13800000001"])
    cid = caller.call(ringing.uri())
    assert caller.wait_call(cid, "EARLY", timeout=10)["code"] == 180
    incoming = ringing.wait_incoming(timeout=5)
    time.sleep(2.0)
    assert caller.call_info(cid)["state"] == "EARLY"  # still ringing: nobody answers
    caller.hangup(cid)
    assert caller.wait_call(cid, "DISCONNECTED", timeout=10)["code"] == 487
    assert ringing.wait_call(incoming["id"], "DISCONNECTED", timeout=10)["code"] == 487


def test_unknown_user_gets_404_and_bad_commands_are_refused(lab):
    import pytest

    from telephony.lab.client import LabError

    p122 = lab.start("122")
    caller = lab.start("caller-1", users=["13800000001"])
    cid = caller.call(p122.uri(user="999"))
    assert caller.wait_call(cid, "DISCONNECTED", timeout=10)["code"] == 404
    with pytest.raises(LabError, match="not a valid SIP URI"):
        caller.call("tel:110")
    with pytest.raises(LabError, match="no live call"):
        caller.hangup("caller-1-77")
    with pytest.raises(LabError, match="no live call 'x'"):
        caller.send_dtmf("12", "x")
    with pytest.raises(LabError, match="unknown command"):
        caller.request("explode")
    assert caller.alive()


def test_sigkilled_peer_is_noticed_only_by_rtp_timeout(lab):
    """pjsua2 alone never notices a far end that vanished (no BYE, no RTP timeout, session timers
    >= 90 s): the call stays CONFIRMED. The peer's --rtp-timeout watchdog hangs it up (408)."""
    watched = lab.start("caller-1", users=["13800000001"], tone_hz=FCALLER, rtp_timeout=1.5)
    unwatched = lab.start("caller-2", users=["13800000002"], tone_hz=FREQUENCY_PLAN["caller-2"])
    victim = lab.start("110", tone_hz=F110)
    c1 = watched.call(victim.uri())
    c2 = unwatched.call(victim.uri())
    watched.wait_call(c1, "CONFIRMED", timeout=10)
    unwatched.wait_call(c2, "CONFIRMED", timeout=10)
    time.sleep(1.0)
    victim.kill()
    killed_at = time.monotonic()
    info = watched.wait_call(c1, "DISCONNECTED", timeout=6)
    assert time.monotonic() - killed_at < 4.0
    assert info["ended_by"] == "rtp-timeout" and info["code"] == 408
    assert unwatched.call_info(c2)["state"] == "CONFIRMED"  # still "talking" to nobody
    unwatched.hangup(c2)
    unwatched.wait_call(c2, "DISCONNECTED", timeout=5)  # our own BYE ends it at once
    [before_crash] = watched.recordings(timeout=5)
    assert tone_present(before_crash, F110, end_s=1.0)


def test_hold_and_unhold_by_reinvite(lab):
    p110 = lab.start("110", tone_hz=F110)
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=FCALLER)
    cid = caller.call(p110.uri())
    caller.wait_call(cid, "CONFIRMED", timeout=10)
    incoming = p110.wait_incoming(timeout=5)["id"]
    caller.hold(cid)
    caller.wait_for(lambda s: caller.call_info(cid, s)["media"] == "local_hold", timeout=5, what="local hold")
    p110.wait_for(lambda s: p110.call_info(incoming, s)["media"] == "remote_hold", timeout=5, what="remote hold")
    caller.unhold(cid)
    p110.wait_for(lambda s: p110.call_info(incoming, s)["media"] == "active", timeout=5, what="resumed")
    time.sleep(1.0)
    p110.hangup(incoming)
    caller.wait_call(cid, "DISCONNECTED", timeout=5)
    [heard] = caller.recordings(timeout=5)
    samples, rate = read_wav(heard)
    assert tone_present((samples, rate), F110, start_s=len(samples) / rate - 0.8)  # heard again after unhold


def test_attended_transfer_replaces_the_consultation(lab):
    """C calls A; A consults E; A transfers C to E with REFER/Replaces; C and E then hear each other."""
    fa, fc, fe = FREQUENCY_PLAN["agent"], FREQUENCY_PLAN["caller-1"], FREQUENCY_PLAN["expert-yb"]
    a = lab.start("agent", users=["8001"], tone_hz=fa)
    c = lab.start("caller-1", users=["13800000001"], tone_hz=fc)
    e = lab.start("expert-yb", tone_hz=fe)
    c_to_a = c.call(a.uri())
    c.wait_call(c_to_a, "CONFIRMED", timeout=10)
    a_from_c = a.wait_incoming(timeout=5)["id"]
    a.wait_call(a_from_c, "CONFIRMED", timeout=5)
    a.hold(a_from_c)
    a_to_e = a.call(e.uri())
    a.wait_call(a_to_e, "CONFIRMED", timeout=10)
    e_from_a = e.wait_incoming(timeout=5)["id"]
    time.sleep(1.0)  # the agent and the expert talk first
    a.transfer(a_from_c, target_call=a_to_e)
    st = c.wait_for(lambda s: any(x["direction"] == "transfer" and x["state"] == "CONFIRMED" for x in s["calls"]),
                    timeout=10, what="call to the expert")
    c_to_e = next(x["id"] for x in st["calls"] if x["direction"] == "transfer")
    st = e.wait_for(lambda s: any(x["direction"] == "replaced" and x["state"] == "CONFIRMED" for x in s["calls"]),
                    timeout=10, what="replacing call")
    e_from_c = next(x["id"] for x in st["calls"] if x["direction"] == "replaced")
    e.wait_call(e_from_a, "DISCONNECTED", timeout=5)  # the consultation was replaced
    a.wait_call(a_from_c, "DISCONNECTED", timeout=5)  # the agent left after the transfer succeeded
    a.wait_call(a_to_e, "DISCONNECTED", timeout=5)
    time.sleep(1.5)
    e.hangup(e_from_c)
    c.wait_call(c_to_e, "DISCONNECTED", timeout=5)
    c_heard = {p.name: p for p in c.recordings(timeout=5)}
    e_heard = {p.name: p for p in e.recordings(timeout=5)}
    assert tone_present(c_heard[f"{c_to_e}-transfer-expert-yb.wav"], fe)
    assert tone_present(e_heard[f"{e_from_c}-replaced-13800000001.wav"], fc)
    assert tone_present(e_heard[f"{e_from_a}-in-8001.wav"], fa)


def test_at_most_four_calls_per_peer(lab):
    target = lab.start("110", tone_hz=F110)
    many = lab.start("caller-1", users=["13800000001"])
    other = lab.start("caller-2", users=["13800000002"])
    ids = [many.call(target.uri()) for _ in range(4)]
    for cid in ids:
        many.wait_call(cid, "CONFIRMED", timeout=10)
    import pytest

    from telephony.lab.client import LabError

    with pytest.raises(LabError, match="at most 4 per process"):
        many.call(target.uri())
    fifth = other.call(target.uri())
    info = other.wait_call(fifth, "DISCONNECTED", timeout=10)
    assert info["code"] == 486, info  # pjsua itself refuses a fifth call: Busy Here
    assert len([c for c in target.status()["calls"] if c["state"] == "CONFIRMED"]) == 4
    many.hangup()
    for cid in ids:
        many.wait_call(cid, "DISCONNECTED", timeout=10)


def test_lifetime_limit_hangs_up_and_exits_cleanly(lab):
    short = lab.start("119", tone_hz=FREQUENCY_PLAN["119"], max_seconds=3)
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=FCALLER)
    cid = caller.call(short.uri())
    caller.wait_call(cid, "CONFIRMED", timeout=10)
    assert caller.wait_call(cid, "DISCONNECTED", timeout=10)["code"] == 200  # the BYE of a clean exit
    assert short.proc.wait(timeout=10) == 0
    assert any(ev.get("event") == "stopped" and ev.get("reason") == "max-seconds" for ev in short.events)
    [recording] = short.recordings()
    assert tone_present(recording, FCALLER)  # closed and finalised before the process exited


def test_back_to_back_calls_and_a_failed_dial_leave_the_peers_working(lab):
    """Call ids are reused by pjsua at once: every Call is released in its DISCONNECTED callback
    (one freed later would hang up the next call with its id). A dial pjsua2 refuses synchronously
    (no TCP transport) is reported, and the peer lives on."""
    import pytest

    from telephony.lab.client import LabError

    target = lab.start("110", answer="after:0.3")
    caller = lab.start("caller-1", users=["13800000001"])
    with pytest.raises(LabError, match="makeCall"):
        caller.call(f"sip:110@127.0.0.1:{target.port};transport=tcp")
    # a caller that gives up while the answer timer is pending, then calls again at once
    first = caller.call(target.uri())
    caller.wait_call(first, "EARLY", timeout=5)
    caller.hangup(first)
    caller.wait_call(first, "DISCONNECTED", timeout=5)
    for _ in range(12):
        cid = caller.call(target.uri())
        caller.wait_call(cid, "CONFIRMED", timeout=5)
        caller.hangup(cid)
        assert caller.wait_call(cid, "DISCONNECTED", timeout=5)["code"] == 200
    answered = [c for c in target.status()["calls"] if c["code"] == 200]
    assert len(answered) == 12 and all(c["state"] == "DISCONNECTED" for c in answered)
