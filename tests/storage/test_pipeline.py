"""storage.pipeline on the real PostgreSQL: pipelined writes store exactly what waited-for writes store,
and a statement that fails in the pipeline takes the whole transaction with it."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from hotline.workcalendar import default_calendar
from storage import projection
from storage.bulk import prepare_rows
from storage.calendar import CalendarRepository, seed_if_empty
from storage.codec import dumps, to_plain
from storage.db import engine_for, upgrade
from storage.pipeline import WritePipeline
from storage.rules import LifecycleRules
from storage.sync import push
from storage.tables import AssignmentRow, ChangeRow, EventRow, TicketCallRow, TicketRow
from tests.conftest import fresh_pg_database
from tests.storage.factories import classified, created, dispatched, later, signed
from tests.storage.sync_helpers import count, desk
from tests.storage.test_sync import _write

pytestmark = pytest.mark.postgres

CHANGES = ChangeRow.__table__
AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _center(url: str):
    engine = engine_for(url)
    upgrade(engine)
    seed_if_empty(engine)
    return engine


@pytest.fixture
def two_centers():
    """Two scratch databases on the real server, migrated, with the work calendar."""
    with fresh_pg_database("pipe_a") as a, fresh_pg_database("pipe_b") as b:
        engines = [_center(a), _center(b)]
        yield engines
        for e in engines:
            e.dispose()


def _ingest(engine, events, *, pipelined: bool) -> dict:
    with Session(engine) as session, session.begin():
        calendar = CalendarRepository(session).load()
        with WritePipeline(session, enabled=pipelined) as writes:
            return projection.ingest(session, LifecycleRules(), calendar, events, writes)


def _state(engine) -> dict:
    with Session(engine) as session:
        return {
            "tickets": {r.id: r.view for r in session.execute(select(TicketRow.id, TicketRow.view))},
            "verdicts": sorted(session.execute(select(EventRow.id, EventRow.status, EventRow.reason)).all()),
            "assignments": sorted(session.execute(
                select(AssignmentRow.ticket_id, AssignmentRow.position, AssignmentRow.unit_id,
                       AssignmentRow.status, AssignmentRow.sign_due, AssignmentRow.finish_due)).all()),
            "calls": sorted(session.execute(select(TicketCallRow.ticket_id, TicketCallRow.call_id)).all()),
        }


def test_pipelined_ingest_stores_what_waited_ingest_stores(two_centers, monkeypatch):
    monkeypatch.setattr(projection, "PART", 3)  # many parts in flight at once
    first = [created(f"1380000{i:04d}", later(i)) for i in range(10)]
    ids = [e.ticket_id for e in first]
    # already held: every CREATED, a signing that came before its dispatch (pending), a dispatch
    held = [*first, signed(ids[0], "unit-a", later(300)), dispatched(ids[1], "unit-b", later(60))]
    arriving = [
        dispatched(ids[0], "unit-a", later(120)),  # the held signing's verdict changes
        classified(ids[1], later(90)),  # a ticket projected before: its assignment rows are replaced
        *(dispatched(t, "unit-c", later(200 + n)) for n, t in enumerate(ids[2:])),
        *(dataclasses.replace(e, data={**e.data, "call_id": f"call-{n}"})  # new tickets, with call links
          for n, e in enumerate(created(f"1390000{i:04d}", later(400 + i)) for i in range(8))),
        signed("no-such-ticket", "unit-a", later(500)),  # no CREATED yet: no projection
    ]
    results = []
    for engine, pipelined in zip(two_centers, (True, False), strict=True):
        _ingest(engine, held, pipelined=False)
        before = _state(engine)
        changed = _ingest(engine, arriving, pipelined=pipelined)
        results.append((changed, _state(engine)))
        assert results[-1][1] != before
    (changed_p, state_p), (changed_w, state_w) = results
    assert changed_p == changed_w and changed_p["no-such-ticket"] is None
    assert state_p == state_w
    assert ("accepted", "") == next((s, r) for i, s, r in state_p["verdicts"] if i == held[-2].id)
    assert len(state_p["calls"]) == 8 and len(state_p["tickets"]) == 18


def test_pushes_pipelined_and_waited_leave_the_same_center(tmp_path, two_centers, monkeypatch):
    monkeypatch.setattr(projection, "PART", 4)
    stores = []
    for n, (engine, overlap) in enumerate(zip(two_centers, (True, False), strict=True)):
        a = desk(tmp_path, f"a{n}")
        tickets = [created(f"1370000{i:04d}", later(i), ticket_id=f"t-{i:03d}") for i in range(30)]
        _write(a, *tickets)
        _write(a, *(dispatched(t.ticket_id, "unit-a", later(60 + i)) for i, t in enumerate(tickets[::2])))
        assert push(a, engine, batch=11, overlap=overlap) == 45
        with engine.connect() as conn:
            rows = conn.execute(select(CHANGES.c.entity, CHANGES.c.payload).order_by(CHANGES.c.seq))
            log = [(r.entity, r.payload["ticket_id"], r.payload["kind"]) for r in rows]  # event ids: per desk
        state = _state(engine)
        state["verdicts"] = [(s, r) for _, s, r in state["verdicts"]]  # event ids are new per desk
        state["tickets"] = {k: {f: v for f, v in view.items() if f not in ("accepted", "rejected", "calls")}
                            for k, view in state["tickets"].items()}
        stores.append((log, state, count(engine, EventRow)))
        a.dispose()
    assert stores[0] == stores[1] and stores[0][2] == 45


def test_a_failing_statement_in_the_pipeline_rolls_the_transaction_back(two_centers):
    engine = two_centers[0]
    row = {"change_id": "c-1", "entity": "event", "entity_id": "t", "payload": {"n": 1}, "origin": "x", "applied_at": AT}
    with pytest.raises(psycopg.errors.UniqueViolation):
        with Session(engine) as session, session.begin():
            with WritePipeline(session) as writes:
                assert writes.enabled
                dialect = session.get_bind().dialect
                writes.send(prepare_rows(dialect, CHANGES, [row]))
                writes.send(prepare_rows(dialect, CHANGES, [row]))  # the same key again: refused
    assert count(engine, ChangeRow) == 0


def test_a_check_that_fails_at_drain_rolls_the_transaction_back(two_centers):
    engine = two_centers[0]
    seen: list[int] = []

    def refuse(n: int) -> None:
        seen.append(n)
        raise RuntimeError("count")

    row = {"change_id": "c-2", "entity": "event", "entity_id": "t", "payload": {}, "origin": "x", "applied_at": AT}
    with pytest.raises(RuntimeError, match="count"):
        with Session(engine) as session, session.begin():
            with WritePipeline(session) as writes:
                writes.send(prepare_rows(session.get_bind().dialect, CHANGES, [row]), refuse)
                assert seen == []  # not yet: the result is read at the drain
    assert seen == [1] and count(engine, ChangeRow) == 0


def test_an_error_in_the_caller_leaves_pipeline_mode_and_rolls_back(two_centers):
    engine = two_centers[0]
    row = {"change_id": "c-3", "entity": "event", "entity_id": "t", "payload": {}, "origin": "x", "applied_at": AT}
    with pytest.raises(ZeroDivisionError):
        with Session(engine) as session, session.begin():
            with WritePipeline(session) as writes:
                writes.send(prepare_rows(session.get_bind().dialect, CHANGES, [row]))
                _ = 1 / 0
    assert count(engine, ChangeRow) == 0
    with Session(engine) as session:  # the pooled connection is usable again
        assert session.execute(text("SELECT 1")).scalar() == 1


def test_the_one_pass_json_equals_the_plain_copy():
    ticket = created("13800009999", later(0))
    events = [ticket, dispatched(ticket.ticket_id, "unit-a", later(30)), signed(ticket.ticket_id, "unit-a", later(5))]
    view = LifecycleRules().fold(events, "hohhot", default_calendar())
    assert view.rejected  # the early signing: a nested dataclass with its reason
    assert json.loads(dumps(view)) == to_plain(view)
    odd = {1: "non-text key", "set": frozenset({3})}  # orjson refuses int keys: the plain path
    assert json.loads(dumps(odd)) == {"1": "non-text key", "set": [3]}


def test_ticket_views_are_compressed_with_lz4_on_postgresql(two_centers):
    """Migration 0014: the view documents (over the TOAST threshold) compress with lz4, not pglz."""
    with two_centers[0].connect() as conn:
        method = conn.execute(text(
            "SELECT attcompression FROM pg_attribute WHERE attrelid = 'tickets'::regclass AND attname = 'view'"
        )).scalar()
    assert method == "l"
