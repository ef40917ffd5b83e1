"""Push and pull between SQLite workstations and a central database (SQLite file and real PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage import sync
from storage.demo import demo_units, load_units
from storage.sync import SyncError, pull, push, sync_once, sync_status
from storage.tables import ChangeRow, EventRow, OutboxRow, TicketRow, UnitRow
from storage.uow import UnitOfWork
from tests.storage.factories import BASE, classified, created, dispatched, later, signed
from tests.storage.sync_helpers import central, count, desk, event_ids, verdicts, views


def _write(engine, *events, origin="desk-a"):
    with UnitOfWork(engine, origin=origin) as uow:
        for e in events:
            uow.tickets.add(e)
        uow.commit()


@pytest.fixture
def center(db_url):
    eng = central(db_url)
    yield eng
    eng.dispose()


def test_push_then_pull_carries_events_and_units_once(tmp_path, center):
    a, b = desk(tmp_path, "a"), desk(tmp_path, "b")
    load_units(a)
    tickets = [created(f"1390000000{i}", BASE + timedelta(hours=i)) for i in range(3)]
    _write(a, *tickets)
    _write(a, dispatched(tickets[0].ticket_id, "unit-a", later(10)))
    pending = sync_status(a).pending
    assert pending == len(demo_units()) + 4

    assert push(a, center, batch=7) == pending
    assert count(a, OutboxRow) == 0
    assert count(center, EventRow) == 4 and count(center, ChangeRow) == pending
    assert count(center, UnitRow) == len(demo_units())
    assert views(center) == views(a)

    assert pull(b, center, batch=5) == pending
    assert views(b) == views(a)
    assert count(b, OutboxRow) == 0  # what is pulled is not pushed back
    assert count(b, UnitRow) == len(demo_units())
    assert pull(b, center) == 0
    assert push(a, center) == 0

    assert pull(a, center) == pending  # its own changes come back and change nothing
    assert count(a, EventRow) == 4 and count(a, OutboxRow) == 0
    status = sync_status(b)
    assert status.ok and status.pending == 0 and status.last_pull_at is not None
    assert status.last_seq == pending or status.last_seq >= pending
    for eng in (a, b):
        eng.dispose()


def test_crash_between_central_commit_and_local_delete_applies_nothing_twice(tmp_path, center, monkeypatch):
    a = desk(tmp_path, "a")
    _write(a, *[created(f"1380000000{i}") for i in range(5)])
    real = sync._forget_pushed
    monkeypatch.setattr(sync, "_forget_pushed", lambda *args: (_ for _ in ()).throw(OSError("power cut")))
    with pytest.raises(SyncError, match="power cut"):
        push(a, center, batch=3)
    assert count(a, OutboxRow) == 5  # nothing deleted locally
    assert count(center, ChangeRow) == 3 and count(center, EventRow) == 3  # the first batch committed
    assert "power cut" in sync_status(a).last_error

    monkeypatch.setattr(sync, "_forget_pushed", real)
    assert push(a, center, batch=3) == 5
    assert count(a, OutboxRow) == 0
    assert count(center, ChangeRow) == 5 and count(center, EventRow) == 5
    assert sorted(event_ids(center)) == sorted(event_ids(a))
    assert sync_status(a).ok
    a.dispose()


def test_failed_push_changes_nothing_and_says_why(tmp_path):
    a = desk(tmp_path, "a")
    _write(a, created())
    from storage.db import engine_for

    gone = engine_for("postgresql://postgres@127.0.0.1:1/central")
    with pytest.raises(SyncError, match="push failed"):
        push(a, gone)
    with pytest.raises(SyncError, match="pull failed"):
        pull(a, gone)
    status = sync_status(a)
    assert status.pending == 1 and not status.ok
    assert "pull failed" in status.last_error and "本地工作中" in status.describe()
    assert sync_once(a, gone).pending == 1
    gone.dispose()
    a.dispose()


def test_two_offline_workstations_on_one_ticket_converge(tmp_path, center):
    a, b = desk(tmp_path, "a"), desk(tmp_path, "b")
    c = created("13611112222", origin="desk-a")
    _write(a, c)
    push(a, center)
    pull(b, center)
    # both offline now: A dispatches, B reclassifies and (wrongly) also dispatches, a unit signs on A
    _write(a, dispatched(c.ticket_id, "unit-a", later(10), origin="desk-a"))
    _write(a, signed(c.ticket_id, "unit-a", later(40), origin="desk-a"))
    _write(b, classified(c.ticket_id, later(5), origin="desk-b"), origin="desk-b")
    _write(b, dispatched(c.ticket_id, "unit-b", later(20), origin="desk-b"), origin="desk-b")
    assert views(a)[c.ticket_id] != views(b)[c.ticket_id]

    push(a, center)
    push(b, center)
    pull(a, center)
    pull(b, center)
    va, vb, vc = views(a)[c.ticket_id], views(b)[c.ticket_id], views(center)[c.ticket_id]
    assert va == vb == vc
    assert len(va.accepted) + len(va.rejected) == 5
    assert verdicts(a, c.ticket_id) == verdicts(b, c.ticket_id) == verdicts(center, c.ticket_id)
    assert count(a, EventRow) == count(b, EventRow) == count(center, EventRow) == 5
    assert count(a, TicketRow) == count(b, TicketRow) == 1
    for eng in (a, b):
        eng.dispose()
