"""``python -m bench recordings [--n N] [--quick]``: the recordings browser's search at 1,000,000 rows.

On a PostgreSQL center built (or reused) by bench.recordings_data, each query kind the browser makes
is drawn ``--draws`` times with random parameters and timed in-process (SQL to rows, one page of 100):

- first page: everything in the last 7 days (supervisor), one agent over 30 days, one caller (all
  time), one queue on one day, duration ≥ 10 min over 30 days, QA score ≥ 95, a team lead's group
  over 30 days, an agent's own (all time), a ticket number;
- deep page: page 21 (rows 2001–2100) of the supervisor's 30 days and of one queue, by keyset
  (what the browser does) — the cursor found beforehand, untimed.

``recording_search_ms`` is p50/p95 over all of these. Baselines side by side: the same deep pages
by OFFSET 2000, and the first pages without migration 0010's indexes (dropped inside a transaction
that is rolled back). The last printed line is JSON, also written to bench/results/recordings.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from bench.recordings_data import AGENTS, CALLERS, QUEUES, TEAMS, ensure, tickets_for
from hotline.accounts import Role
from hotline.recording_access import Viewer, search_scope
from hotline.timezone import parse_iso
from storage.db import engine_for
from storage.qa_tables import SEARCH_INDEXES
from storage.recording_search import RecordingQuery, offset_page, search_recordings

ROOT = Path(__file__).resolve().parent
END = parse_iso("2026-12-01T00:00")
PAGE = 100
DEEP = 2000
SUPERVISOR = Viewer("qa-li", Role.SUPERVISOR)


def _pct(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50": round(statistics.median(ordered), 2), "p95": round(p95, 2), "max": round(ordered[-1], 2),
            "n": len(ordered)}


def first_pages(rng: random.Random, n: int) -> dict[str, Callable[[], tuple[RecordingQuery, Viewer]]]:
    """Each query kind: a function drawing (query, viewer)."""
    def day(back_days: int) -> datetime:
        return END - timedelta(days=rng.randrange(back_days))

    def agent() -> str:
        return str(1001 + rng.randrange(AGENTS))

    def lead() -> Viewer:
        return Viewer("lead", Role.TEAM_LEAD, f"team-{1 + rng.randrange(TEAMS)}")

    return {
        "all_7_days": lambda: (RecordingQuery(since=END - timedelta(days=7), until=END), SUPERVISOR),
        "agent_30_days": lambda: (RecordingQuery(agent=agent(), since=END - timedelta(days=30), until=END), SUPERVISOR),
        "caller": lambda: (RecordingQuery(caller="13" + str(rng.randrange(CALLERS)).zfill(9)), SUPERVISOR),
        "queue_one_day": lambda: (RecordingQuery(queue=rng.choice(QUEUES), since=(d := day(170)),
                                                 until=d + timedelta(days=1)), SUPERVISOR),
        "long_calls_30_days": lambda: (RecordingQuery(min_duration_s=600, since=END - timedelta(days=30), until=END),
                                       SUPERVISOR),
        "qa_score_95_up": lambda: (RecordingQuery(min_score=95), SUPERVISOR),
        "team_lead_30_days": lambda: (RecordingQuery(since=END - timedelta(days=30), until=END), lead()),
        "agent_own": lambda: (RecordingQuery(), Viewer(f"agent{(a := agent())}", Role.AGENT, None, a)),
        "ticket_number": lambda: (RecordingQuery(ticket_number="B" + str(1 + rng.randrange(tickets_for(n))).zfill(8)),
                                  SUPERVISOR),
    }


def deep_pages(rng: random.Random) -> dict[str, Callable[[], tuple[RecordingQuery, Viewer]]]:
    return {"deep_all_30_days": lambda: (RecordingQuery(since=END - timedelta(days=30), until=END), SUPERVISOR),
            "deep_queue": lambda: (RecordingQuery(queue=rng.choice(QUEUES[:3])), SUPERVISOR)}


def _timed(fn: Callable[[], list[Any]]) -> tuple[float, int]:
    t0 = time.perf_counter()
    rows = fn()
    return (time.perf_counter() - t0) * 1000, len(rows)


def run(session: Session, n: int, draws: int, seed: int) -> dict[str, Any]:
    """Time every kind (see the module docstring); per kind and overall."""
    rng = random.Random(seed)
    kinds: dict[str, list[float]] = {}
    offset_ms: list[float] = []
    for name, draw in first_pages(rng, n).items():
        for _ in range(draws):
            q, viewer = draw()
            ms, _n = _timed(lambda q=q, v=viewer: search_recordings(session, q, search_scope(v), limit=PAGE))
            kinds.setdefault(name, []).append(ms)
    for name, draw in deep_pages(rng).items():
        for _ in range(draws):
            q, viewer = draw()
            scope = search_scope(viewer)
            before = offset_page(session, q, scope, limit=1, offset=DEEP - 1)  # the cursor, untimed
            if not before:
                continue
            ms, _n = _timed(lambda q=q, s=scope, c=before[0].cursor: search_recordings(session, q, s, limit=PAGE,
                                                                                        after=c))
            kinds.setdefault(name, []).append(ms)
            off, _n = _timed(lambda q=q, s=scope: offset_page(session, q, s, limit=PAGE, offset=DEEP))
            offset_ms.append(off)
    every = [ms for values in kinds.values() for ms in values]
    return {"all": every, "kinds": {k: _pct(v) for k, v in kinds.items()}, "offset": offset_ms}


def without_indexes(engine: Any, n: int, draws: int, seed: int) -> list[float]:
    """The first pages again with migration 0010's indexes dropped in a transaction rolled back after."""
    rng = random.Random(seed)
    out: list[float] = []
    with engine.connect() as conn:
        trans = conn.begin()
        for index in SEARCH_INDEXES:
            conn.execute(text(f"DROP INDEX {index.name}"))
        session = Session(bind=conn)
        for _name, draw in first_pages(rng, n).items():
            for _ in range(max(1, draws // 2)):
                q, viewer = draw()
                ms, _n = _timed(lambda q=q, v=viewer: search_recordings(session, q, search_scope(v), limit=PAGE))
                out.append(ms)
        session.close()
        trans.rollback()
    return out


def measure(quick: bool = False, n: int | None = None, draws: int | None = None, seed: int = 12345,
            cache: Path | None = None) -> dict[str, Any]:
    """Build or reuse the database and time the searches; the result dict (see the module docstring)."""
    n = n or (100_000 if quick else 1_000_000)
    draws = draws or (5 if quick else 30)
    url, built_s, reused = ensure(n, cache or ROOT / ".cache")
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT count(*) FROM recordings")).scalar_one()
        with Session(engine) as session:
            run(session, rows, 2, seed + 1)  # warm the cache once
            timed = run(session, rows, draws, seed)
        plain = without_indexes(engine, rows, draws, seed)
    finally:
        engine.dispose()
    return {"recordings": rows, "page": PAGE, "draws": draws, "cached_database": reused, "build_s": round(built_s, 1),
            "recording_search_ms": _pct(timed["all"]), "by_kind_ms": timed["kinds"],
            "baseline": {"offset_deep_page_ms": _pct(timed["offset"]), "no_0010_indexes_first_page_ms": _pct(plain)}}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench recordings")
    parser.add_argument("--n", type=int, default=None, help="recordings (default 1,000,000; --quick 100,000)")
    parser.add_argument("--draws", type=int, default=None, help="draws per query kind (default 30; --quick 5)")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "results" / "recordings.json"))
    args = parser.parse_args(argv)
    result = measure(args.quick, args.n, args.draws)
    s, b = result["recording_search_ms"], result["baseline"]
    how = "reused" if result["cached_database"] else f"built in {result['build_s']:.0f} s"
    print(f"[recordings] {result['recordings']:,} recordings on PostgreSQL, pages of {PAGE}, {how}")
    print(f"  {'query':<22}{'p50 ms':>10}{'p95 ms':>10}")
    for kind, f in result["by_kind_ms"].items():
        print(f"  {kind:<22}{f['p50']:>10.2f}{f['p95']:>10.2f}")
    print(f"  keyset search (all kinds): p50 {s['p50']:.2f} ms, p95 {s['p95']:.2f} ms")
    print(f"  baseline OFFSET {DEEP} deep page: p50 {b['offset_deep_page_ms']['p50']:.2f} ms, "
          f"p95 {b['offset_deep_page_ms']['p95']:.2f} ms")
    print(f"  baseline without 0010's indexes (first pages): p50 {b['no_0010_indexes_first_page_ms']['p50']:.2f} ms, "
          f"p95 {b['no_0010_indexes_first_page_ms']['p95']:.2f} ms")
    line = json.dumps(result, ensure_ascii=False)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(line + "\n")
    print(line)
    return 0
