"""``python -m bench desk-lists [--n N]``: the desk's ticket lists at 100,000 tickets, paged vs naive.

Builds (or reuses from ``bench/.cache/``) a SQLite database of N tickets: a few hundred written
through the repository (two in three dispatched to a demo unit, the rest answered directly), cloned
by bench.tickets.bulk_load. Then, offscreen, in one run and one process:

- **paged** (what the desk does): the 搜索 list with nothing typed (every ticket) as a
  ``TicketListModel`` in a QTableView, pages of 200 asked by ``ListsController`` and read on the
  ``DbWorker``. Time to the first page painted (p50 over reloads), each ``fetchMore`` page from
  the request to its rows painted (p50/p95), and a header sort (a new ``ORDER BY`` query, from the
  click to the first page painted) per sortable column; also the first page of 已超期.
- **naive** (the baseline): every row's columns read in one query on the GUI thread into a
  QStandardItemModel behind a QSortFilterProxyModel: time to first paint and per-column sort.

The last printed line is JSON; it is also written to bench/results/desk_lists.json.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.tickets import bulk_load
from hotline.tickets import commands
from hotline.timezone import parse_iso
from storage.db import engine_for, head_revision, upgrade
from storage.demo import load_demo
from storage.uow import UnitOfWork

GENERATOR = 2  # bump when the data or the schema made here changes: the cached database is rebuilt
ROOT = Path(__file__).resolve().parent
START = parse_iso("2025-01-06T09:00")
MOMENT = START + timedelta(weeks=60)  # "now" for the lists: some clones overdue, some running
SORTS = {0: "number", 1: "state", 2: "category", 3: "caller_phone", 5: "created_at", 6: "due"}


def build(path: Path, n: int, seed: int) -> float:
    """The database of ``n`` tickets at ``path``; returns seconds taken."""
    t0 = time.perf_counter()
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = engine_for(url)
    try:
        load_demo(engine)
        with UnitOfWork(engine) as uow:
            units = [u.id for u in uow.units.all() if u.active][:20]
        with UnitOfWork(engine, origin="bench") as uow:
            for k in range(min(300, n)):
                at = START + timedelta(minutes=17 * k)
                created = commands.create("agent-bench", number=f"{at:%Y%m%d}-001-{k:04d}", profile="liangshan",
                                          channel="phone", category=("consult", "help", "complaint", "report")[k % 4],
                                          urgency="normal", content="小区路灯不亮，夜间出行不便，请尽快维修" * (1 + k % 3),
                                          caller_phone=f"139{k:08d}", at=at, origin="bench")
                later = at + timedelta(minutes=8)
                step = (commands.dispatch(created.ticket_id, "agent-bench", units=[units[k % len(units)]], at=later,
                                          origin="bench") if k % 3 else
                        commands.answer_directly(created.ticket_id, "agent-bench", article_id="kb-light",
                                                 article_version=1, at=later, origin="bench"))
                uow.tickets.add([created, step])
            uow.commit()
        bulk_load(engine, n, random.Random(seed), weeks=100)
    finally:
        engine.dispose()
    return time.perf_counter() - t0


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 2)


class Clock:
    """Runs the Qt event loop (blocked in C while idle, as the desk's is) until a signal makes a condition hold."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def until(self, done: Callable[[], bool], *signals: Any, timeout_s: float = 120) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        for signal in signals:
            signal.connect(loop.quit)
        try:
            end = time.perf_counter() + timeout_s
            while not done():
                if time.perf_counter() > end:
                    raise TimeoutError("the list did not answer")
                guard.start(int(timeout_s * 1000))
                loop.exec()
        finally:
            for signal in signals:
                signal.disconnect(loop.quit)

    def paint(self, table: Any) -> None:
        table.viewport().repaint()
        self.app.processEvents()


def paged(engine: Any, clock: Clock, pages: int, reloads: int) -> dict[str, Any]:
    """The desk's way: ListsController + TicketListModel + QTableView, pages on the DbWorker."""
    from desktop.app.lists import ListsController
    from desktop.app.worker import DbWorker
    from desktop.ui.listspane import ListsPane
    from storage.ticket_service import TicketService

    worker = DbWorker()
    pane = ListsPane()
    pane.resize(1200, 800)
    pane.show()
    pane.show_list("search")
    controller = ListsController(worker, TicketService(engine), pane, None, actor="agent-bench", seat="001",
                                 clock=lambda: MOMENT)
    model, table = pane.model("search"), pane.lists["search"].table
    try:
        first = []
        for i in range(reloads):
            t0 = time.perf_counter()
            model.start() if i == 0 else model.reload()
            clock.until(lambda: model.rowCount() > 0, model.loaded, model.failed)
            clock.paint(table)
            first.append((time.perf_counter() - t0) * 1000)
        more, paints = [], []
        for _ in range(pages):
            have = model.rowCount()
            t0 = time.perf_counter()
            model.fetchMore()
            clock.until(lambda have=have: model.rowCount() > have, model.loaded, model.failed)
            t1 = time.perf_counter()
            table.scrollToBottom()  # the view asks for the next page itself, as an agent's scrolling does
            clock.paint(table)
            more.append((time.perf_counter() - t0) * 1000)
            paints.append((time.perf_counter() - t1) * 1000)
        held = model.rowCount()
        sorts = {}
        for column, name in SORTS.items():
            samples = []
            for order in (0, 1):  # ascending, then descending
                from PySide6.QtCore import Qt

                t0 = time.perf_counter()
                model.sort(column, Qt.SortOrder(order))
                clock.until(lambda: model.rowCount() > 0 and not model.waiting, model.loaded, model.failed)
                clock.paint(table)
                samples.append((time.perf_counter() - t0) * 1000)
            sorts[name] = round(max(samples), 2)
        overdue = pane.model("overdue")
        t0 = time.perf_counter()
        overdue.start()
        clock.until(lambda: not overdue.waiting, overdue.loaded, overdue.failed)
        overdue_ms = (time.perf_counter() - t0) * 1000
        return {"first_page_painted_ms": {"p50": _pct(first, 0.5), "max": _pct(first, 1.0)},
                "fetch_more_page_ms": {"p50": _pct(more, 0.5), "p95": _pct(more, 0.95), "pages": len(more),
                                       "rows_held": held, "scroll_and_paint_p50": _pct(paints, 0.5)},
                "sort_requery_ms": sorts, "overdue_first_page_ms": round(overdue_ms, 2),
                "overdue_rows_first_page": overdue.rowCount(), "rows_per_query": model.page}
    finally:
        pane.close()
        worker.stop()
        del controller


def naive(engine: Any, clock: Clock) -> dict[str, Any]:
    """The baseline: every row in a QStandardItemModel behind a QSortFilterProxyModel."""
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from desktop.app.lists import list_row
    from desktop.ui.ticketlists import COLUMNS, TicketListModel
    from storage.ticket_pages import page
    from storage.tickets import TicketFilter

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    with UnitOfWork(engine) as uow:
        rows = [list_row(r) for r in page(uow.session, TicketFilter(), limit=10_000_000, at=MOMENT)]
    items = QStandardItemModel(len(rows), len(COLUMNS))
    items.setHorizontalHeaderLabels([title for _, title in COLUMNS])
    for i, row in enumerate(rows):
        for c in range(len(COLUMNS)):
            items.setItem(i, c, QStandardItem(TicketListModel.cell(row, c)))
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(items)
    table = QTableView()
    table.resize(1200, 800)
    table.setModel(proxy)
    table.show()
    clock.paint(table)
    first_ms = (time.perf_counter() - t0) * 1000
    sorts = {}
    for column, name in SORTS.items():
        t0 = time.perf_counter()
        proxy.sort(column, Qt.SortOrder.DescendingOrder)
        clock.paint(table)
        sorts[name] = round((time.perf_counter() - t0) * 1000, 2)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    table.close()
    return {"first_paint_ms": round(first_ms, 2), "sort_ms": sorts, "rows_loaded": len(rows),
            "max_rss_growth_mb": round((rss - rss0) / 1024, 1), "blocks_gui_thread": True}


def main(argv: list[str]) -> int:
    """Build or reuse the database, measure both ways, print and write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench desk-lists")
    parser.add_argument("--n", type=int, default=100_000, help="tickets (default 100,000)")
    parser.add_argument("--pages", type=int, default=40, help="fetchMore pages measured (default 40)")
    parser.add_argument("--reloads", type=int, default=7, help="first-page loads measured (default 7)")
    parser.add_argument("--seed", type=int, default=12345)
    parser.add_argument("--cache-dir", default=str(ROOT / ".cache"), help="where built databases are kept")
    parser.add_argument("--out", default=str(ROOT / "results" / "desk_lists.json"), help="JSON result file")
    args = parser.parse_args(argv)
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    cache = Path(args.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"desk_lists-g{GENERATOR}-r{head_revision()}-n{args.n}-s{args.seed}.sqlite3"
    cached = path.exists()
    built_s = 0.0 if cached else build(path, args.n, args.seed)
    engine = engine_for(f"sqlite:///{path}")
    try:
        clock = Clock(app)
        lists = paged(engine, clock, args.pages, args.reloads)
        baseline = naive(engine, clock)
    finally:
        engine.dispose()
    slowest_sort = max(lists["sort_requery_ms"].values())
    result = {"bench": "desk-lists", "n_tickets": args.n, "cached_database": cached, "build_s": round(built_s, 1),
              "paged": lists, "naive": baseline,
              "first_paint_speedup": round(baseline["first_paint_ms"] / lists["first_page_painted_ms"]["p50"], 1),
              "slowest_sort_paged_ms": slowest_sort,
              "slowest_sort_naive_ms": max(baseline["sort_ms"].values())}
    line = json.dumps(result, ensure_ascii=False)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(line)
    return 0
