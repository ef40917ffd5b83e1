"""Caller numbers stored canonical with the raw beside them, found in any form; calls linked to tickets and
synced between desk SQLite files and the central PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hotline.tickets import commands as cmd
from storage.sync import pull, push
from storage.tables import TicketCallRow, TicketRow
from storage.tickets import TicketFilter
from storage.uow import UnitOfWork
from tests.storage.factories import BASE, PROFILE, created
from tests.storage.sync_helpers import central, desk

FORMS = ["13700000001", "+8613700000001", "008613700000001", "013700000001", "+86 137-0000-0001", "137 0000 0001"]


def _create(phone, minutes=0, call_id=None, interaction_id=None, origin="desk-a"):
    return cmd.create("agent-01", number=f"T-{minutes}", profile=PROFILE, channel="phone", category="help",
                      urgency="normal", content="小区供暖不热", caller_phone=phone, at=BASE + timedelta(minutes=minutes),
                      origin=origin, call_id=call_id, interaction_id=interaction_id)


def _add(engine, *events, origin="desk-a"):
    with UnitOfWork(engine, origin=origin) as uow:
        for e in events:
            uow.tickets.add(e)
        uow.commit()


def test_a_caller_is_found_whatever_form_the_number_was_stored_or_asked_in(engine):
    stored = [_create(form, i) for i, form in enumerate(FORMS)]
    old_desk = created("+8613700000001", BASE + timedelta(hours=1))  # an event from a desk before normalisation
    other = _create("13700000002", 99)
    _add(engine, *stored, old_desk, other)
    with engine.connect() as conn:
        rows = dict(conn.execute(select(TicketRow.caller_phone_raw, TicketRow.caller_phone)).all())
    assert rows == {**{form: "13700000001" for form in FORMS}, "13700000002": "13700000002"}
    mine = [old_desk.ticket_id] + [e.ticket_id for e in reversed(stored)]
    with UnitOfWork(engine) as uow:
        for form in FORMS:
            assert [v.id for v in uow.tickets.history_for_caller(form)] == mine, form
            assert uow.tickets.count(TicketFilter(caller_phone=form)) == len(mine)
        view = uow.tickets.get(old_desk.ticket_id)
        assert (view.caller_phone, view.caller_phone_raw) == ("13700000001", "+8613700000001")
        assert uow.tickets.history_for_caller("") == []
        assert uow.tickets.history_for_caller("不是号码") == []


def test_calls_and_tickets_many_to_many_through_sync_desks_and_postgresql(tmp_path, pg_url):
    center = central(pg_url)
    a, b = desk(tmp_path, "a"), desk(tmp_path, "b")
    try:
        # one call makes two tickets on desk a (two matters in one call)
        t1 = _create("+86 137-0000-0001", 0, call_id="call-1@pbx", interaction_id="rec-1")
        t2 = _create("013700000001", 1, call_id="call-1@pbx", interaction_id="rec-1")
        old_desk = created("+8613700000001", BASE + timedelta(minutes=2))  # made before normalisation
        _add(a, t1, t2, old_desk)
        push(a, center)
        pull(b, center)
        # the caller rings again about the first ticket; desk b links the call
        with UnitOfWork(b, origin="desk-b") as uow:
            view = uow.tickets.add(cmd.link_call(t1.ticket_id, "agent-02", call_id="call-2@pbx",
                                                 interaction_id="rec-2", at=BASE + timedelta(hours=2),
                                                 origin="desk-b"))
            assert [c.call_id for c in view.calls] == ["call-1@pbx", "call-2@pbx"]
            uow.commit()
        push(b, center)
        pull(a, center)
        for engine in (a, b, center):
            with UnitOfWork(engine) as uow:
                assert [(c.ticket_id, c.interaction_id) for c in uow.tickets.tickets_for_call("call-1@pbx")] == [
                    (t1.ticket_id, "rec-1"), (t2.ticket_id, "rec-1")]
                assert [c.ticket_number for c in uow.tickets.tickets_for_call("call-2@pbx")] == ["T-0"]
                calls = uow.tickets.calls_for_ticket(t1.ticket_id)
                assert [(c.call_id, c.interaction_id, c.origin) for c in calls] == [
                    ("call-1@pbx", "rec-1", "desk-a"), ("call-2@pbx", "rec-2", "desk-b")]
                assert [c.call_id for c in uow.tickets.calls_for_ticket(t2.ticket_id)] == ["call-1@pbx"]
                assert uow.tickets.tickets_for_call("nothing") == []
                row = uow.session.get(TicketRow, t1.ticket_id)
                assert (row.call_id, row.interaction_id, row.caller_phone, row.caller_phone_raw) == (
                    "call-1@pbx", "rec-1", "13700000001", "+86 137-0000-0001")
                old = uow.session.get(TicketRow, old_desk.ticket_id)
                assert (old.caller_phone, old.caller_phone_raw, old.call_id) == ("13700000001", "+8613700000001", None)
                assert len(uow.tickets.history_for_caller("0086 137 0000 0001")) == 3
                assert uow.session.scalar(select(TicketCallRow.linked_at).where(
                    TicketCallRow.call_id == "call-2@pbx")) == BASE + timedelta(hours=2)
    finally:
        for engine in (a, b, center):
            engine.dispose()


def test_a_refold_rewrites_the_links_without_doubling_them(engine):
    t = _create("13700000001", 0, call_id="c-1")
    _add(engine, t, cmd.link_call(t.ticket_id, "agent-01", call_id="c-2", at=BASE + timedelta(minutes=5)))
    with UnitOfWork(engine) as uow:
        uow.tickets.refold(t.ticket_id)
        uow.tickets.refold(t.ticket_id)
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert [c.call_id for c in uow.tickets.calls_for_ticket(t.ticket_id)] == ["c-1", "c-2"]
