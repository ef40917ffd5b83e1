"""The desk's screen pop shows the center's caller flag (reason, who, when, article) once its sync job has
pulled it, and stops showing it after the flag is cleared at the center. The center is a SQLite file and
the real PostgreSQL (db_url); the desk is the real composition root with its own sync job (offscreen Qt)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hotline.accounts import Role
from storage.db import engine_for
from storage.flag_tables import CallerFlagRow
from storage.uow import UnitOfWork
from tests.storage.sync_helpers import central

pytestmark = pytest.mark.desk
REASON = "一周内拨打40余次，辱骂话务员"


def _cleared_locally(desk_url: str) -> bool:
    engine = engine_for(desk_url)
    try:
        with engine.connect() as conn:
            return conn.scalar(select(CallerFlagRow.cleared_at)) is not None
    finally:
        engine.dispose()


def _pop(root, qtbot, number: str):
    painted = len(root.tickets.painted)
    root.tickets.pop(number, "12345")
    qtbot.waitUntil(lambda: len(root.tickets.painted) > painted, timeout=10000)
    return root.window.caller


def test_the_flag_reaches_the_pop_by_sync_and_goes_when_cleared(make_desk, qtbot, db_url, desk_db):
    from desktop.app.settings import DeskSettings

    center = central(db_url)
    try:
        with UnitOfWork(center, origin="admin", role="center") as uow:
            uow.accounts.create("wangadmin", "Admin-pass-42", Role.CENTER_ADMIN, display_name="王主任")
            record = uow.caller_flags.set("0086 137 0000 0066", REASON, actor="wangadmin")
            uow.commit()
        settings = DeskSettings(profile="liangshan", seat="007", central_db=db_url, sync_every_s=1)
        root = make_desk(settings=settings)
        qtbot.waitUntil(lambda: "已与中心同步" in root.window.sync_label.text(), timeout=60000)

        pane = _pop(root, qtbot, "+86 137-0000-0066")
        assert pane.view.number == "13700000066"
        assert pane.view.flag == (f"骚扰电话：{REASON}（王主任 {record.set_at:%Y-%m-%d %H:%M} 标记，"
                                  "内蒙古第二十六条；凉山第二十四条）")
        assert pane.flag.text() == "⚠ " + pane.view.flag and not pane.flag.isHidden()
        assert _pop(root, qtbot, "13700000067").flag.isHidden()

        with UnitOfWork(center, origin="admin", role="center") as uow:
            uow.caller_flags.clear("13700000066", actor="wangadmin", reason="来电人已致歉")
            uow.commit()
        qtbot.waitUntil(lambda: _cleared_locally(desk_db), timeout=30000)
        pane = _pop(root, qtbot, "13700000066")
        assert pane.view.flag == "" and pane.flag.isHidden()
        with UnitOfWork(root.engine) as uow:
            (kept,) = uow.caller_flags.history_for("13700000066")
        assert (kept.reason, kept.cleared_by, kept.clear_reason) == (REASON, "wangadmin", "来电人已致歉")
    finally:
        center.dispose()
