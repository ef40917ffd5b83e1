"""End to end through the desk's UI: a queued caller, the agent goes 示闲, answers, writes and
dispatches a ticket, brings 110 into a three-way call and drops out (Ordos 第十八条(一); Hohhot
第十二条). Real Kamailio center, the real director, the music server, lab peers (pjsua2 processes)
and the desk's own pjsua2 softphone; the desk's working copy is a real SQLite file.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from desktop.app.root import DeskUser
from desktop.app.settings import DeskSettings
from storage.uow import UnitOfWork
from telephony.center.runner import kamailio_queues
from telephony.lab.audio import FREQUENCY_PLAN
from tests.telephony.center.conftest import AGENTS
from tests.telephony.center.test_director import ListStore, _plan, _wait
from tests.telephony.softphone.support import energies

pytestmark = pytest.mark.desk
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _seed_history(url: str) -> None:
    """An earlier, still open ticket of the caller: the screen pop must show it and hint a repeat."""
    from datetime import datetime

    from hotline.timezone import CST
    from storage.db import engine_for
    from storage.ticket_service import TicketService

    engine = engine_for(url)
    try:
        TicketService(engine, origin="seed").create(
            "agent-1002", seat="002", profile="liangshan", category="complaint", urgency="normal", channel="phone",
            content="小区门口夜市噪音扰民（上周反映）", intake={"caller_phone": "13800000001"},
            at=datetime(2026, 12, 1, 9, 30, tzinfo=CST))
    finally:
        engine.dispose()


def _shot(window, name: str) -> None:
    if os.environ.get("HOTLINE_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SHOTS / name))


def test_a_queued_caller_is_answered_in_the_desk_ticketed_and_handed_to_110(
        center, director, lab, music, make_desk, desk_db, qtbot, tmp_path):
    plan = _plan(max_wait_s=300, login_state="not-ready")
    police = lab.start("110", users=["110"], tone_hz=FREQUENCY_PLAN["110"])
    k = center(queues=kamailio_queues(plan), static={"110": police.uri()}, music_port=music.rtp_port)
    store = ListStore()
    director(plan, k, store, music=music.control())
    _seed_history(desk_db)
    settings = DeskSettings(center=k.host, profile="liangshan", seat="007")
    root = make_desk(settings=settings, user=DeskUser("1001", "张三", "agent", "1001", "话务员"),
                     password=AGENTS["1001"], start=True, phone=True,
                     softphone_overrides={"voice_tone_hz": FREQUENCY_PLAN["agent"], "recording_dir": tmp_path / "rec",
                                          "log_level": 0})
    w = root.window
    bar = w.phone_bar
    qtbot.waitUntil(lambda: "已注册" in bar.reg_label.text(), timeout=15000)
    qtbot.waitUntil(lambda: bar.state_name == "not-ready", timeout=5000)  # what the director applied
    caller = lab.start("caller-1", users=["13800000001"], tone_hz=FREQUENCY_PLAN["caller-1"])
    call = caller.call(f"sip:12345@{k.host}")
    waited_from = time.monotonic()
    _wait(lambda: "queued" in store.kinds(), 5, "queued")
    _wait(lambda: music.streams() == 1, 5, "the caller hearing the music")
    while time.monotonic() - waited_from < 20.5:  # the caller waits, hearing the music
        qtbot.wait(200)
    assert caller.call_info(call)["state"] != "DISCONNECTED"
    bar.buttons["ready"].click()  # 示闲
    qtbot.waitUntil(lambda: bar.buttons["answer"].isEnabled(), timeout=10000)
    assert time.monotonic() - waited_from >= 20
    assert "13800000001" in w.caller.number.text()
    # the open ticket of last week: in the history, and a repeated-call hint
    qtbot.waitUntil(lambda: w.caller.repeat.isVisibleTo(w.caller), timeout=3000)
    assert "20261201-002-0001" in w.caller.history.item(0).text()
    assert w.ticket.inputs["caller_phone"].text() == "13800000001"
    [answer] = [a for a in bar.actions() if a.objectName() == "answerAction"]
    answer.trigger()  # F2
    caller.wait_call(call, "CONFIRMED", timeout=10)
    qtbot.waitUntil(lambda: bar.state_name == "talking", timeout=5000)
    pane = w.ticket
    pane.category.setCurrentIndex(pane.category.findData("complaint"))
    pane.content.insertPlainText("夜市噪音仍未解决，来电人要求尽快处理，并报告门口有人打架")
    qtbot.waitUntil(lambda: "时限预览：转办" in pane.preview.text(), timeout=5000)
    _shot(w, "desk-call.png")
    pane.save.click()
    qtbot.waitUntil(lambda: bool(pane.ticket_id), timeout=5000)
    pane.unit_query.insert("城管")
    qtbot.waitUntil(lambda: pane.units.count() > 0, timeout=5000)
    pane.dispatch.click()
    qtbot.waitUntil(lambda: "已派发" in pane.status.text(), timeout=5000)
    notices: list[str] = []
    w.statusBar().messageChanged.connect(notices.append)
    bar.buttons["line110"].click()  # 一键三方: on Liangshan it first asks for the caller's consent
    assert any("第十一条(一)" in n for n in notices) and not bar.buttons["dropOut"].isEnabled()
    bar.buttons["line110"].click()  # ... the caller agreed: the second press goes ahead
    qtbot.waitUntil(lambda: bar.buttons["dropOut"].isEnabled(), timeout=15000)
    qtbot.wait(1500)  # three people talk
    _shot(w, "desk-three-way.png")
    bar.buttons["dropOut"].click()  # the agent leaves; the caller stays with 110
    police.wait_for(lambda st: any(c["state"] == "CONFIRMED" and "13800000001" in (c["remote_uri"] or "")
                                   for c in st["calls"]), 10, "the caller talking to 110")
    qtbot.waitUntil(lambda: "三方联动" in w.statusBar().currentMessage() or "已记录三方联动" in pane.status.text(),
                    timeout=8000)
    time.sleep(1.5)
    caller.hangup()
    # the ticket: the call's SIP Call-ID, the 110 line with when it was up and when the agent left
    view = root.tickets_service.get(pane.ticket_id)
    [queued] = [e for e in store.events if e.kind == "queued"]
    assert view.state.value == "dispatched" and "110" in view.emergency_lines
    with UnitOfWork(root.engine) as uow:  # the call and its recording are linked to the ticket, queryably
        [link] = uow.tickets.calls_for_ticket(view.id)
        assert [t.ticket_id for t in uow.tickets.tickets_for_call(queued.call)] == [view.id]
    assert link.call_id == queued.call and link.interaction_id  # the CDR's Call-ID
    # ... and that recording is on the desk's disk under its interaction id
    qtbot.waitUntil(lambda: any((tmp_path / "rec").rglob(f"*{link.interaction_id}*")), timeout=15000)
    link = root.tickets_service.emergency_link(view.id, "110")
    assert link["conferenced_at"] < link["dropped_at"] and link["consent"] is True
    # who heard whom: 110's recording of the handed-over caller holds the caller's voice
    police.recordings(timeout=10)
    last = [c for c in police.status()["calls"] if "13800000001" in (c.get("remote_uri") or "")][-1]
    assert energies(last["recording"], ["caller-1"], start_s=0.3)["caller-1"] > 0.5
