"""The ticket pane on the real composition root and a real SQLite working copy (offscreen Qt)."""

from __future__ import annotations

from datetime import datetime

import pytest

from hotline.timezone import CST

pytestmark = pytest.mark.desk


def _type(qtbot, widget, text: str) -> None:
    """Type ASCII with real key events; Chinese arrives as an input method commits it (one insert)."""
    widget.setFocus()
    widget.clear()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    elif hasattr(widget, "insertPlainText"):
        widget.insertPlainText(text)
    else:
        widget.insert(text)


def test_an_empty_content_and_a_bad_number_are_named_next_to_the_field(make_desk, qtbot):
    root = make_desk()
    pane = root.window.ticket
    _type(qtbot, pane.inputs["caller_phone"], "13x00")
    pane.save.click()
    assert pane.errors["content"].isVisibleTo(pane) and "不能为空" in pane.errors["content"].text()
    assert pane.errors["caller_phone"].isVisibleTo(pane)
    assert pane.ticket_id == ""  # nothing written


def test_a_december_complaint_previews_a_provisional_finish_then_saves_and_dispatches(make_desk, qtbot):
    """Liangshan 第十二条(二): a complaint on 2026-12-18 finishes on 2027-01-04, counted on the
    provisional 2027 calendar (暂定); dispatching it to 市城管局 works."""
    root = make_desk()
    root.tickets.clock = lambda: datetime(2026, 12, 18, 10, 0, tzinfo=CST)
    pane = root.window.ticket
    pane.category.setCurrentIndex(pane.category.findData("complaint"))
    _type(qtbot, pane.inputs["caller_phone"], "13700000001")
    _type(qtbot, pane.content, "朝阳小区门口夜市占道经营，每晚噪音到凌晨")
    qtbot.waitUntil(lambda: "01-04 17:30（暂定）" in pane.preview.text(), timeout=15000)
    pane.save.click()
    qtbot.waitUntil(lambda: bool(pane.ticket_id), timeout=15000)
    assert "受理" in pane.title.text() or "已" in pane.status.text()
    _type(qtbot, pane.unit_query, "城管")
    qtbot.waitUntil(lambda: pane.units.count() > 0 and "城管" in pane.units.item(0).text(), timeout=15000)
    pane.dispatch.click()
    qtbot.waitUntil(lambda: "已派发" in pane.status.text(), timeout=15000)
    view = root.tickets_service.get(pane.ticket_id)
    assert view.state.value == "dispatched"
    assert view.finish_due is not None and view.provisional


def test_a_refused_step_shows_the_lifecycle_error_and_writes_nothing(make_desk, qtbot):
    root = make_desk()
    pane = root.window.ticket
    pane.category.setCurrentIndex(pane.category.findData("consult"))
    _type(qtbot, pane.inputs["caller_phone"], "13700000002")
    _type(qtbot, pane.content, "咨询居住证办理")
    pane.save.click()
    qtbot.waitUntil(lambda: bool(pane.ticket_id), timeout=15000)
    # a direct answer with no article chosen is refused in the pane, before any write
    pane.answer.click()
    assert "知识库" in pane.status.text()
    before = root.tickets_service.get(pane.ticket_id)
    root.tickets.dispatch(pane.ticket_id, "no-such-unit")
    qtbot.waitUntil(lambda: "未保存" in pane.status.text(), timeout=15000)
    after = root.tickets_service.get(pane.ticket_id)
    assert after.state == before.state and after.accepted == before.accepted


def test_a_ticket_goes_to_a_lead_and_an_assisting_unit(make_desk, qtbot):
    """Liangshan 第十一条(三): 主办协办 — the current unit leads, the others selected assist."""
    from PySide6.QtCore import QItemSelectionModel

    root = make_desk()
    pane = root.window.ticket
    assert [pane.mode.itemData(i) for i in range(pane.mode.count())][:2] == ["single", "lead-assist"]
    pane.category.setCurrentIndex(pane.category.findData("help"))
    _type(qtbot, pane.inputs["caller_phone"], "13700000004")
    _type(qtbot, pane.content, "小区门口道路塌陷，影响出行")
    pane.save.click()
    qtbot.waitUntil(lambda: bool(pane.ticket_id), timeout=15000)
    _type(qtbot, pane.unit_query, "qc.")
    qtbot.waitUntil(lambda: pane.units.count() >= 2 and root.worker.pending() == 0, timeout=15000)
    pane.units.setCurrentRow(1)
    pane.units.setCurrentRow(0, QItemSelectionModel.SelectionFlag.Select)  # the lead, with row 1 also selected
    lead = pane.units.item(0).data(256)
    pane.mode.setCurrentIndex(pane.mode.findData("single"))
    pane.dispatch.click()
    assert "单一承办只能选一个单位" in pane.status.text()  # refused in the pane: nothing written
    pane.mode.setCurrentIndex(pane.mode.findData("lead-assist"))
    pane.dispatch.click()
    qtbot.waitUntil(lambda: "已派发" in pane.status.text(), timeout=15000)
    view = root.tickets_service.get(pane.ticket_id)
    roles = [(a.unit_id, a.role.value) for a in view.assignments]
    assert view.mode.value == "lead-assist"
    assert [u for u, r in roles if r == "lead"] == [lead] and sorted(r for _, r in roles) == ["assist", "lead"]
