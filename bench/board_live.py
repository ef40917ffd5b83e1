"""``python -m bench board-live``: from a director event to the team lead's board repainted, under load.

One run per mode on a fresh PostgreSQL database (``--pg``, default the test server):
- notify (ours): the board (desktop.app.board.BoardController + desktop.ui.board.BoardWindow,
  offscreen Qt) LISTENs on hotline_board and reads the board on each burst of notifications;
- poll (baseline): the same board reading every second, no LISTEN.
The load (bench/board_load.py, a subprocess) is a real Director + DirectorService writing its records
and its live mirror through the production path while 160 agents take 100 calls/s generated at the
director's API (no SIP; see that module). Each probe — a director event changing agent 2999's 示忙
reason — is timed from the moment the director applied it (CLOCK_MONOTONIC, shared by both
processes) to the end of the first synchronous repaint whose view shows it or a later probe (the
board then shows a state at least that new); ``not_shown`` counts probes no repaint reached before
the end.
``--screenshot PATH`` grabs the board mid-load. Prints a table; the last line is JSON; results go
to bench/results/board_live.json. ``measure(quick)`` returns the same dict (bench supervision).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _pct(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": None, "p95": None, "n": 0}  # type: ignore[dict-item]
    values = sorted(values)
    return {"p50": round(statistics.median(values), 1), "p95": round(values[max(0, int(len(values) * 0.95) - 1)], 1),
            "n": len(values)}


def _database(admin: str) -> str:
    import psycopg

    name = f"bench_board_live_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def _drop(admin: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def one_mode(admin: str, mode: str, agents: int, cps: float, seconds: float, shot: Path | None) -> dict[str, Any]:
    """Run the load against a fresh database with the board in ``mode`` (notify | poll)."""
    from PySide6.QtWidgets import QApplication

    from bench.board_load import plan_for
    from desktop.app.board import BoardController
    from desktop.ui.board import BoardWindow
    from storage.db import upgrade

    app = QApplication.instance() or QApplication([])
    name = _database(admin)
    url = f"{admin.rsplit('/', 1)[0].replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}"
    try:
        upgrade(url)
        window = BoardWindow()
        window.resize(1600, 900)
        window.show()
        board = BoardController(url, window, plan=plan_for(agents), poll_s=1.0 if mode == "poll" else None)
        shown: list[tuple[float, int]] = []  # (repaint time, the newest probe it shows)
        costs: dict[str, list[float]] = {"read": [], "paint": []}

        def repainted(view: Any, mono: float) -> None:
            _seen(view, mono, shown)
            costs["read"].append(board.read_s * 1000)
            costs["paint"].append(board.paint_s * 1000)

        board.repainted.connect(repainted)
        board.start()
        probes: dict[int, float] = {}
        summary: dict[str, Any] = {}
        env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
        proc = subprocess.Popen([sys.executable, "-m", "bench.board_load", "--db", url, "--agents", str(agents),
                                 "--cps", str(cps), "--seconds", str(seconds)], stdout=subprocess.PIPE, text=True,
                                env=env, cwd=ROOT)
        reader = threading.Thread(target=_read, args=(proc, probes, summary), daemon=True)
        reader.start()
        deadline = time.monotonic() + seconds + 60
        shot_at = time.monotonic() + seconds * 0.75
        while proc.poll() is None and time.monotonic() < deadline:
            app.processEvents()
            if shot is not None and time.monotonic() >= shot_at:
                shot.parent.mkdir(parents=True, exist_ok=True)
                window.grab().save(str(shot))
                shot = None
            time.sleep(0.002)
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        reader.join(5)
        end = time.monotonic() + 2
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)
        board.stop()
        window.close()
        latencies, missed = [], 0
        for n, fired in sorted(probes.items()):
            first = next((mono for mono, m in shown if m >= n), None)
            if first is None:
                missed += 1
            else:
                latencies.append((first - fired) * 1000)
        return {"mode": mode, "board_update_ms": _pct(latencies), "probes": len(probes),
                "not_shown": missed, "views": board.views,
                "read_ms": _pct(costs["read"]), "paint_ms": _pct(costs["paint"]),
                "load": summary.get("summary", {})}
    finally:
        _drop(admin, name)


def _seen(view: Any, mono: float, shown: list[tuple[float, int]]) -> None:
    for a in view.agents:
        if a.agent == "2999" and a.reason.startswith("p"):
            shown.append((mono, int(a.reason[1:])))


def _read(proc: subprocess.Popen, probes: dict[int, float], summary: dict[str, Any]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        try:
            doc = json.loads(line)
        except ValueError:
            continue
        if "probe" in doc:
            probes[int(doc["probe"])] = float(doc["mono"])
        elif "summary" in doc:
            summary.update(doc)


def measure(quick: bool = False, admin: str = PG_ADMIN, agents: int = 160, cps: float = 100.0,
            screenshot: Path | None = None) -> dict[str, Any]:
    """Both modes; the dict printed and saved by ``main`` (``quick``: 12 s per mode instead of 40 s)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    seconds = 12.0 if quick else 40.0
    ours = one_mode(admin, "notify", agents, cps, seconds, screenshot)
    base = one_mode(admin, "poll", agents, cps, seconds, None)
    return {"board_update_ms": ours["board_update_ms"], "agents": agents, "cps": cps,
            "achieved_cps": ours["load"].get("achieved_cps"), "seconds": seconds,
            "notify": ours, "baseline_poll_1s": base,
            "method": "director API load (no SIP), records + mirror through the production path; "
                      "probe event -> first synchronous repaint showing it"}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench board-live")
    ap.add_argument("--pg", default=PG_ADMIN, help="an admin URL of the PostgreSQL server (a database is made)")
    ap.add_argument("--agents", type=int, default=160)
    ap.add_argument("--cps", type=float, default=100.0)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--screenshot", type=Path)
    args = ap.parse_args(argv)
    out = measure(args.quick, args.pg, args.agents, args.cps, args.screenshot)
    print(f"board update, director event -> repaint, {args.agents} agents at {args.cps:g} calls/s "
          f"(achieved {out['achieved_cps']}):")
    print(f"{'':24}{'p50 ms':>10}{'p95 ms':>10}{'n':>6}{'views':>8}")
    for label, r in (("LISTEN/NOTIFY (ours)", out["notify"]), ("poll every 1 s", out["baseline_poll_1s"])):
        m = r["board_update_ms"]
        print(f"{label:24}{m['p50']!s:>10}{m['p95']!s:>10}{m['n']:>6}{r['views']:>8}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "board_live.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, ensure_ascii=False))
    return 0
