"""``hotline desk-demo``: the desk on a live demo center, on loopback, with the embedded defaults.

    hotline desk-demo [--script] [--shots DIR] [--max-seconds N]

Starts everything a shift needs on this machine and opens the desk signed in as the demo agent
1001 (张三): the fictional city 青川市 seeded into a center database and the desk's working copy
(SQLite), the telephony center (``hotline center run``: Kamailio, the queue director, hold music, the
announcer) on a free port, the lab's 110 answering point, and a lab caller who dials 12345 and speaks
a recorded request once the agent is 示闲. With ``--script`` (what ``bootstrap.sh demo`` uses on a
machine without a display, under Xvfb) the desk plays that call through its own UI — ready, answer,
ticket, dispatch, hang up — saves screenshots and quits; without it, the agent takes the call.
Everything started is stopped by PID when the desk closes or ``--max-seconds`` pass.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from telephony.spawn import module_argv

DEMO_LOGIN, DEMO_PASSWORD = "1001", "demo-1001"


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("desk-demo", help="the desk on a live demo center (loopback, embedded defaults)")
    p.add_argument("--script", action="store_true", help="play one call through the UI, save screenshots, quit")
    p.add_argument("--shots", type=Path, help="where the screenshots go (default: <data dir>/demo-desk/shots)")
    p.add_argument("--max-seconds", type=float, default=1800.0, help="stop everything after this long")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desktop.app.main import _application
    from desktop.cli.main import CommandError
    from hotline.paths import data_dir

    _application("zh_CN")  # first: a display that cannot open fails before anything is started
    home = data_dir() / "demo-desk"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    shots = args.shots or home / "shots"
    center_url, desk_url = _seed(home)
    from telephony.lab.client import start_peer

    police = start_peer("110", users=["110"], tone_hz=900, record_dir=home / "lab" / "110",
                        max_seconds=args.max_seconds, log_level=1)
    caller = start_peer("caller-1", users=["13800000001"], tone_hz=530, record_dir=home / "lab" / "caller",
                        max_seconds=args.max_seconds, log_level=1)
    center = None
    try:
        center, port = _start_center(home, center_url, police.uri(), args.max_seconds)
        print(f"演示呼叫中心：SIP 127.0.0.1:{port}；110 → {police.uri()}", flush=True)
        from desktop.app.demo_script import DemoDesk

        desk = DemoDesk(home, desk_url, center_url, f"127.0.0.1:{port}", DEMO_LOGIN, DEMO_PASSWORD, caller,
                        shots=shots, scripted=args.script, max_seconds=args.max_seconds)
        code = desk.run()
        if args.script:
            print(f"screenshots: {shots}", flush=True)
        return code
    except RuntimeError as exc:
        raise CommandError(str(exc)) from None
    finally:
        caller.stop()
        police.stop()
        if center is not None:
            _stop(center)


def _seed(home: Path) -> tuple[str, str]:
    """The center's database and the desk's working copy, both with the demo city (SQLite files)."""
    from storage.db import engine_for, upgrade
    from storage.demo import load_demo
    from storage.knowledge.demo import load_articles

    urls = []
    for name, role in (("center", "center"), ("desk", "desk")):
        url = f"sqlite:///{home / f'{name}.sqlite3'}"
        upgrade(url)
        engine = engine_for(url)
        try:
            load_demo(engine, role=role)
            load_articles(engine, role=role)
        finally:
            engine.dispose()
        urls.append(url)
    return urls[0], urls[1]


def _start_center(home: Path, db: str, police: str, max_seconds: float) -> tuple[subprocess.Popen[bytes], int]:
    """``hotline center run`` in its own session; returns once its state file says it is ready."""
    from telephony.center.procs import die_with_parent
    from telephony.lab.kamailio import free_udp_port

    port = free_udp_port()
    env = dict(os.environ, HOTLINE_HOME=str(home / "center-home"))
    log = open(home / "center.log", "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(module_argv("desktop.cli.main", "center", "run", "--db", db, "--port", str(port),
                                        "--static", f"110={police}", "--max-seconds", str(max_seconds)),
                            stdout=log, stderr=log, stdin=subprocess.DEVNULL, env=env, start_new_session=True,
                            preexec_fn=die_with_parent)  # the center goes if this demo dies
    state = home / "center-home" / "center" / "state.json"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"呼叫中心未能启动 (the center did not start, exit {proc.returncode}); "
                               f"see {home / 'center.log'}")
        try:
            if json.loads(state.read_text(encoding="utf-8")).get("ready"):
                return proc, port
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    _stop(proc)
    raise RuntimeError(f"呼叫中心 60 秒内未就绪 (the center was not ready in 60 s); see {home / 'center.log'}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    import signal

    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
