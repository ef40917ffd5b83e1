"""Migration 0012 creates exactly what storage.guard_tables and the audit_log columns declare, and goes
down to 0007 and up again on both databases (on PostgreSQL with its policies, views and functions)."""

from __future__ import annotations

from sqlalchemy import inspect, text

from storage.db import alembic_config, engine_for, head_revision, upgrade

GUARD = {"audit_node", "audit_chains", "ticket_attachments", "caller_access", "unit_db_users", "audit_log"}


def test_the_tables_at_head_are_what_the_models_declare(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage import guard_tables  # noqa: F401
    from storage.tables import Base

    upgrade(db_url)
    engine = engine_for(db_url)
    try:
        with engine.connect() as conn:
            def include(obj, name, kind, reflected, compare_to):
                return (name if kind == "table" else obj.table.name) in GUARD

            context = MigrationContext.configure(conn, opts={"include_object": include})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_0012_goes_down_and_up_again(db_url):
    from alembic import command

    upgrade(db_url)
    engine = engine_for(db_url)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0007")
        names = set(inspect(engine).get_table_names())
        assert not (GUARD - {"audit_log"}) & names
        assert "chain" not in {c["name"] for c in inspect(engine).get_columns("audit_log")}
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                assert conn.scalar(text("SELECT count(*) FROM pg_policies WHERE tablename = 'tickets'")) == 0
                assert conn.scalar(text("SELECT relrowsecurity FROM pg_class WHERE relname = 'tickets'")) is False
        assert upgrade(engine) == head_revision()
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                assert conn.scalar(text("SELECT count(*) FROM pg_policies WHERE tablename = 'tickets'")) == 1
                assert conn.scalar(text("SELECT count(*) FROM pg_views WHERE viewname = 'unit_tickets'")) == 1
    finally:
        engine.dispose()
