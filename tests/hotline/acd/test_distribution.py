"""Distribution: priority then wait, longest idle, skills, unregistered agents never offered, failover."""

from __future__ import annotations

from hotline.acd import AgentState
from hotline.acd.states import MISSED_REASON
from tests.hotline.acd.helpers import at, director, events, plan, routes


def test_a_call_goes_to_the_longest_idle_ready_agent_with_the_skill():
    d, _ = director("1001", "1002", "1003")
    out = d.call_queued("c1", caller="13700000001", dialled="12345", at=at(0), handle={"tindex": 7, "tlabel": 9})
    assert routes(out) == [("c1", "1001")]
    route = next(x for x in out if hasattr(x, "ring_timeout_s"))
    assert route.ring_timeout_s == 15 and route.handle == {"tindex": 7, "tlabel": 9}
    assert [e.kind for e in events(out)] == ["queued", "offered", "agent-state"]
    assert d.snapshot(at(0)).agent("1001").state == AgentState.RINGING
    # the next call goes to the next longest idle
    assert routes(d.call_queued("c2", caller="2", dialled="12345", at=at(1))) == [("c2", "1002")]


def test_an_agent_back_from_a_call_goes_to_the_end_of_the_idle_line():
    d, _ = director("1001", "1002")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    d.ring_answered("c1", "1001", at(2))
    d.call_ended("c1", at(20))
    d.tick(at(30))  # 1001 wraps up 10 s, ready at 30
    assert d.snapshot(at(30)).agent("1001").state == AgentState.READY
    assert routes(d.call_queued("c2", caller="2", dialled="12345", at=at(31))) == [("c2", "1002")]


def test_skills_decide_who_may_take_a_queue():
    d, _ = director("1001", "1002")
    out = d.call_queued("b1", caller="1", dialled="123452", at=at(0))
    assert routes(out) == [("b1", "1002")]  # 1001 is longer idle but lacks 营商环境
    assert events(out, "queued")[0].queue == "business"


def test_district_numbers_reach_their_queue():
    d, _ = director("1001")
    out = d.call_queued("c1", caller="1", dialled="2112345", at=at(0))
    queued = events(out, "queued")[0]
    assert queued.queue == "general" and queued.data["district"] == "江北区"


def test_priority_first_then_wait():
    d, _ = director("1003")
    d.agent_state("1003", "not-ready", at(0), reason="会议")
    d.call_queued("g1", caller="1", dialled="12345", at=at(1))
    d.call_queued("g2", caller="2", dialled="12345", at=at(2))
    d.call_queued("e1", caller="3", dialled="123459", at=at(3))
    d.call_queued("g0", caller="4", dialled="12345", at=at(4), priority=9)  # a hint from the caller of call_queued
    assert [w.call for w in d.snapshot(at(5)).queue("general").waiting] == ["g0", "g1", "g2"]
    order = routes(d.agent_state("1003", "ready", at(5)))
    for step in range(3):
        call = order[-1][0]
        d.ring_answered(call, "1003", at(6 + step * 10))
        d.call_ended(call, at(7 + step * 10))
        order += routes(d.tick(at(17 + step * 10)))
    # e1 (priority 9) and g0 (priority 9 by hint): the earlier of the two first; then g1, g2 by wait
    assert [c for c, _ in order] == ["e1", "g0", "g1", "g2"]


def test_an_unregistered_agent_is_never_offered_calls():
    d, _ = director()
    d.agent_state("1001", "ready", at(0))  # asked from somewhere, but its phone is not registered
    d.agent_registered("1099", at(0))  # the duty seat keeps night calls from being overflowed
    d.agent_registered("1002", at(0))
    d.agent_state("1002", "not-ready", at(0), reason="培训")
    out = d.call_queued("c1", caller="1", dialled="12345", at=at(1))
    assert routes(out) == []
    assert [w.call for w in d.snapshot(at(2)).queue("general").waiting] == ["c1"]
    d.agent_unregistered("1002", at(3))
    d.agent_registered("1001", at(4))
    assert d.snapshot(at(4)).agent("1001").state == AgentState.READY


def test_no_answer_fails_over_to_the_next_agent_and_n_misses_make_the_agent_not_ready():
    d, _ = director("1001", "1002")
    assert routes(d.call_queued("c1", caller="1", dialled="12345", at=at(0))) == [("c1", "1001")]
    out = d.ring_failed("c1", "1001", 480, at(15))
    assert routes(out) == [("c1", "1002")]
    no_answer = events(out, "no-answer")[0]
    assert no_answer.agent == "1001" and no_answer.data["code"] == 480 and no_answer.data["misses"] == 1
    assert d.snapshot(at(15)).agent("1001").state == AgentState.READY  # one miss: still ready
    out = d.ring_failed("c1", "1002", 408, at(30))
    assert routes(out) == [("c1", "1001")]  # nobody else: back to the one who missed it least long ago
    out = d.ring_failed("c1", "1001", 480, at(45))  # 1001's second miss in a row
    snap = d.snapshot(at(45))
    assert snap.agent("1001").state == AgentState.NOT_READY and snap.agent("1001").reason == MISSED_REASON
    assert routes(out) == [("c1", "1002")]
    states = [e.data["state"] for e in events(out, "agent-state") if e.agent == "1001"]
    assert states == ["not-ready"]
    d.ring_answered("c1", "1002", at(50))
    assert d.snapshot(at(50)).agent("1002").misses == 0


def test_busy_counts_as_a_miss_and_a_gone_phone_logs_the_agent_out():
    d, _ = director("1001", "1002")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    d.ring_failed("c1", "1001", 486, at(1))
    assert d.snapshot(at(1)).agent("1001").misses == 1
    out = d.ring_failed("c1", "1002", 404, at(2))
    snap = d.snapshot(at(2))
    assert snap.agent("1002").state == AgentState.LOGGED_OUT and not snap.agent("1002").registered
    assert snap.agent("1002").misses == 0
    assert routes(out) == [("c1", "1001")]


def test_a_ring_kamailio_never_reports_returns_the_call_without_a_miss():
    d, _ = director("1001", "1002")
    d.call_queued("c1", caller="1", dialled="12345", at=at(0))
    assert d.tick(at(19)) == []
    out = d.tick(at(20))  # ring timeout 15 + 5 s grace
    lost = events(out, "no-answer")[0]
    assert lost.data["lost"] is True and lost.data["code"] == 0
    assert d.snapshot(at(20)).agent("1001").misses == 0
    assert routes(out) == [("c1", "1002")]


def test_login_state_not_ready_waits_for_the_desk():
    d, _ = director("1001", p=plan(login_state="not-ready"))
    assert d.snapshot(at(0)).agent("1001").state == AgentState.NOT_READY
    d.agent_registered("1099", at(0))
    assert routes(d.call_queued("c1", caller="1", dialled="12345", at=at(1))) == []
    assert routes(d.agent_state("1001", AgentState.READY, at(2))) == [("c1", "1001")]
