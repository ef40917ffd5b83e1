"""``python -m bench center``: the 12345 center under SIPp — routing latency and load.

(a) Latency, INVITE into Kamailio -> the agent's phone ringing (the agent receives the INVITE):
    two SIPp callers run side by side at the same time, one dialling 12345 (suspended, announced
    over evapi, routed by the director: ``director_ms``), one dialling an agent's number straight
    (Kamailio's lookup(location): ``direct_ms``). Times come from SIPp's message traces (-trace_msg,
    microsecond wall clock, both ends on this machine): the caller's INVITE send time and the agent
    SIPp's INVITE receive time, matched by Call-ID.
(b) Load: auto-answering SIPp agents (registered with digest auth), SIPp callers at each rate for
    ``--seconds`` (answered after ``--talk-ms``), plus ``--abandon`` of that rate calling a queue
    whose one agent is logged in but on 示忙 (it told the director so by SIP MESSAGE, as a desk
    does), so they wait and hang up after ``--patience-ms``. Every call is accounted for from
    SIPp's own counters: offered = answered + abandoned + failed + unaccounted; the director's own
    event counts (queued, answered, left) are printed beside them.

The director is the real one by default (``--director real``: telephony.center.director_main, i.e.
hotline.acd.Director + DirectorService, its records written to an SQLite file on its writer thread,
agents 3000–3159 with every skill and no wrap-up, 3160 the standby queue's agent); ``--director
lab`` runs the lab's stand-in (telephony.lab.director), which never serves the standby queue.
(c) Long waits (bench/center_longwait.py, real director only): callers wait 30-120 s before the
queue's agents free up, and every one is accounted for in the director's CDR (``long_wait``).
``--capture`` also records the latency phase with tcpdump and splits the director's time by hop
(bench/center_capture.py: Kamailio's hand-off, the director process, Kamailio's resume), as
``breakdown_ms``. Results: bench/results/center.json and center.log; the last printed line is JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import center_longwait
from bench.tee import Tee
from telephony.center.kamailio import start_center_kamailio
from telephony.lab.sipp import SippAgents, SippResult, find_sipp, run_callers, send_agent_state

RESULTS = Path(__file__).resolve().parent / "results"
QUEUES = {"12345": "general", "0112345": "general", "0212345": "standby", center_longwait.NUMBER: "longwait"}
_BLOCK = re.compile(r"^-{10,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\n(UDP message (?:sent|received)[^\n]*)\n+"
                    r"(INVITE [^\n]*)\n(.*?)(?=^-{10,} |\Z)", re.S | re.M)


def invite_times(trace: Path) -> dict[str, float]:
    """Call-ID -> time (s, epoch) of the first INVITE sent or received in a SIPp message trace."""
    out: dict[str, float] = {}
    text = trace.read_text(errors="replace") if trace.exists() else ""
    for stamp, _what, _line, rest in _BLOCK.findall(text):
        m = re.search(r"^Call-ID:\s*(\S+)", rest, re.M | re.I)
        if m and m.group(1) not in out:
            out[m.group(1)] = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f").timestamp()
    return out


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": float("nan"), "p95": float("nan"), "n": 0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50": round(statistics.median(ordered), 3), "p95": round(p95, 3), "n": len(ordered)}


def cpu_seconds(pgid: int) -> float:
    """User+system CPU seconds of every process in a process group (Kamailio's children)."""
    total = 0
    if pgid <= 0:
        return 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / 100.0


def _parallel(jobs: dict[str, Any]) -> dict[str, SippResult]:
    results: dict[str, Any] = {}

    def run(name: str, fn: Any) -> None:
        try:
            results[name] = fn()
        except Exception as exc:  # noqa: BLE001 - reported with the step
            results[name] = exc

    threads = [threading.Thread(target=run, args=(n, f)) for n, f in jobs.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name, r in results.items():
        if isinstance(r, Exception):
            raise RuntimeError(f"{name}: {r}") from r
    return results


def latency(k: Any, agents: SippAgents, agent_trace: Path, run: Path, rate: float, seconds: float,
            log: Any, capture: bool = False) -> dict[str, Any]:
    if capture:
        from bench.center_capture import Capture, split

        pcap = run / "latency.pcap"
        with Capture(pcap, k.port, k.evapi_port):
            out = latency(k, agents, agent_trace, run, rate, seconds, log)
        out["breakdown_ms"] = split(pcap, k.port, k.evapi_port, percentiles)
        for hop, figures in out["breakdown_ms"].items():
            print(f"  hop {hop:17s}: {figures}", file=log, flush=True)
        return out
    calls = int(rate * seconds)
    traces = {"director": run / "lat-director.trace", "direct": run / "lat-direct.trace"}
    direct_agent = next(iter(agents.users))
    res = _parallel({
        "director": lambda: run_callers(k.port, "12345", rate=rate, calls=calls, run_dir=run, talk_ms=100,
                                        name="lat-director", trace=traces["director"]),
        "direct": lambda: run_callers(k.port, direct_agent, rate=rate, calls=calls, run_dir=run, talk_ms=100,
                                      name="lat-direct", trace=traces["direct"]),
    })
    received = invite_times(agent_trace)
    out: dict[str, Any] = {}
    for path, trace in traces.items():
        sent = invite_times(trace)
        ms = [(received[c] - t) * 1000 for c, t in sent.items() if c in received]
        out[f"{path}_ms"] = percentiles(ms)
        print(f"latency {path:8s}: {out[f'{path}_ms']}  (sipp: {res[path].successful}/{res[path].created} ok)",
              file=log, flush=True)
    return out


def load_step(k: Any, run: Path, cps: int, seconds: float, talk_ms: int, abandon: float, patience_ms: int,
              log: Any, director_pgid: int = 0, music_pgid: int = 0) -> dict[str, Any]:
    answering = max(1, round(cps * (1 - abandon)))
    leaving = cps - answering
    jobs: dict[str, Any] = {"callers": lambda: run_callers(
        k.port, "12345", rate=answering, calls=int(answering * seconds), run_dir=run, talk_ms=talk_ms,
        name=f"load-{cps}")}
    if leaving:
        jobs["abandon"] = lambda: run_callers(k.port, "0212345", rate=leaving, calls=int(leaving * seconds),
                                              run_dir=run, abandon=True, patience_ms=patience_ms,
                                              name=f"load-{cps}-abandon")
    cpu0, dir0, mus0, t0 = cpu_seconds(k.proc.pid), cpu_seconds(director_pgid), cpu_seconds(music_pgid), time.monotonic()
    res = _parallel(jobs)
    wall = time.monotonic() - t0
    kam_cores = (cpu_seconds(k.proc.pid) - cpu0) / wall
    director_cores = (cpu_seconds(director_pgid) - dir0) / wall
    music_cores = (cpu_seconds(music_pgid) - mus0) / wall
    c, a = res["callers"], res.get("abandon")
    offered = c.created + (a.created if a else 0)
    answered = c.successful
    abandoned = a.successful if a else 0
    failed = c.failed + (a.failed if a else 0)
    step = {"cps": cps, "offered": offered, "answered": answered, "abandoned": abandoned, "failed": failed,
            "unaccounted": offered - answered - abandoned - failed, "seconds": round(wall, 1),
            "kamailio_cores": round(kam_cores, 2), "director_cores": round(director_cores, 2),
            **({"music_cores": round(music_cores, 2)} if music_pgid else {}), "loadavg1": round(__import__("os").getloadavg()[0], 2)}
    print(f"load {cps:4d}/s: {step}", file=log, flush=True)
    return step


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench center")
    ap.add_argument("--rates", default="20,50,100,200")
    ap.add_argument("--seconds", type=float, default=10.0, help="per load step")
    ap.add_argument("--talk-ms", type=int, default=500)
    ap.add_argument("--abandon", type=float, default=0.1, help="share of callers who hang up while queued")
    ap.add_argument("--director", choices=("real", "lab"), default="real")
    ap.add_argument("--patience-ms", type=int, default=1000)
    ap.add_argument("--agents", type=int, default=160)
    ap.add_argument("--latency-rate", type=float, default=10.0)
    ap.add_argument("--latency-seconds", type=float, default=15.0)
    ap.add_argument("--capture", action="store_true", help="tcpdump the latency phase; split it by hop")
    ap.add_argument("--music", action="store_true", help="queued callers get the greeting and hold music")
    ap.add_argument("--no-long-wait", action="store_true", help="skip the long-wait phase (about 3 minutes)")
    ap.add_argument("--out", default=str(RESULTS / "center.json"))
    args = ap.parse_args(argv)
    find_sipp()
    rates = [int(r) for r in args.rates.split(",") if r]
    out_path = Path(args.out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    log_path = out_path.with_suffix(".log")

    users = {str(3000 + i): f"pw-{3000 + i}" for i in range(args.agents)}
    standby = str(3000 + args.agents)  # the standby queue's only agent, on 示忙 throughout
    users[standby] = f"pw-{standby}"
    longwait_first = 3000 + args.agents + 1  # two agents of the long-wait queue
    for user in (str(longwait_first), str(longwait_first + 1)):
        users[user] = f"pw-{user}"
    with tempfile.TemporaryDirectory(prefix="bench-center-") as tmp, open(log_path, "w") as fh:
        log = Tee(fh)
        run = Path(tmp)
        db_url = f"sqlite:///{run / 'center.sqlite3'}"
        music = None
        if args.music:
            from telephony.center.music_control import MusicServer

            music = MusicServer(log_path=run / "music.log", max_seconds=1800)
        # SIPp's callers come in as the carrier's gateway would (a trusted peer): the latency
        # baseline dials an agent directly (DID), which the center refuses to outsiders
        k = start_center_kamailio(run / "kamailio", users=users, queues=QUEUES, trusted=["127.0.0.1"],
                                  music_port=music.rtp_port if music else 0)
        if args.director == "real":
            last = 3000 + args.agents - 1
            command = [sys.executable, "-m", "telephony.center.director_main", "--evapi-port", str(k.evapi_port),
                       "--ctl-socket", str(k.ctl_socket), "--domain", k.host, "--agents", f"3000-{last}",
                       "--wrap-up-s", "0", "--standby", f"{standby}:0212345", "--seconds", "1800",
                       "--longwait", center_longwait.director_option(longwait_first), "--db", db_url]
            if music is not None:
                command += ["--music-control", str(music.control_port)]
        else:
            command = [sys.executable, "-m", "telephony.lab.director", "--evapi-port", str(k.evapi_port),
                       "--queue", "general", "--seconds", "900"]
        director = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
        counts: dict[str, int] = {}
        long_sipp: dict[str, Any] | None = None
        try:
            if director.stdout is None or director.stdout.readline().strip() != "READY":
                raise RuntimeError("the director did not connect to evapi")
            print(f"center on 127.0.0.1:{k.port}, {args.agents} SIPp agents, director {command[2]}",
                  file=log, flush=True)
            agent_trace = run / "agents.trace"
            t0 = time.monotonic()
            agents = SippAgents(k.port, users, run / "agents", trace=agent_trace)
            send_agent_state(k.port, standby, users[standby], "not-ready:bench", run / "agents")
            if args.director == "real":
                center_longwait.prepare(k.port, users, longwait_first, run)
            print(f"registered {len(users)} agents in {time.monotonic() - t0:.1f} s; {standby} on 示忙",
                  file=log, flush=True)
            try:
                lat = latency(k, agents, agent_trace, run, args.latency_rate, args.latency_seconds, log,
                              capture=args.capture)
                agent_trace.unlink(missing_ok=True)  # the load runs untraced
                agents.stop()
                # the same Contact (port), so the registrations stand: only the tracing stops
                agents = SippAgents(k.port, users, run / "agents2", port=agents.port, register=False)
                steps = [load_step(k, run, cps, args.seconds, args.talk_ms, args.abandon, args.patience_ms, log,
                                   director.pid, music.proc.pid if music else 0) for cps in rates]
                if args.director == "real" and not args.no_long_wait:
                    long_sipp = center_longwait.run_phase(k.port, users, longwait_first, run, log)
            finally:
                agents.stop()
        finally:
            director.terminate()
            try:
                tail = director.communicate(timeout=10)[0].strip().splitlines()
                counts = json.loads(tail[-1]) if tail else {}
            except (subprocess.TimeoutExpired, ValueError):
                director.kill()
            k.stop()
            if music is not None:
                music.stop()
        result = {"direct_ms": lat["direct_ms"], "director_ms": lat["director_ms"],
                  "added_p95_ms": round(lat["director_ms"]["p95"] - lat["direct_ms"]["p95"], 3),
                  "load": steps, "director_counts": counts,
                  **({"long_wait": center_longwait.account(db_url, long_sipp)} if long_sipp else {}),
                  **({"breakdown_ms": lat["breakdown_ms"]} if "breakdown_ms" in lat else {}),
                  "setup": {"director": args.director, "music": args.music, "agents": args.agents, "talk_ms": args.talk_ms, "abandon": args.abandon,
                            "patience_ms": args.patience_ms, "seconds_per_step": args.seconds,
                            "latency_cps_each": args.latency_rate, "kamailio_children": 2}}
        out_path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(result), file=log, flush=True)
    return 0
