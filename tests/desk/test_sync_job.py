"""The desk's sync job against the real central PostgreSQL: the status bar shows the link in Chinese,
a ticket written on the desk reaches the center, and an article the center publishes becomes
searchable on the desk (the index catches up after each pull)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.desk, pytest.mark.postgres]


def test_the_desk_syncs_tickets_up_and_articles_down(make_desk, pg_url, qtbot):
    from desktop.app.settings import DeskSettings
    from hotline.knowledge.article import Content
    from hotline.knowledge.roles import Actor, Role
    from storage.db import engine_for, upgrade
    from storage.demo import load_demo
    from storage.knowledge.service import KnowledgeService

    upgrade(pg_url)
    central = engine_for(pg_url)
    try:
        load_demo(central, role="center")
        root = make_desk(settings=DeskSettings(profile="national", seat="007", central_db=pg_url, sync_every_s=1))
        w = root.window
        qtbot.waitUntil(lambda: "已与中心同步" in w.sync_label.text(), timeout=20000)
        view = root.tickets_service.create("agent-1001", seat="007", profile="national", category="consult",
                                           urgency="normal", channel="phone", content="咨询社保卡补办",
                                           intake={"caller_phone": "13700000009"})
        qtbot.waitUntil(lambda: _at_center(central, view.id), timeout=20000)
        writer, checker = Actor("kb-writer", Role.CENTER_ADMIN), Actor("kb-checker", Role.CENTER_ADMIN)
        kb = KnowledgeService(central, origin="center", role="center")
        article = kb.create(writer, Content(title="社保卡补办须知（同步测试）", body="携带身份证到任一网点办理补卡。",
                                            category="社会保障"))
        kb.submit(writer, article.id)
        kb.approve(checker, article.id)  # another person checks it (凉山 第十七条)
        kb.publish(checker, article.id)
        qtbot.waitUntil(lambda: any(h.article_id == article.id for h in root.knowledge_service.search("补卡")),
                        timeout=20000)
    finally:
        central.dispose()


def _at_center(central, ticket_id: str) -> bool:
    from storage.ticket_service import TicketService
    from storage.tickets import TicketNotFound

    try:
        TicketService(central).get(ticket_id)
        return True
    except TicketNotFound:
        return False
