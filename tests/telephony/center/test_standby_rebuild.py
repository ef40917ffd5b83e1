"""A caller the dead leader never recorded is still answered: the standby saw it queue.

The old leader here is a hand-driven evapi link that takes the lease (PostgreSQL) and dies before
recording anything; the standby (telephony.center.standby.serve, in this process) watches the
real center Kamailio, takes the lease once it runs out, rebuilds from an empty record store and
queues the caller again from what it saw; the agent 1002 (a real pjsua2 lab peer) answers."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from storage.db import engine_for, upgrade
from telephony.center.lease import Lease
from telephony.center.runner import DirectorRunner, kamailio_queues
from telephony.center.standby import serve
from tests.telephony.center.conftest import AGENTS
from tests.telephony.center.support import EvapiDriver
from tests.telephony.center.test_director import ListStore, _plan, _wait


def test_the_standby_queues_again_a_caller_the_dead_leader_never_recorded(center, lab, pg_url):
    upgrade(pg_url)
    engine = engine_for(pg_url)
    plan = _plan(max_wait_s=60)
    k = center(queues=kamailio_queues(plan))
    store = ListStore()
    lab.start("agent-1002", users=["1002"], register=k.host, passwords=AGENTS["1002"])
    old = EvapiDriver(k.evapi_port)
    dead = Lease(engine, "old", ttl_s=4.0)
    epoch = dead.acquire()
    old.send(f"lead,{epoch}")
    old.wait("leader", epoch=epoch)
    runners: list[DirectorRunner] = []

    def build(link):
        runners.append(DirectorRunner(plan, store, k, events=[]))
        return runners[-1]

    stop = threading.Event()
    lines: list[str] = []
    standby = threading.Thread(target=lambda: serve(Lease(engine, "standby"), k.evapi_port, build, stop.is_set,
                                                    lines.append), daemon=True)
    standby.start()
    try:
        _wait(lambda: "READY" in lines, 10, "the standby watching")
        caller = lab.start("caller-1", users=["13800000001"])
        call = caller.call(f"sip:12345@{k.host}")
        old.wait("queued")  # queued in Kamailio; the old leader records nothing and dies
        old.close()
        assert not runners  # the old lease still runs: the standby waits
        _wait(lambda: any(line.startswith("LEADING") for line in lines), 10, "the standby leading")
        caller.wait_call(call, "CONFIRMED", timeout=15)
        _wait(lambda: "answered" in store.kinds(), 5, "the answer recorded")
        assert store.kinds().count("queued") == 1
        with engine.connect() as conn:
            assert conn.execute(text("SELECT epoch FROM director_lease")).scalar() == epoch + 1
        caller.hangup(call)
    finally:
        stop.set()
        standby.join(10)
        engine.dispose()
    assert not standby.is_alive()


def test_the_standby_applies_a_not_ready_the_dead_leader_never_recorded(center, lab, pg_url, phone_factory):
    """Agent 1001 (our softphone engine) says 示忙 while the leader is dying: the leader never records
    it, the standby saw it and applies it after taking over, so the caller goes to 1002."""
    from hotline.acd import AgentState
    from telephony.softphone import SendMessage
    from tests.telephony.center.test_director import _registered

    upgrade(pg_url)
    engine = engine_for(pg_url)
    plan = _plan(max_wait_s=60)
    k = center(queues=kamailio_queues(plan))
    store = ListStore()
    old = EvapiDriver(k.evapi_port)
    dying = Lease(engine, "old", ttl_s=1.0)
    epoch = dying.acquire()
    old.send(f"lead,{epoch}")
    alive = threading.Event()
    alive.set()

    def renew() -> None:  # the old leader renews until it dies
        while alive.is_set():
            dying.renew(epoch)
            time.sleep(0.2)

    threading.Thread(target=renew, daemon=True).start()
    runners: list[DirectorRunner] = []
    stop = threading.Event()
    lines: list[str] = []

    def build(link):
        runners.append(DirectorRunner(plan, store, k, events=[]))
        return runners[-1]

    standby = threading.Thread(target=lambda: serve(Lease(engine, "standby"), k.evapi_port, build, stop.is_set,
                                                    lines.append), daemon=True)
    standby.start()
    try:
        _wait(lambda: "READY" in lines, 10, "the standby watching")
        phone, events = phone_factory(user="1001", registrar=f"sip:{k.host}", password=AGENTS["1001"])
        _registered(events, "1001")
        lab.start("agent-1002", users=["1002"], register=k.host, passwords=AGENTS["1002"])
        phone.run(SendMessage(f"sip:acd@{k.host}", "not-ready:培训"))
        old.wait("agent", user="1001")  # relayed to every director; the old leader records nothing
        alive.clear()  # and dies
        old.close()
        _wait(lambda: any(line.startswith("LEADING") for line in lines), 10, "the standby leading")
        _wait(lambda: any(a.user == "1001" and a.state is AgentState.NOT_READY for a in runners[0].snapshot().agents),
              5, "1001 on 示忙 after the takeover")
        caller = lab.start("caller-1", users=["13800000001"])
        call = caller.call(f"sip:12345@{k.host}")
        caller.wait_call(call, "CONFIRMED", timeout=15)
        _wait(lambda: "answered" in store.kinds(), 5, "the answer recorded")
        assert [e.agent for e in store.events if e.kind == "offered"] == ["1002"]
        caller.hangup(call)
    finally:
        alive.clear()
        stop.set()
        standby.join(10)
        engine.dispose()
