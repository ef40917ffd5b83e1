"""The specialist's pop and the expert-seat picker on a real SQLite working copy (no phone, no center).

A call carrying a ticket the copy does not hold yet shows it pending and reads it again after a sync;
an opinion is an EXPERT_OPINION event through the lifecycle; a closed ticket refuses it with
AlreadyClosed. The agent's picker lists the unit tree's expert seats and searches them by topic.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.app.root import DeskUser
from desktop.app.settings import DeskSettings
from telephony.softphone.model import CallSnapshot, CallState, Direction

pytestmark = pytest.mark.desk
SPECIALIST = DeskUser("2101", "社保政策专家", "specialist", "2101", "专家坐席", ("phone", "specialist_pop", "knowledge"))


def _ringing(ticket_id: str, number: str = "20261208-007-0001") -> CallSnapshot:
    return CallSnapshot(call_id="c1", direction=Direction.INBOUND, state=CallState.INCOMING,
                        remote_uri="sip:1001@127.0.0.1", caller_number="1001", dialled="2101", sip_call_id="sip-1",
                        interaction_id="i1", ticket_id=ticket_id, ticket_number=number)


def _create(root, ticket_id: str | None = None):
    return root.tickets_service.create("agent-1001", seat="007", profile="liangshan", category="consult",
                                       urgency="normal", channel="phone", content="询问失业保险金申领条件",
                                       intake={"caller_phone": "13800000001"}, ticket_id=ticket_id)


def test_a_specialist_gets_the_pop_instead_of_the_ticket_pane(make_desk):
    root = make_desk(settings=DeskSettings(profile="liangshan", seat="021"), user=SPECIALIST)
    w = root.window
    assert w.ticket is None and w.caller is None and w.expert_picker is None and w.specialist is not None
    assert root.tickets is None and not [a for a in w.actions() if a.objectName() == "expertsAction"]


def test_a_ticket_not_synced_yet_is_pending_then_popped_after_the_next_sync(make_desk, qtbot):
    root = make_desk(settings=DeskSettings(profile="liangshan", seat="021"), user=SPECIALIST)
    pane = root.window.specialist
    ticket_id = "01a2f000-0000-7000-8000-000000000001"
    root.specialist.ringing(_ringing(ticket_id))
    qtbot.waitUntil(lambda: root.specialist.pending, timeout=15000)
    assert "20261208-007-0001" in pane.title.text() and not pane.submit.isEnabled()
    view = _create(root, ticket_id)  # what the next pull brings
    root.specialist.after_sync()
    qtbot.waitUntil(lambda: pane.view is not None, timeout=15000)
    assert pane.view.number == view.number and pane.content.toPlainText() == "询问失业保险金申领条件"
    assert pane.content.isReadOnly() and pane.submit.isEnabled()
    assert root.specialist.seat == ("社保政策专家坐席", "青川市人力资源和社会保障局")  # found by its extension
    pane.text.setPlainText("可申领失业保险金，需先办理失业登记")
    pane.submit.click()
    qtbot.waitUntil(lambda: pane.opinions.count == 1, timeout=15000)
    [opinion] = root.tickets_service.get(ticket_id).opinions
    assert (opinion.seat, opinion.text) == ("社保政策专家坐席", "可申领失业保险金，需先办理失业登记")


def test_a_closed_ticket_refuses_the_opinion_with_already_closed(make_desk, qtbot):
    from hotline.tickets import commands

    root = make_desk(settings=DeskSettings(profile="liangshan", seat="021"), user=SPECIALIST)
    pane = root.window.specialist
    view = _create(root)
    root.specialist.ringing(_ringing(view.id, view.number))
    qtbot.waitUntil(lambda: pane.view is not None, timeout=15000)
    root.tickets_service.step(view.id, lambda v: [commands.link_emergency(v.id, "agent-1001", line="110")])
    assert root.tickets_service.get(view.id).state.value == "closed"
    root.specialist.add_opinion(view.id, "迟到的意见")  # the pane still showed it open
    qtbot.waitUntil(lambda: bool(pane.error_code), timeout=15000)
    assert pane.error_code == "AlreadyClosed" and root.tickets_service.get(view.id).opinions == ()
    root.specialist.after_sync()
    qtbot.waitUntil(lambda: pane.view is not None and not pane.view.open, timeout=15000)
    assert not pane.submit.isEnabled()


def test_a_call_without_a_ticket_pops_nothing(make_desk, qtbot):
    root = make_desk(settings=DeskSettings(profile="liangshan", seat="021"), user=SPECIALIST)
    root.specialist.ringing(replace(_ringing(""), ticket_number=""))
    assert root.window.specialist.view is None and root.specialist.ticket is None


def test_the_agents_picker_lists_the_expert_seats_and_searches_by_topic_and_unit(make_desk, qtbot):
    root = make_desk()
    w = root.window
    [action] = [a for a in w.actions() if a.objectName() == "expertsAction"]
    assert action.shortcut().toString() == "Ctrl+E"
    action.trigger()
    picker = w.expert_picker
    qtbot.waitUntil(lambda: picker.list.count() >= 7, timeout=15000)
    picker.search.setText("物业")
    assert picker.list.count() == 1 and "住建专家" in picker.list.item(0).text()
    picker.search.setText("市人社局")
    assert picker.list.count() == 2
    picker.search.setText("没有这个专长")
    assert picker.list.count() == 0 and not picker.conference.isEnabled()
    notices: list[str] = []
    root.experts.notice.connect(notices.append)
    picker.search.setText("失业保险")
    picker.conference.click()  # no call: refused with a notice, nothing dialled
    assert notices and root.experts.seat is None
