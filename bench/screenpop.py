"""``python -m bench screenpop [--n N]``: the screen pop at 1,000,000 tickets, numbers in every form.

Builds (or reuses, from ``bench/.cache/``, keyed by generator version, schema revision, N and seed) a
SQLite database of N tickets: a few hundred template tickets written through the repository (three
in four closed by a direct answer, the rest dispatched or still in intake), cloned in bulk by
bench.tickets.bulk_load onto callers who have 0..30 tickets each. Then, for 1,000 random callers
(a few with no ticket), it presents the number in a mixed format (+86, 0086, a leading 0, spaces,
dashes, bare) and measures ``ScreenPop.for_caller`` (its queries, decoding, clocks and audit entry),
p50/p95 ms, and the same inside a whole unit of work with its commit. Side by side, the old path (an
exact match on the number as presented, what ``history_for_caller`` did before normalisation): the
share of callers with tickets each finds, per format. The last printed line is JSON; it is also
written to bench/results/screenpop.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from bench.tickets import bulk_load
from hotline.tickets import commands
from hotline.tickets.view import TicketView
from hotline.timezone import parse_iso
from storage.codec import decoder
from storage.db import engine_for, head_revision, upgrade
from storage.screenpop import ScreenPop
from storage.tables import TicketRow
from storage.uow import UnitOfWork

GENERATOR = 1  # bump when the data made here changes: the cached database is rebuilt
ROOT = Path(__file__).resolve().parent
START = parse_iso("2025-01-06T09:00")
FORMATS = {
    "bare": lambda n: n,
    "+86": lambda n: f"+86{n}",
    "0086": lambda n: f"0086{n}",
    "leading-0": lambda n: f"0{n}",
    "+86 dashes": lambda n: f"+86 {n[:3]}-{n[3:7]}-{n[7:]}",
    "spaces": lambda n: f"{n[:3]} {n[3:7]} {n[7:]}",
}


def caller(i: int) -> str:
    """The canonical number of caller ``i``."""
    return f"139{i:08d}"


def caller_slots(n: int, rng: random.Random, most: int = 30) -> tuple[list[int], int]:
    """Caller indexes, one per ticket (each caller 0..``most`` tickets), shuffled; and how many callers."""
    slots: list[int] = []
    i = 0
    while len(slots) < n:
        slots.extend([i] * rng.randint(0, most))
        i += 1
    slots = slots[:n]
    rng.shuffle(slots)
    return slots, i


def _templates(engine: Engine, callers: list[int]) -> None:
    """Tickets written through the repository: 3 in 4 closed by a direct answer, the rest open."""
    with UnitOfWork(engine, origin="bench") as uow:
        for k, who in enumerate(callers):
            at = START + timedelta(minutes=13 * k)
            created = commands.create("bench", number=f"S{k:06d}", profile="ordos", channel="phone",
                                      category=("consult", "help", "complaint")[k % 3], urgency="normal",
                                      content="小区供暖不热，屋里只有十几度，家里有老人孩子", caller_phone=caller(who),
                                      at=at, origin="bench")
            later = at + timedelta(minutes=6)
            if k % 4 != 3:
                step = commands.answer_directly(created.ticket_id, "bench", article_id="kb-heating", article_version=1,
                                                at=later, origin="bench")
            elif k % 8 == 3:
                step = commands.dispatch(created.ticket_id, "bench", units=["unit-heating"], at=later, origin="bench")
            else:
                step = None
            uow.tickets.add([created] + ([step] if step else []))
        uow.commit()


def build(path: Path, n: int, seed: int, templates: int = 400) -> tuple[int, float]:
    """Make the database at ``path``; returns (callers, seconds)."""
    t0 = time.perf_counter()
    rng = random.Random(seed)
    slots, callers = caller_slots(n, rng)
    partial = path.with_suffix(".partial")
    for leftover in partial.parent.glob(partial.name + "*"):
        leftover.unlink()
    engine = engine_for(f"sqlite:///{partial}")
    upgrade(engine)
    head = min(templates, n)
    _templates(engine, slots[:head])
    rest = iter(slots[head:])
    bulk_load(engine, n, rng, phone=lambda _rng: caller(next(rest)), weeks=104)
    engine.dispose()
    partial.rename(path)
    (path.parent / f"{path.name}.json").write_text(json.dumps({"callers": callers}))
    return callers, time.perf_counter() - t0


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50": round(statistics.median(ordered), 3), "p95": round(p95, 3), "max": round(ordered[-1], 3)}


def measure(engine: Engine, callers: int, queries: int, seed: int) -> dict[str, Any]:
    """Screen pops for ``queries`` random callers in mixed formats, and the old exact-match path beside them."""
    rng = random.Random(seed + 1)
    names = list(FORMATS)
    pop_ms, uow_ms, old_ms = [], [], []
    per: dict[str, dict[str, int]] = {f: {"asked": 0, "with_tickets": 0, "found": 0, "found_old": 0} for f in names}
    old = select(TicketRow.view).order_by(TicketRow.created_at.desc()).limit(20)
    decode = decoder(TicketView)
    for q in range(queries):
        number, form = caller(rng.randrange(callers)), names[q % len(names)]
        given = FORMATS[form](number)
        t0 = time.perf_counter()
        with UnitOfWork(engine, origin="bench-desk") as uow:
            t1 = time.perf_counter()
            pop = ScreenPop(uow, "bench-agent").for_caller(given, queue="12345")
            t2 = time.perf_counter()
            uow.commit()
        t3 = time.perf_counter()
        with UnitOfWork(engine) as uow:  # the old path: the number exactly as presented
            t4 = time.perf_counter()
            found_old = [decode(r) for r in uow.session.scalars(old.where(TicketRow.caller_phone == given))]
            old_ms.append((time.perf_counter() - t4) * 1000)
            has = uow.session.scalar(select(TicketRow.id).where(TicketRow.caller_phone == number).limit(1))
        pop_ms.append((t2 - t1) * 1000)
        uow_ms.append((t3 - t0) * 1000)
        row = per[form]
        row["asked"] += 1
        row["with_tickets"] += has is not None
        row["found"] += has is not None and bool(pop.tickets)
        row["found_old"] += has is not None and bool(found_old)
    formats = {f: {"example": FORMATS[f]("13900000001"), **r,
                   "found_rate": round(r["found"] / max(1, r["with_tickets"]), 4),
                   "found_rate_old_path": round(r["found_old"] / max(1, r["with_tickets"]), 4)}
               for f, r in per.items()}
    return {"screen_pop_query_ms": _percentiles(pop_ms), "with_unit_of_work_ms": _percentiles(uow_ms),
            "old_path_query_ms": _percentiles(old_ms), "formats": formats}


def main(argv: list[str]) -> int:
    """Build or reuse the database, measure, print the figures and the JSON line."""
    parser = argparse.ArgumentParser(prog="python -m bench screenpop")
    parser.add_argument("--n", type=int, default=1_000_000, help="tickets (default 1,000,000)")
    parser.add_argument("--queries", type=int, default=1000, help="screen pops measured (default 1,000)")
    parser.add_argument("--seed", type=int, default=12345)
    parser.add_argument("--cache-dir", default=str(ROOT / ".cache"), help="where built databases are kept")
    parser.add_argument("--out", default=str(ROOT / "results" / "screenpop.json"), help="JSON result file")
    args = parser.parse_args(argv)
    cache = Path(args.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"screenpop-g{GENERATOR}-r{head_revision()}-n{args.n}-s{args.seed}.sqlite3"
    if path.exists():
        callers, built_s, cached = json.loads((cache / f"{path.name}.json").read_text())["callers"], 0.0, True
        print(f"[screenpop] reusing {path}", flush=True)
    else:
        print(f"[screenpop] building {args.n:,} tickets in {path}", flush=True)
        (callers, built_s), cached = build(path, args.n, args.seed), False
        print(f"  built in {built_s:.0f} s", flush=True)
    engine = engine_for(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        n_tickets = conn.exec_driver_sql("SELECT count(*) FROM tickets").scalar()
        opened = conn.exec_driver_sql("SELECT count(*) FROM tickets WHERE state NOT IN ('closed', 'archived')").scalar()
    figures = measure(engine, callers, args.queries, args.seed)
    engine.dispose()
    q, u, o = figures["screen_pop_query_ms"], figures["with_unit_of_work_ms"], figures["old_path_query_ms"]
    print(f"  {n_tickets:,} tickets ({opened:,} open), {callers:,} callers with 0..30 tickets each")
    print(f"  ScreenPop.for_caller: p50 {q['p50']:.2f} ms, p95 {q['p95']:.2f} ms, max {q['max']:.2f} ms")
    print(f"  with its unit of work and commit: p50 {u['p50']:.2f} ms, p95 {u['p95']:.2f} ms")
    print(f"  old exact-match path: p50 {o['p50']:.2f} ms, p95 {o['p95']:.2f} ms")
    for name, f in figures["formats"].items():
        print(f"  {name:>11} {f['example']:<20} found {f['found_rate']:.0%}  old path {f['found_rate_old_path']:.0%}")
    result = {"n_tickets": n_tickets, "open_tickets": opened, "callers": callers, "queries": args.queries,
              "cached_database": cached, "build_s": round(built_s, 1), **figures}
    line = json.dumps(result, ensure_ascii=False)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(line + "\n")
    print(line)
    return 0
