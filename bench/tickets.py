"""``python -m bench tickets [--n N]``: the ticket store at scale, on SQLite and on PostgreSQL.

Per backend, in one run:
- insert_per_s: tickets written through the real path (CREATED + DISPATCHED judged by the lifecycle,
  folded, projected, outbox row), one unit of work per ticket, as a desk writes them;
- bulk_load_per_s: the projection rows loaded in bulk to reach N tickets (templates of really folded
  tickets cloned with new ids, numbers, callers and times) — how the rest of the N got there;
- caller_history_p95_ms: the screen pop (one caller's latest 20 tickets, decoded to TicketViews), p50/p95
  over random callers of a 200,000-number population;
- overdue_list_ms / overdue_count_ms: one unit's overdue list, its first page (the 200 most
  overdue) and the count of all (medians over units; rows returned and total reported too);
- push_10k_s: a workstation's 10,000 outbox rows pushed to this backend as the central database.
The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

from hotline.ids import new_id
from hotline.secrets import mask_url
from hotline.tickets import commands
from hotline.timezone import parse_iso
from storage.codec import to_plain
from storage.db import engine_for, upgrade
from storage.demo import load_demo
from storage.projection_rows import projection
from storage.sync import push
from storage.tables import AssignmentRow, TicketRow
from storage.uow import UnitOfWork

PHONES = 200_000
CATEGORIES = ("consult", "help", "complaint", "report", "suggestion")
START = parse_iso("2025-01-02T09:00")


def _phone(rng: random.Random) -> str:
    return f"139{rng.randrange(PHONES):08d}"


def write_through_repository(engine: Engine, count: int, units: list[str], rng: random.Random,
                             origin: str = "bench") -> float:
    """Create ``count`` tickets the way a desk does; returns tickets per second."""
    t0 = time.perf_counter()
    for i in range(count):
        at = START + timedelta(minutes=7 * i)
        created = commands.create("bench", number=f"B{origin}-{i:07d}", profile="liangshan", channel="phone",
                                  category=CATEGORIES[i % 5], urgency="normal", content="路灯不亮，夜间出行不便",
                                  caller_phone=_phone(rng), at=at, origin=origin)
        dispatched = commands.dispatch(created.ticket_id, "bench", units=[rng.choice(units)],
                                       at=at + timedelta(minutes=20), origin=origin)
        with UnitOfWork(engine, origin=origin) as uow:
            uow.tickets.add([created, dispatched])
            uow.commit()
    return count / (time.perf_counter() - t0)


def bulk_load(engine: Engine, total: int, rng: random.Random, batch: int = 5000,
              phone: Callable[[random.Random], str] | None = None, weeks: int = 100) -> float:
    """Clone the tickets already in the database up to ``total``; returns tickets per second.

    A clone gets a new id, number, caller (``phone(rng)``, default a random one of 200,000) and a
    creation time moved by up to ``weeks`` whole weeks; its projection columns move with it, the
    nested timing inside its stored view stays its template's.
    """
    phone = phone or _phone
    from storage.tickets import TicketFilter

    with UnitOfWork(engine) as uow:
        views = uow.tickets.list(TicketFilter(limit=500))
        have = uow.tickets.count()
    templates = []
    for view in views:
        row = {**projection(view), "view": to_plain(view)}
        rows = [{"ticket_id": view.id, "position": pos, "unit_id": a.unit_id, "role": a.role.value,
                 "status": a.status, "dispatched_at": a.dispatched_at, "sign_due": a.sign_due,
                 "finish_due": a.finish_due, "signed_at": a.signed_at, "replied_at": a.replied_at,
                 "extension_days": a.extension_days, "extension_pending": a.extension_pending}
                for pos, a in enumerate(view.assignments)]
        templates.append((row, rows))
    todo = total - have
    if todo <= 0:
        return 0.0
    t0 = time.perf_counter()
    done = 0
    while done < todo:
        n = min(batch, todo - done)
        tickets, assignments = [], []
        for k in range(n):
            row, rows = rng.choice(templates)
            shift = timedelta(weeks=rng.randrange(0, weeks))
            ticket_id, number, caller = new_id(), f"C{have + done + k:08d}", phone(rng)
            clone = {key: (value + shift if isinstance(value, datetime) else value) for key, value in row.items()}
            clone.update(id=ticket_id, number=number, caller_phone=caller, caller_phone_raw=caller)
            clone["view"] = {**row["view"], "id": ticket_id, "number": number, "caller_phone": caller,
                             "caller_phone_raw": caller, "created_at": clone["created_at"].isoformat()}
            tickets.append(clone)
            for a in rows:
                assignments.append({key: (value + shift if isinstance(value, datetime) else value)
                                    for key, value in a.items()} | {"ticket_id": ticket_id})
        with engine.begin() as conn:
            conn.execute(insert(TicketRow), tickets)
            if assignments:
                conn.execute(insert(AssignmentRow), assignments)
        done += n
        if done % 100_000 < batch:
            print(f"  bulk: {have + done:,} tickets", flush=True)
    return todo / (time.perf_counter() - t0)


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def caller_history(engine: Engine, rng: random.Random, queries: int = 2000) -> dict[str, float]:
    """Screen-pop latency over random callers, in ms."""
    samples = []
    hits = 0
    with UnitOfWork(engine) as uow:
        for _ in range(queries):
            phone = _phone(rng)
            t0 = time.perf_counter()
            views = uow.tickets.history_for_caller(phone, limit=20)
            samples.append((time.perf_counter() - t0) * 1000)
            hits += len(views)
    return {"p50": statistics.median(samples), "p95": _percentile(samples, 0.95), "rows_per_query": hits / queries}


def overdue_lists(engine: Engine, units: list[str]) -> dict[str, float]:
    """A unit's overdue list at a moment inside the data's span, ms (median over units).

    Times the first page (the 200 most overdue, decoded to TicketViews) and the count of all.
    """
    at = START + timedelta(days=400)
    pages, counts, rows, totals = [], [], [], []
    with UnitOfWork(engine) as uow:
        for unit in units:
            t0 = time.perf_counter()
            views = uow.tickets.overdue_for_unit(unit, at, limit=200)
            t1 = time.perf_counter()
            total = uow.tickets.count_overdue_for_unit(unit, at)
            t2 = time.perf_counter()
            pages.append((t1 - t0) * 1000)
            counts.append((t2 - t1) * 1000)
            rows.append(len(views))
            totals.append(total)
    return {"median": statistics.median(pages), "max": max(pages), "rows_median": statistics.median(rows),
            "count_median": statistics.median(counts), "count_max": max(counts),
            "total_median": statistics.median(totals)}


def push_10k(central: Engine, units: list[str], rng: random.Random, workdir: Path) -> float:
    """Seconds to push 10,000 outbox rows from a fresh workstation to ``central``."""
    local = engine_for(f"sqlite:///{workdir / f'desk-{new_id()}.sqlite3'}")
    upgrade(local)
    load_demo(local)
    with UnitOfWork(local) as uow:  # the directory's own outbox rows are not part of the figure
        uow.session.execute(__import__("sqlalchemy").text("DELETE FROM outbox"))
        uow.commit()
    write_through_repository(local, 5000, units, rng, origin="desk2")  # 2 events each = 10,000 rows
    t0 = time.perf_counter()
    pushed = push(local, central)
    elapsed = time.perf_counter() - t0
    local.dispose()
    assert pushed == 10_000, pushed
    return elapsed


def run_backend(name: str, url: str, n: int, repo_n: int, workdir: Path) -> dict[str, Any]:
    """Every figure for one backend."""
    print(f"[{name}] {mask_url(url)}", flush=True)
    rng = random.Random(12345)
    engine = engine_for(url)
    upgrade(engine)
    load_demo(engine, role="center")
    with UnitOfWork(engine) as uow:
        units = [u.id for u in uow.units.all() if u.level >= 2]
    ins = write_through_repository(engine, min(repo_n, n), units, rng)
    print(f"  insert through repository: {ins:,.0f} tickets/s", flush=True)
    bulk = bulk_load(engine, n, rng)
    print(f"  bulk load: {bulk:,.0f} tickets/s", flush=True)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    hist = caller_history(engine, rng)
    print(f"  caller history: p50 {hist['p50']:.2f} ms, p95 {hist['p95']:.2f} ms "
          f"({hist['rows_per_query']:.1f} rows/query)", flush=True)
    over = overdue_lists(engine, units)
    print(f"  overdue list, first page: median {over['median']:.1f} ms, max {over['max']:.1f} ms "
          f"({over['rows_median']:.0f} rows)", flush=True)
    print(f"  overdue count: median {over['count_median']:.1f} ms, max {over['count_max']:.1f} ms "
          f"({over['total_median']:.0f} overdue)", flush=True)
    secs = push_10k(engine, units, rng, workdir)
    print(f"  push 10k outbox rows: {secs:.2f} s", flush=True)
    engine.dispose()
    return {"insert_per_s": round(ins, 1), "bulk_load_per_s": round(bulk, 1),
            "caller_history_p50_ms": round(hist["p50"], 3), "caller_history_p95_ms": round(hist["p95"], 3),
            "overdue_list_ms": round(over["median"], 2), "overdue_list_rows": over["rows_median"],
            "overdue_count_ms": round(over["count_median"], 2), "overdue_total": over["total_median"],
            "push_10k_s": round(secs, 2)}


def main(argv: list[str]) -> int:
    """Run the benchmark; print figures, then one JSON line."""
    parser = argparse.ArgumentParser(prog="python -m bench tickets")
    parser.add_argument("--n", type=int, default=1_000_000, help="tickets per backend (default 1,000,000)")
    parser.add_argument("--repo-n", type=int, default=3000, help="tickets written through the repository")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="admin URL of the PostgreSQL server (a scratch database is made and dropped)")
    parser.add_argument("--out", help="also write the JSON result to this file")
    args = parser.parse_args(argv)
    import psycopg

    result: dict[str, Any] = {"n_tickets": args.n}
    with tempfile.TemporaryDirectory(prefix="bench-tickets-") as tmp:
        work = Path(tmp)
        result["sqlite"] = run_backend("sqlite", f"sqlite:///{work / 'central.sqlite3'}", args.n, args.repo_n, work)
        name = f"bench_tickets_{new_id()[-12:]}"
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            base = args.pg.rsplit("/", 1)[0]
            result["postgres"] = run_backend("postgres", f"{base}/{name}", args.n, args.repo_n, work)
        finally:
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    line = json.dumps(result)
    if args.out:
        Path(args.out).write_text(line + "\n")
    print(line)
    return 0
