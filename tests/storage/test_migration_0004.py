"""Migration 0004 on both databases: tickets stored at 0003 with numbers in every form come out canonical.

The rows at 0003 are what the 0003 code wrote: the fold's projection with the number as typed (no
raw column, no call columns) and the CREATED events, one of them made during a call.
"""

from __future__ import annotations

from datetime import timedelta

from alembic import command
from sqlalchemy import column, inspect, select, table

from hotline.tickets.events import Event
from storage.codec import to_plain
from storage.db import alembic_config, engine_for, head_revision, upgrade
from storage.projection import event_rows
from storage.projection_rows import projection
from storage.rules import LifecycleRules
from storage.tables import EventRow, TicketCallRow, TicketRow
from storage.uow import UnitOfWork
from tests.storage.factories import BASE, created

# (as typed at 0003, canonical after 0004)
STORED = [
    ("+8613700000001", "13700000001"),
    ("008613700000001", "13700000001"),
    ("013700000001", "13700000001"),
    ("137 0000 0002", "13700000002"),
    ("0471-1234567", "4711234567"),
    ("12345", "12345"),
    ("13900000009", "13900000009"),
    ("不详", "不详"),  # does not parse: kept as it was
    ("12", "12"),
]
NEW_COLUMNS = ("caller_phone_raw", "call_id", "interaction_id")


#: ``tickets`` as 0003 has it, for writing rows the way the 0003 code did
OLD_TICKETS = table("tickets", *[column(c.name, c.type) for c in TicketRow.__table__.columns
                                 if c.name not in NEW_COLUMNS])


def _row_at_0003(event: Event) -> dict:
    rules = LifecycleRules()
    from hotline.workcalendar import default_calendar

    view = rules.fold([event], event.data["profile"], default_calendar())
    typed = event.data["caller_phone"]
    row = {k: v for k, v in projection(view).items() if k not in NEW_COLUMNS}
    plain = {k: v for k, v in to_plain(view).items() if k not in ("caller_phone_raw", "call_id", "interaction_id", "calls")}
    return {**row, "caller_phone": typed, "view": {**plain, "caller_phone": typed}}


def test_0004_normalizes_stored_numbers_keeps_the_raw_and_fills_the_call(db_url):
    engine = engine_for(db_url)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0003")
        events = [created(typed, BASE + timedelta(minutes=i)) for i, (typed, _) in enumerate(STORED)]
        for_call = events[0]
        events[0] = Event(**{**for_call.__dict__, "data": {**for_call.data, "call_id": "a84b4c76e66710@pbx",
                                                            "interaction_id": "0193-rec-1"}})
        with engine.begin() as conn:
            conn.execute(OLD_TICKETS.insert(), [_row_at_0003(e) for e in events])
            conn.execute(EventRow.__table__.insert(),
                         [{**r, "status": "accepted"} for r in event_rows(events)])
        assert "caller_phone_raw" not in {c["name"] for c in inspect(engine).get_columns("tickets")}

        assert upgrade(engine) == head_revision()
        with engine.connect() as conn:
            rows = {r.id: r for r in conn.execute(select(TicketRow.__table__))}
            links = conn.execute(select(TicketCallRow.__table__)).all()
        for event, (typed, canonical) in zip(events, STORED, strict=True):
            row = rows[event.ticket_id]
            assert (row.caller_phone, row.caller_phone_raw) == (canonical, typed)
            assert row.view["caller_phone"] == canonical
        assert rows[events[0].ticket_id].call_id == "a84b4c76e66710@pbx"
        assert rows[events[0].ticket_id].interaction_id == "0193-rec-1"
        assert [(r.ticket_id, r.call_id, r.interaction_id, r.event_id) for r in links] == [
            (events[0].ticket_id, "a84b4c76e66710@pbx", "0193-rec-1", events[0].id)]
        assert all(rows[e.ticket_id].call_id is None for e in events[1:])

        with UnitOfWork(engine) as uow:  # what get() returns agrees, and a re-fold changes nothing
            before = uow.tickets.get(events[0].ticket_id)
            assert before.calls[0].call_id == "a84b4c76e66710@pbx" and before.caller_phone == "13700000001"
            assert [v.id for v in uow.tickets.history_for_caller("+86 137 0000 0001")] == [
                e.ticket_id for e in reversed(events[:3])]
            after = uow.tickets.refold(events[0].ticket_id)
            assert (after.caller_phone, after.caller_phone_raw, after.call_id) == (
                "13700000001", "+8613700000001", "a84b4c76e66710@pbx")
            assert uow.tickets.calls_for_ticket(events[0].ticket_id)[0].interaction_id == "0193-rec-1"
            uow.commit()

        with engine.begin() as conn:  # down again: the numbers as they were typed
            command.downgrade(alembic_config(conn), "0003")
        with engine.connect() as conn:
            phones = dict(conn.execute(select(OLD_TICKETS.c.id, OLD_TICKETS.c.caller_phone)).all())
        assert phones == {e.ticket_id: typed for e, (typed, _) in zip(events, STORED, strict=True)}
        assert "ticket_calls" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_the_ticket_tables_at_head_are_what_storage_tables_declares(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage import center_tables  # noqa: F401  (the center's tables join the metadata)
    from storage.tables import Base

    upgrade(db_url)
    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            mine = {"tickets", "ticket_calls"}  # the tables 0004 changes

            def include(obj, name, kind, reflected, compare_to):
                return (name if kind == "table" else obj.table.name) in mine

            context = MigrationContext.configure(conn, opts={"include_object": include})
            diff = compare_metadata(context, Base.metadata)
        assert diff == []
    finally:
        engine.dispose()

