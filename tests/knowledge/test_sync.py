"""THE SYNC TEST: a unit publishes a new version on one workstation (SQLite desk A), sync carries it to the
central PostgreSQL, another workstation (SQLite desk B) pulls, and B's local search index finds the new
version — and not the old text. Also: the center's tsvector search, a center-side archive reaching the
desks, and a new desk whose index is built from scratch."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hotline.timezone import now
from storage.db import engine_for, upgrade
from storage.knowledge.center_search import center_search
from storage.knowledge.indexing import IndexKeeper
from storage.knowledge.service import KnowledgeService
from storage.search.index import KnowledgeIndex
from storage.sync import pull, push
from tests.knowledge.helpers import ADMIN, DIBAO, DIBAO_2027, EDITOR, REVIEWER


def workstation(tmp_path, name):
    url = f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
    upgrade(url)
    engine = engine_for(url)
    keeper = IndexKeeper(engine, KnowledgeIndex(tmp_path / f"{name}-index"))
    return engine, KnowledgeService(engine, keeper, origin=name)


def test_a_new_version_published_on_desk_a_is_found_on_desk_b_after_sync(tmp_path, pg_url):
    upgrade(pg_url)
    center = engine_for(pg_url)
    desk_a, service_a = workstation(tmp_path, "desk-a")
    desk_b, service_b = workstation(tmp_path, "desk-b")
    try:
        # version 1, written and published by the unit on desk A
        article = service_a.create(EDITOR, DIBAO)
        service_a.submit(EDITOR, article.id)
        service_a.approve(REVIEWER, article.id)
        service_a.publish(REVIEWER, article.id)
        assert push(desk_a, center) > 0
        pull(desk_b, center)
        hits = service_b.search("低保申请")
        assert [(h.article_id, h.version) for h in hits] == [(article.id, 1)]
        assert service_b.search("收入证明")[0].article_id == article.id

        # version 2 on desk A; desk B has not pulled yet and still answers from version 1
        service_a.edit(EDITOR, article.id, DIBAO_2027, note="增加网上申请渠道")
        service_a.submit(EDITOR, article.id)
        service_a.approve(REVIEWER, article.id)
        service_a.publish(REVIEWER, article.id)
        push(desk_a, center)
        assert service_b.search("小程序") == []

        pull(desk_b, center)
        refreshed = service_b.keeper.refresh()
        hits = service_b.search("小程序")
        assert [(h.article_id, h.version) for h in hits] == [(article.id, 2)]
        assert "在线申请" in hits[0].snippet and "<em>" in hits[0].snippet
        assert service_b.search("证明") == [] and service_b.search("书面") == []  # the old text is gone
        assert refreshed == 1  # the watermark: only the article the pull brought is re-indexed
        reading = service_b.read(article.id)
        assert reading.version.version == 2 and reading.version.body == DIBAO_2027.body
        assert [(v.version, v.edited_by, v.approved_by) for v in service_b.history(article.id)] == [
            (1, EDITOR.user, REVIEWER.user), (2, EDITOR.user, REVIEWER.user)]
        assert "+ 需要身份证和户口簿。" in service_b.diff(article.id, 1, 2).text()

        # the center's own search (tsvector + GIN) sees the live version only
        with Session(center) as session:
            found = center_search(session, "小程序申请低保", today=now().date())
            assert [(h.article_id, h.version) for h in found] == [(article.id, 2)]
            assert center_search(session, "证明", today=now().date()) == []  # version 1 said it; not live

        # the center archives it; the desks drop it from their index after their next pull
        KnowledgeService(center, role="center", origin="center").archive(ADMIN, article.id, reason="政策调整")
        pull(desk_a, center)
        pull(desk_b, center)
        assert service_a.search("低保") == [] and service_b.search("低保") == []
    finally:
        for engine in (center, desk_a, desk_b):
            engine.dispose()


def test_a_new_desk_builds_its_index_from_what_it_pulls(tmp_path, pg_url):
    upgrade(pg_url)
    center = engine_for(pg_url)
    desk_a, service_a = workstation(tmp_path, "desk-a")
    try:
        article = service_a.create(EDITOR, DIBAO)
        service_a.submit(EDITOR, article.id)
        service_a.approve(REVIEWER, article.id)
        service_a.publish(REVIEWER, article.id)
        service_a.edit(EDITOR, article.id, DIBAO_2027)
        service_a.submit(EDITOR, article.id)
        service_a.approve(REVIEWER, article.id)
        service_a.publish(REVIEWER, article.id)
        push(desk_a, center)
        desk_c, service_c = workstation(tmp_path, "desk-c")
        try:
            pull(desk_c, center)
            assert [(h.article_id, h.version) for h in service_c.search("低保")] == [(article.id, 2)]
            # the index directory is lost: the next search rebuilds it from the database
            service_c.keeper.index.clear()
            assert [(h.article_id, h.version) for h in service_c.search("低保")] == [(article.id, 2)]
        finally:
            desk_c.dispose()
    finally:
        center.dispose()
        desk_a.dispose()


def test_two_desks_editing_one_article_offline_converge_on_the_later_edit(tmp_path, pg_url):
    from dataclasses import replace

    from hotline.knowledge.roles import Actor, Role

    upgrade(pg_url)
    center = engine_for(pg_url)
    desk_a, service_a = workstation(tmp_path, "desk-a")
    desk_b, service_b = workstation(tmp_path, "desk-b")
    colleague = Actor("mz-he", Role.UNIT_EDITOR, EDITOR.unit_id)
    try:
        article = service_a.create(EDITOR, DIBAO)
        push(desk_a, center)
        pull(desk_b, center)
        service_a.edit(EDITOR, article.id, replace(DIBAO, body=DIBAO.body + "（甲修改）"))
        service_b.edit(colleague, article.id, replace(DIBAO, body=DIBAO.body + "（乙修改）"))  # later
        for desk in (desk_a, desk_b, desk_a):
            push(desk, center)
            pull(desk, center)
        pull(desk_b, center)
        copies = {service.article(article.id) for service in (service_a, service_b)}
        with Session(center) as session:
            from storage.knowledge.repository import KnowledgeRepository

            copies.add(KnowledgeRepository(session, None).get(article.id))
        assert len(copies) == 1
        (merged,) = copies
        assert merged.body.endswith("（乙修改）") and merged.edited_by == colleague.user and merged.revision == 2
    finally:
        for engine in (center, desk_a, desk_b):
            engine.dispose()
