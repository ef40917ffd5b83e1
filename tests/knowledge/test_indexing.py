"""The workstation index follows the dates as well as the writes: an article enters on its first day in
force and leaves after its last; a replaced database file makes the index rebuild itself."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hotline.knowledge import lifecycle as L
from storage.db import engine_for, upgrade
from storage.knowledge.indexing import SEQ_KEY, IndexKeeper, index_path
from storage.search.index import KnowledgeIndex
from storage.uow import UnitOfWork
from tests.knowledge.helpers import ADMIN, DIBAO, YIBAO


def store(engine, *contents):
    with UnitOfWork(engine) as uow:
        made = [L.import_published(ADMIN, c) for c in contents]
        for article, version in made:
            uow.knowledge.save(article, version)
        uow.commit()
    return [a for a, _ in made]


def titles(keeper, query):
    return [h.title for h in keeper.index.search(query)]


def test_articles_enter_and_leave_the_index_with_their_dates(sqlite_url, tmp_path):
    upgrade(sqlite_url)
    engine = engine_for(sqlite_url)
    try:
        store(engine, replace(DIBAO, effective_from=date(2026, 12, 1)),
              replace(YIBAO, effective_from=None, expires_on=date(2026, 11, 30)))
        keeper = IndexKeeper(engine, KnowledgeIndex(tmp_path / "index"))
        assert keeper.refresh(date(2026, 11, 30)) == 2
        assert titles(keeper, "低保") == [] and titles(keeper, "医保") == [YIBAO.title]
        assert keeper.refresh(date(2026, 11, 30)) == 0  # nothing changed, nothing done
        assert keeper.refresh(date(2026, 12, 1)) == 2  # the next day: one starts, one has expired
        assert titles(keeper, "低保") == [DIBAO.title] and titles(keeper, "医保") == []
    finally:
        engine.dispose()


def test_an_index_ahead_of_its_database_is_rebuilt(sqlite_url, tmp_path):
    upgrade(sqlite_url)
    engine = engine_for(sqlite_url)
    try:
        store(engine, DIBAO, YIBAO)
        index = KnowledgeIndex(tmp_path / "index")
        index.set_meta(SEQ_KEY, 99)  # left over from a database file that was replaced
        keeper = IndexKeeper(engine, index)
        assert keeper.refresh() == 2 and index.count() == 2 and index.get_meta(SEQ_KEY) == 2
    finally:
        engine.dispose()


def test_each_database_has_its_own_index_in_the_data_directory(data_home):
    a, b = index_path("sqlite:///a.sqlite3"), index_path("sqlite:///b.sqlite3")
    assert a != b and a.parent == b.parent == data_home / "knowledge-index"


def test_search_and_read_do_not_wait_for_a_write_transaction(sqlite_url, tmp_path):
    import threading

    from sqlalchemy import text

    from storage.knowledge.service import KnowledgeService

    upgrade(sqlite_url)
    engine = engine_for(sqlite_url)
    service = KnowledgeService(engine, IndexKeeper(engine, KnowledgeIndex(tmp_path / "index")))
    try:
        (article,) = store(engine, DIBAO)
        holding, release = threading.Event(), threading.Event()

        def pull_like_writer():  # a long write transaction, as a pull batch holds one
            with engine.begin() as conn:
                conn.execute(text("UPDATE articles SET note = 'x' WHERE id = :id"), {"id": article.id})
                holding.set()
                release.wait(30)

        writer = threading.Thread(target=pull_like_writer)
        writer.start()
        try:
            assert holding.wait(10)
            hits = service.search("低保")  # with BEGIN IMMEDIATE this would wait for the writer
            reading = service.read(article.id)
            assert writer.is_alive()  # answered while the write transaction was still open
        finally:
            release.set()
            writer.join(30)
        assert [h.article_id for h in hits] == [article.id] and reading.version.version == 1
    finally:
        service.close()
        engine.dispose()
