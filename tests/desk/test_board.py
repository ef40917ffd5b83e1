"""The team lead's board (pytest-qt, offscreen) on the real center: Kamailio, the director with its
records and mirror on PostgreSQL, the board LISTENing there. A director event shows on the board;
thresholds colour the tiles and fire alerts (colour, a sound, a line); the team lead's login opens it."""

from __future__ import annotations

import pytest

from desktop.app.board import BoardController
from desktop.ui.board import BoardWindow
from hotline.board_alerts import BoardRules, parse_rules
from storage.db import engine_for
from telephony.center.runner import kamailio_queues
from telephony.center.store import SqlRecordStore
from tests.telephony.center.board_support import PASSWORDS, lead_message, registered, seed_center
from tests.telephony.center.sipraw import RawSip, offer
from tests.telephony.center.test_board_publish import _plan

pytestmark = pytest.mark.desk


def _rules(**alerts) -> BoardRules:
    doc = {"alerts": {"waiting": 10, "longest_wait_s": 600, "answer_rate_below": 0.0, "not_ready_minutes": 60,
                      **alerts},
           "warn": {"waiting": 10, "longest_wait_s": 600, "answer_rate_below": 0.0},
           "display": {"page_size": 20, "sound": True}}
    return parse_rules(doc)


def _agent_row(window: BoardWindow, user: str):
    return next(((r.state, r.reason) for r in window.agents_model.rows if r.agent == user), None)


def test_director_events_show_on_the_board_and_thresholds_colour_and_alert(qtbot, pg_url, center, director):
    seed_center(pg_url)
    engine = engine_for(pg_url)
    plan = _plan()
    k = center(queues=kamailio_queues(plan), users=PASSWORDS)
    director(plan, k, SqlRecordStore(engine))
    window = BoardWindow()
    qtbot.addWidget(window)
    board = BoardController(pg_url, window, plan=plan, rules=_rules(waiting=0, not_ready_minutes=0), lead="1003")
    board.start()
    agent = registered(k, "1001")
    caller = RawSip(k.port)
    try:
        qtbot.waitUntil(lambda: _agent_row(window, "1001") == ("ready", ""), timeout=10000)
        assert window.alerts.count() == 0 and window.sounds == 0
        assert all(t.level == "ok" for t in window.tiles.values())
        # the lead of 1001's group sets it busy: the board shows 示忙, and (threshold 0 min) alerts on it
        assert lead_message(k, "1003", "lead:not-ready:1001:培训") in (200, 202)
        qtbot.waitUntil(lambda: _agent_row(window, "1001") == ("not-ready", "培训"), timeout=10000)
        qtbot.waitUntil(lambda: "1001" in window.agents_model.alert_agents, timeout=10000)
        assert window.sounds == 1 and window.alerts.count() == 1
        qtbot.waitUntil(lambda: board.last_view is not None and any(r.result == "done" for r in board.last_view.lead_results), timeout=10000)
        # a caller waits (nobody ready): the waiting table shows it and its queue's tile turns red
        caller.send(caller.build("INVITE", "12345", from_user="13800000001", sdp=offer(caller.port)))
        qtbot.waitUntil(lambda: [r.caller for r in window.waiting_model.rows] == ["13800000001"], timeout=10000)
        queue = window.waiting_model.rows[0].queue
        qtbot.waitUntil(lambda: window.tiles[queue].level == "alert", timeout=10000)
        assert [t.level for name, t in window.tiles.items() if name != queue] == ["ok"] * (len(window.tiles) - 1)
        qtbot.waitUntil(lambda: window.alerts.count() == 2, timeout=5000)
        assert window.sounds == 2
        assert "#c62828" in window.tiles[queue].styleSheet()
        # F11: full screen and back (a wall display)
        window.show()
        window.toggle_full_screen()
        assert window.isFullScreen()
        window.toggle_full_screen()
        assert not window.isFullScreen()
    finally:
        board.stop()
        caller.close()
        agent.close()
        engine.dispose()


def test_the_board_rules_file_is_read_strictly():
    rules = BoardRules.load(None)
    assert rules.alert.answer_rate_below == 0.95
    with pytest.raises(ValueError) as err:
        parse_rules({"alerts": {"waiting": -1, "longest_wait_s": 1, "answer_rate_below": 0.9}, "warn": {}})
    assert err.value.key == "alerts.waiting"
    with pytest.raises(ValueError) as err:
        parse_rules({"alert": {}})
    assert err.value.key == "alert"


def test_the_team_leads_login_opens_the_board(qtbot, make_desk, pg_url, desk_db):
    from desktop.app.login import check
    from desktop.app.settings import DeskSettings
    from storage.uow import UnitOfWork

    seed_center(pg_url)
    engine = engine_for(desk_db)
    try:  # the account as the center makes it (it reaches desks by sync)
        with UnitOfWork(engine, origin="center", role="center") as uow:
            uow.accounts.create("lead1077", "pw-lead", "team-lead", display_name="李班长", sip_user="1077")
            uow.commit()
    finally:
        engine.dispose()
    lead, problem = check(desk_db, "lead1077", "pw-lead")
    assert problem is None and lead is not None and "board" in lead.panes
    root = make_desk(user=lead, settings=DeskSettings(profile="liangshan", seat="007", central_db=pg_url))
    assert root.board is not None
    qtbot.waitUntil(lambda: root.board.window.isVisible() and root.board.window.repaints >= 1, timeout=10000)
    assert root.board.controller.feed.lead == "1077"
    agent = make_desk()
    assert agent.board is None


def test_the_leads_busy_button_goes_through_the_leads_phone_to_the_director(
        qtbot, pg_url, center, director, make_desk):
    """The board's 置示忙 button → the lead's own softphone (a MESSAGE to acd) → the real director,
    which checks the group and applies 示忙; the board shows the state and the result."""
    from desktop.app.root import DeskUser
    from desktop.app.settings import DeskSettings
    from hotline.accounts import PANES, Role

    seed_center(pg_url)
    engine = engine_for(pg_url)
    plan = _plan()
    k = center(queues=kamailio_queues(plan), users=PASSWORDS)
    director(plan, k, SqlRecordStore(engine))
    agent = registered(k, "1001")
    try:
        lead = DeskUser("lead1003", "李班长", "team-lead", "1003", "班长", PANES[Role.TEAM_LEAD])
        settings = DeskSettings(center=k.host, profile="liangshan", seat="007", central_db=pg_url)
        root = make_desk(user=lead, settings=settings, password=PASSWORDS["1003"], phone=True,
                         softphone_overrides={"log_level": 0})
        board = root.board.window
        qtbot.waitUntil(lambda: "已注册" in root.window.phone_bar.reg_label.text(), timeout=15000)
        qtbot.waitUntil(lambda: _agent_row(board, "1001") == ("ready", ""), timeout=10000)
        row = next(i for i, r in enumerate(board.agents_model.rows) if r.agent == "1001")
        board.agents_view.selectRow(row)
        board.action_buttons["busyButton"].click()
        qtbot.waitUntil(lambda: _agent_row(board, "1001") == ("not-ready", "班长置忙"), timeout=10000)
        qtbot.waitUntil(lambda: board.results.count() == 1, timeout=10000)
        assert "已执行" in board.results.item(0).text()
        # listen / whisper / barge: a signal the root hands to the phone's monitor (when it has one)
        board.agents_view.selectRow(next(i for i, r in enumerate(board.agents_model.rows) if r.agent == "1001"))
        with qtbot.waitSignal(board.monitor_requested, timeout=2000) as sig:
            board.action_buttons["whisperButton"].click()
        assert sig.args == ["1001", "whisper"]
    finally:
        agent.close()
        engine.dispose()
