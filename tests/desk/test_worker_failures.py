"""Desk jobs whose failure used to vanish (their on_error was ``lambda e: None``): on a real SQLite
file without the desk's tables, the expert-seat look-up fails, is logged and reaches the status bar
(``DbWorker.failed``), and the worker runs the next job."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine

from desktop.app.root import DeskUser
from desktop.app.specialist import SpecialistController
from desktop.app.worker import DbWorker
from desktop.ui.specialistpane import SpecialistPane

pytestmark = pytest.mark.desk
SPECIALIST = DeskUser("2101", "社保政策专家", "specialist", "2101", "专家坐席", ("phone", "specialist_pop", "knowledge"))


def test_the_expert_seat_look_up_failure_is_reported_and_the_worker_goes_on(qtbot, tmp_path, caplog):
    caplog.set_level(logging.ERROR, logger="desktop.worker")
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")  # never upgraded: no tables
    worker = DbWorker()
    failed: list[str] = []
    worker.failed.connect(lambda name, exc: failed.append(name))
    pane = SpecialistPane()
    qtbot.addWidget(pane)
    try:
        SpecialistController(worker, SimpleNamespace(engine=engine), pane, SPECIALIST).start()
        qtbot.waitUntil(lambda: failed == ["expert-seat"], timeout=15000)
        assert any("expert-seat" in r.getMessage() for r in caplog.records)
        results: list[int] = []
        worker.submit(lambda: 42, results.append, name="next")
        qtbot.waitUntil(lambda: results == [42], timeout=15000)
    finally:
        worker.stop()
        engine.dispose()
