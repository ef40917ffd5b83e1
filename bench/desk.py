"""``python -m bench desk``: the agent desk at 1,000,000 tickets — screen pop, start-up, memory, suggestions.

One run, against a real center (Kamailio with the accounts' HA1s, the real queue director) and a fresh
copy of bench/screenpop.py's cached 1M-ticket SQLite database with the demo city added (bench/desk_db.py):

- startup_s: a real ``hotline desk`` process (``--print-ready``), from Popen to ``READY registered``
  (signed in, window shown, the phone registered with the center); ``--startup-runs`` times, the first
  one also builds the knowledge index of its data directory;
- then an in-process DeskRoot (offscreen) registered as agent 1001: rss_mb.start; ``--calls`` SIPp
  callers through 12345 and the director, each answered, ticketed and hung up through the widgets
  (bench/desk_calls.py); rss_mb.after (and after the first 10 % of the calls, to tell warm-up from a leak);
- screen_pop_ms: ``--pops`` callers in mixed number formats, TicketsController.pop to the caller pane's
  first paint, ours (storage.screenpop) and the pre-ScreenPop exact-match lookup side by side (bench/desk_ui.py);
- suggest_ms: the ticket's content typed to the knowledge pane painted; ``p95`` excludes the two
  debounces (pane 150 ms + Suggester 250 ms), ``typed_to_shown_ms`` includes them.

Results: bench/results/desk.json and desk.log; the last printed line is JSON. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import desk_calls, desk_ui
from bench.desk_db import working_copy
from bench.screenpop import FORMATS, caller
from bench.tee import Tee

RESULTS = Path(__file__).resolve().parent / "results"




def startup(db_url: str, center: str, home: Path, runs: int, log: Any) -> dict[str, Any]:
    """Start the real desk process ``runs`` times; seconds to READY window / READY registered."""
    window, registered, rss = [], [], []
    for r in range(runs):
        script = home / f"startup-{r}.jsonl"
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text("")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOTLINE_HOME=str(home))
        t0 = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "desktop.cli.main", "desk", "--db", db_url, "--login", "1001",
                                 "--password-stdin", "--center", center, "--print-ready", "--script", str(script),
                                 "--quit-after", "60"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, env=env)
        try:
            proc.stdin.write("demo-1001\n")
            proc.stdin.close()
            for line in proc.stdout:
                if line.startswith("READY window"):
                    window.append(time.monotonic() - t0)
                elif line.startswith("READY registered"):
                    registered.append(time.monotonic() - t0)
                    rss.append(_rss_of(proc.pid))
                    break
            script.write_text('{"do": "quit"}\n')  # a clean stop: the phone unregisters
            proc.wait(30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
        print(f"  start-up {r + 1}: window {window[-1]:.2f} s, registered {registered[-1]:.2f} s", file=log, flush=True)
    return {"window_s": [round(x, 2) for x in window], "registered_s": [round(x, 2) for x in registered],
            "process_rss_mb_at_registered": [round(x, 1) for x in rss]}


def _rss_of(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def in_process_desk(db_url: str, center: str, run: Path) -> Any:
    """A DeskRoot as ``hotline desk`` builds it (QApplication, CJK font), window shown, phone registering."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["HOTLINE_HOME"] = str(run / "home-inproc")
    from desktop.app.login import check
    from desktop.app.main import _application
    from desktop.app.root import DeskRoot
    from desktop.app.settings import DeskSettings

    _application("zh_CN")
    user, problem = check(db_url, "1001", "demo-1001")
    if problem:
        raise RuntimeError(problem)
    settings = DeskSettings(center=center, profile="liangshan", seat="007")
    root = DeskRoot(settings, user, "demo-1001", local_url=db_url, data_dir=run / "data",
                    # no display name in the Contact: SIPp's [next_url] would copy it into the ACK's Request-URI
                    softphone_overrides={"recording_dir": run / "rec", "log_level": 0, "display_name": ""})
    root.start()
    root.window.resize(1500, 860)
    root.window.show()
    bar = root.window.phone_bar
    desk_ui.spin(lambda: "已注册" in bar.reg_label.text(), 20, "registration")
    desk_ui.spin(lambda: bar.state_name in ("ready", "not-ready"), 10, "the director's state")
    if bar.state_name != "ready":
        bar.buttons["ready"].click()
        desk_ui.spin(lambda: bar.state_name == "ready", 10, "示闲")
    return root


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench desk")
    ap.add_argument("--n", type=int, default=1_000_000, help="tickets in the working copy (default 1,000,000)")
    ap.add_argument("--seed", type=int, default=12345)
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--pops", type=int, default=300)
    ap.add_argument("--suggest", type=int, default=60, help="sentences typed for suggestions")
    ap.add_argument("--startup-runs", type=int, default=3)
    ap.add_argument("--out", default=str(RESULTS / "desk.json"))
    ap.add_argument("--keep", type=Path, help="run in this directory and keep it (SIPp logs, the working copy)")
    args = ap.parse_args(argv)
    from desktop.app.memory import limit_malloc_arenas

    limit_malloc_arenas()  # as ``hotline desk`` does first (the in-process desk must match the real one)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-desk-") as tmp, open(out.with_suffix(".log"), "w") as fh:
        log, run = Tee(fh), args.keep or Path(tmp)
        path, callers = working_copy(args.n, args.seed, run, log=lambda m: print(m, file=log, flush=True))
        url = f"sqlite:///{path}"
        n_tickets = _count(url, "tickets")
        with desk_calls.center(url, run, seconds=3600) as k:
            print(f"center on {k.host}, director with agent 1001 (wrap-up 0)", file=log, flush=True)
            started = startup(url, k.host, run / "home-proc", args.startup_runs, log)
            root = in_process_desk(url, k.host, run)
            try:
                time.sleep(1)
                gc.collect()
                rss_start = desk_calls.rss_mb()
                rng = random.Random(args.seed + 3)
                forms = ["bare", "+86", "0086", "leading-0"]
                numbers = [FORMATS[forms[i % 4]](caller(rng.randrange(callers))) for i in range(args.calls)]
                thread, sipp = desk_calls.start_callers(k.port, numbers, run)
                calls = desk_calls.handle_calls(root, args.calls, log)
                thread.join(60)
                gc.collect()
                rss_after = desk_calls.rss_mb()
                in_calls = [s * 1000 for _, s in root.tickets.painted]
                root.tickets.painted.clear()
                print("  screen pops ...", file=log, flush=True)
                pops = desk_ui.screen_pops(root, callers, args.pops, args.seed)
                from bench.kb_desk import questions

                sentences = [q for q in questions() if len(q) >= 6][: args.suggest]
                print(f"  suggestions for {len(sentences)} sentences ...", file=log, flush=True)
                suggest = desk_ui.suggestions(root, sentences)
            finally:
                root.stop()
        sipp_result = sipp.get("result")
        warm = calls["rss_per_call_mb"][max(0, args.calls // 10 - 1)] if calls["rss_per_call_mb"] else rss_start
        result = {
            "n_tickets": n_tickets, "callers": callers,
            "screen_pop_ms": {**pops["ours"], "baseline_exact_match": pops["baseline_exact_match"],
                              "callers_shown_history": pops["callers_shown_history"], "queries": pops["queries"],
                              "during_calls_to_pane_ms": desk_ui.pct(in_calls)},
            "startup_s": _median(started["registered_s"]),
            "startup": started,
            "rss_mb": {"start": round(rss_start, 1), "after_warmup": round(warm, 1), "after": round(rss_after, 1)},
            "calls": calls["calls"], "tickets_saved": calls["tickets_saved"], "calls_seconds": calls["seconds"],
            "rss_growth_pct": round((rss_after / rss_start - 1) * 100, 1),
            "rss_growth_after_warmup_pct": round((rss_after / warm - 1) * 100, 1),
            "suggest_ms": {**suggest["debounce_excluded_ms"], "typed_to_shown_ms": suggest["typed_to_shown_ms"],
                           "search_ms": suggest["search_ms"], "debounce_ms": suggest["debounce_ms"]},
            "sipp": ({"created": sipp_result.created, "successful": sipp_result.successful,
                      "failed": sipp_result.failed} if sipp_result else {"error": sipp.get("error", "")}),
            "refused": calls["refused"],
        }
        line = json.dumps(result, ensure_ascii=False)
        out.write_text(line + "\n")
        print(line, file=log, flush=True)
    return 0


def _median(values: list[float]) -> float | None:
    return round(sorted(values)[len(values) // 2], 2) if values else None


def _count(url: str, table: str) -> int:
    from storage.db import engine_for

    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar())
    finally:
        engine.dispose()
