"""Abandon, overflow at max wait, wrap-up, the night rule, desk requests while busy, transfers."""

from __future__ import annotations

from hotline.acd import AgentState, RejectCall
from tests.hotline.acd.helpers import at, director, events, overflows, plan, routes


def test_abandon_while_queued_records_the_wait():
    d, _ = director("1001")
    d.agent_state("1001", "not-ready", at(0), reason="休息")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    out = d.caller_left("c1", at(37.5))
    ab = events(out, "abandoned")[0]
    assert ab.data == {"wait_s": 37.5, "while": "waiting"} and ab.caller == "1" and ab.queue == "general"
    assert d.snapshot(at(38)).queue("general").waiting == ()
    assert d.caller_left("c1", at(39)) == []  # CANCEL relayed twice
    assert d.call_queued("c1", caller="1", dialled="12345", at=at(40)) == []  # a late retransmission


def test_abandon_while_ringing_frees_the_agent_without_a_miss():
    d, _ = director("1001", "1002")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    out = d.caller_left("c1", at(4))
    assert events(out, "abandoned")[0].data == {"wait_s": 4.0, "while": "ringing"}
    a1 = d.snapshot(at(4)).agent("1001")
    assert a1.state == AgentState.READY and a1.misses == 0 and a1.call == ""
    assert d.ring_failed("c1", "1001", 487, at(5)) == []  # the 487 that follows the CANCEL
    # 1001 keeps its place as longest idle
    assert routes(d.call_queued("c2", caller="2", dialled="12345", at=at(6))) == [("c2", "1001")]


def test_overflow_after_max_wait_by_the_queues_rule():
    d, _ = director("1001")
    d.agent_state("1001", "not-ready", at(0), reason="会议")
    d.call_queued("g", caller="1", dialled="12345", at=at(0))  # max 120 s, callback
    d.call_queued("b", caller="2", dialled="123452", at=at(0))  # 90 s, voicemail; nobody has 营商环境…
    # …so the night rule took it at once (no agent with the skill logged in)
    assert d.snapshot(at(1)).queue("business").waiting == ()
    assert overflows(d.tick(at(119))) == []
    out = d.tick(at(120))
    (ov,) = overflows(out)
    assert (ov.call, ov.kind, ov.target) == ("g", "callback", "")
    assert ov.message == "已为您预约回拨"
    ev = events(out, "overflowed")[0]
    assert ev.data["why"] == "max-wait" and ev.data["wait_s"] == 120.0 and ev.caller == "1"
    assert d.tick(at(121)) == []


def test_overflow_to_a_seat_falls_back_to_a_callback_when_the_seat_does_not_answer():
    d, _ = director("1003")
    d.agent_registered("1099", at(0))
    d.agent_state("1003", "not-ready", at(0), reason="小休")
    d.call_queued("e", caller="1", dialled="123459", at=at(0))
    out = d.tick(at(30))
    (ov,) = overflows(out)
    assert (ov.kind, ov.target) == ("seat", "1099")
    assert [w.status for w in d.snapshot(at(31)).queue("emergency").waiting] == ["seat"]
    out = d.ring_failed("e", "1099", 480, at(45))
    (ov,) = overflows(out)
    assert ov.kind == "callback" and events(out, "overflowed")[0].data["why"] == "seat-failed"
    assert d.snapshot(at(46)).queue("emergency").waiting == ()


def test_a_seat_that_answers_talks_and_ends_like_an_agent():
    d, _ = director("1003")
    d.agent_registered("1099", at(0))
    d.agent_state("1003", "not-ready", at(0), reason="小休")
    d.call_queued("e", caller="1", dialled="123459", at=at(0))
    d.tick(at(30))
    assert events(d.ring_answered("e", "1099", at(33)), "answered")[0].data == {"wait_s": 33.0}
    assert events(d.call_ended("e", at(93)), "ended")[0].data == {"talk_s": 60.0}


def test_an_overflow_seat_not_registered_becomes_a_callback():
    d, _ = director("1003")
    d.agent_state("1003", "not-ready", at(0), reason="小休")
    d.call_queued("e", caller="1", dialled="123459", at=at(0))
    (ov,) = overflows(d.tick(at(30)))
    assert ov.kind == "callback"


def test_wrap_up_timer_then_ready_and_the_next_call():
    d, _ = director("1001")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    d.ring_answered("c1", "1001", at(3))
    out = d.call_ended("c1", at(63))
    assert events(out, "ended")[0].data == {"talk_s": 60.0}
    wrap = [e for e in events(out, "agent-state")][0]
    assert wrap.data["state"] == "wrap-up" and wrap.data["until"] == at(73).isoformat()
    d.call_queued("c2", caller="2", dialled="12345", at=at(65))
    assert routes(d.tick(at(72))) == []
    out = d.tick(at(74))
    ready = events(out, "agent-state")[0]
    assert ready.data["state"] == "ready" and ready.at == at(73)  # recorded when the wrap-up ended
    assert routes(out) == [("c2", "1001")]


def test_ready_from_the_desk_ends_wrap_up_early():
    d, _ = director("1001")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    d.ring_answered("c1", "1001", at(3))
    d.call_ended("c1", at(10))
    d.call_queued("c2", caller="2", dialled="12345", at=at(11))
    assert routes(d.agent_state("1001", "ready", at(12))) == [("c2", "1001")]


def test_zero_wrap_up_is_ready_at_once():
    d, _ = director("1001", p=plan(wrap_up_s=0))
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    d.ring_answered("c1", "1001", at(3))
    out = d.call_ended("c1", at(10))
    assert [e.data["state"] for e in events(out, "agent-state")] == ["ready"]


def test_not_ready_asked_while_talking_applies_when_the_call_ends():
    d, _ = director("1001")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    d.ring_answered("c1", "1001", at(3))
    assert d.agent_state("1001", "not-ready", at(5), reason="午餐") == []
    assert d.snapshot(at(5)).agent("1001").state == AgentState.TALKING
    out = d.call_ended("c1", at(30))
    st = events(out, "agent-state")[0]
    assert (st.data["state"], st.data["reason"]) == ("not-ready", "午餐")


def test_transfer_releases_the_agent_and_conference_keeps_it():
    d, _ = director("1001")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    d.ring_answered("c1", "1001", at(2))
    out = d.call_conferenced("c1", at(10), "110")
    assert events(out, "conferenced")[0].data == {"target": "110"}
    assert d.call_conferenced("c1", at(11), "110") == []
    out = d.call_transferred("c1", at(20), "8001")
    assert events(out, "transferred")[0].data == {"target": "8001", "talk_s": 18.0}
    assert d.snapshot(at(20)).agent("1001").state == AgentState.WRAP_UP
    assert d.call_ended("c1", at(40)) == []  # the BYE of the transferred leg comes later


def test_logout_and_unregistration():
    d, _ = director("1001", "1002")
    out = d.agent_state("1001", "logged-out", at(0))
    assert events(out, "agent-state")[0].data["state"] == "logged-out"
    assert d.agent_state("1001", "logged-out", at(1)) == []
    d.call_queued("c1", caller="1", dialled="12345", at=at(2))  # rings 1002
    out = d.agent_unregistered("1002", at(3))  # its phone went away while ringing
    assert events(out, "no-answer")[0].data["code"] == 404
    # nobody is logged in now (1001 logged out at the desk, its phone still registered): night rule
    (ov,) = overflows(out)
    assert ov.kind == "callback" and events(out, "overflowed")[0].data["why"] == "night"


def test_an_unknown_queue_name_is_rejected_and_an_unknown_agent_ignored():
    d, _ = director("1001")
    out = d.call_queued("x", caller="1", dialled="12345", at=at(0), queue="nope", handle={"tindex": 1})
    assert out == [RejectCall("x", 404, "no queue 'nope' in the center plan", {"tindex": 1})]
    assert d.agent_state("4242", "ready", at(0)) == []
    assert d.ring_answered("zz", "1001", at(0)) == []


def test_a_plan_agent_as_overflow_seat_talks_and_wraps_up():
    import copy

    from hotline.acd import Director
    from hotline.acd.plan import parse_plan
    from tests.hotline.acd.helpers import BASE

    doc = copy.deepcopy(BASE)
    doc["queues"][2]["overflow"] = "seat:1001"  # the emergency queue overflows to agent 1001's phone
    d = Director(parse_plan(doc, "test-plan"), at(0))
    d.agent_registered("1001", at(0))
    d.agent_registered("1003", at(0))
    d.agent_state("1003", "not-ready", at(0), reason="小休")
    d.agent_state("1001", "not-ready", at(0), reason="小休")
    d.call_queued("e", caller="1", dialled="123459", at=at(0))
    (ov,) = overflows(d.tick(at(30)))
    assert (ov.kind, ov.target) == ("seat", "1001")
    d.ring_answered("e", "1001", at(32))
    assert d.snapshot(at(32)).agent("1001").call == "e"
    d.call_ended("e", at(50))
    assert d.snapshot(at(50)).agent("1001").state == AgentState.WRAP_UP


def test_a_phone_that_unregisters_and_returns_during_a_call_stays_logged_in():
    d, _ = director("1001")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    d.ring_answered("c1", "1001", at(2))
    d.agent_unregistered("1001", at(5))
    assert d.snapshot(at(5)).agent("1001").state == AgentState.TALKING  # the call goes on
    d.agent_registered("1001", at(6))
    d.call_ended("c1", at(20))
    assert d.snapshot(at(20)).agent("1001").state == AgentState.WRAP_UP


def test_a_phone_that_unregisters_during_a_call_is_logged_out_after_it():
    d, _ = director("1001")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    d.ring_answered("c1", "1001", at(2))
    d.agent_unregistered("1001", at(5))
    d.call_ended("c1", at(20))
    assert d.snapshot(at(20)).agent("1001").state == AgentState.LOGGED_OUT


def test_an_agent_dialling_out_during_a_queue_call_brings_the_target_into_it():
    d, _ = director("1001", "1002")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    assert d.agent_dialled("1001", "110", at(1)) == []  # still ringing: not on the call yet
    d.ring_answered("c1", "1001", at(2))
    out = d.agent_dialled("1001", "110", at(5))
    assert [(e.kind, e.call, e.data["target"]) for e in events(out)] == [("conferenced", "c1", "110")]
    assert d.agent_dialled("1001", "110", at(6)) == []  # a second INVITE to the same target (a retry)
    assert d.agent_dialled("1002", "119", at(6)) == []  # 1002 has no call: an ordinary outgoing call
    assert d.agent_dialled("9999", "110", at(6)) == []  # not an agent of the plan


def test_an_unverified_caller_is_never_promised_a_callback():
    """A number an outside caller only wrote (no trusted identity) is never called back: the
    queue's callback overflow becomes voicemail, and a rebuilt director remembers it."""
    d, _ = director("1001")
    d.agent_state("1001", "not-ready", at(0), reason="会议")
    out = d.call_queued("g", caller="13999999999", dialled="12345", at=at(0), verified=False)
    assert events(out, "queued")[0].data["verified"] is False
    (ov,) = overflows(d.tick(at(120)))
    assert (ov.kind, ov.message) == ("voicemail", d.plan.voicemail_message)
    d.call_queued("v", caller="13700000001", dialled="12345", at=at(200))
    (ov,) = overflows(d.tick(at(320)))
    assert ov.kind == "callback"  # a verified caller keeps the queue's rule


def test_a_wait_the_center_lost_is_recorded_with_why():
    d, _ = director("1001")
    d.agent_state("1001", "not-ready", at(0), reason="会议")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    ab = events(d.caller_left("c1", at(5), why="timeout"), "abandoned")[0]
    assert ab.data == {"wait_s": 5.0, "while": "waiting", "why": "timeout"}
    assert d.calls == {}


def test_the_desk_extends_or_ends_the_wrap_up():
    from datetime import timedelta

    from hotline.acd import AgentState

    d, _ = director("1001")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    d.ring_answered("c1", "1001", at(2))
    d.call_ended("c1", at(62))
    rec = d.agents["1001"]
    assert rec.state == AgentState.WRAP_UP
    until = rec.wrap_until
    [record] = events(d.extend_wrap_up("1001", 60, at(63)), "agent-state")
    assert rec.wrap_until == until + timedelta(seconds=60) and record.data["until"] == rec.wrap_until.isoformat()
    assert d.extend_wrap_up("1001", 10_000, at(64)) and rec.wrap_until <= until + timedelta(seconds=60 + 300)
    assert d.extend_wrap_up("1001", float("nan"), at(65)) != [] and rec.state == AgentState.WRAP_UP
    d.agent_state("1001", "ready", at(70))  # 完成话后处理
    assert rec.state == AgentState.READY and rec.wrap_until is None
    assert d.extend_wrap_up("1001", 60, at(71)) == []  # nothing to extend any more
