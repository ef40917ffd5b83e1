"""The night/holiday rule, duplicate inputs, and a restarted director resuming the calls still queued."""

from __future__ import annotations

from hotline.acd import AgentState, Director, Record
from tests.hotline.acd.helpers import at, director, events, overflows, plan, routes


def test_night_with_the_duty_seat_registered_rings_it():
    d, _ = director()
    d.agent_registered("1099", at(0), contact="sip:1099@127.0.0.1")
    out = d.call_queued("n1", caller="1", dialled="12345", at=at(1), handle={"tindex": 1, "tlabel": 2})
    (ov,) = overflows(out)
    assert (ov.kind, ov.target, ov.handle) == ("seat", "1099", {"tindex": 1, "tlabel": 2})
    assert events(out, "overflowed")[0].data["why"] == "night"


def test_night_without_the_duty_seat_reserves_a_callback_and_tells_the_caller():
    d, _ = director()
    out = d.call_queued("n1", caller="13700000009", dialled="12345", at=at(1))
    (ov,) = overflows(out)
    assert ov.kind == "callback" and ov.message == "夜间值守，已为您预约回拨"
    ev = events(out, "overflowed")[0]
    assert ev.caller == "13700000009" and ev.data["why"] == "night" and ev.data["kind"] == "callback"


def test_night_seat_that_fails_uses_the_night_fallback():
    doc_plan = plan()
    d = Director(doc_plan, at(0))
    d.agent_registered("1099", at(0))
    d.call_queued("n1", caller="1", dialled="12345", at=at(1))
    (ov,) = overflows(d.ring_failed("n1", "1099", 486, at(5)))
    assert ov.kind == doc_plan.night.fallback == "callback"


def test_the_last_agent_logging_out_sends_the_waiting_callers_to_the_night_rule():
    d, _ = director("1001")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    d.ring_failed("c1", "1001", 480, at(15))  # back in the queue, 1001 rung again
    d.ring_failed("c1", "1001", 480, at(30))  # second miss: 1001 not ready, still logged in
    assert d.snapshot(at(30)).queue("general").waiting[0].call == "c1"
    out = d.agent_state("1001", "logged-out", at(31))
    assert [o.kind for o in overflows(out)] == ["callback"]


def test_duplicates_change_nothing():
    d, _ = director("1001", "1002")
    assert d.agent_registered("1001", at(0)) == []  # a registration refresh
    first = d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    assert routes(first) == [("c1", "1001")]
    assert d.call_queued("c1", caller="1", dialled="12345", at=at(0)) == []
    assert d.ring_answered("c1", "1002", at(1)) == []  # not the agent rung
    assert d.ring_failed("c1", "1002", 480, at(1)) == []
    assert events(d.ring_answered("c1", "1001", at(2)), "answered")
    assert d.ring_answered("c1", "1001", at(2)) == []
    assert d.ring_failed("c1", "1001", 480, at(3)) == []  # a stale failure after the answer
    assert d.agent_state("1002", "ready", at(3)) == []
    assert events(d.call_ended("c1", at(9)), "ended")
    assert d.call_ended("c1", at(9)) == []
    assert d.caller_left("c1", at(9)) == []
    assert d.agent_unregistered("1099", at(9)) == []


def _stored(actions: list) -> list:
    return [x.event for x in actions if isinstance(x, Record)]


def test_rebuild_resumes_the_queued_calls_with_their_handles():
    d, log = director("1001", "1002")
    log += d.agent_state("1002", "not-ready", at(0), reason="会议")
    log += d.call_queued("c1", caller="1", dialled="12345", at=at(1), handle={"tindex": 11, "tlabel": 1})
    log += d.ring_answered("c1", "1001", at(3))  # 1001 talking
    log += d.call_queued("c2", caller="2", dialled="12345", at=at(5), handle={"tindex": 12, "tlabel": 2})
    log += d.call_queued("c3", caller="3", dialled="123452", at=at(6), handle={"tindex": 13, "tlabel": 3})
    log += d.call_queued("c4", caller="4", dialled="12345", at=at(7))
    log += d.caller_left("c4", at(8))
    before = d.snapshot(at(9))

    # the director restarts; Kamailio still holds both phones' registrations
    r = Director.rebuild(plan(), _stored(log), {"1001": "sip:1001@x", "1002": "sip:1002@x"}, at(10))
    after = r.snapshot(at(9))
    assert [[w.call for w in q.waiting] for q in after.queues] == [[w.call for w in q.waiting] for q in before.queues]
    assert after.talking == ("c1",)
    assert {a.user: (a.state, a.reason) for a in after.agents} == {a.user: (a.state, a.reason) for a in before.agents}
    assert r.tick(at(10)) == []  # nothing changed while it was down
    # the resumed calls carry the handles of their suspended transactions
    out = r.agent_state("1002", "ready", at(11))
    assert routes(out) == [("c3", "1002")]  # priority 5 before c2 (priority 1)
    route = next(x for x in out if hasattr(x, "handle") and x.call == "c3")
    assert route.handle == {"tindex": 13, "tlabel": 3}
    out = r.call_ended("c1", at(12))
    assert events(out, "ended")[0].data["talk_s"] == 9.0
    # a finished call stays finished
    assert r.call_queued("c4", caller="4", dialled="12345", at=at(13)) == []


def test_rebuild_reconciles_registrations_that_changed_while_down():
    d, log = director("1001")
    log += d.call_queued("c1", caller="1", dialled="12345", at=at(0), handle={"tindex": 1, "tlabel": 1})
    log += d.ring_failed("c1", "1001", 480, at(15))
    log += d.ring_failed("c1", "1001", 480, at(30))  # not ready now
    log += d.agent_registered("1099", at(31))  # (outside the plan: not in the log)
    # restart: 1001's phone went away, 1002 registered meanwhile
    r = Director.rebuild(plan(), _stored(log), ["1002"], at(40))
    out = r.tick(at(40))
    states = {e.agent: e.data["state"] for e in events(out, "agent-state")}
    assert states["1001"] == "logged-out"
    assert routes(out) == [("c1", "1002")]
    assert r.snapshot(at(40)).agent("1002").state == AgentState.RINGING


def test_rebuild_with_a_ring_in_flight_returns_it_after_the_ring_timeout():
    d, log = director("1001")
    log += d.call_queued("c1", caller="1", dialled="12345", at=at(0), handle={"tindex": 1, "tlabel": 1})
    r = Director.rebuild(plan(), _stored(log), ["1001"], at(2))
    assert r.snapshot(at(2)).agent("1001").state == AgentState.RINGING
    assert events(r.ring_answered("c1", "1001", at(3)), "answered")  # the answer arrives after the restart


def test_rebuild_keeps_the_longest_idle_order():
    d, log = director("1001", "1002", "1003")
    r = Director.rebuild(plan(), _stored(log), ["1001", "1002", "1003"], at(0))
    assert routes(r.call_queued("c", caller="1", dialled="12345", at=at(1))) == [("c", "1001")]


def test_a_desk_logout_with_the_phone_still_registered_survives_a_restart():
    d, log = director("1001", "1002")
    log += d.agent_state("1001", "logged-out", at(0))  # 签出 at the desk; the softphone stays registered
    r = Director.rebuild(plan(), _stored(log), ["1001", "1002"], at(10))
    assert r.snapshot(at(10)).agent("1001").state == AgentState.LOGGED_OUT
    assert routes(r.call_queued("c", caller="1", dialled="12345", at=at(11))) == [("c", "1002")]


def test_ready_asked_while_the_phone_is_away_waits_for_its_registration():
    d, _ = director("1001", "1002")
    d.agent_unregistered("1001", at(0))
    assert d.agent_state("1001", "not-ready", at(1), reason="培训") == []
    assert d.snapshot(at(1)).agent("1001").state == AgentState.LOGGED_OUT  # never shown 空闲/示忙 without a phone
    out = d.agent_registered("1001", at(5))
    assert [(e.data["state"], e.data["reason"]) for e in events(out, "agent-state")] == [("not-ready", "培训")]
    d.agent_unregistered("1002", at(6))
    d.agent_state("1002", "not-ready", at(7), reason="会议")
    d.agent_state("1002", "logged-out", at(8))  # withdrawn: the registration logs in as the plan says
    out = d.agent_registered("1002", at(9))
    assert [e.data["state"] for e in events(out, "agent-state")] == ["ready"]
