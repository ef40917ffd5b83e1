"""The screen pop: open tickets first then the newest, clocks, the repeated-call hint, the flag seam, the audit,
at most two indexed queries (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from hotline.enums import TicketState
from hotline.tickets import commands as cmd
from storage.screenpop import CallerFlag, ScreenPop
from storage.uow import UnitOfWork
from tests.storage.factories import BASE

NOW = BASE + timedelta(days=1)


def _ticket(phone, minutes, *, closed=False, profile="ordos", content="小区供暖不热"):
    created = cmd.create("agent-01", number=f"P-{minutes:04d}", profile=profile, channel="phone", category="help",
                         urgency="normal", content=content, caller_phone=phone, at=BASE + timedelta(minutes=minutes))
    events = [created]
    if not closed:  # dispatched: the unit's sign and finish clocks run
        events.append(cmd.dispatch(created.ticket_id, "agent-01", units=["unit-a"],
                                   at=BASE + timedelta(minutes=minutes + 1)))
    else:
        events.append(cmd.answer_directly(created.ticket_id, "agent-01", article_id="kb-1", article_version=1,
                                          at=BASE + timedelta(minutes=minutes + 1)))
    return events


def _write(engine, *tickets):
    with UnitOfWork(engine, origin="desk-07") as uow:
        for events in tickets:
            uow.tickets.add(events)
        uow.commit()
    return [events[0].ticket_id for events in tickets]


def _pop(engine, raw, **kw):
    with UnitOfWork(engine, origin="desk-07") as uow:
        pop = ScreenPop(uow, "agent-07", at=NOW, **kw).for_caller(raw, queue="12345")
        uow.commit()
    return pop


def test_open_tickets_first_then_the_newest_with_clocks_and_the_repeat_hint(engine):
    ids = _write(engine, _ticket("13700000001", 0, closed=True), _ticket("+8613700000001", 10),
                 _ticket("013700000001", 20, closed=True), _ticket("13700000001", 30),
                 _ticket("13700000001", 40, closed=True, content="路" * 60), _ticket("13700000002", 50))
    pop = _pop(engine, "+86 137-0000-0001")
    assert (pop.number, pop.raw, pop.valid, pop.kind, pop.queue) == (
        "13700000001", "+86 137-0000-0001", True, "mobile", "12345")
    assert [t.id for t in pop.tickets] == [ids[3], ids[1], ids[4], ids[2], ids[0]]
    assert [t.is_open for t in pop.tickets] == [True, True, False, False, False]
    assert pop.tickets[0].state is TicketState.DISPATCHED and pop.tickets[2].state is TicketState.CLOSED
    assert len(pop.tickets[2].excerpt) == 40 and pop.tickets[2].excerpt.endswith("…")
    assert pop.tickets[0].category.value == "help" and pop.tickets[0].number == "P-0030"
    for t in pop.tickets:
        assert bool(t.clocks) == t.is_open
    clock = pop.tickets[0].clocks[0]
    assert "finish" in {c.clock for c in pop.tickets[0].clocks}
    assert clock.unit_id == "unit-a" and clock.due > pop.tickets[0].created_at and clock.provisional is False
    assert pop.repeat is not None and [t.id for t in pop.repeat.tickets] == [ids[3], ids[1]]
    assert (pop.repeat.rule, pop.repeat.article, pop.repeat.profile) == ("explain-and-chase", "第十八条(四)", "ordos")
    assert "2 件在办工单" in pop.repeat.message and "解释" in pop.repeat.message
    assert pop.flag is None and pop.more is False


def test_the_look_up_is_audited_as_viewing_the_caller(engine):
    _write(engine, _ticket("13700000001", 0))
    _pop(engine, "008613700000001")
    with UnitOfWork(engine) as uow:
        entries = uow.audit.for_subject("caller", "13700000001")
    assert [(e.actor, e.action, e.origin) for e in entries] == [("agent-07", "view-caller", "desk-07")]
    assert dict(entries[0].detail) == {"command": "screen-pop", "queue": "12345", "given": "008613700000001",
                                       "shown": 1}


def test_a_caller_with_many_tickets_costs_two_indexed_queries_and_keeps_an_old_open_one(engine):
    old_open = _write(engine, _ticket("13700000001", 0))[0]
    _write(engine, *[_ticket("13700000001", 10 + i, closed=True) for i in range(8)])
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    pop = _pop(engine, "13700000001", limit=5)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "FROM tickets" in s]
    assert len(reads) == 2
    assert pop.more is True and [t.id for t in pop.tickets][0] == old_open
    assert len(pop.tickets) == 5 and [t.is_open for t in pop.tickets] == [True] + [False] * 4
    statements.clear()
    few = _pop(engine, "13700000009")  # nobody: one query
    assert few.tickets == () and few.repeat is None
    assert len([s for s in statements if "FROM tickets" in s]) == 1


def test_the_query_walks_the_caller_index(engine):
    if engine.dialect.name != "sqlite":
        return  # the plan on PostgreSQL depends on its statistics; the bench measures it at 1,000,000
    with engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT view FROM tickets WHERE caller_phone = '13700000001' "
            "ORDER BY created_at DESC LIMIT 21"))
    assert "ix_tickets_caller_phone_created_at" in plan and "TEMP B-TREE" not in plan


def test_odd_caller_ids_and_the_flag_seam(engine):
    _write(engine, _ticket("未显示号码", 0))  # stored before normalisation could refuse it
    odd = _pop(engine, "未显示号码")
    assert (odd.valid, odd.kind, odd.number, len(odd.tickets)) == (False, "", "未显示号码", 1)
    anonymous = _pop(engine, "")
    assert anonymous.tickets == () and anonymous.number == ""
    with UnitOfWork(engine) as uow:
        assert uow.audit.for_subject("caller", "") == []

    class Flags:
        def flag_for(self, number):
            return CallerFlag("nuisance", "多次恶意骚扰") if number == "13700000066" else None

    assert _pop(engine, "+8613700000066", flags=Flags()).flag == CallerFlag("nuisance", "多次恶意骚扰")
    assert _pop(engine, "+8613700000067", flags=Flags()).flag is None
