"""Work crosses threads only by queued signal: the database worker and the engines' relay."""

from __future__ import annotations

import threading

import pytest

from desktop.app.bridge import Relay, on_gui_thread
from desktop.app.worker import DbWorker

pytestmark = pytest.mark.desk


def test_database_work_runs_on_the_worker_and_answers_on_the_gui_thread(qtbot):
    worker = DbWorker()
    seen: dict[str, object] = {}
    try:
        def job() -> str:
            seen["job_thread"] = threading.current_thread().name
            return "ok"

        def done(result: str) -> None:
            seen["result"], seen["done_on_gui"] = result, on_gui_thread()

        def boom() -> None:
            raise ValueError("数据库不可用")

        def failed(exc: BaseException) -> None:
            seen["error"], seen["error_on_gui"] = exc, on_gui_thread()

        worker.submit(boom, on_error=failed)
        worker.submit(job, done)  # the worker goes on after a failing job
        qtbot.waitUntil(lambda: "result" in seen and "error" in seen, timeout=3000)
        assert seen["job_thread"] == "desk-db" and seen["done_on_gui"] is True and seen["result"] == "ok"
        assert isinstance(seen["error"], ValueError) and seen["error_on_gui"] is True
        qtbot.waitUntil(lambda: worker.pending() == 0, timeout=1000)
    finally:
        worker.stop()


def test_an_engine_callback_reaches_the_gui_thread_queued(qtbot):
    relay = Relay()
    got: list[tuple[object, bool]] = []
    relay.received.connect(lambda value: got.append((value, on_gui_thread())))
    t = threading.Thread(target=lambda: relay.post("来电"), name="pjsua2-stand-in")
    t.start()
    t.join()
    assert got == []  # not called on the posting thread
    qtbot.waitUntil(lambda: got == [("来电", True)], timeout=2000)
