"""``python -m bench guard``: what the audit log's hash chain costs, on a SQLite file and the real PostgreSQL.

Figures (each backend):
- ``record_ms``: one audited look-up (``uow.audit.record`` + commit, as the screen pop writes it),
  median and p95 over ``--n`` look-ups, chained (this build) and, side by side, the baseline: the same
  entry written the way the build before the chain wrote it (insert + change record, no link).
- ``verify_per_s``: entries ``hotline audit verify`` checks per second over the whole log.
Last line: the JSON object, also written to bench/results/guard.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from hotline.secrets import mask_url
from storage.audit import AuditEntry
from storage.audit_chain import verify
from storage.db import engine_for, upgrade
from storage.tables import AuditRow
from storage.uow import UnitOfWork
from storage.upsert import insert_ignore

RESULTS = Path(__file__).resolve().parent / "results" / "guard.json"


def _pct(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50": round(statistics.median(ordered), 3), "p95": round(ordered[int(len(ordered) * 0.95) - 1], 3)}


def _chained(engine: Engine, i: int) -> None:
    with UnitOfWork(engine, origin="desk-bench") as uow:
        uow.audit.record("agent", "view-caller", "caller", f"1380000{i:04d}", command="screen-pop")
        uow.commit()


def _baseline(engine: Engine, i: int) -> None:
    with UnitOfWork(engine, origin="desk-base") as uow:
        entry = AuditEntry("agent", "view-caller", "caller", f"1390000{i:04d}", {"command": "screen-pop"}, "desk-base")
        insert_ignore(uow.session, AuditRow, [{**entry.to_json(), "at": entry.at}], ["id"])
        uow.recorder.record("audit", entry.id, entry.to_json())
        uow.commit()


def run_backend(name: str, url: str, n: int) -> dict[str, Any]:
    """The figures for one backend."""
    print(f"[{name}] {mask_url(url)}", flush=True)
    upgrade(url)
    engine = engine_for(url)
    try:
        figures: dict[str, Any] = {}
        for label, write in (("baseline", _baseline), ("chained", _chained)):
            samples = []
            for i in range(n):
                t0 = time.perf_counter()
                write(engine, i)
                samples.append((time.perf_counter() - t0) * 1000)
            figures[label] = _pct(samples)
        with Session(engine) as session:
            t0 = time.perf_counter()
            checked, problems = verify(session)
            took = time.perf_counter() - t0
        problems = [p for p in problems if p.origin != "desk-base"]  # the baseline's rows are unchained
        assert not problems, problems[:3]
        out = {"record_ms": figures["chained"], "record_ms_baseline": figures["baseline"],
               "verify_per_s": round(checked / took), "entries": checked}
        print(f"  record: chained p50 {figures['chained']['p50']} ms p95 {figures['chained']['p95']} ms | "
              f"baseline p50 {figures['baseline']['p50']} ms p95 {figures['baseline']['p95']} ms", flush=True)
        print(f"  verify: {out['verify_per_s']:,} entries/s over {checked:,} entries", flush=True)
        return out
    finally:
        engine.dispose()


def main(argv: list[str]) -> int:
    """Run on SQLite and on PostgreSQL (``--pg`` an empty database's URL; a throwaway one by default)."""
    ap = argparse.ArgumentParser(prog="python -m bench guard")
    ap.add_argument("--n", type=int, default=1000, help="look-ups recorded per variant")
    ap.add_argument("--pg", help="an empty PostgreSQL database (default: a throwaway one on 127.0.0.1:5432)")
    args = ap.parse_args(argv)
    result: dict[str, Any] = {"n": args.n}
    with tempfile.TemporaryDirectory(prefix="bench-guard-") as tmp:
        result["sqlite"] = run_backend("sqlite", f"sqlite:///{Path(tmp) / 'guard.sqlite3'}", args.n)
    if args.pg:
        result["postgresql"] = run_backend("postgresql", args.pg, args.n)
    else:
        from tests.conftest import fresh_pg_database

        with fresh_pg_database("bench_guard") as url:
            result["postgresql"] = run_backend("postgresql", url, args.n)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result))
    return 0
