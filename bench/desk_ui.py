"""In-process measurements on a real DeskRoot (the benchmark's desk): screen pop and suggestions,
timed through the widgets, up to the first paint of the pane that shows the answer.

``screen_pops``: for each caller (a number in a mixed format) ``TicketsController.pop`` is called as
a ringing call calls it; the time runs from that call to the first Paint event of the caller pane's
history list after the worker's answer reached the pane. The baseline is the same pop through the
same worker and pane with the lookup the desk had before storage.screenpop: the caller's tickets by
an exact match on the number as presented (TicketService.history of commit 70bc0cf, audited), ordered
open-first in Python. The two are interleaved (caller by caller, alternating which goes first).

``suggestions``: the ticket's content typed (one edit of a caller's sentence) to the knowledge pane
painting the suggestions; reported with and without the two debounces on the way (the pane's 150 ms
intake debounce, the Suggester's 250 ms pause), and the Suggester's own search time.
"""

from __future__ import annotations

import random
import re
import statistics
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

PANE_DEBOUNCE_MS, SUGGESTER_DELAY_MS = 150, 250


def pct(samples: list[float]) -> dict[str, float]:
    """p50/p95/max (ms, rounded) and the count."""
    if not samples:
        return {"p50": float("nan"), "p95": float("nan"), "max": float("nan"), "n": 0}
    s = sorted(samples)
    p95 = s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
    return {"p50": round(statistics.median(s), 2), "p95": round(p95, 2), "max": round(s[-1], 2), "n": len(s)}


def spin(done: Callable[[], bool], timeout: float, what: str) -> None:
    """Run the Qt event loop until ``done()`` (the GUI thread is ours, as in a desk)."""
    app = QApplication.instance()
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {what} within {timeout} s")
        app.processEvents()
        # what app.exec() would do and processEvents() alone does not: objects given to deleteLater()
        # (the knowledge pane's hit labels, say) are deleted
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        time.sleep(0.0005)


class PaintClock(QObject):
    """The time of the last Paint event a widget received."""

    def __init__(self, widget: Any) -> None:
        super().__init__()
        self.last = 0.0
        widget.installEventFilter(self)

    def eventFilter(self, _obj: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.last = time.perf_counter()
        return False


def old_history(root: Any) -> Callable[[str, str], Any]:
    """The pre-ScreenPop lookup as the desk's ``_history``: exact match on the number as presented."""
    from sqlalchemy import select

    from desktop.app.tickets import ticket_line
    from desktop.ui.views import CallerView
    from hotline.tickets.view import TicketView
    from storage.codec import decoder
    from storage.tables import TicketRow
    from storage.uow import UnitOfWork

    decode = decoder(TicketView)
    ctl = root.tickets

    def history(number: str, queue: str) -> Any:
        at = ctl.clock()
        with UnitOfWork(root.engine, origin="bench-desk") as uow:
            rows = uow.session.scalars(select(TicketRow.view).where(TicketRow.caller_phone == number)
                                       .order_by(TicketRow.created_at.desc()).limit(20))
            views = [decode(r) for r in rows]
            uow.audit.record(ctl.actor, "view-caller", "caller", number, command="desk screen pop")
            uow.commit()
        lines = sorted((ticket_line(v, at) for v in views), key=lambda t: (not t.open, -t.created.timestamp()))
        return CallerView(number=number, raw=number, queue=queue, tickets=tuple(lines),
                          repeats=tuple(t for t in lines if t.open))

    return history


def _one_pop(root: Any, clock: PaintClock, given: str) -> tuple[float, bool]:
    ctl, pane = root.tickets, root.window.caller
    ctl.painted.clear()
    asked = time.perf_counter()
    ctl.pop(given, "12345", "")
    spin(lambda: bool(ctl.painted), 10, "screen pop answer")
    answered = asked + ctl.painted[-1][1]
    spin(lambda: clock.last > answered, 5, "caller pane paint")
    return (clock.last - asked) * 1000, bool(pane.view is not None and pane.view.tickets)


def screen_pops(root: Any, callers: int, queries: int, seed: int) -> dict[str, Any]:
    """Ours (storage.screenpop) and the baseline, interleaved, over ``queries`` callers in mixed formats."""
    from bench.screenpop import FORMATS, caller

    ctl = root.tickets
    ours_history, baseline = ctl._history, old_history(root)
    clock = PaintClock(root.window.caller.history.viewport())
    rng = random.Random(seed + 7)
    names = list(FORMATS)
    ms: dict[str, list[float]] = {"ours": [], "baseline": []}
    found: dict[str, int] = {"ours": 0, "baseline": 0}
    try:
        for q in range(queries):
            given = FORMATS[names[q % len(names)]](caller(rng.randrange(callers)))
            order = [("ours", ours_history), ("baseline", baseline)]
            for name, history in order if q % 2 == 0 else order[::-1]:
                ctl._history = history
                took, hit = _one_pop(root, clock, given)
                ms[name].append(took)
                found[name] += hit
    finally:
        ctl._history = ours_history
    return {"ours": pct(ms["ours"]), "baseline_exact_match": pct(ms["baseline"]),
            "callers_shown_history": {k: round(v / queries, 3) for k, v in found.items()}, "queries": queries,
            "formats": names}


def suggestions(root: Any, sentences: list[str]) -> dict[str, Any]:
    """Typed content -> suggestions painted in the knowledge pane (see the module docstring)."""
    kp, pane = root.window.knowledge, root.window.ticket
    clock = PaintClock(kp.hits.viewport())
    shown: list[tuple[float, str]] = []
    original = kp.show_hits

    def show_hits(hits: list[Any], source: str = "") -> None:
        original(hits, source)
        shown.append((time.perf_counter(), source))

    kp.show_hits = show_hits
    total, searched = [], []
    try:
        for sentence in sentences:
            pane.content.clear()
            spin(lambda: root.knowledge.suggester.wait_idle(0) and not pane._debounce.isActive(), 5, "idle")
            time.sleep(0.05)
            QApplication.instance().processEvents()
            before = len(shown)
            typed = time.perf_counter()
            pane.content.insertPlainText(sentence)
            spin(lambda b=before: any(s.startswith("根据诉求内容推荐") for _, s in shown[b:]), 10, "suggestions")
            at, source = next((a, s) for a, s in shown[before:] if s.startswith("根据诉求内容推荐"))
            spin(lambda a=at: clock.last > a, 5, "knowledge pane paint")
            total.append((clock.last - typed) * 1000)
            m = re.search(r"（(\d+) ms）", source)
            if m:
                searched.append(float(m.group(1)))
    finally:
        kp.show_hits = original
    without = [t - PANE_DEBOUNCE_MS - SUGGESTER_DELAY_MS for t in total]
    return {"debounce_excluded_ms": pct(without), "typed_to_shown_ms": pct(total), "search_ms": pct(searched),
            "debounce_ms": {"pane": PANE_DEBOUNCE_MS, "suggester": SUGGESTER_DELAY_MS}}
