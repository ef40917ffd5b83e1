"""Live board: on the real PostgreSQL a callback with fresh figures follows an append by NOTIFY (within a
second, with no periodic refresh); on SQLite the watcher polls."""

from __future__ import annotations

import queue
import time

from sqlalchemy import text

from hotline.acd import Director, Record
from storage.center_live import BoardWatcher
from storage.db import engine_for, upgrade
from storage.uow import UnitOfWork
from tests.hotline.acd.helpers import plan


def _append(engine, actions) -> None:
    with UnitOfWork(engine, origin="center", role="center") as uow:
        uow.center.append([x.event for x in actions if isinstance(x, Record)])
        uow.commit()


def _waiting(figures) -> int:
    return next(f for f in figures if f.queue == "general").waiting


def test_notify_wakes_the_board_within_a_second(pg_url):
    from hotline.timezone import now

    upgrade(pg_url)
    engine = engine_for(pg_url)
    got: queue.Queue = queue.Queue()
    p = plan()
    d = Director(p, now())
    d.agent_registered("1001", now())
    d.agent_state("1001", "not-ready", now(), reason="会议")
    d.agent_registered("1099", now())  # the duty seat keeps the night rule away: the caller waits
    watcher = BoardWatcher(pg_url, lambda f: got.put((time.monotonic(), f)), plan=p, refresh_s=None).start()
    try:
        _, first = got.get(timeout=5)
        assert _waiting(first) == 0
        started = time.monotonic()
        _append(engine, d.call_queued("live-1", caller="1", dialled="12345", at=now()))
        arrived, figures = got.get(timeout=1.0)
        assert _waiting(figures) == 1
        assert arrived - started < 1.0 and watcher.notifications >= 1
        assert got.empty()  # nothing without a notification (refresh_s=None)
        # a transaction that rolls back notifies nobody
        with UnitOfWork(engine, role="center") as uow:
            uow.center.append([x.event for x in d.caller_left("live-1", now()) if isinstance(x, Record)])
            uow.rollback()
        time.sleep(0.4)
        assert got.empty()
        with engine.connect() as conn:
            listeners = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'"))
            assert listeners.scalar() >= 1
    finally:
        watcher.stop()
        engine.dispose()
    assert watcher.error is None


def test_sqlite_board_is_polled(sqlite_url):
    from hotline.timezone import now

    upgrade(sqlite_url)
    engine = engine_for(sqlite_url)
    got: queue.Queue = queue.Queue()
    p = plan()
    d = Director(p, now())
    d.agent_registered("1099", now())
    d.agent_registered("1001", now())
    d.agent_state("1001", "not-ready", now(), reason="会议")
    with BoardWatcher(sqlite_url, got.put, plan=p, poll_s=0.1):
        assert _waiting(got.get(timeout=5)) == 0
        _append(engine, d.call_queued("poll-1", caller="1", dialled="12345", at=now()))
        deadline = time.monotonic() + 2
        seen = 0
        while time.monotonic() < deadline and seen == 0:
            seen = _waiting(got.get(timeout=1))
        assert seen == 1
    engine.dispose()


def test_a_callback_that_raises_is_reported_and_the_board_keeps_coming(sqlite_url):
    """Issue 14 item 3: a failure after the start is reported, then the watcher goes on."""
    upgrade(sqlite_url)
    calls: list[int] = []
    errors: list[BaseException] = []

    def callback(figures) -> None:
        calls.append(len(figures))
        if len(calls) == 2:
            raise RuntimeError("the board window went away")

    with BoardWatcher(sqlite_url, callback, plan=plan(), poll_s=0.05, on_error=errors.append) as watcher:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(calls) < 4:
            time.sleep(0.05)
    assert len(calls) >= 4 and watcher.failures == 1 and isinstance(errors[0], RuntimeError)


def test_a_cut_listen_connection_is_reported_and_reconnected(pg_url):
    from hotline.timezone import now

    upgrade(pg_url)
    engine = engine_for(pg_url)
    got: queue.Queue = queue.Queue()
    errors: list[BaseException] = []
    p = plan()
    d = Director(p, now())
    d.agent_registered("1001", now())
    d.agent_state("1001", "not-ready", now(), reason="会议")
    d.agent_registered("1099", now())
    watcher = BoardWatcher(pg_url, got.put, plan=p, refresh_s=None, on_error=errors.append).start()
    try:
        got.get(timeout=5)
        with engine.connect() as conn:  # the database drops the watcher's LISTEN connection
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'"))
            conn.commit()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not errors:
            time.sleep(0.05)
        assert errors and watcher.failures >= 1
        got.get(timeout=15)  # the first figures after the reconnect
        _append(engine, d.call_queued("after-cut", caller="1", dialled="12345", at=now()))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if _waiting(got.get(timeout=15)) == 1:
                break
        else:
            raise AssertionError("no notification after the reconnect")
    finally:
        watcher.stop()
        engine.dispose()
