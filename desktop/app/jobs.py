"""The desk's background jobs on APScheduler's QtScheduler: sync with the center, and what follows.

Each job runs on the scheduler's pool thread and reports by signal (queued to the GUI): the status
bar shows ``sync_status`` in Chinese, and a job that raises is shown, never silent. Offline work goes
on: a failed sync keeps the outbox, and the next run catches up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("desktop.jobs")


class DeskJobs(QObject):
    sync_status = Signal(object)  # storage.sync.SyncStatus
    job_failed = Signal(str, str)  # (job, message)

    def __init__(self) -> None:
        super().__init__()
        from apscheduler.schedulers.qt import QtScheduler

        self.scheduler = QtScheduler(job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30})
        self.after_sync: list[Callable[[], None]] = []

    def add_sync(self, local: Any, central_url: str, every_s: int) -> None:
        """Push and pull every ``every_s`` seconds (and now)."""
        from datetime import datetime

        def run() -> None:
            from storage.db import engine_for
            from storage.sync import sync_once

            try:
                central = engine_for(central_url)
                try:
                    status = sync_once(local, central)
                finally:
                    central.dispose()
            except Exception as exc:  # noqa: BLE001 - shown in the status bar; the next run tries again
                self.job_failed.emit("sync", str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                return
            self.sync_status.emit(status)
            for hook in self.after_sync:
                try:
                    hook()
                except Exception as exc:  # noqa: BLE001
                    self.job_failed.emit("after-sync", str(exc))

        self.scheduler.add_job(run, "interval", seconds=every_s, id="sync", next_run_time=datetime.now())

    def add_recording_upload(self, uploader: Any, every_s: int = 10) -> None:
        """Run a recording uploader (desktop.app.recupload.Uploader) every ``every_s`` seconds: files
        that could not be sent wait in its queue; errors and quarantined recordings are shown."""

        def run() -> None:
            report = uploader.run_once()
            problems = report.errors[:1] + [f"quarantined {p}" for p in report.quarantined[:1]]
            if problems:
                raise RuntimeError("; ".join(problems))

        self.add("recording-upload", run, every_s)

    def add(self, name: str, fn: Callable[[], Any], every_s: int) -> None:
        def run() -> None:
            try:
                fn()
            except Exception as exc:  # noqa: BLE001 - a failing job is shown, never silent
                log.error("desk job %s failed: %s", name, exc)
                self.job_failed.emit(name, str(exc) or type(exc).__name__)

        self.scheduler.add_job(run, "interval", seconds=every_s, id=name)

    def start(self) -> None:
        self.scheduler.start()

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
