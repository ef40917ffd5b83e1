"""Due-soon reminders (即将到期提醒): a DeskJobs job every 60 s, the query on the DbWorker.

The job (on the scheduler's pool thread) only wakes this object; on the GUI thread ``check`` asks the
worker for this agent's open tickets with a clock due soon (storage.due_soon: the profile's warning
window, or ``working_hours`` working hours left). Each ticket is reminded once: a line in the status
bar and the number on the 即将到期 tab, which reloads. A failing check is reported through
``DeskJobs.job_failed`` (shown in the status bar), never silent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.app.worker import DbWorker
from desktop.ui.tr import tr, tr_noop

JOB = "due-soon"
LABEL = tr_noop("即将到期提醒")


class DueReminders(QObject):
    """See the module docstring."""

    reminded = Signal(object)  # the new storage.due_soon.DueSoon entries, once each
    _wake = Signal()  # from the job's pool thread to the GUI thread (queued)

    def __init__(self, worker: DbWorker, service: Any, jobs: Any, *, actor: str, clock: Callable[[], datetime],
                 notice: Callable[[str], None], badge: Callable[[int], None], working_hours: float = 4) -> None:
        super().__init__()
        self.worker, self.service, self.jobs = worker, service, jobs
        self.actor, self.clock, self.working_hours = actor, clock, working_hours
        self.notice, self.badge = notice, badge
        self.seen: set[str] = set()
        self.unseen = 0  # reminders since the agent last looked at the list
        self._wake.connect(self.check)

    def schedule(self, every_s: int = 60) -> None:
        """Run every ``every_s`` seconds as a DeskJobs job (its failures reach ``job_failed``)."""
        self.jobs.add(JOB, self._wake.emit, every_s)

    def check(self) -> None:
        at = self.clock()
        self.worker.submit(lambda: self.service.due_soon(self.actor, at, self.working_hours), self._found,
                           self._failed, name=JOB)

    def seen_by_agent(self) -> None:
        self.unseen = 0

    def _found(self, entries: list[Any]) -> None:
        new = [e for e in entries if e.ticket_id not in self.seen]
        if not new:
            return
        self.seen.update(e.ticket_id for e in new)
        self.unseen += len(new)
        first = new[0]
        mark = tr("（暂定）") if first.provisional else ""
        more = tr(" 等 {0} 件", len(new)) if len(new) > 1 else ""
        self.notice(tr("【即将到期】{0} {1}时限 {2}", first.number, first.clock, f"{first.due:%m-%d %H:%M}") + mark + more)
        self.badge(self.unseen)
        self.reminded.emit(new)

    def _failed(self, exc: BaseException) -> None:
        message = (str(exc) or type(exc).__name__).splitlines()[0][:200]
        self.jobs.job_failed.emit(tr(LABEL), message)
