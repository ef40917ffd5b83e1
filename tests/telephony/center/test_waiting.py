"""Queued callers wait as long as the plan says, and a wait that dies is reported at once.

With the real Kamailio, the real director (DirectorRunner) and the music server: tm's default
5 s timer used to end every wait with 408 and leave a ghost on the board with music streaming.
"""

from __future__ import annotations

import time

from telephony.center.runner import kamailio_queues
from telephony.softphone import SendMessage
from tests.telephony.center.conftest import AGENTS
from tests.telephony.center.support import EvapiDriver
from tests.telephony.center.test_director import ListStore, _plan, _registered, _wait
from tests.telephony.center.test_music import music  # noqa: F401 - the music server fixture


def test_a_caller_waits_past_five_seconds_hearing_music_then_overflows_at_the_plans_max_wait(
        center, director, lab, phone_factory, music):  # noqa: F811
    plan = _plan(max_wait_s=12, login_state="not-ready")
    k = center(queues=kamailio_queues(plan), music_port=music.rtp_port)
    store = ListStore()
    run = director(plan, k, store, music=music.control())
    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=AGENTS["1001"])
    _registered(events, "1001")
    phone.run(SendMessage(f"sip:acd@{k.host}", "not-ready:会议"))
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=530)
    started = time.monotonic()
    call = caller.call(f"sip:12345@{k.host}")
    _wait(lambda: "queued" in store.kinds(), 5, "queued")
    _wait(lambda: music.streams() == 1, 5, "the music playing")
    time.sleep(max(0.0, started + 8.0 - time.monotonic()))
    info = caller.call_info(call)
    assert info is not None and info["state"] != "DISCONNECTED", info  # no 408 at 5 s
    assert music.streams() == 1
    queued = [e.call for e in store.events if e.kind == "queued"]
    assert list(run.service.director.calls) == queued  # still waiting, still counted
    _wait(lambda: "overflowed" in store.kinds(), 10, "the overflow at the plan's maximum wait")
    [overflow] = [e for e in store.events if e.kind == "overflowed"]
    assert overflow.data["why"] == "max-wait" and 11.5 <= overflow.data["wait_s"] <= 14
    # no announcer here: the caller is told 480 and the music stops
    done = caller.wait_call(call, "DISCONNECTED", timeout=5)
    assert done["code"] == 480
    _wait(lambda: music.streams() == 0, 3, "the music stopped")


def test_a_wait_whose_transaction_dies_is_reported_to_the_director(center, lab):
    k = center(queue_ms=3000)  # the center's own limit on a wait, shortened
    director = EvapiDriver(k.evapi_port)
    try:
        caller = lab.start("caller-1", users=["13800000001"], tone_hz=530)
        call = caller.call(f"sip:12345@{k.host}")
        queued = director.wait("queued")
        left = director.wait("left", timeout=10, callid=queued["callid"])
        assert left["why"] == "timeout" and left["code"] == 408
        assert caller.wait_call(call, "DISCONNECTED", timeout=5)["code"] == 408
        # a command that arrives for the dead transaction is answered "gone", never lost silently
        director.send(f"route,{queued['tindex']},{queued['tlabel']},1001,5000")
        gone = director.wait("gone", timeout=5)
        assert (gone["tindex"], gone["tlabel"]) == (queued["tindex"], queued["tlabel"])
    finally:
        director.close()


def test_the_real_director_drops_a_dead_wait_from_the_board_and_stops_its_music(
        center, director, lab, phone_factory, music):  # noqa: F811
    plan = _plan(max_wait_s=60, login_state="not-ready")
    k = center(queues=kamailio_queues(plan), music_port=music.rtp_port, queue_ms=3000)
    store = ListStore()
    run = director(plan, k, store, music=music.control())
    phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=AGENTS["1001"])
    _registered(events, "1001")  # logged in, not ready: the caller waits
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=530)
    caller.call(f"sip:12345@{k.host}")
    _wait(lambda: music.streams() == 1, 5, "the music playing")
    _wait(lambda: "abandoned" in store.kinds(), 8, "the dead wait recorded")
    [gone] = [e for e in store.events if e.kind == "abandoned"]
    assert gone.data["why"] == "timeout"
    assert run.service.director.calls == {}  # no ghost on the board
    _wait(lambda: music.streams() == 0, 3, "the music stopped")
