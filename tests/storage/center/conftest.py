"""Center storage fixtures: an upgraded database (SQLite file and real PostgreSQL) and its engine."""

from __future__ import annotations

import pytest

from storage.db import engine_for, upgrade


@pytest.fixture
def engine(db_url):
    """An engine on a freshly upgraded database, disposed afterwards."""
    upgrade(db_url)
    eng = engine_for(db_url)
    yield eng
    eng.dispose()
