"""Alembic environment: migrates the connection storage.db hands over (or the configured URL)."""

from alembic import context
from sqlalchemy import create_engine

from storage import (  # noqa: F401  (their tables join the metadata)
    account_tables,
    board_tables,
    center_tables,
    flag_tables,
    guard_tables,
    qa_tables,
    recording_tables,
)
from storage.tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection):
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
