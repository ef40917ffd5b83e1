"""The team lead's board, fed live from the central database: LISTEN hotline_board, read, repaint.

    board = BoardController(central_url, window, plan=plan, rules=rules, lead="1009")
    board.start()                  # off the GUI thread; the first view follows
    board.lead_request.connect(phone.lead_request)
    board.stop()

A storage.center_live.BoardWatcher thread LISTENs on ``hotline_board`` (the director's records and
its published mirror NOTIFY in their transactions) and reads a storage.board_read.BoardView for
the pages shown, at most once per burst of notifications and every second when quiet (waits keep
ageing); the view reaches the GUI thread by a queued signal, where the rules colour it and the
alerts fire. Paging reads at once on a DbWorker. ``poll_s`` instead polls (the benchmark's baseline).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.app.worker import DbWorker
from desktop.ui.tr import tr

log = logging.getLogger("desktop.board")


class _Feed:
    """What the watcher thread reads: the board at the pages shown."""

    def __init__(self, plan: Any, lead: str, not_ready_over_s: float | None = None) -> None:
        self.plan, self.lead, self.not_ready_over_s = plan, lead, not_ready_over_s
        self.waiting_offset = self.agents_offset = 0
        self.page_size = 50
        self.curve_every_s = 5.0  # the 15-minute curve is read again at most this often
        self._curve: tuple[Any, float] | None = None

    def read(self, engine: Any) -> Any:
        from sqlalchemy.orm import Session

        from hotline.timezone import now
        from storage.board_read import read_board

        kept = self._curve
        fresh = kept is not None and time.monotonic() - kept[1] < self.curve_every_s
        with Session(engine) as session:
            view = read_board(session, now(), plan=self.plan, lead=self.lead,
                              waiting_page=(self.waiting_offset, self.page_size),
                              agents_page=(self.agents_offset, self.page_size),
                              day_curve=kept[0] if fresh and kept is not None else None,
                              not_ready_over_s=self.not_ready_over_s)
        if not fresh:
            self._curve = (view.curve, time.monotonic())
        return view


class BoardController(QObject):
    """Feeds a desktop.ui.board.BoardWindow (see the module docstring)."""

    _arrived = Signal()  # a newer BoardView waits in _latest (from the watcher's thread)
    repainted = Signal(object, float)  # (BoardView, time.monotonic() after the repaint)
    lead_request = Signal(str, str, str)  # (agent, "not-ready" | "logout", reason): to the phone
    failed = Signal(str)

    def __init__(self, url: str, window: Any, *, plan: Any = None, rules: Any = None, lead: str = "",
                 poll_s: float | None = None) -> None:
        super().__init__()
        from hotline.board_alerts import AlertWatcher, BoardRules

        self.url, self.window, self.poll_s = url, window, poll_s
        self.rules = rules or BoardRules.load(None)
        self.alerts = AlertWatcher(self.rules)
        self.feed = _Feed(plan, lead, self.rules.alert.not_ready_minutes * 60)
        self.feed.page_size = window.page_size = self.rules.page_size
        window.sound_on = self.rules.sound
        self.worker = DbWorker("board-db")
        self.watcher: Any = None
        self._engine: Any = None  # the page reads' (on the worker)
        self.views = 0
        self.last_view: Any = None
        self._latest: Any = None
        self._posted = False
        self._lock = threading.Lock()
        self._painted = threading.Event()
        self.read_s = self.paint_s = 0.0  # the last read's and the last paint's seconds
        self._arrived.connect(self._take)
        window.page_requested.connect(self.page)
        window.agent_action.connect(self.lead_request)

    def start(self) -> None:
        """Start the watcher off the GUI thread; a failure is shown on the board and retried by it."""
        from storage.center_live import BoardWatcher

        feed, controller = self.feed, self

        class Watcher(BoardWatcher):
            def _figures(self, engine: object) -> Any:  # type: ignore[override] - a whole BoardView
                started = time.perf_counter()
                view = feed.read(engine)
                controller.read_s = time.perf_counter() - started
                return view

        poll = self.poll_s is not None
        self.watcher = Watcher(self.url, self._offer, poll=poll or None, poll_s=self.poll_s or 0.5,
                               on_error=lambda exc: self.failed.emit(str(exc).splitlines()[0] if str(exc) else ""))
        self.failed.connect(lambda why: self.window.updated.setText(tr("中心数据库不可用，重连中：{0}", why)))
        self.worker.submit(self.watcher.start, on_error=lambda exc: self.failed.emit(str(exc)), name="board-start")

    def stop(self) -> None:
        self._painted.set()
        if self.watcher is not None:
            self.watcher.stop()
        self.worker.stop()
        if self._engine is not None:
            self._engine.dispose()

    def page(self, table: str, offset: int) -> None:
        """Show another page of the callers or the agents: read now, on the worker."""
        if table == "waiting":
            self.feed.waiting_offset = offset
        else:
            self.feed.agents_offset = offset
        self.window.set_offsets(self.feed.waiting_offset, self.feed.agents_offset)
        self.worker.submit(self._read_once, on_done=self._show, name="board-page")

    def _read_once(self) -> Any:
        from storage.db import engine_for

        if self._engine is None:
            self._engine = engine_for(self.url)
        return self.feed.read(self._engine)

    def _offer(self, view: Any) -> None:
        """On the watcher's thread: keep only the newest view, wake the GUI thread once for it (a
        slow repaint never queues stale views behind it), and wait (at most 1 s) until it is painted
        before reading again: the read and the paint take turns instead of sharing the interpreter."""
        with self._lock:
            self._latest = view
            post, self._posted = not self._posted, True
            self._painted.clear()
        if post:
            self._arrived.emit()
        self._painted.wait(1.0)

    def _take(self) -> None:
        with self._lock:
            view, self._latest, self._posted = self._latest, None, False
        try:
            if view is not None:
                self._show(view)
        finally:
            self._painted.set()

    def _show(self, view: Any) -> None:
        started = time.perf_counter()
        levels = {q.queue: self.rules.queue_level(q) for q in view.queues}
        alert_agents = {a.agent for a in view.agents if self.rules.agent_alert(a.state, a.in_state_s)}
        alert_agents |= {agent for agent, _ in view.long_not_ready or ()}
        fired = self.alerts.check(view)
        self.window.show_view(view, levels, alert_agents)
        if fired:
            self.window.alert_fired(fired)
        self.views += 1
        self.last_view = view
        self.paint_s = time.perf_counter() - started
        self.repainted.emit(view, time.monotonic())
