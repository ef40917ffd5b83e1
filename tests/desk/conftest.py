"""Fixtures of the desk tests: a real SQLite working copy with the demo city and knowledge base,
and a DeskRoot (the composition root) over it; Qt runs offscreen (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.desk


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    """One upgraded, seeded SQLite file; each test copies it (the knowledge index is rebuilt per copy)."""
    from storage.db import engine_for, upgrade
    from storage.demo import load_demo
    from storage.knowledge.demo import load_articles

    path = tmp_path_factory.mktemp("desk-template") / "desk.sqlite3"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = engine_for(url)
    try:
        load_demo(engine)
        load_articles(engine)
    finally:
        engine.dispose()
    return path


@pytest.fixture
def desk_db(demo_db_template: Path, tmp_path: Path) -> str:
    import shutil

    target = tmp_path / "desk.sqlite3"
    shutil.copyfile(demo_db_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def make_desk(qtbot, desk_db: str, tmp_path: Path, monkeypatch) -> Iterator[Callable[..., Any]]:
    """Build DeskRoots (user 1001 unless told otherwise); stopped after the test."""
    from desktop.app.root import DeskRoot, DeskUser
    from desktop.app.settings import DeskSettings

    monkeypatch.setenv("HOTLINE_HOME", str(tmp_path / "data"))
    roots: list[Any] = []

    def make(*, settings: DeskSettings | None = None, user: DeskUser | None = None, password: str = "pw-1001",
             start: bool = True, phone: bool = False, **kw: Any) -> Any:
        s = settings or DeskSettings(profile="liangshan", seat="007")
        u = user or DeskUser("1001", "张三", "agent", "1001", "话务员")
        root = DeskRoot(s, u, password, local_url=kw.pop("local_url", desk_db), data_dir=tmp_path / "data", **kw)
        qtbot.addWidget(root.window)
        roots.append(root)
        if start:
            root.start(phone=phone)
        return root

    yield make
    for root in roots:
        root.stop()


# the center, its director, the lab's peers and the music server, as the center tests use them
from tests.telephony.center.conftest import center, director  # noqa: E402,F401
from tests.telephony.center.test_music import music  # noqa: E402,F401
from tests.telephony.conftest import lab  # noqa: E402,F401
