"""Migration 0003 creates the center's tables exactly as storage/center_tables.py declares them, and goes down again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from storage.center_tables import AgentNowRow, AgentStateRow, CallRow, QueueEventRow
from storage.db import alembic_config, engine_for, head_revision, table_names, upgrade

TABLES = {m.__tablename__: m for m in (QueueEventRow, AgentStateRow, AgentNowRow, CallRow)}


def test_0003_creates_the_center_tables_and_downgrades(db_url):
    upgrade(db_url)
    engine = engine_for(db_url)
    try:
        inspector = inspect(engine)
        for name, model in TABLES.items():
            declared = {c.name for c in model.__table__.columns}
            assert {c["name"] for c in inspector.get_columns(name)} == declared, name
            assert {i["name"] for i in inspector.get_indexes(name)} == {i.name for i in model.__table__.indexes}
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), "0002")
        assert not set(TABLES) & set(table_names(engine)) and "articles" in table_names(engine)
        assert upgrade(engine) == head_revision()  # 0003 and every later migration
        assert set(TABLES) <= set(table_names(engine))
    finally:
        engine.dispose()
