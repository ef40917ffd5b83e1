"""``python -m bench board``: how fresh the queue board is, and what the director and its storage cost.

In one run on the real PostgreSQL (``--pg``, default the test server):
1. freshness — time from an append's commit to the board callback holding the new figures:
   BoardWatcher on LISTEN/NOTIFY (ours) vs the same watcher polling every 0.5 s (baseline);
2. append — one director input's events written in one unit of work (CDR included), SQLite vs PostgreSQL;
3. decide — the director's time per input (a call queued) with 0, 200 and 2,000 callers waiting.
Prints a table; the last line is JSON; results go to bench/results/board.json.
"""

from __future__ import annotations

import argparse
import json
import queue
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from hotline.acd import CenterPlan, Director, Record
from hotline.timezone import now

RESULTS = Path(__file__).resolve().parent / "results"


def _pct(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {"p50": round(statistics.median(values), 3), "p95": round(values[int(len(values) * 0.95) - 1], 3),
            "n": len(values)}


def _events(actions: list[Any]) -> list[Any]:
    return [x.event for x in actions if isinstance(x, Record)]


def _center(plan: CenterPlan) -> Director:
    d = Director(plan, now())
    d.agent_registered("1099", now())  # the duty seat: nobody is sent to the night rule
    for user in plan.agents:
        d.agent_registered(user, now())
        d.agent_state(user, "not-ready", now(), reason="基准")
    return d


def freshness(url: str, plan: CenterPlan, rounds: int, poll: bool) -> list[float]:
    """Milliseconds from commit to a callback showing one more caller waiting."""
    from storage.center_live import BoardWatcher
    from storage.db import engine_for
    from storage.uow import UnitOfWork

    engine = engine_for(url)
    got: queue.Queue = queue.Queue()
    d = _center(plan)
    waiting = lambda figures: sum(f.waiting for f in figures)  # noqa: E731
    watcher = BoardWatcher(url, lambda f: got.put((time.perf_counter(), waiting(f))), plan=plan,
                           refresh_s=None, poll=poll).start()
    samples = []
    try:
        got.get(timeout=5)
        for i in range(rounds):
            events = _events(d.call_queued(f"fresh-{poll}-{i}-{uuid.uuid4().hex[:6]}", caller="1",
                                           dialled="12345", at=now()))
            while not got.empty():
                got.get_nowait()
            with UnitOfWork(engine, origin="bench", role="center") as uow:
                uow.center.append(events)
                uow.commit()
            committed = time.perf_counter()
            while True:
                arrived, count = got.get(timeout=5)
                if count >= i + 1:
                    samples.append((arrived - committed) * 1000)
                    break
            time.sleep(random.uniform(0.02, 0.5))  # land at random points of the poll cycle
    finally:
        watcher.stop()
        engine.dispose()
    return samples


def append_cost(url: str, plan: CenterPlan, rounds: int) -> list[float]:
    """Milliseconds to append one call's queued + offered + answered + ended events, one input per unit of work."""
    from storage.db import engine_for
    from storage.uow import UnitOfWork

    engine = engine_for(url)
    d = Director(plan, now())
    d.agent_registered("1001", now())
    samples = []
    for i in range(rounds):
        call = f"app-{i}-{uuid.uuid4().hex[:6]}"
        t = now()
        inputs = [d.call_queued(call, caller="1", dialled="12345", at=t), d.ring_answered(call, "1001", t),
                  d.call_ended(call, t), d.agent_state("1001", "ready", t)]
        for actions in inputs:
            events = _events(actions)
            started = time.perf_counter()
            with UnitOfWork(engine, origin="bench", role="center") as uow:
                uow.center.append(events)
                uow.commit()
            samples.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return samples


def decide(plan: CenterPlan, depth: int, rounds: int) -> list[float]:
    """Microseconds per call_queued with ``depth`` callers already waiting."""
    d = _center(plan)
    t0 = now()
    for i in range(depth):
        d.call_queued(f"deep-{i}", caller="1", dialled="12345", at=t0 + timedelta(milliseconds=i))
    samples = []
    for i in range(rounds):
        at = t0 + timedelta(milliseconds=depth + i)
        started = time.perf_counter()
        d.call_queued(f"new-{i}", caller="1", dialled="12345", at=at)
        samples.append((time.perf_counter() - started) * 1e6)
        d.caller_left(f"new-{i}", at)
    return samples


@contextmanager
def throwaway_pg(admin: str) -> Iterator[str]:
    """A new database on the server of ``admin`` (dropped afterwards)."""
    import psycopg

    name = f"hotline_bench_board_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str]) -> int:
    """Run the three measures and print them."""
    from storage.db import upgrade

    parser = argparse.ArgumentParser(prog="python -m bench board")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="PostgreSQL admin URL for a throwaway database")
    args = parser.parse_args(argv)
    plan = CenterPlan.load()
    result: dict[str, Any] = {}
    with throwaway_pg(args.pg) as pg, tempfile.TemporaryDirectory() as tmp:
        sqlite = f"sqlite:///{Path(tmp) / 'board.sqlite3'}"
        for url in (pg, sqlite):
            upgrade(url)
        result["freshness_ms"] = {"notify": _pct(freshness(pg, plan, args.rounds, poll=False)),
                                  "poll_0.5s": _pct(freshness(pg, plan, args.rounds, poll=True))}
        result["append_ms"] = {"sqlite": _pct(append_cost(sqlite, plan, args.rounds)),
                               "postgresql": _pct(append_cost(pg, plan, args.rounds))}
    result["decide_us"] = {str(depth): _pct(decide(plan, depth, 500)) for depth in (0, 200, 2000)}
    print(f"{'measure':<34}{'p50':>10}{'p95':>10}")
    for group, rows in result.items():
        for name, row in rows.items():
            print(f"{group + ' ' + name:<34}{row['p50']:>10}{row['p95']:>10}")
    RESULTS.mkdir(exist_ok=True)
    line = json.dumps(result, ensure_ascii=False)
    (RESULTS / "board.json").write_text(line + "\n", encoding="utf-8")
    print(line)
    return 0
