"""The desk's one database worker: every query and write runs here, results come back by signal.

    worker = DbWorker()                       # a QThread of its own
    worker.submit(lambda: repo.history(phone), on_done=pane.show, on_error=bar.error)

``submit`` returns at once; ``fn`` runs on the worker thread in submission order, and ``on_done``
(with its result) or ``on_error`` (with the exception) runs on the GUI thread. An exception never
kills the worker: it is reported and the next job runs. ``stop`` drains nothing more and joins.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("desktop.worker")


@dataclass
class _Job:
    fn: Callable[[], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    name: str


class DbWorker(QObject):
    """A single background thread for database work (see the module docstring)."""

    _finished = Signal(object, object)  # (job, result)
    _failed = Signal(object, object)  # (job, exception)
    failed = Signal(str, object)  # (job name, exception): shown in the status bar
    busy = Signal(bool)

    def __init__(self, name: str = "desk-db") -> None:
        super().__init__()
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._finished.connect(self._deliver)
        self._failed.connect(self._report)
        self._pending = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()
        self.last_seconds = 0.0
        self.closed = False

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None, name: str = "") -> None:
        """Queue ``fn``; its result goes to ``on_done`` on the GUI thread (see the module docstring)."""
        with self._lock:
            self._pending += 1
            first = self._pending == 1
        if first:
            self.busy.emit(True)
        self._jobs.put(_Job(fn, on_done, on_error, name or getattr(fn, "__name__", "job")))

    def pending(self) -> int:
        with self._lock:
            return self._pending

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            started = time.perf_counter()
            try:
                result = job.fn()
            except BaseException as exc:  # noqa: BLE001 - reported on the GUI thread, the worker goes on
                self.last_seconds = time.perf_counter() - started
                self._failed.emit(job, exc)
                continue
            self.last_seconds = time.perf_counter() - started
            self._finished.emit(job, result)

    def _done_one(self) -> None:
        with self._lock:
            self._pending -= 1
            idle = self._pending == 0
        if idle:
            self.busy.emit(False)

    def _deliver(self, job: _Job, result: Any) -> None:
        try:
            if job.on_done is not None and not self.closed:
                job.on_done(result)
        finally:
            self._done_one()

    def _report(self, job: _Job, exc: BaseException) -> None:
        try:
            if self.closed:
                log.warning("desk job %s failed after the desk closed: %s", job.name, exc)
            elif job.on_error is not None:
                job.on_error(exc)
            else:
                log.error("desk job %s failed: %s: %s", job.name, type(exc).__name__, exc)
                self.failed.emit(job.name, exc)
        finally:
            self._done_one()

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the job in hand; answers that arrive after this are dropped (the window is going)."""
        self.closed = True
        self._jobs.put(None)
        self._thread.join(timeout)
