"""Engines and schema upgrades: ``engine_for(url)`` and ``upgrade(url)``, run before anything touches the data.

SQLite engines run in WAL mode with foreign keys on, a busy timeout, and ``BEGIN IMMEDIATE`` for
every transaction (a unit of work reads then writes; taking the write lock up front avoids the
lock-upgrade failures of deferred transactions). Plain ``postgresql://`` URLs use psycopg 3.
Migrations are Alembic scripts shipped in storage/migrations; the Config is built in code, so no
alembic.ini is needed on the user's path.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from hotline.secrets import mask_secrets, mask_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


class DatabaseError(Exception):
    """The database cannot be used: a bad URL, an unreachable server, an unknown schema; says which."""


def normalize_url(url: str) -> str:
    """Map ``postgresql://`` and ``postgres://`` to the psycopg 3 driver; check the URL parses."""
    text = str(url).strip()
    for prefix in ("postgres://", "postgresql://"):
        if text.startswith(prefix):
            text = "postgresql+psycopg://" + text[len(prefix) :]
    try:
        parsed = make_url(text)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise DatabaseError(
            f"not a database URL: {mask_url(url)!r} (expected sqlite:///PATH or postgresql://...)"
        ) from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"unsupported database {parsed.get_backend_name()!r} in {mask_url(url)!r}: use SQLite or PostgreSQL"
        )
    return text


def engine_for(url: str, **kwargs: Any) -> Engine:
    """A configured engine for ``url`` (SQLite file or PostgreSQL); new each call, dispose it when done."""
    text = normalize_url(url)
    parsed = make_url(text)
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(text, **kwargs)
            _configure_sqlite(engine, in_memory=parsed.database in (None, "", ":memory:"))
        else:
            connect_args = {"connect_timeout": 10, **kwargs.pop("connect_args", {})}
            engine = create_engine(text, pool_pre_ping=True, connect_args=connect_args, **kwargs)
    except (NoSuchModuleError, ArgumentError) as exc:
        raise DatabaseError(mask_secrets(f"cannot use {mask_url(url)!r}: {exc}")) from exc
    return engine


def _configure_sqlite(engine: Engine, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(connection: Any = None) -> Any:
    """The Alembic Config for our scripts, built in code; ``connection`` is handed to env.py."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration shipped with this build."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at; None for a database never upgraded."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(url_or_engine: str | Engine, seed_calendar: bool = True) -> str:
    """Bring the schema to the newest migration and seed the work calendar if it is empty.

    A no-op on a database that is already current. Returns the revision now in force. Raises
    DatabaseError (with the reason) when the database cannot be reached or is newer than this build.
    """
    from alembic import command
    from sqlalchemy.exc import OperationalError

    engine = engine_for(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        head = head_revision()
        current = current_revision(engine)
        if current is not None and current != head and not _known(current):
            raise DatabaseError(f"the database is at migration {current}, newer than this program ({head})")
        if current != head:
            with engine.begin() as conn:
                command.upgrade(alembic_config(conn), "head")
        if seed_calendar:
            from storage.calendar import seed_if_empty

            seed_if_empty(engine)
        return head
    except OperationalError as exc:
        raise DatabaseError(mask_secrets(f"cannot reach the database {_safe(engine)}: {_first_line(exc)}")) from exc
    finally:
        if isinstance(url_or_engine, str):
            engine.dispose()


def is_current(engine: Engine) -> bool:
    """Whether the schema is at the newest migration."""
    return current_revision(engine) == head_revision()


def table_names(engine: Engine) -> list[str]:
    """Tables present in the database, sorted."""
    return sorted(inspect(engine).get_table_names())


def _known(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:
        return False


def _safe(engine: Engine) -> str:
    return mask_url(engine.url.render_as_string(hide_password=True))


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
