"""``python -m bench softphone [--n N] [--rounds R] [--seconds S]``: call setup, CPU and recording.

In one run, against the same answering pjsua2 peer on loopback (each role its own process):
- setup time, INVITE sent -> CONFIRMED, p50/p95 over N calls: ``ours`` (a Dial submitted to our
  engine from another thread, timed until its CONFIRMED event reaches the sink) vs ``bare`` (a
  minimal pjsua2 script: makeCall, audio connected on media state, its own libHandleEvents loop),
  each also with a busy
  pure-Python thread beside it (``*_busy``). The four configurations alternate in R rounds so a
  noisy neighbour hits them alike;
- CPU per call: our engine with four calls up and recording on, minus the same process idle,
  per call, in percent of one core;
- recording: stored size (Ogg/Opus, the softphone default) per minute of call and compression time per minute (from the manifests).
Results go to bench/results/softphone.json and .log; the last line printed is the JSON.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results")
CONFIGS = (("bare", False), ("ours", False), ("bare", True), ("ours", True))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _role(*args: str, timeout: float = 600) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "bench.softphone_roles", *args], capture_output=True, text=True,
                         timeout=timeout, check=True)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1])


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 3)


def _speech_wav() -> str:
    speech = sorted((Path(__file__).resolve().parent.parent / "resources" / "speech").glob("*.wav"))
    return str(speech[0]) if speech else ""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench softphone")
    parser.add_argument("--n", type=int, default=200, help="calls per configuration")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20, help="length of the four-call load")
    args = parser.parse_args(argv)
    port = _free_port()
    wav = _speech_wav()
    answerer = subprocess.Popen(
        [sys.executable, "-m", "bench.softphone_roles", "answer", "--port", str(port), "--seconds", "3600",
         *(["--wav", wav] if wav else [])], stdout=subprocess.PIPE, text=True)
    try:
        assert answerer.stdout is not None
        answerer.stdout.readline()
        target = f"sip:answer@127.0.0.1:{port}"
        setup: dict[str, list[float]] = {f"{r}{'_busy' if b else ''}": [] for r, b in CONFIGS}
        failures: dict[str, list[str]] = {key: [] for key in setup}
        per_round = max(1, args.n // args.rounds)
        for i in range(args.rounds):
            for role, busy in CONFIGS:
                key = f"{role}{'_busy' if busy else ''}"
                got = _role(role, "--target", target, "--n", str(per_round), *(["--busy"] if busy else []))
                setup[key] += got["setup_ms"]
                failures[key] += got.get("failures", [])
                print(f"round {i + 1}/{args.rounds} {key:10s} {len(got['setup_ms'])} calls "
                      f"p50 {_pct(got['setup_ms'], 0.5):.2f} ms", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            loaded = _role("load", "--target", target, "--seconds", str(args.seconds), "--record-dir", tmp)
            manifests = [json.loads(Path(p).read_text(encoding="utf-8")) for p in loaded["manifests"]]
    finally:
        answerer.terminate()
        answerer.wait(10)
    minutes = sum(m["duration_s"] for m in manifests) / 60 or float("nan")
    result: dict[str, Any] = {
        "calls_per_config": {k: len(v) for k, v in setup.items()},
        "not_confirmed": {k: len(v) for k, v in failures.items()},
        "setup_ms": {k: {"p50": _pct(v, 0.5), "p95": _pct(v, 0.95), "mean": round(statistics.fmean(v), 3)}
                     for k, v in setup.items()},
        "cpu_idle_pct": round(loaded["idle_cpu"] * 100, 2),
        "cpu_four_calls_pct": round(loaded["four_calls_cpu"] * 100, 2),
        "cpu_per_call_pct": round((loaded["four_calls_cpu"] - loaded["idle_cpu"]) * 100 / 4, 2),
        "recording_mb_per_min": round(sum(m["bytes"] for m in manifests) / 1e6 / minutes, 3),
        "recording_wav_mb_per_min": round(sum(m["wav_bytes"] for m in manifests) / 1e6 / minutes, 3),
        "compress_s_per_min": round(sum(m["compress_s"] for m in manifests) / minutes, 4),
        "recorded_minutes": round(minutes, 2),
        "peer_voice": Path(wav).name if wav else "tone",
    }
    s = result["setup_ms"]
    result["ratio_p95"] = round(s["ours"]["p95"] / s["bare"]["p95"], 3)
    result["ratio_p95_busy"] = round(s["ours_busy"]["p95"] / s["bare_busy"]["p95"], 3)
    lines = [
        "call setup, INVITE sent -> CONFIRMED (ms)    p50      p95     mean",
        *(f"  {k:12s}                               {v['p50']:7.2f}  {v['p95']:7.2f}  {v['mean']:7.2f}"
          for k, v in s.items()),
        f"  ours/bare at p95: {result['ratio_p95']}  (busy thread beside: {result['ratio_p95_busy']})",
        f"CPU: idle {result['cpu_idle_pct']} %, four recorded calls {result['cpu_four_calls_pct']} % "
        f"-> {result['cpu_per_call_pct']} % of a core per call",
        f"recording: Opus {result['recording_mb_per_min']} MB/min (WAV {result['recording_wav_mb_per_min']}), "
        f"compression {result['compress_s_per_min']} s per minute of call",
    ]
    print("\n".join(lines))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "softphone.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    (RESULTS / "softphone.log").write_text(time.strftime("%Y-%m-%d %H:%M UTC\n", time.gmtime()) + "\n".join(lines) + "\n")
    print(json.dumps(result, ensure_ascii=False))
    return 0
