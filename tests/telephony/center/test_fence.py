"""Kamailio's side of the fence (resources/kamailio/center.cfg): after ``lead,<epoch>`` only the link
that sent the highest epoch acts. Two hand-driven evapi clients play an old and a new leader
against the real center Kamailio and a real pjsua2 caller."""

from __future__ import annotations

from tests.telephony.center.support import EvapiDriver


def test_only_the_link_with_the_highest_epoch_acts(center, lab):
    k = center(queues={"12345": "general"})
    old, new = EvapiDriver(k.evapi_port), EvapiDriver(k.evapi_port)
    try:
        old.send("lead,4")
        old.wait("leader", epoch=4)
        new.send("lead,5")
        new.wait("leader", epoch=5)
        old.send("lead,3")  # a lower epoch does not take the lead back
        old.wait("leader", epoch=5)
        caller = lab.start("caller-1", users=["13800000001"])
        call = caller.call(f"sip:12345@{k.host}")
        queued = old.wait("queued")  # both links see every event
        new.wait("queued")
        where = f"{queued['tindex']},{queued['tlabel']}"
        old.send(f"reject,{where},486")  # the paused-then-resumed old leader acts: refused
        new.wait("fenced", epoch=5)
        assert caller.call_info(call)["state"] in ("CALLING", "EARLY")
        new.send(f"reject,{where},503")  # the leader acts
        info = caller.wait_call(call, "DISCONNECTED", timeout=10)
        assert info["code"] == 503, info  # the leader's reject, not the fenced 486
    finally:
        old.close()
        new.close()


def test_the_leaders_closed_link_frees_the_lead(center, lab):
    """A leader that died (its link closed) fences nobody: a director without a lease (one-director
    centers never send ``lead``) acts again."""
    k = center(queues={"12345": "general"})
    leader = EvapiDriver(k.evapi_port)
    leader.send("lead,1")
    leader.wait("leader", epoch=1)
    leader.close()
    plain = EvapiDriver(k.evapi_port)
    try:
        caller = lab.start("caller-1", users=["13800000001"])
        call = caller.call(f"sip:12345@{k.host}")
        queued = plain.wait("queued")
        plain.send(f"reject,{queued['tindex']},{queued['tlabel']},486")
        assert caller.wait_call(call, "DISCONNECTED", timeout=10)["code"] == 486
        assert not [e for e in plain.events if e.get("event") == "fenced"]
    finally:
        plain.close()
