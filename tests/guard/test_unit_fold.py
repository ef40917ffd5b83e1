"""The center folds the events a unit's database login inserts: accepted into the ticket's view, or rejected.

A unit's PostgreSQL login (row-level security, storage.unit_policies) adds its signing and its reply
to its ticket with raw SQL; the rows stay ``pending`` until the center's job (storage.unit_fold, run by
``hotline center run`` and ``hotline central fold-units``) judges and folds them. Real PostgreSQL.
"""

from __future__ import annotations

import json
import time

import psycopg
from sqlalchemy import create_engine

from hotline.ids import new_id
from hotline.tickets.errors import TransitionError
from storage.unit_fold import UnitFoldThread, fold_unit_events
from storage.uow import UnitOfWork
from tests.guard.conftest import cli

INSERT = ("INSERT INTO ticket_events (id, ticket_id, kind, actor, actor_unit, at, data, origin, status, reason,"
          " stored_at) VALUES (%s, %s, %s, 'cgj-li', %s, now() + %s * interval '1 second', %s, %s, 'pending', '',"
          " now())")


def _unit_writes(center, ticket_id: str, kind: str, data: dict, *, offset_s: int, log_change: bool = True) -> str:
    """As unit A's login: one event (and, as the product writes it, its change-log row)."""
    unit, role = center.unit_ids["A"], center.role_a
    event_id = new_id()
    with center.connect_as(role) as conn, conn.transaction():
        conn.execute(INSERT, (event_id, ticket_id, kind, unit, offset_s, psycopg.types.json.Jsonb(data), role))
        if log_change:
            payload = {"id": event_id, "ticket_id": ticket_id, "kind": kind, "actor": "cgj-li", "actor_unit": unit,
                       "at": "2026-12-07T00:00:00+00:00", "data": data, "origin": role}
            conn.execute("INSERT INTO changes (change_id, entity, entity_id, payload, origin, applied_at)"
                         " VALUES (%s, 'event', %s, %s, %s, now())",
                         (new_id(), event_id, psycopg.types.json.Jsonb(payload), role))
    return event_id


def _verdicts(center, ids: list[str]) -> dict[str, tuple[str, str]]:
    with center.owner() as conn:
        rows = conn.execute("SELECT id, status, reason FROM ticket_events WHERE id = ANY(%s)", (ids,)).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def _view(center, ticket_id: str):
    engine = create_engine(center.url)
    try:
        with UnitOfWork(engine, origin="center", role="center") as uow:
            return uow.tickets.get(ticket_id)
    finally:
        engine.dispose()


def test_a_units_signing_and_reply_are_folded_and_a_bad_event_rejected(center, capsys):
    a = center.tickets["A"]
    unit = center.unit_ids["A"]
    before = _view(center, a["id"])
    assert [x.status for x in before.assignments if x.unit_id == unit] == ["dispatched"]
    signed = _unit_writes(center, a["id"], "signed", {"unit_id": unit}, offset_s=1)
    replied = _unit_writes(center, a["id"], "replied", {"unit_id": unit, "text": "已派人维修，路灯恢复"}, offset_s=2,
                           log_change=False)
    # the unit tries a step only the hotline center takes (审核), and a row the domain cannot read
    reviewed = _unit_writes(center, a["id"], "reviewed", {"accepted": True, "note": ""}, offset_s=3)
    garbage = _unit_writes(center, a["id"], "hacked", {"x": 1}, offset_s=4)
    ids = [signed, replied, reviewed, garbage]
    assert {s for s, _ in _verdicts(center, ids).values()} == {"pending"}
    assert _view(center, a["id"]).state == before.state  # nothing moves until the center folds

    code, out, err = cli(capsys, "central", "fold-units", "--db", center.url, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["tickets"] == 1 and sorted(report["accepted"]) == sorted([signed, replied])
    assert set(report["rejected"]) == {reviewed, garbage} and report["logged"] == 1

    verdicts = _verdicts(center, ids)
    assert verdicts[signed] == ("accepted", "") and verdicts[replied] == ("accepted", "")
    assert verdicts[reviewed][0] == "rejected" and verdicts[reviewed][1]
    # the unreadable row left the ticket's log and the change log; the audit log keeps it whole
    assert garbage not in verdicts and report["rejected"][garbage].startswith("unreadable")
    with center.owner() as conn:
        kept = conn.execute("SELECT detail FROM audit_log WHERE action = 'unit-event-refused' AND subject_id = %s",
                            (a["id"],)).fetchall()
        assert conn.execute("SELECT count(*) FROM changes WHERE entity_id = %s", (garbage,)).fetchone()[0] == 0
    assert [(d["event_id"], d["kind"], d["data"], d["origin"]) for (d,) in kept] == [
        (garbage, "hacked", {"x": 1}, center.role_a)]
    after = _view(center, a["id"])
    mine = [x for x in after.assignments if x.unit_id == unit]
    assert [x.status for x in mine] == ["replied"] and mine[0].replied_at is not None
    assert {r.event_id for r in after.rejected} >= {reviewed}
    assert after.state != before.state
    # the reason is the lifecycle's own refusal of that step by a unit
    from hotline.policy_loader import load_profile
    from hotline.tickets import lifecycle
    from hotline.workcalendar import default_calendar

    assert [r.reason for r in after.rejected if r.event_id == reviewed] == [verdicts[reviewed][1]]
    bad = next(e for e in _events(center, a["id"]) if e.id == reviewed)
    try:
        lifecycle.apply(after, bad, load_profile(after.profile), default_calendar())
    except TransitionError as exc:
        assert str(exc) == verdicts[reviewed][1]
    else:
        raise AssertionError("the lifecycle accepted a unit's review")
    # every unit event is in the change log once (desks pull it): the reply got its row from the job
    with center.owner() as conn:
        counts = dict(conn.execute("SELECT entity_id, count(*) FROM changes WHERE entity = 'event' AND"
                                   " entity_id = ANY(%s) GROUP BY entity_id", ([signed, replied, reviewed],)).fetchall())
    assert counts == {signed: 1, replied: 1, reviewed: 1}
    # a second pass finds nothing left to judge
    engine = create_engine(center.url)
    try:
        again = fold_unit_events(engine)
    finally:
        engine.dispose()
    assert again.tickets == 0 and again.accepted == [] and again.rejected == {} and again.logged == 0


def _events(center, ticket_id: str):
    engine = create_engine(center.url)
    try:
        with UnitOfWork(engine, origin="center", role="center") as uow:
            return uow.tickets.events(ticket_id)
    finally:
        engine.dispose()


def test_the_centers_job_folds_in_the_background_and_survives_a_database_it_cannot_reach(center):
    a, unit = center.tickets["A"], center.unit_ids["A"]
    said: list[str] = []
    job = UnitFoldThread(center.url, say=said.append, every_s=0.2)
    dead = UnitFoldThread("postgresql+psycopg://postgres@127.0.0.1:1/nowhere", say=said.append, every_s=0.2)
    job.start()
    dead.start()
    try:
        signed = _unit_writes(center, a["id"], "signed", {"unit_id": unit}, offset_s=1)
        deadline = time.monotonic() + 60
        while _verdicts(center, [signed])[signed][0] == "pending" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _verdicts(center, [signed])[signed] == ("accepted", "")
        assert [x.status for x in _view(center, a["id"]).assignments if x.unit_id == unit] == ["signed"]
        while not dead.last_error and time.monotonic() < deadline:
            time.sleep(0.2)
        assert dead.is_alive() and dead.last_error.startswith("unit event fold: OperationalError")
        assert any(s.startswith("unit event fold: OperationalError") for s in said)
    finally:
        job.stop()
        dead.stop()
    assert not job.is_alive() and job.passes >= 1
