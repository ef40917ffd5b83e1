"""Bad input gets a message in the UI that says what is wrong, and nothing is written."""

from __future__ import annotations

import pytest

from desktop.app.login import check

pytestmark = pytest.mark.desk


def test_a_role_without_a_desk_view_is_told_so_at_login(desk_db):
    user, problem = check(desk_db, "cgj", "demo-cgj")  # the demo unit handler (承办单位)
    assert user is None and "承办单位" in problem


def test_a_supervisor_signs_in_to_the_recordings_view(desk_db):
    user, problem = check(desk_db, "zhijian", "demo-zhijian")  # the demo supervisor (质检)
    assert problem is None and user is not None
    assert "recordings" in user.panes and "phone" not in user.panes


def test_an_article_withdrawn_since_it_was_shown_is_refused_by_name(make_desk, qtbot):
    from storage.knowledge.service import KnowledgeService

    root = make_desk()
    pane = root.window.ticket
    pane.category.setCurrentIndex(pane.category.findData("consult"))
    pane.inputs["caller_phone"].setText("13700000003")
    pane.content.setPlainText("咨询公积金提取")
    pane.save.click()
    qtbot.waitUntil(lambda: bool(pane.ticket_id), timeout=15000)
    hits = root.knowledge_service.search("公积金", top=1)
    assert hits
    root.tickets.article = (hits[0].article_id, hits[0].version, "答复")
    admin = KnowledgeService(root.engine, origin="center-admin")
    from hotline.knowledge.roles import Actor, Role

    admin.archive(Actor("kb-admin", Role.CENTER_ADMIN), hits[0].article_id, reason="政策已调整")
    before = root.tickets_service.get(pane.ticket_id)
    pane.answer.click()
    qtbot.waitUntil(lambda: "撤回" in pane.status.text(), timeout=15000)
    after = root.tickets_service.get(pane.ticket_id)
    assert after.state == before.state and after.accepted == before.accepted


def test_a_refusing_registrar_and_a_dial_while_unregistered_are_told(center, make_desk, qtbot, tmp_path):
    from desktop.app.settings import DeskSettings

    k = center()  # the real center Kamailio; 1001's password is not "wrong"
    root = make_desk(settings=DeskSettings(center=k.host, profile="national", seat="007"), password="wrong",
                     phone=True, softphone_overrides={"recording_dir": tmp_path / "rec", "log_level": 0})
    notices: list[str] = []
    root.window.statusBar().messageChanged.connect(notices.append)
    qtbot.waitUntil(lambda: any("注册失败" in n for n in notices), timeout=30000)
    root.phone.command("dial", "", "110")
    qtbot.waitUntil(lambda: any(n.startswith("dial：") and "外呼" in n for n in notices), timeout=15000)
    assert root.phone.last is not None and root.phone.last.calls == ()  # no call was placed


def test_on_liangshan_a_three_way_call_waits_for_the_callers_consent(make_desk):
    """凉山 第十一条(一): 经诉求人同意 — the first press asks the agent to ask; the second confirms."""
    root = make_desk()  # the conftest desk runs the liangshan profile
    asked: list[str] = []
    root.consent.notice = asked.append
    assert root.consent.allow("110", "与 110 三方通话") is False and "第十一条(一)" in asked[0]
    assert root.consent.allow("110", "与 110 三方通话") is True and root.consent.given == {"110": True}
    root.window.ticket.profile.setCurrentIndex(root.window.ticket.profile.findData("ordos"))
    assert root.consent.allow("119", "与 119 三方通话") is True and len(asked) == 1  # Ordos asks for none
