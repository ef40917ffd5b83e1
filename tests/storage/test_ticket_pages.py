"""The desk lists' pages (storage.ticket_pages) on SQLite and PostgreSQL: paging, sorting in SQL, the
lists' filters (mine, overdue as overdue_for_unit has it, due soon, search in any phone form)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from hotline.tickets import commands as cmd
from storage.ticket_pages import SORTABLE
from storage.tickets import TicketFilter
from storage.uow import UnitOfWork
from tests.storage.factories import BASE

UNITS = ("unit-a", "unit-b")


def _write(engine, n: int = 14) -> list[str]:
    """n tickets, two agents, numbers of two seats; 2 in 3 dispatched (one unit each), the rest answered."""
    ids = []
    with UnitOfWork(engine, origin="desk-07") as uow:
        for i in range(n):
            at = BASE + timedelta(hours=5 * i)
            actor = "agent-07" if i % 2 == 0 else "agent-08"
            created = cmd.create(actor, number=f"{at:%Y%m%d}-{7 + i % 2:03d}-{i:04d}", profile="hohhot",
                                 channel="phone", category=("help", "complaint", "consult")[i % 3], urgency="normal",
                                 content=f"第{i}号诉求：小区路灯不亮" + ("，夜里很黑" * (i % 4)),
                                 caller_phone=f"1370000{i % 5:04d}", at=at)
            follow = (cmd.dispatch(created.ticket_id, actor, units=[UNITS[i % 2]], at=at + timedelta(minutes=5))
                      if i % 3 != 2 else
                      cmd.answer_directly(created.ticket_id, actor, article_id="kb-1", article_version=1,
                                          at=at + timedelta(minutes=5)))
            uow.tickets.add([created, follow])
            ids.append(created.ticket_id)
        uow.commit()
    return ids


def _page(engine, f=None, **kw):
    with UnitOfWork(engine) as uow:
        return uow.tickets.page(f or TicketFilter(), **kw)


def test_pages_walk_every_row_once_in_the_sql_order_of_each_sortable_column(engine):
    _write(engine)
    every = _page(engine, limit=100, at=BASE)
    assert len(every) == 14
    for column in SORTABLE:
        for descending in (False, True):
            pages = [_page(engine, order_by=column, descending=descending, offset=o, limit=4, at=BASE)
                     for o in range(0, 16, 4)]
            assert [len(p) for p in pages] == [4, 4, 4, 2]
            rows = [r for p in pages for r in p]
            assert len({r.id for r in rows}) == 14
            keys = [(getattr(r, column), r.created_at, r.id) if column in ("state", "category")
                    else (getattr(r, column), r.id) for r in rows]
            if column == "due":  # where the NULLs of tickets without a due go is the database's own
                assert [k for k in keys if k[0] is not None] == sorted(
                    [k for k in keys if k[0] is not None], reverse=descending)
            else:
                assert keys == sorted(keys, reverse=descending)


def test_a_row_holds_only_what_the_list_shows(engine):
    _write(engine, 3)
    row = _page(engine, order_by="number", descending=False, at=BASE)[0]
    assert row.number.endswith("-007-0000") and row.state == "dispatched" and row.category == "help"
    assert row.caller_phone == "13700000000" and row.excerpt.startswith("第0号诉求") and len(row.excerpt) <= 60
    assert row.due is not None and row.due > row.created_at and row.provisional is False and row.overdue is False
    answered = next(r for r in _page(engine, at=BASE) if r.number.endswith("-0002"))
    assert answered.state == "closed" and answered.overdue is False


def test_my_tickets_are_the_ones_i_created(engine):
    ids = _write(engine)
    mine = _page(engine, TicketFilter(created_by="agent-07"), limit=100, at=BASE)
    assert {r.id for r in mine} == set(ids[0::2])
    with UnitOfWork(engine) as uow:
        assert uow.tickets.count(TicketFilter(created_by="agent-07")) == 7


def test_the_overdue_list_is_overdue_for_unit_over_every_unit(engine):
    _write(engine)
    for days in (3, 10, 30):
        moment = BASE + timedelta(days=days)
        with UnitOfWork(engine) as uow:
            expected = {v.id for u in UNITS for v in uow.tickets.overdue_for_unit(u, at=moment, limit=None)}
            listed = uow.tickets.page(TicketFilter(overdue_at=moment), limit=100, at=moment)
            assert uow.tickets.count(TicketFilter(overdue_at=moment)) == len(expected)
        assert {r.id for r in listed} == expected
        assert all(r.overdue for r in listed)
    assert expected  # by 30 days every dispatched ticket is late


def test_due_soon_is_a_running_clock_inside_the_window(engine):
    _write(engine)
    with UnitOfWork(engine) as uow:
        views = [v for v in uow.tickets.list(TicketFilter(limit=100)) if v.finish_due is not None]
    target = min(views, key=lambda v: v.finish_due)
    start, end = target.finish_due - timedelta(hours=1), target.finish_due + timedelta(minutes=1)
    expected = {v.id for v in views if start <= v.finish_due < end}
    rows = _page(engine, TicketFilter(due_between=(start, end)), limit=100, at=start)
    assert {r.id for r in rows} == expected and target.id in expected


@pytest.mark.parametrize("typed", ["+86 137-0000-0003", "0086 13700000003", "137 0000 0003", "13700000003"])
def test_search_finds_a_caller_in_any_phone_form(engine, typed):
    ids = _write(engine)
    rows = _page(engine, TicketFilter(search=typed), limit=100, at=BASE)
    assert {r.id for r in rows} == {ids[3], ids[8], ids[13]}


def test_search_by_number_prefix_and_by_text(engine):
    ids = _write(engine)
    day = f"{BASE:%Y%m%d}"
    by_number = _page(engine, TicketFilter(search=f"{day}-008-"), limit=100, at=BASE)
    assert {r.id for r in by_number} == {ids[1]}  # 5 h apart from 09:30: three the first day
    assert [r.id for r in _page(engine, TicketFilter(search="第11号"), at=BASE)] == [ids[11]]
    assert _page(engine, TicketFilter(search="没有这个"), at=BASE) == []
    assert _page(engine, TicketFilter(search="  "), at=BASE) == []


def test_a_seats_day_uses_the_number_index_on_sqlite(engine):
    ids = _write(engine)
    prefix = f"{BASE:%Y%m%d}-007-"
    rows = _page(engine, TicketFilter(number_prefix=prefix), limit=100, at=BASE)
    assert {r.id for r in rows} == {ids[0], ids[2]}
    if engine.dialect.name != "sqlite":
        return
    from storage.ticket_pages import page_query

    stmt = page_query(TicketFilter(number_prefix=prefix), "created_at", True, 0, 200, BASE, "sqlite")
    with engine.connect() as conn:
        sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
        plan = " ".join(r[-1] for r in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert "ix_tickets_number" in plan


def test_an_unknown_sort_column_is_refused(engine):
    with pytest.raises(ValueError, match="sortable"):
        _page(engine, order_by="content")
