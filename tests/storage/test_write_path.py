"""The fast write path and the shared calendar, on SQLite and PostgreSQL.

``add`` returns the view it folded without reading it back: it must equal what ``get`` reads. The
calendar is cached across units of work per engine: a year added in another unit of work (or by
the center) must be seen by the next one, and a year added then rolled back must not.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select

from storage.calendar import CalendarRepository
from storage.sync import push
from storage.tables import EventRow, OutboxRow
from storage.uow import UnitOfWork
from tests.storage.factories import BASE, classified, created, dispatched, later, signed
from tests.storage.sync_helpers import central, count, desk


def _statuses(engine, ticket_id):
    with engine.connect() as conn:
        rows = conn.execute(select(EventRow.id, EventRow.status).where(EventRow.ticket_id == ticket_id))
        return dict(rows.all())


def test_add_returns_what_get_reads_in_order_and_out_of_order(engine):
    c = created()
    with UnitOfWork(engine, origin="desk-01") as uow:
        first = uow.tickets.add([c, dispatched(c.ticket_id, "unit-a", later(10))])
        assert first == uow.tickets.get(c.ticket_id)
        uow.commit()
    with UnitOfWork(engine, origin="desk-01") as uow:
        signed_view = uow.tickets.add(signed(c.ticket_id, "unit-a", later(30)))
        assert signed_view == uow.tickets.get(c.ticket_id)
        uow.commit()
    assert set(_statuses(engine, c.ticket_id).values()) == {"accepted"}
    other = created("13900000002")
    with UnitOfWork(engine) as uow:
        uow.tickets.add(other)
        # stamped before what is stored (a desk clock behind): judged on fresh folds, refused in the fold
        late = uow.tickets.add(classified(other.ticket_id, BASE - timedelta(minutes=1)))
        assert late == uow.tickets.get(other.ticket_id)
        uow.commit()
    assert _statuses(engine, other.ticket_id)[late.rejected[0].event_id] == "rejected"
    assert count(engine, OutboxRow) == 5


def test_an_event_id_held_under_another_ticket_is_not_stored_again(engine):
    c, other = created(), created("13900000002")
    d = dispatched(c.ticket_id, "unit-a", later(10))
    with UnitOfWork(engine) as uow:
        uow.tickets.add([c, d])
        uow.tickets.add(other)
        uow.commit()
    clash = replace(dispatched(other.ticket_id, "unit-b", later(12)), id=d.id)
    with UnitOfWork(engine) as uow:
        view = uow.tickets.add(clash)
        assert view == uow.tickets.get(other.ticket_id)
        uow.commit()
    assert count(engine, EventRow) == 3 and view.state.value == "intake" and not view.assignments


def test_ingest_sets_verdicts_and_skips_held_events(engine):
    c = created()
    bad = signed(c.ticket_id, "unit-a", later(3))  # before any dispatch: refused by the fold
    d = dispatched(c.ticket_id, "unit-a", later(5))
    with UnitOfWork(engine) as uow:
        assert uow.tickets.ingest([d]) == {c.ticket_id}  # no CREATED yet: stored, pending
        uow.commit()
    assert _statuses(engine, c.ticket_id) == {d.id: "pending"}
    with UnitOfWork(engine) as uow:
        assert uow.tickets.ingest([c, bad, d, c]) == {c.ticket_id}
        assert uow.tickets.ingest([c, d]) == set()
        view = uow.tickets.get(c.ticket_id)
        uow.commit()
    assert _statuses(engine, c.ticket_id) == {c.id: "accepted", d.id: "accepted", bad.id: "rejected"}
    assert [r.event_id for r in view.rejected] == [bad.id]


def test_a_year_added_in_another_unit_of_work_is_seen_by_the_next(engine):
    with UnitOfWork(engine) as uow:
        assert not uow.calendar.load().covers(2040)
    with UnitOfWork(engine) as uow:  # added, then rolled back: never seen
        uow.calendar.add_year(2040, {date(2040, 1, 2): (False, "试运行")})
        assert not uow.calendar.load().is_workday(date(2040, 1, 2))
    with UnitOfWork(engine) as uow:  # still provisional: Mon 01-02 works (元旦 fell on Sunday, no 补休)
        cal = uow.calendar.load()
        assert not cal.covers(2040) and cal.is_workday(date(2040, 1, 2)) and cal.is_provisional(2040)
    with UnitOfWork(engine) as uow:
        uow.calendar.add_year(2040, {date(2040, 1, 2): (False, "元旦补休")})  # a Monday off
        uow.commit()
    with UnitOfWork(engine) as uow:
        cal = uow.calendar.load()
        assert cal.covers(2040) and not cal.is_workday(date(2040, 1, 2)) and cal.is_workday(date(2040, 1, 3))
    with UnitOfWork(engine) as uow:  # the year replaced: the next unit of work sees the new days
        uow.calendar.add_year(2040, {date(2040, 1, 3): (False, "补休")})
        uow.commit()
    with UnitOfWork(engine) as uow:
        cal = uow.calendar.load()
        assert cal.is_workday(date(2040, 1, 2)) and not cal.is_workday(date(2040, 1, 3))


def test_the_calendar_is_shared_but_a_new_year_reaches_a_running_desk(engine):
    """A dispatch due in a year the calendar lacks is provisional until the year is added elsewhere."""
    with UnitOfWork(engine) as uow:  # warms the copy shared by this engine's units of work
        missing = max(uow.calendar.load().years) + 1
    start = BASE.replace(year=missing - 1, month=12, day=29)
    c = created(at=start)
    d = dispatched(c.ticket_id, "unit-a", start + timedelta(days=1))
    with UnitOfWork(engine) as uow:  # not committed
        view = uow.tickets.add([c, d])
        assert "finish:unit-a" in view.provisional and view.assignments[0].finish_due.year == missing
    with UnitOfWork(engine) as other:
        CalendarRepository(other.session).add_year(missing, {})
        other.commit()
    with UnitOfWork(engine) as uow:
        view = uow.tickets.add([c, d])
        uow.commit()
    assert view.assignments[0].finish_due.year == missing and view.provisional == ()


def test_push_applies_each_change_once_when_repeated(tmp_path, db_url):
    center = central(db_url)
    a = desk(tmp_path, "a")
    tickets = [created(f"1390000{i:04d}", BASE + timedelta(minutes=i)) for i in range(30)]
    with UnitOfWork(a, origin="desk-a") as uow:
        for c in tickets:
            uow.tickets.add([c, dispatched(c.ticket_id, "unit-a", c.at + timedelta(minutes=5))])
        uow.commit()
    with a.connect() as conn:  # keep a copy of the outbox to send it all again
        saved = conn.execute(select(OutboxRow.__table__)).mappings().all()
    assert push(a, center, batch=17) == 60
    with a.begin() as conn:
        conn.execute(OutboxRow.__table__.insert(), [dict(r) for r in saved])
    assert push(a, center, batch=25) == 60
    assert count(center, EventRow) == 60 and count(center, EventRow, status="accepted") == 60
    a.dispose()
    center.dispose()
