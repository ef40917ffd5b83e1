"""The queue director with the real Kamailio, real softphones as agents and lab callers.

Agents: 1001 is our softphone engine (this process); 1002 and 1003 are lab peers registered as
agents (a pjsua2 process holds one Endpoint, so more agents are more processes).
"""

from __future__ import annotations

import time

from hotline.acd import AgentState
from hotline.acd.plan import CenterPlan, parse_plan
from hotline.paths import resources_dir
from hotline.timezone import now as time_now
from telephony.center.runner import kamailio_queues
from telephony.softphone import Answer, SendMessage
from telephony.softphone.model import Registration, RegistrationDidChange
from tests.telephony.center.conftest import AGENTS


class ListStore:
    """The records, in memory (the RecordStore port; storage.center writes them in production)."""

    def __init__(self) -> None:
        self.events: list = []

    def append(self, events: list) -> None:
        self.events.extend(events)

    def kinds(self, call: str | None = None) -> list[str]:
        return [e.kind for e in self.events if call is None or e.call == call]


def _plan(max_wait_s: int = 6, **center) -> CenterPlan:
    import tomllib

    doc = tomllib.loads((resources_dir() / "center" / "plan.toml").read_text(encoding="utf-8"))
    doc["center"].update({"ring_timeout_s": 2, "wrap_up_s": 1, **center})
    skills = sorted({q["skill"] for q in doc["queues"]})
    doc["agents"] = {user: {"skills": skills} for user in ("1001", "1002", "1003")}
    for queue in doc["queues"]:
        queue["max_wait_s"] = max_wait_s
    return parse_plan(doc, "test-plan")


def _registered(events, user: str):
    events.wait(lambda e: isinstance(e, RegistrationDidChange) and e.snapshot.registration is Registration.REGISTERED,
                10, f"{user} registered")


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_calls_go_to_the_longest_idle_agent_and_fail_over_on_no_answer(center, director, lab, phone_factory):
    plan = _plan()
    k = center(queues=kamailio_queues(plan))
    store = ListStore()
    run = director(plan, k, store)
    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=AGENTS["1001"])  # never answers
    _registered(events, "1001")
    time.sleep(0.3)
    lab.start("expert-rsj", users=["1002"], register=k.host, passwords=AGENTS["1002"], tone_hz=2170)
    _wait(lambda: {a.user for a in run.snapshot().agents if a.state is AgentState.READY} >= {"1001", "1002"},
          5, "both agents ready")
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=530)
    call = caller.call(f"sip:12345@{k.host}")
    # 1001 has been idle longest: it rings first, does not answer; the call fails over to 1002
    caller.wait_call(call, "CONFIRMED", timeout=10)
    _wait(lambda: "answered" in store.kinds(), 5, "the answer recorded")
    offered = [e.agent for e in store.events if e.kind == "offered"]
    assert offered[:2] == ["1001", "1002"], offered
    assert [e.agent for e in store.events if e.kind == "no-answer"] == ["1001"]
    caller.hangup(call)
    _wait(lambda: "ended" in store.kinds(), 5, "the end of the call")


def test_a_caller_who_gives_up_is_counted_abandoned_with_the_wait(center, director, lab):
    plan = _plan(login_state="not-ready")  # an agent is logged in but not ready: the caller waits
    k = center(queues=kamailio_queues(plan))
    store = ListStore()
    director(plan, k, store)
    lab.start("expert-rsj", users=["1002"], register=k.host, passwords=AGENTS["1002"], tone_hz=2170)
    caller = lab.start("caller-2", users=["13800000002"], tone_hz=620)
    call = caller.call(f"sip:12345@{k.host}")
    _wait(lambda: "queued" in store.kinds(), 5, "queued")
    time.sleep(1.0)
    caller.hangup(call)
    _wait(lambda: "abandoned" in store.kinds(), 5, "abandoned")
    [abandoned] = [e for e in store.events if e.kind == "abandoned"]
    assert abandoned.data["wait_s"] >= 0.9


def test_agent_state_from_the_desk_keeps_a_not_ready_agent_out(center, director, lab, phone_factory):
    plan = _plan()
    k = center(queues=kamailio_queues(plan))
    store = ListStore()
    run = director(plan, k, store)
    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=AGENTS["1001"])
    _registered(events, "1001")
    phone.run(SendMessage(f"sip:acd@{k.host}", "not-ready:培训"))
    _wait(lambda: any(a.user == "1001" and a.state is AgentState.NOT_READY for a in run.snapshot().agents), 5,
          "1001 not ready")
    lab.start("expert-gjj", users=["1002"], register=k.host, passwords=AGENTS["1002"], tone_hz=2530)
    caller = lab.start("caller-3", users=["13800000003"], tone_hz=810)
    call = caller.call(f"sip:12345@{k.host}")
    caller.wait_call(call, "CONFIRMED", timeout=10)
    _wait(lambda: "answered" in store.kinds(), 5, "the answer recorded")
    assert [e.agent for e in store.events if e.kind == "offered"] == ["1002"]
    phone.run(SendMessage(f"sip:acd@{k.host}", "ready"))
    _wait(lambda: any(a.user == "1001" and a.state is AgentState.READY for a in run.snapshot().agents), 5,
          "1001 ready again")


def test_a_queued_caller_survives_a_director_restart(center, director, lab, phone_factory):
    plan = _plan(login_state="not-ready")
    k = center(queues=kamailio_queues(plan))
    store = ListStore()
    first = director(plan, k, store)
    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=AGENTS["1001"])
    _registered(events, "1001")  # logged in, not ready: the call waits
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=530)
    call = caller.call(f"sip:12345@{k.host}")
    _wait(lambda: "queued" in store.kinds(), 5, "queued")
    first.stop()  # the director dies; Kamailio keeps the suspended call
    director(plan, k, store, events=list(store.events))  # restarted: today's events + registrations
    phone.run(SendMessage(f"sip:acd@{k.host}", "ready"))
    incoming = events.incoming(timeout=10)
    assert incoming.caller_number == "13800000001"
    phone.run(Answer(incoming.call_id))
    caller.wait_call(call, "CONFIRMED", timeout=5)


def test_max_wait_overflows_and_the_announcer_tells_the_caller(center, director, lab, tmp_path):
    from telephony.center.announcer import Announcer
    from telephony.lab.audio import rms_dbfs

    plan = _plan()
    announcer = Announcer(resources_dir() / "prompts", voicemail_dir=tmp_path / "voicemail", max_seconds=60)
    try:
        # the lab's callers come in as the carrier's gateway would: a trusted peer, so their
        # numbers are verified and can be promised a callback
        k = center(queues=kamailio_queues(plan), trusted=["127.0.0.1"])
        store = ListStore()
        director(plan, k, store, announcer=announcer.address)
        lab.start("expert-zjj", users=["1002"], register=k.host, passwords=AGENTS["1002"], tone_hz=2270,
                  answer="busy")  # the only agent is busy: nobody can take the call
        caller = lab.start("caller-2", users=["13800000002"], tone_hz=620)
        call = caller.call(f"sip:12345@{k.host}")
        _wait(lambda: "overflowed" in store.kinds(), 15, "the overflow")
        [overflow] = [e for e in store.events if e.kind == "overflowed"]
        assert overflow.data["kind"] == "callback" and overflow.data["why"] == "max-wait"
        caller.wait_call(call, "CONFIRMED", timeout=5)  # the announcer answers and speaks
        info = caller.wait_call(call, "DISCONNECTED", timeout=30)  # ... and hangs up after the prompt
        assert info["code"] in (200, 0)
        [heard] = caller.recordings(timeout=5)
        assert rms_dbfs(heard, start_s=1.0, end_s=10.0) > -40  # speech, not silence
    finally:
        announcer.stop()


def test_three_way_with_110_through_the_center_then_the_agent_drops_out(center, director, lab, phone_factory):
    """Ordos 第十八条(一), Hohhot 第十二条, with the call arriving through the queue and 110 reached
    through the center's static route (the trunk)."""
    from telephony.lab.audio import FREQUENCY_PLAN
    from telephony.softphone import Conference, Dial, DropOut
    from tests.telephony.softphone.support import energies

    plan = _plan()
    police = lab.start("110", users=["110"], tone_hz=FREQUENCY_PLAN["110"])
    k = center(queues=kamailio_queues(plan), static={"110": police.uri()})
    store = ListStore()
    director(plan, k, store)
    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=AGENTS["1001"])
    _registered(events, "1001")
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=FREQUENCY_PLAN["caller-1"])
    caller.call(f"sip:12345@{k.host}")
    incoming = events.incoming(timeout=10)
    phone.run(Answer(incoming.call_id))
    events.call_state(incoming.call_id, "confirmed")
    leg110 = phone.run(Dial("110", consult=True))  # a number: through the center to the 110 trunk
    events.call_state(leg110, "confirmed")
    phone.run(Conference((incoming.call_id, leg110)))
    time.sleep(1.5)
    phone.run(DropOut(incoming.call_id, leg110))
    assert events.call_state(incoming.call_id, "disconnected").transfer == "succeeded"
    police.wait_for(lambda st: any(c["state"] == "CONFIRMED" and "13800000001" in (c["remote_uri"] or "")
                                   for c in st["calls"]), 10, "the caller replacing the agent")
    time.sleep(1.5)
    caller.hangup()
    police.recordings(timeout=10)
    last = [c for c in police.status()["calls"] if "13800000001" in (c.get("remote_uri") or "")][-1]
    assert energies(last["recording"], ["caller-1"], start_s=0.3)["caller-1"] > 0.5
    # the CDR: 110 brought into the queue call (the agent's INVITE to 110 through the center), then
    # the agent's REFER handing the caller over
    _wait(lambda: "transferred" in store.kinds(), 10, "the transfer record")
    [conf] = [e for e in store.events if e.kind == "conferenced"]
    assert (conf.agent, conf.data["target"]) == ("1001", "110")
    [moved] = [e for e in store.events if e.kind == "transferred"]
    assert moved.call == conf.call and "110" in moved.data["target"]


def test_records_reach_the_central_postgresql_and_the_board(center, director, lab, phone_factory, pg_url):
    from storage.uow import UnitOfWork
    from telephony.center.store import open_store

    plan = _plan()
    k = center(queues=kamailio_queues(plan))
    store = open_store(pg_url)
    director(plan, k, store)
    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=AGENTS["1001"], auto_answer=True)
    _registered(events, "1001")
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=530)
    call = caller.call(f"sip:2112345@{k.host}")  # 江北区's district number
    caller.wait_call(call, "CONFIRMED", timeout=10)
    time.sleep(1.0)
    caller.hangup(call)

    def cdr():
        with UnitOfWork(store.engine, origin="test", role="center") as uow:
            return [d for d in uow.center.today(time_now()) if d.ended_at is not None]

    _wait(lambda: cdr(), 10, "the CDR row")
    [row] = cdr()
    assert row.agent == "1001" and row.queue == "general" and row.caller == "13800000001"
    assert row.wait_s is not None and row.talk_s is not None and row.talk_s >= 0.9
    with UnitOfWork(store.engine, origin="test", role="center") as uow:
        general = next(f for f in uow.center.board(time_now(), plan=plan) if f.queue == "general")
    assert general.answered == 1 and general.answer_rate == 1.0


def test_the_director_says_so_when_kamailio_goes_away(center, director):
    """The evapi link closing is an error the runner reports (``hotline center run`` exits 1 on it),
    not a silent stop; ``stop()`` after it is harmless."""
    plan = _plan()
    k = center(queues=kamailio_queues(plan))
    runner = director(plan, k, ListStore())
    assert runner.error == ""
    k.stop()
    _wait(lambda: runner.error != "", 10, "the runner's error")
    assert "closed the evapi link" in runner.error
    runner.stop()


def test_the_desk_is_told_the_state_the_director_applied_within_a_second(center, director, phone_factory):
    """The phone bar shows the applied state, not the asked one: the director answers every state
    change with a MESSAGE to the agent's phone (a 202 only means Kamailio relayed the request)."""
    from telephony.softphone.model import MessageWasReceived

    plan = _plan(login_state="not-ready")
    k = center(queues=kamailio_queues(plan))
    director(plan, k, ListStore())
    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=AGENTS["1001"])
    _registered(events, "1001")
    told = events.wait(lambda e: isinstance(e, MessageWasReceived), 5, "the login state told")
    assert told.body.split("|")[:2] == ["state", "not-ready"] and "acd@" in told.from_uri
    for ask, expected in (("ready", ["state", "ready", ""]), ("not-ready:培训", ["state", "not-ready", "培训"])):
        asked = time.monotonic()
        phone.run(SendMessage(f"sip:acd@{k.host}", ask))
        got = events.wait(lambda e, x=expected: isinstance(e, MessageWasReceived) and e.body.split("|")[:3] == x,
                          5, f"told {expected}")
        assert got is not None and time.monotonic() - asked < 1.0
