"""Fixtures of the recording-store tests: a real nginx store, a real central PostgreSQL, a desk's SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from storage.db import engine_for, upgrade
from telephony.center.recstore_nginx import RecordingStore
from tests.telephony.center.recstore.support import DESK


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordingStore]:
    s = RecordingStore(tmp_path / "center" / "recstore", tmp_path / "center", uploaders=[DESK, "1002"])
    s.start()
    yield s
    s.stop()


@pytest.fixture
def central(pg_url: str) -> Iterator[Engine]:
    upgrade(pg_url)
    eng = engine_for(pg_url)
    yield eng
    eng.dispose()


@pytest.fixture
def desk_db(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    upgrade(url)
    eng = engine_for(url)
    yield eng
    eng.dispose()
