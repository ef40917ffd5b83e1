"""The knowledge service on SQLite and PostgreSQL: editorial steps written and audited, the index in
step with them, versions and diffs read back, review-overdue counts, and the direct answer on a ticket."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from hotline.knowledge import errors as E
from hotline.knowledge.article import ArticleStatus
from storage.tables import OutboxRow
from storage.uow import UnitOfWork
from tests.knowledge.helpers import ADMIN, AGENT, DIBAO, DIBAO_2027, EDITOR, REVIEWER, U1, U2, YIBAO
from tests.storage import factories


def publish(service, content, editor=EDITOR, reviewer=REVIEWER):
    article = service.create(editor, content)
    service.submit(editor, article.id)
    service.approve(reviewer, article.id)
    return service.publish(reviewer, article.id)


def test_each_step_is_written_audited_and_recorded_for_sync(service, engine):
    article, v1 = publish(service, DIBAO)
    with UnitOfWork(engine) as uow:
        stored = uow.knowledge.get(article.id)
        trail = uow.audit.for_subject("article", article.id)
        outbox = list(uow.session.execute(select(OutboxRow.entity, OutboxRow.entity_id).order_by(OutboxRow.seq)))
    assert stored == article and stored.status == ArticleStatus.PUBLISHED
    assert [(e.action, e.actor) for e in trail] == [
        ("kb-create", EDITOR.user), ("kb-submit", EDITOR.user), ("kb-approve", REVIEWER.user),
        ("kb-publish", REVIEWER.user)]
    assert trail[-1].detail["version"] == 1 and trail[-1].detail["role"] == "unit-reviewer"
    kinds = [kind for kind, entity_id in outbox if entity_id == article.id]
    assert kinds.count("article") == 4 and kinds.count("article_version") == 1
    assert kinds.count("audit") == 0  # audit rows are keyed by their own id
    assert kinds.index("article_version") < len(kinds) - 1  # the version travels before the article


def test_a_refused_step_writes_nothing(service, engine):
    article = service.create(EDITOR, DIBAO)
    service.submit(EDITOR, article.id)
    with pytest.raises(E.SelfApproval):
        service.approve(replace(REVIEWER, user=EDITOR.user), article.id)
    with pytest.raises(E.NotPermitted):
        service.publish(AGENT, article.id)
    with UnitOfWork(engine) as uow:
        assert uow.knowledge.get(article.id).approved_by is None
        assert [e.action for e in uow.audit.for_subject("article", article.id)] == ["kb-create", "kb-submit"]


def test_search_follows_publication_edits_and_archiving(service):
    article, _ = publish(service, DIBAO)
    publish(service, YIBAO, editor=ADMIN, reviewer=replace(ADMIN, user="center-qian"))
    hits = service.search("低保怎么申请")
    assert hits[0].article_id == article.id and hits[0].version == 1
    assert "<em>低保</em>" in hits[0].title_highlighted
    assert service.search("证明")[0].article_id == article.id

    service.edit(EDITOR, article.id, DIBAO_2027, note="增加网上申请")
    assert service.search("低保")[0].version == 1  # the draft is not what agents see
    assert service.search("小程序") == []
    service.submit(EDITOR, article.id)
    service.approve(REVIEWER, article.id)
    service.publish(REVIEWER, article.id)
    assert service.search("小程序")[0].version == 2
    assert service.search("证明") == [] and service.search("书面") == []  # the old text is gone

    service.archive(REVIEWER, article.id, reason="政策调整")
    assert service.search("低保") == []
    assert [h.title for h in service.search("医保")] == [YIBAO.title]


def test_history_read_and_diff(service):
    article, _ = publish(service, DIBAO)
    service.edit(EDITOR, article.id, DIBAO_2027, note="增加网上申请")
    service.submit(EDITOR, article.id)
    service.approve(REVIEWER, article.id)
    service.publish(REVIEWER, article.id)
    history = service.history(article.id)
    assert [(v.version, v.edited_by, v.approved_by, v.note) for v in history] == [
        (1, EDITOR.user, REVIEWER.user, ""), (2, EDITOR.user, REVIEWER.user, "增加网上申请")]
    assert service.read(article.id).version.version == 2 and service.read(article.id).current
    old = service.read(article.id, 1)
    assert old.version.body == DIBAO.body and not old.current
    text = service.diff(article.id, 1, 2).text()
    assert "- 需要身份证、户口簿和收入证明。" in text and "+ 需要身份证和户口簿。" in text
    with pytest.raises(E.ArticleNotFound):
        service.read(article.id, 3)


def test_review_overdue_counts_per_unit(service):
    publish(service, replace(DIBAO, review_by=date(2026, 3, 1)))
    publish(service, replace(DIBAO, title="低保金发放", review_by=date(2026, 5, 1)))
    publish(service, replace(DIBAO, title="未到复核日", review_by=date(2027, 5, 1)))
    done, _ = publish(service, replace(DIBAO, title="已归档", review_by=date(2026, 5, 1)))
    service.archive(REVIEWER, done.id)
    publish(service, replace(YIBAO, review_by=date(2026, 1, 1)), editor=ADMIN, reviewer=replace(ADMIN, user="x"))
    service.create(EDITOR, replace(DIBAO, title="草稿", review_by=date(2026, 1, 1)))
    assert service.review_overdue(date(2026, 11, 22)) == {U1: 2, U2: 1}


def test_a_direct_answer_records_the_article_and_the_version_given(service, engine):
    article, _ = publish(service, DIBAO)
    service.edit(EDITOR, article.id, DIBAO_2027)
    service.submit(EDITOR, article.id)
    service.approve(REVIEWER, article.id)
    service.publish(REVIEWER, article.id)
    created = factories.created(content="请问低保怎么申请", at=factories.BASE.replace(year=2026))
    with UnitOfWork(engine) as uow:
        uow.tickets.add(created)
        uow.commit()
    view = service.answer_directly(created.ticket_id, "agent-07", article.id, answer="告知申请条件和渠道",
                                   at=created.at.replace(minute=35))
    assert (view.article_id, view.article_version, view.disposition) == (article.id, 2, "direct")
    with UnitOfWork(engine) as uow:
        stored = uow.tickets.get(created.ticket_id)
        given = uow.knowledge.version(stored.article_id, stored.article_version)
    assert given.body == DIBAO_2027.body  # the center reads later exactly the text that was given


def test_no_direct_answer_from_an_article_not_in_force(service, engine):
    article, _ = publish(service, replace(DIBAO, effective_from=date(2030, 1, 1)))
    created = factories.created(at=factories.BASE.replace(year=2026))
    with UnitOfWork(engine) as uow:
        uow.tickets.add(created)
        uow.commit()
    with pytest.raises(E.NotInForce):
        service.answer_directly(created.ticket_id, "agent-07", article.id, at=created.at.replace(minute=40))
    assert service.search("低保") == []  # not in force yet: not in the agents' index either
