"""Schema upgrades on a fresh SQLite file and a fresh PostgreSQL database; URLs and calendar seeding."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select

from hotline.workcalendar import CalendarYearMissing
from storage.calendar import CalendarRepository
from storage.db import (
    DatabaseError,
    current_revision,
    engine_for,
    head_revision,
    normalize_url,
    table_names,
    upgrade,
)
from storage.tables import Base

EXPECTED = {t.name for t in Base.metadata.sorted_tables}


def test_upgrade_creates_every_table_and_seeds_the_calendar(db_url):
    assert upgrade(db_url) == head_revision()
    engine = engine_for(db_url)
    try:
        assert EXPECTED <= set(table_names(engine))
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            from sqlalchemy.orm import Session

            with Session(bind=conn) as session:
                cal = CalendarRepository(session).load()
        assert 2025 in cal.years and 2004 in cal.years
        assert cal.is_workday(date(2025, 1, 26))  # a Sunday made a working day (春节调休)
        assert not cal.is_workday(date(2025, 10, 1))  # National Day
        # 2040 has no official data: provisional (Mon 01-02 works, 元旦 Sun 01-01 gives no weekday off)
        assert cal.is_workday(date(2040, 1, 2)) and cal.provisional_years == {2040}
        with pytest.raises(CalendarYearMissing):  # before the data and the amended statute
            cal.is_workday(date(2003, 1, 2))
    finally:
        engine.dispose()


def test_second_upgrade_is_a_no_op(db_url):
    upgrade(db_url)
    engine = engine_for(db_url)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        assert upgrade(engine) == head_revision()
        writes = [
            s
            for s in statements
            if s.split()[0].upper() in ("CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE")
        ]
        assert writes == []
    finally:
        engine.dispose()


def test_center_can_add_a_year_the_package_lacks(db_url):
    upgrade(db_url)
    engine = engine_for(db_url)
    try:
        from sqlalchemy.orm import Session

        with Session(engine) as session:
            repo = CalendarRepository(session)
            repo.add_year(2031, {date(2031, 1, 1): (False, "元旦"), date(2031, 1, 4): (True, "调休上班")})
            session.commit()
        with Session(engine) as session:
            cal = CalendarRepository(session).load()
            assert not cal.is_workday(date(2031, 1, 1))
            assert cal.is_workday(date(2031, 1, 4))  # a Saturday worked
            assert cal.is_workday(date(2031, 1, 2))
            from storage.tables import CalendarYearRow

            assert (
                session.scalar(select(CalendarYearRow.source).where(CalendarYearRow.year == 2031)) == "admin"
            )
    finally:
        engine.dispose()


def test_plain_postgresql_urls_use_psycopg():
    assert normalize_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    assert normalize_url("postgres://u@h/db").startswith("postgresql+psycopg://")
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


@pytest.mark.parametrize("bad", ["not a url", "mysql://u@h/db", "oracle://x"])
def test_bad_urls_are_refused_with_a_reason(bad):
    with pytest.raises(DatabaseError, match="database|URL|unsupported"):
        engine_for(bad)


def test_unreachable_server_says_so():
    with pytest.raises(DatabaseError, match="cannot reach"):
        upgrade("postgresql://postgres@127.0.0.1:1/nothing")


def test_sqlite_engine_settings(sqlite_url):
    engine = engine_for(sqlite_url)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
    finally:
        engine.dispose()


def test_0002_adds_the_knowledge_tables_and_on_postgresql_the_tsvector_with_its_gin_index(db_url):
    from sqlalchemy import inspect

    upgrade(db_url)
    engine = engine_for(db_url)
    try:
        assert {"articles", "article_versions"} <= set(table_names(engine))
        columns = {c["name"] for c in inspect(engine).get_columns("article_versions")}
        indexes = {i["name"] for i in inspect(engine).get_indexes("article_versions")}
        if engine.dialect.name == "postgresql":
            assert "search_tsv" in columns and "ix_article_versions_search_tsv" in indexes
            with engine.connect() as conn:
                method = conn.exec_driver_sql(
                    "SELECT am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam "
                    "WHERE c.relname = 'ix_article_versions_search_tsv'").scalar()
            assert method == "gin"
        else:
            assert "search_tsv" not in columns
        from alembic import command

        from storage.db import alembic_config

        with engine.begin() as conn:  # down to 0001 and up again
            command.downgrade(alembic_config(conn), "0001")
        assert "articles" not in table_names(engine) and "tickets" in table_names(engine)
        assert upgrade(engine) == head_revision()
        assert "articles" in table_names(engine)
    finally:
        engine.dispose()
