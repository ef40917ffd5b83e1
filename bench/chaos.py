"""``python -m bench chaos [--quick]``: nothing lost when the real parts are taken away.

1. push_10k_s: a workstation's 10,000 outbox rows (5,000 tickets, CREATED + DISPATCHED) pushed to a
   fresh, seeded center, on SQLite and on PostgreSQL (scratch databases on ``--pg``), the median of
   5 rounds (bench.chaos_push); the worse of the two is ``push_10k_s``. Side by side in the same run:
   PostgreSQL without the pipeline; bench/results/tickets.json holds the code before the fold was sped up.
2. desk_kills / drafts_lost: a real ``hotline desk`` SIGKILLed mid-ticket 100 times (``--quick``: 20),
   in two lanes side by side (each its own working copy); bench.chaos_desks counts lost drafts,
   half-written tickets and saved tickets missing.
3. pg_outage: 20 desk processes (``--quick``: 6) write tickets and knowledge articles and sync
   while the center — a PostgreSQL cluster of the bench's own (bench.pg_cluster) — is stopped with
   pg_ctl for 120 s (``--quick``: 20 s); bench.chaos_sync counts lost, duplicated, diverged.
4. director_kill: from bench.chaos_director (the standby director's drill) when that module is
   present; ``null`` otherwise.
5. sip_attacks, callbacks_promised / callbacks_lost: bench.chaos_center, when present.

Figures are printed as they come; the result goes to bench/results/chaos.json; the last line is JSON.
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.chaos_desks import demo_working_copy, run_kills
from bench.chaos_push import push_figures
from bench.chaos_sync import run_outage
from bench.pg_cluster import PgCluster

RESULTS = Path(__file__).resolve().parent / "results"


def kill_figures(workdir: Path, kills: int, lanes: int = 2) -> dict[str, Any]:
    """``kills`` SIGKILLs of real desks, split over ``lanes`` desks running side by side."""
    results: list[dict[str, Any]] = []
    errors: list[str] = []
    per_lane = [kills // lanes + (1 if i < kills % lanes else 0) for i in range(lanes)]

    template = demo_working_copy(workdir / "template")  # built once: SQLite setup is not for threads
    source = Path(template.split(":///", 1)[1])

    def lane(i: int) -> None:
        folder = workdir / f"lane-{i}"
        try:
            (folder / "copy").mkdir(parents=True)
            shutil.copyfile(source, folder / "copy" / "desk.sqlite3")
            db = f"sqlite:///{folder / 'copy' / 'desk.sqlite3'}"
            results.append(run_kills(folder, per_lane[i], seed=20261207 + i, db=db,
                                     progress=lambda n, lost: print(f"  lane {i}: {n} restarts, {lost} lost",
                                                                    flush=True) if n % 10 == 0 else None))
        except Exception as exc:  # noqa: BLE001 - reported in the result, never hidden
            errors.append(f"lane {i}: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=lane, args=(i,)) for i in range(lanes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total: dict[str, Any] = {"errors": errors}
    for key in ("desk_kills", "restarts_with_draft", "drafts_lost", "tickets_saved", "tickets_in_copy",
                "half_written", "saved_missing", "saves_refused"):
        total[key] = sum(r[key] for r in results)
    total["lost"] = [x for r in results for x in r["lost"]][:5]
    return total


def outage_figures(workdir: Path, desks: int, outage_s: float, around_s: float) -> dict[str, Any]:
    """The central-outage drill against a cluster of our own, stopped with pg_ctl."""
    home = Path(tempfile.mkdtemp(prefix="bench-chaos-pg-"))  # its own folder: the server's user must enter it
    home.chmod(0o755)
    cluster = PgCluster(home / "pg").init()
    cluster.start()
    try:
        return run_outage(workdir / "drill", cluster.url(), cluster.stop, cluster.start, desks=desks,
                          before_s=around_s, outage_s=outage_s, after_s=around_s,
                          say=lambda line: print(line, flush=True))
    finally:
        cluster.destroy()
        shutil.rmtree(home, ignore_errors=True)


def optional(module: str, quick: bool) -> dict[str, Any] | None:
    """``module.measure(quick)`` when the module's file is in this tree, else None.

    The file is looked for beside this one: the editable install's finder would otherwise serve a
    module of another checkout. A drill that fails is reported as ``{"error": ...}``, and the other
    parts' figures are kept.
    """
    if not (Path(__file__).resolve().parent / f"{module.rsplit('.', 1)[1]}.py").exists():
        return None
    try:
        return dict(importlib.import_module(module).measure(quick=quick))
    except Exception as exc:  # noqa: BLE001 - reported in the result, never hidden
        return {"error": f"{type(exc).__name__}: {str(exc)[:500]}"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench chaos")
    parser.add_argument("--quick", action="store_true", help="fewer kills, desks and a shorter outage")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="admin URL of the shared PostgreSQL (a scratch database for the push figure)")
    parser.add_argument("--only", choices=("push", "kills", "outage", "director", "center"), action="append",
                        help="run only these parts (repeatable)")
    args = parser.parse_args(argv)
    parts = set(args.only or ("push", "kills", "outage", "director", "center"))
    quick = args.quick
    result: dict[str, Any] = {"quick": quick}
    t0 = time.monotonic()
    baseline = _baseline()
    before = _previous_push()
    with tempfile.TemporaryDirectory(prefix="bench-chaos-") as tmp:
        work = Path(tmp)
        if "push" in parts:
            push = push_figures(args.pg, work / "push", rounds=3 if quick else 5)
            result["push_10k_s"] = max(push["sqlite"], push["postgres"])
            result["push_10k_by_backend"] = push
            print(f"push 10k (median of {push['rounds']} rounds, load {push['loadavg_before']}): sqlite "
                  f"{push['sqlite']:.2f} s {push['sqlite_runs']} (CPU {push['sqlite_cpu']:.2f} s), postgres "
                  f"{push['postgres']:.2f} s {push['postgres_runs']} (CPU here {push['postgres_cpu']:.2f} s); "
                  f"side by side, postgres without the pipeline {push['postgres_baseline']:.2f} s "
                  f"{push['postgres_baseline_runs']}; bench/results/tickets.json (the code before the fold was "
                  f"sped up): sqlite {baseline.get('sqlite')} s, postgres {baseline.get('postgres')} s; the last "
                  f"bench/results/chaos.json: {before}", flush=True)
            if before:
                result["push_10k_before"] = before
            _save(dict(result), quick, args.only is not None, parts)  # kept if a later part fails
        if "kills" in parts:
            kills = kill_figures(work / "kills", 20 if quick else 100)
            result.update(desk_kills=kills["desk_kills"], drafts_lost=kills["drafts_lost"],
                          half_written=kills["half_written"], desk_kill_detail=kills)
            print(f"desk kills: {kills['desk_kills']} SIGKILLs, {kills['restarts_with_draft']} restarts "
                  f"mid-ticket, drafts lost {kills['drafts_lost']}, half-written {kills['half_written']}, "
                  f"saved tickets missing {kills['saved_missing']}", flush=True)
            _save(dict(result), quick, args.only is not None, parts)  # kept if a later part fails
        if "outage" in parts:
            outage = outage_figures(work / "outage", 6 if quick else 20, 20 if quick else 120, 10 if quick else 20)
            result["pg_outage"] = outage
            print(f"pg outage: {outage['desks']} desks, {outage['events']} events "
                  f"({outage['tickets']} tickets, {outage['articles']} articles, {outage['recordings']} recordings), center down {outage['outage_s']} s: "
                  f"lost {outage['lost']}, duplicated {outage['duplicated']}, diverged {outage['diverged']}, "
                  f"drained in {outage['drain_s']} s", flush=True)
            _save(dict(result), quick, args.only is not None, parts)  # kept if a later part fails
        if "director" in parts:
            director = optional("bench.chaos_director", quick)
            result["director_kill"] = director
            if director is None:
                result["director_kill_missing"] = "bench.chaos_director not on this branch"
            print(f"director kill: {director}", flush=True)
            _save(dict(result), quick, args.only is not None, parts)  # kept if a later part fails
        if "center" in parts:
            center = optional("bench.chaos_center", quick)
            if center is None:
                result.update(sip_attacks=None, callbacks_promised=None, callbacks_lost=None,
                              center_missing="bench.chaos_center not on this branch")
            else:
                result.update(center)
            print(f"center: attacks {result.get('sip_attacks')}, callbacks promised "
                  f"{result.get('callbacks_promised')}, lost {result.get('callbacks_lost')}", flush=True)
    result["elapsed_s"] = round(time.monotonic() - t0, 1)
    print(_save(result, quick, args.only is not None, parts))
    return 0


def _save(result: dict[str, Any], quick: bool, partial: bool, parts: set[str]) -> str:
    """Write the result (a partial run updates its parts of the last result); the JSON line."""
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / ("chaos-quick.json" if quick else "chaos.json")
    if partial and out.exists():
        old = json.loads(out.read_text())
        result = {**old, **result, "partial_rerun": sorted(set(old.get("partial_rerun", [])) | parts)}
        if result.get("director_kill") is not None:  # a note of an earlier run without the drill
            result.pop("director_kill_missing", None)
    line = json.dumps(result, ensure_ascii=False, default=str)
    out.write_text(line + "\n")
    return line


def _previous_push() -> dict[str, Any]:
    """The push figures of the last bench/results/chaos.json (the code before this run's), side by side."""
    try:
        found = json.loads((RESULTS / "chaos.json").read_text())
    except (OSError, ValueError):
        return {}
    by_backend = found.get("push_10k_by_backend") or {}
    return {k: by_backend.get(k) for k in ("sqlite", "postgres") if k in by_backend}


def _baseline() -> dict[str, Any]:
    try:
        found = json.loads((RESULTS / "tickets.json").read_text())
    except (OSError, ValueError):
        return {}
    return {k: found.get(k, {}).get("push_10k_s") for k in ("sqlite", "postgres")}
