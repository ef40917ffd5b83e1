"""Live board figures: LISTEN/NOTIFY on PostgreSQL, polling on SQLite.

    watcher = BoardWatcher(url, on_figures, plan=plan)   # on_figures(list[QueueFigures]) on its thread
    watcher.start(); ...; watcher.stop()

On PostgreSQL the watcher LISTENs on ``hotline_board`` with its own psycopg connection (autocommit);
every append NOTIFYs in its transaction, so the callback runs with fresh figures as soon as the
append commits (notifications arriving together are read as one). ``refresh_s`` adds a periodic
refresh so waits keep ageing on a quiet board (None: only on notifications). On SQLite there is
no notification: the watcher polls every ``poll_s`` (0.5 s) and calls back each time.
The callback runs on the watcher's thread; a desk hands it on to the GUI thread by signal.

After it has started, a failure (the database gone, a LISTEN connection cut, a callback that raises)
never ends the watcher silently: it is counted, handed to ``on_error`` (logged when there is none),
and the watcher connects again after a backoff (0.5 s doubling to 10 s) until it is stopped. A
failure before the first figures is raised by ``start()``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from hotline.timezone import now
from storage.center import CHANNEL, CenterRepository, QueueFigures
from storage.db import engine_for, normalize_url

if TYPE_CHECKING:
    from hotline.acd import CenterPlan

Callback = Callable[[list[QueueFigures]], None]
log = logging.getLogger("storage.center_live")


class BoardWatcher:
    """Calls ``callback`` with the board's figures whenever they may have changed."""

    def __init__(self, url: str, callback: Callback, *, plan: CenterPlan | None = None, service_level_s: int = 15,
                 poll_s: float = 0.5, refresh_s: float | None = 1.0, poll: bool | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        self.url, self.callback, self.plan = normalize_url(url), callback, plan
        self.service_level_s, self.poll_s, self.refresh_s = service_level_s, poll_s, refresh_s
        # poll=True polls PostgreSQL too (the benchmark's baseline); by default only SQLite is polled
        self.postgres = self.url.startswith("postgresql") and not poll
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.notifications = 0
        self.failures = 0  # failures after the start, each reported and followed by a reconnect
        self.on_error = on_error

    def start(self) -> BoardWatcher:
        """Start watching; returns once LISTEN is in force (or the first poll is done)."""
        self._thread = threading.Thread(target=self._run, name="board-watcher", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=15)
        if self.error is not None:
            raise self.error
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop and wait for the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def __enter__(self) -> BoardWatcher:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _figures(self, engine: object) -> list[QueueFigures]:
        with Session(engine) as session:  # type: ignore[arg-type]
            return CenterRepository(session).board(now(), service_level_s=self.service_level_s, plan=self.plan)

    def _run(self) -> None:
        delay = 0.5
        while not self._stop.is_set():
            engine = engine_for(self.url)
            try:
                if self.postgres:
                    self._listen(engine)
                else:
                    self._poll(engine)
                return  # stopped
            except Exception as exc:  # noqa: BLE001 - before the start: raised by start(); after: reported
                self.error = exc
                if not self._ready.is_set():
                    self._ready.set()
                    return
                self.failures += 1
                self._report(exc)
            finally:
                engine.dispose()
            self._stop.wait(delay)
            delay = min(delay * 2, 10.0)

    def _report(self, exc: BaseException) -> None:
        if self.on_error is not None:
            try:
                self.on_error(exc)
                return
            except Exception as again:  # noqa: BLE001 - the report must not end the watcher
                log.error("board watcher error handler failed: %s", again)
        log.error("board watcher failed, reconnecting: %s: %s", type(exc).__name__, exc)

    def _poll(self, engine: object) -> None:
        self.callback(self._figures(engine))
        self._ready.set()
        while not self._stop.wait(self.poll_s):
            self.callback(self._figures(engine))

    def _listen(self, engine: object) -> None:
        import psycopg

        dsn = self.url.replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            self.callback(self._figures(engine))
            self._ready.set()
            idle = 0.0
            while not self._stop.is_set():
                got = sum(1 for _ in conn.notifies(timeout=0.2, stop_after=1))
                if got:
                    got += sum(1 for _ in conn.notifies(timeout=0.005))  # read a burst as one
                    self.notifications += got
                    idle = 0.0
                    self.callback(self._figures(engine))
                    continue
                idle += 0.2
                if self.refresh_s is not None and idle >= self.refresh_s:
                    idle = 0.0
                    self.callback(self._figures(engine))
