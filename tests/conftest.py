"""Shared fixtures: a fresh SQLite file and a fresh database on the real PostgreSQL server.

The PostgreSQL server is the one on 127.0.0.1:5432 (trust auth), or the throwaway cluster that
bootstrap.sh starts when there is none (HOTLINE_TEST_PG). Tests never skip PostgreSQL: if it cannot
be reached the fixture fails loudly.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PG_ADMIN_URL = os.environ.get("HOTLINE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


@contextmanager
def fresh_pg_database(prefix: str = "hotline_test") -> Iterator[str]:
    """Create an empty database on the test server, yield its SQLAlchemy URL, drop it afterwards."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """URL of a new SQLite file in the test's temporary directory."""
    return f"sqlite:///{tmp_path / 'hotline.sqlite3'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a new, empty database on the real PostgreSQL server."""
    with fresh_pg_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path) -> Iterator[str]:
    """Each test using this runs twice: on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hotline.sqlite3'}"
    else:
        with fresh_pg_database() as url:
            yield url
