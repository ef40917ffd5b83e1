"""The director's records through a central PostgreSQL outage: spooled, retried, each stored once.

The central database is a real PostgreSQL reached through a loopback TCP proxy the test cuts
(tests/storage/tcp_proxy.py); the calls are real (Kamailio, a pjsua2 caller). With no agent logged
in, the night rule tells each caller a callback is reserved (预约回拨): those reservations must
become tickets once the database returns, across a director restart in the middle of the outage.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import text

from hotline.acd.plan import CenterPlan, parse_plan
from hotline.paths import resources_dir
from telephony.center.director_main import _records
from telephony.center.runner import DirectorRunner, kamailio_queues
from telephony.center.store import open_store
from tests.storage.tcp_proxy import TcpProxy


def _plan() -> CenterPlan:
    import tomllib

    doc = tomllib.loads((resources_dir() / "center" / "plan.toml").read_text(encoding="utf-8"))
    doc["agents"] = {"1001": {"skills": sorted({q["skill"] for q in doc["queues"]})}}
    return parse_plan(doc, "test-plan")


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class SpoolWitness:
    """Wraps the director's evapi link: at each command that ends a call's wait (reject/overflow),
    notes what the spool file holds at that instant."""

    def __init__(self, link, spool_file) -> None:
        self.link, self.spool_file = link, spool_file
        self.seen: list[tuple[str, str]] = []

    def send(self, command: str) -> None:
        if command.startswith(("reject,", "overflow,")):
            self.seen.append((command, self.spool_file.read_text(encoding="utf-8")))
        self.link.send(command)

    def __getattr__(self, name):
        return getattr(self.link, name)


def _start(plan, store, k, spool_dir):
    writer, events = _records(store, spool_dir, rebuild=True)  # what director_main --rebuild does
    produced: list = []
    put = writer.put

    def recording(batch, durable=False):
        produced.extend(batch)
        put(batch, durable)

    writer.put = recording
    runner = DirectorRunner(plan, store, k, events=events, records=writer)
    runner.start()
    witness = SpoolWitness(runner.service.link, spool_dir / "records.jsonl")
    runner.service.link = witness
    return runner, writer, witness, produced


def _overflowed_callback(lab, k, user: str, produced) -> str:
    caller = lab.start(f"caller-{user[-1]}", users=[user], tone_hz=530)
    call = caller.call(f"sip:12345@{k.host}")
    _wait(lambda: any(e.kind == "overflowed" and e.caller == user for e in produced), 10, f"{user} overflowed")
    [event] = [e for e in produced if e.kind == "overflowed" and e.caller == user]
    assert event.data["kind"] == "callback"
    caller.wait_call(call, "DISCONNECTED", timeout=10)  # no announcer here: told by a 480, then gone
    return event.id


def test_callback_reservations_survive_a_database_outage_and_a_director_restart(center, lab, pg_url, tmp_path):
    parts = urlsplit(pg_url)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5432).start()
    url = urlunsplit(parts._replace(netloc=f"{parts.username}@127.0.0.1:{proxy.port}"))
    store = open_store(url)
    plan = _plan()
    k = center(queues=kamailio_queues(plan), trusted=["127.0.0.1"])  # callers as from the carrier: verified
    spool_dir = tmp_path / "spool"
    runner, writer, witness, produced = _start(plan, store, k, spool_dir)
    second = None
    try:
        proxy.cut()  # the database is gone before any caller arrives
        first_id = _overflowed_callback(lab, k, "13800000001", produced)
        # the promise was on disk when the command that ends the caller's wait went out
        assert witness.seen and first_id in witness.seen[0][1]
        _wait(lambda: writer.failures >= 1, 10, "a failed write")
        runner.stop()  # the director dies during the outage; its records stay in the spool
        second, writer2, witness2, produced2 = _start(plan, store, k, spool_dir)
        second_id = _overflowed_callback(lab, k, "13800000002", produced2)
        assert witness2.seen and second_id in witness2.seen[0][1]
        assert {first_id, second_id} <= {e.id for e in writer2.pending()}
        proxy.restore()
        _wait(lambda: not writer2.pending(), 30, "the spool replayed into the database")
        runner.stop()
        second.stop()
        everything = {e.id: e for e in produced + produced2}
        with store.engine.connect() as db:
            stored = dict(db.execute(text("SELECT id, kind FROM queue_events")).all())
            tickets = db.execute(text("SELECT call_id, ticket_id FROM calls WHERE overflow_kind = 'callback'")).all()
            ticket_count = db.execute(text("SELECT count(*) FROM tickets")).scalar_one()
        assert set(stored) == set(everything)  # every record, none invented
        assert len(tickets) == 2 and all(t.ticket_id for t in tickets) and ticket_count == 2
        # a replay of what is stored already (an acknowledgement lost after the commit) changes nothing
        store.append(sorted(everything.values(), key=lambda e: (e.at, e.id)))
        with store.engine.connect() as db:
            assert db.execute(text("SELECT count(*) FROM queue_events")).scalar_one() == len(everything)
            assert db.execute(text("SELECT count(*) FROM tickets")).scalar_one() == 2
    finally:
        runner.stop()
        if second is not None:
            second.stop()
        store.engine.dispose()
        proxy.cut()
