"""Migration 0008: the recording tables at head are what storage.recording_tables declares, and it goes down and up."""

from __future__ import annotations

import pytest

from tests.storage.sync_helpers import central

TABLES = {"recordings", "recording_calls", "recording_uploads"}


@pytest.fixture
def center(db_url):
    eng = central(db_url)
    yield eng
    eng.dispose()


def test_the_tables_at_head_are_what_recording_tables_declares(center):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import storage.recording_tables  # noqa: F401  (joins the metadata)
    from storage.tables import Base

    with center.connect() as conn:
        def include(obj, name, kind, reflected, compare_to):
            return (name if kind == "table" else obj.table.name) in TABLES

        context = MigrationContext.configure(conn, opts={"include_object": include})
        assert compare_metadata(context, Base.metadata) == []


def test_0008_goes_down_to_0007_and_up_again(center):
    from alembic import command
    from sqlalchemy import inspect

    from storage.db import alembic_config, head_revision, upgrade

    with center.begin() as conn:
        command.downgrade(alembic_config(conn), "0007")
    assert not TABLES & set(inspect(center).get_table_names())
    assert upgrade(center) == head_revision()
    assert TABLES <= set(inspect(center).get_table_names())
