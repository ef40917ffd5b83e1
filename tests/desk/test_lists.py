"""The ticket lists on the real composition root and a real SQLite copy: pages really page through
the worker, a header click re-queries with ORDER BY, search by phone in any form, the overdue list
is the repository's notion, a due-soon reminder fires once, and a failing page is shown and retried."""

from __future__ import annotations

import threading
import warnings
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import create_engine, event, text

from hotline.timezone import CST

pytestmark = pytest.mark.desk
DAY = datetime(2026, 11, 23, 9, 0, tzinfo=CST)  # a Monday
PAGE = 50


def _write(root, n: int, *, actor: str = "agent-1001", seat: str = "007", start: datetime = DAY,
           phone=lambda i: f"1390000{i:04d}") -> list:
    """n tickets through the service (numbered for ``seat``), a minute apart."""
    service = root.tickets_service
    return [service.create(actor, seat=seat, profile="liangshan", category="help", urgency="normal",
                           channel="phone", content=f"第{i}件：路灯不亮", intake={"caller_phone": phone(i)},
                           at=start + timedelta(minutes=i)) for i in range(n)]


def _desk(make_desk, qtbot, n: int = 0, **kw):
    root = make_desk(start=False)
    root.tickets.clock = lambda: DAY + timedelta(hours=2)
    for page in root.window.lists.lists.values():
        page.model.page = PAGE
    views = _write(root, n, **kw) if n else []
    root.window.show()
    qtbot.waitExposed(root.window)
    with warnings.catch_warnings():  # offscreen: the window is made active by hand, for its shortcuts
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(root.window)
    return root, views


def _statements(engine) -> list[tuple[str, object, str]]:
    seen: list[tuple[str, object, str]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "FROM tickets" in statement and "substr" in statement.lower():
            seen.append((statement, parameters, threading.current_thread().name))

    event.listen(engine, "before_cursor_execute", record)
    return seen


def test_my_tickets_page_through_the_worker_a_page_at_a_time(make_desk, qtbot):
    root, views = _desk(make_desk, qtbot, 120)
    _write(root, 3, actor="agent-2002", seat="008")  # someone else's: not mine
    seen = _statements(root.engine)
    root.start(phone=False)
    root.window.show_list("mine")
    model = root.window.lists.model("mine")
    qtbot.waitUntil(lambda: model.rowCount() == PAGE, timeout=15000)
    first = [s for s in seen if "ticket_events.actor" in s[0]]
    assert len(first) == 1 and PAGE in tuple(first[0][1]) and first[0][2] == "desk-db"
    assert all("LIMIT" in s[0] for s in seen)  # never the whole table
    assert [r.number for r in model.rows[:2]] == [views[-1].number, views[-2].number]  # newest first
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE, timeout=15000)
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() == 120, timeout=15000)
    assert not model.canFetchMore() and model.exhausted
    assert {r.id for r in model.rows} == {v.id for v in views}
    assert len([s for s in seen if "ticket_events.actor" in s[0]]) == 3


def test_a_header_click_sorts_in_sql_and_starts_again_from_the_first_page(make_desk, qtbot):
    root, views = _desk(make_desk, qtbot, 80, phone=lambda i: f"1390000{(i * 37) % 80:04d}")
    seen = _statements(root.engine)
    root.start(phone=False)
    page = root.window.lists.lists["mine"]
    model = page.model
    qtbot.waitUntil(lambda: model.rowCount() == PAGE, timeout=15000)
    header = page.table.horizontalHeader()
    before = len(seen)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.viewport().rect().topLeft() + _section_centre(header, 3))  # 来电号码
    qtbot.waitUntil(lambda: model.order_by == "caller_phone" and model.rowCount() == PAGE, timeout=15000)
    again = [s for s in seen[before:] if "ticket_events.actor" in s[0]]
    assert len(again) == 1 and "ORDER BY tickets.caller_phone" in again[0][0] and "OFFSET" in again[0][0]
    assert 0 in tuple(again[0][1])[-2:]  # from the first row again
    phones = [r.caller_phone for r in model.rows]
    assert phones == sorted(phones, reverse=model.descending)
    assert phones[0] in ("13900000000", "13900000079")  # the extreme of all 80, not of the page held before
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.viewport().rect().topLeft() + _section_centre(header, 4))  # 诉求: does not sort
    assert model.order_by == "caller_phone" and header.sortIndicatorSection() == 3


def _section_centre(header, column):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)


def test_search_by_phone_in_plus86_form_and_open_the_ticket_with_enter(make_desk, qtbot):
    root, views = _desk(make_desk, qtbot, 5)
    root.start(phone=False)
    w = root.window
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.lists.search.hasFocus(), timeout=10000)
    assert w.center.currentWidget() is w.lists and w.lists.tabs.currentWidget() is w.lists.lists["search"]
    qtbot.keyClicks(w.lists.search, "+86 139-0000-0003")
    qtbot.keyClick(w.lists.search, Qt.Key.Key_Return)
    model = w.lists.model("search")
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.rows[0].id == views[3].id, timeout=15000)
    table = w.lists.lists["search"].table
    table.setFocus()
    table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.ticket.ticket_id == views[3].id, timeout=15000)
    assert w.center.currentWidget() is w.ticket_tab and views[3].number in w.ticket.title.text()
    assert w.ticket.inputs["caller_phone"].text() == "13900000003"


def test_ctrl_1_to_4_switch_the_lists(make_desk, qtbot):
    root, _ = _desk(make_desk, qtbot)
    root.start(phone=False)
    w = root.window
    for i, key in enumerate(("mine", "seat", "due", "overdue"), 1):
        qtbot.keyClick(w, getattr(Qt.Key, f"Key_{i}"), Qt.KeyboardModifier.ControlModifier)
        assert w.center.currentWidget() is w.lists and w.lists.tabs.currentWidget() is w.lists.lists[key]


def test_the_overdue_list_is_what_the_repository_counts_overdue(make_desk, qtbot):
    root, views = _desk(make_desk, qtbot, 6)
    service = root.tickets_service
    units = [u.id for u in service.units("")[:2]]
    for i, v in enumerate(views[:4]):
        service.dispatch(v.id, "agent-1001", [units[i % 2]], at=DAY + timedelta(minutes=30))
    later = DAY + timedelta(days=40)
    root.tickets.clock = lambda: later
    root.start(phone=False)
    model = root.window.lists.model("overdue")
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=15000)
    from storage.uow import UnitOfWork

    with UnitOfWork(root.engine) as uow:
        expected = {t.id for u in units for t in uow.tickets.overdue_for_unit(u, at=later, limit=None)}
    assert {r.id for r in model.rows} == expected == {v.id for v in views[:4]}
    assert all(r.overdue for r in model.rows)
    assert model.data(model.index(0, 7)) == "超期"


def test_a_due_soon_reminder_is_shown_once_per_ticket(make_desk, qtbot):
    root, views = _desk(make_desk, qtbot, 2)
    unit = root.tickets_service.units("")[0].id
    dispatched = root.tickets_service.dispatch(views[0].id, "agent-1001", [unit], at=DAY + timedelta(minutes=30))
    due = dispatched.finish_due
    root.tickets.clock = lambda: due - timedelta(hours=1)
    root.start(phone=False)
    assert root.jobs.scheduler.get_job("due-soon").trigger.interval == timedelta(seconds=60)
    fired: list = []
    root.reminders.reminded.connect(fired.append)
    root.reminders.check()
    qtbot.waitUntil(lambda: len(fired) == 1, timeout=15000)
    assert [e.ticket_id for e in fired[0]] == [views[0].id]
    assert views[0].number in root.window.statusBar().currentMessage()
    tabs = root.window.lists.tabs
    assert tabs.tabText(tabs.indexOf(root.window.lists.lists["due"])) == "即将到期（1）"
    qtbot.waitUntil(lambda: [r.id for r in root.window.lists.model("due").rows] == [views[0].id], timeout=15000)
    root.window.statusBar().clearMessage()
    root.reminders.check()
    root.reminders.check()
    qtbot.waitUntil(lambda: root.worker.pending() == 0, timeout=15000)
    assert len(fired) == 1 and root.window.statusBar().currentMessage() == ""
    root.window.show_list("due")
    assert tabs.tabText(tabs.indexOf(root.window.lists.lists["due"])) == "即将到期" and root.reminders.unseen == 0


def test_a_failing_page_is_shown_in_the_pane_and_the_list_recovers(make_desk, qtbot, desk_db):
    root, views = _desk(make_desk, qtbot, 3)
    root.start(phone=False)
    page = root.window.lists.lists["mine"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=15000)
    other = create_engine(desk_db)
    failures: list = []
    root.jobs.job_failed.connect(lambda job, msg: failures.append((job, msg)))
    try:
        with other.begin() as conn:
            conn.execute(text("ALTER TABLE tickets RENAME TO tickets_gone"))
        page.model.reload()
        qtbot.waitUntil(lambda: page.error.isVisibleTo(page), timeout=15000)
        assert "读取失败" in page.error.text() and "tickets" in page.error.text()
        assert page.model.rowCount() == 0 and not page.model.canFetchMore()
        root.reminders.check()  # the job's query fails too: shown, not silent
        qtbot.waitUntil(lambda: bool(failures), timeout=15000)
        assert failures[0][0] == "即将到期提醒" and "失败" in root.window.sync_label.text()
        with other.begin() as conn:
            conn.execute(text("ALTER TABLE tickets_gone RENAME TO tickets"))
    finally:
        other.dispose()
    qtbot.mouseClick(page.retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=15000)
    assert not page.error.isVisibleTo(page) and "已加载 3 条" in page.count.text()
