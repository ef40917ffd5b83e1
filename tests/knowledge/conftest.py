"""Knowledge fixtures: an upgraded database (SQLite file and real PostgreSQL), its service and index."""

from __future__ import annotations

import pytest

from storage.db import engine_for, upgrade
from storage.knowledge.indexing import IndexKeeper
from storage.knowledge.service import KnowledgeService
from storage.search.index import KnowledgeIndex


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    """Each test gets its own data directory (where the workstation search indexes live)."""
    monkeypatch.setenv("HOTLINE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def engine(db_url):
    """An engine on a freshly upgraded database, disposed afterwards."""
    upgrade(db_url)
    eng = engine_for(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def service(engine, tmp_path):
    """The knowledge service with an on-disk index of this database."""
    return KnowledgeService(engine, IndexKeeper(engine, KnowledgeIndex(tmp_path / "index")), origin="desk-07")
